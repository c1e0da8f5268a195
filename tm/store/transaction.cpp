// Transactions of many units: Store::Transaction over a backend's, and the
// two-thread pipe that reads a file while the units read before are stored.
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "tm/error.h"
#include "tm/store/backend.h"
#include "tm/store/store.h"

namespace alinea::tm {

struct Store::Transaction::State {
  std::unique_ptr<Backend::Tx> tx;
};

Store::Transaction::Transaction(std::unique_ptr<State> state) : state_(std::move(state)) {}
Store::Transaction::Transaction(Transaction&&) noexcept = default;
Store::Transaction::~Transaction() = default;

AddResult Store::Transaction::add(const TranslationUnit& unit) {
  if (!state_) throw Error("transaction already finished");
  return state_->tx->add(unit, nullptr);
}

namespace {

// Batches of units handed from the reading thread to the writing one. The
// writer hands each batch back once stored, and the reader moves new units
// into its slots: the old units' memory is freed on the reading thread,
// which has time to spare, rather than on the writing one, which has none.
class UnitPipe {
 public:
  // Thrown in the reading thread once the writer has stopped; not a
  // std::exception, so that a reader's own handlers let it through.
  struct Cancelled {};

  UnitPipe() { batch_.reserve(kBatch); }

  void push(TranslationUnit&& u) {
    KeyedUnit& item = filled_ < batch_.size() ? batch_[filled_] : batch_.emplace_back();
    ++filled_;
    item.unit = std::move(u);
    item.key.reset();
    try {
      item.key = unit_key(item.unit);
    } catch (const Error&) {
      // add() validates again and throws, in the writing thread.
    }
    if (filled_ >= kBatch) flush();
  }
  void flush() {
    if (filled_ == 0) return;
    batch_.resize(filled_);  // only the last batch can be short
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < kMaxBatches || cancelled_; });
    if (cancelled_) throw Cancelled{};
    queue_.push_back(std::move(batch_));
    not_empty_.notify_one();
    if (!spare_.empty()) {
      batch_ = std::move(spare_.back());
      spare_.pop_back();
    } else {
      batch_ = {};
      batch_.reserve(kBatch);
    }
    filled_ = 0;
  }
  void close(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    error_ = std::move(error);
    not_empty_.notify_one();
  }
  // Hands back the batch `out` held (if any) and takes the next one; false
  // once the reader closed the pipe and every batch was taken.
  bool pop(std::vector<KeyedUnit>& out) {
    std::unique_lock lock(mutex_);
    if (!out.empty() && spare_.size() < kMaxBatches) spare_.push_back(std::move(out));
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    not_full_.notify_all();
  }
  std::exception_ptr error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  // 256-unit batches keep locking rare; 16 of them bound the memory.
  static constexpr std::size_t kBatch = 256;
  static constexpr std::size_t kMaxBatches = 16;
  std::vector<KeyedUnit> batch_;  // reader side only
  std::size_t filled_ = 0;        // slots of batch_ holding this batch's units
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::vector<KeyedUnit>> queue_;
  std::vector<std::vector<KeyedUnit>> spare_;  // stored batches, back for reuse
  bool closed_ = false, cancelled_ = false;
  std::exception_ptr error_;
};

}  // namespace

Store::Transaction::AddAllResult Store::Transaction::add_all(
    const std::function<void(const UnitSink& sink)>& produce) {
  if (!state_) throw Error("transaction already finished");
  AddAllResult result;
  UnitPipe pipe;
  std::thread reader([&] {
    std::exception_ptr error;
    try {
      produce([&](TranslationUnit&& u) { pipe.push(std::move(u)); });
      pipe.flush();
    } catch (const UnitPipe::Cancelled&) {
    } catch (...) {
      error = std::current_exception();
    }
    pipe.close(std::move(error));
  });
  std::exception_ptr add_error;
  try {
    std::vector<KeyedUnit> batch;
    Backend::Tx& tx = *state_->tx;
    while (pipe.pop(batch)) {
      const auto r = tx.add_batch(batch);
      result.inserted += r.inserted;
      result.merged += r.merged;
    }
  } catch (...) {
    add_error = std::current_exception();
    pipe.cancel();
  }
  reader.join();
  if (add_error) std::rethrow_exception(add_error);
  if (auto error = pipe.error()) std::rethrow_exception(error);
  return result;
}

void Store::Transaction::commit() {
  if (!state_) throw Error("transaction already finished");
  state_->tx->commit();
  state_.reset();
}

Store::Transaction Store::begin() {
  return Transaction(std::make_unique<Transaction::State>(Transaction::State{backend_->begin()}));
}

}  // namespace alinea::tm
