// The only file that includes SentencePiece: its headers bring in their own
// `absl` namespace, which must not leak into the rest of alinea_align.
#include "align/lexicon/subword.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "align/error.h"
#include "align/text.h"

namespace alinea::align {

struct SubwordModel::Impl {
  sentencepiece::SentencePieceProcessor processor;
};

SubwordModel::SubwordModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SubwordModel::~SubwordModel() = default;
SubwordModel::SubwordModel(SubwordModel&&) noexcept = default;
SubwordModel& SubwordModel::operator=(SubwordModel&&) noexcept = default;

SubwordModel SubwordModel::load(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  if (!std::filesystem::exists(path)) throw ResourceError(path + ": subword model not found");
  const auto status = impl->processor.Load(path);
  if (!status.ok()) throw ResourceError(path + ": cannot load subword model: " + status.ToString());
  return SubwordModel(std::move(impl));
}

SubwordModel SubwordModel::from_bytes(std::string_view bytes, const std::string& name) {
  auto impl = std::make_unique<Impl>();
  const auto status =
      impl->processor.LoadFromSerializedProto(absl::string_view(bytes.data(), bytes.size()));
  if (!status.ok()) throw ResourceError(name + ": cannot load subword model: " + status.ToString());
  return SubwordModel(std::move(impl));
}

std::vector<int> SubwordModel::encode_ids(std::string_view text) const {
  if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
    throw InputError("<text>", "not valid UTF-8", InputPosition{std::nullopt, std::nullopt, bad});
  std::vector<int> ids;
  const auto status = impl_->processor.Encode(absl::string_view(text.data(), text.size()), &ids);
  if (!status.ok()) throw ResourceError("subword encoding failed: " + status.ToString());
  return ids;
}

std::vector<std::string> SubwordModel::encode_pieces(std::string_view text) const {
  if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
    throw InputError("<text>", "not valid UTF-8", InputPosition{std::nullopt, std::nullopt, bad});
  std::vector<std::string> pieces;
  const auto status = impl_->processor.Encode(absl::string_view(text.data(), text.size()), &pieces);
  if (!status.ok()) throw ResourceError("subword encoding failed: " + status.ToString());
  return pieces;
}

size_t SubwordModel::piece_count() const {
  return static_cast<size_t>(impl_->processor.GetPieceSize());
}

std::string subword_info_path(const std::string& model_prefix) {
  return model_prefix + ".model.json";
}

void train_subword_model(const std::vector<std::string>& text_files,
                         const std::string& model_prefix, int vocab_size,
                         const std::string& description) {
  if (text_files.empty()) throw ResourceError("subword training: no input files");
  if (vocab_size < 16) throw ResourceError("subword training: vocabulary size below 16");
  std::string inputs;
  auto files_json = nlohmann::ordered_json::array();
  for (const std::string& f : text_files) {
    if (f.find(',') != std::string::npos)
      throw ResourceError(f + ": SentencePiece cannot take input file names with a comma");
    std::error_code ec;
    auto size = std::filesystem::file_size(f, ec);
    if (ec) throw ResourceError(f + ": cannot read subword training text");
    if (!inputs.empty()) inputs += ',';
    inputs += f;
    files_json.push_back({{"path", f}, {"bytes", size}});
  }
  const std::unordered_map<std::string, std::string> args = {
      {"input", inputs},
      {"model_prefix", model_prefix},
      {"model_type", "unigram"},
      {"vocab_size", std::to_string(vocab_size)},
      // Small corpora (tests, a short TM) cannot fill a large vocabulary;
      // a smaller model is more useful than an error.
      {"hard_vocab_limit", "false"},
      // Spanish accents and ñ must be pieces, not <unk>.
      {"character_coverage", "1.0"},
      // Bounded work on a shared machine: a sample of lines, two threads.
      {"input_sentence_size", "400000"},
      {"shuffle_input_sentence", "true"},
      {"max_sentence_length", "8192"},
      {"num_threads", "2"},
      // Libraries do not print: keep SentencePiece's progress log quiet.
      {"minloglevel", "2"},
  };
  const auto status = sentencepiece::SentencePieceTrainer::Train(args);
  if (!status.ok())
    throw ResourceError(model_prefix + ": subword training failed: " + status.ToString());

  SubwordModel model = SubwordModel::load(model_prefix + ".model");
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  const nlohmann::ordered_json info = {
      {"model", model_prefix + ".model"},
      {"model_type", "unigram"},
      {"vocab_size_requested", vocab_size},
      {"pieces", model.piece_count()},
      {"description", description},
      {"trained_on", files_json},
      {"trained_at", when},
  };
  const std::string info_path = subword_info_path(model_prefix);
  std::ofstream out(info_path, std::ios::trunc);
  out << info.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  out.close();
  if (!out) throw ResourceError(info_path + ": cannot write");
}

}  // namespace alinea::align
