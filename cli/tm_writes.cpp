#include "cli/tm_writes.h"

#include <algorithm>

#include "align/language.h"
#include "cli/context.h"
#include "tm/error.h"
#include "tm/exchange/tmx_reader.h"
#include "tm/exchange/tsv.h"

namespace alinea::cli {

namespace {

tm::TranslationUnit require_unit(const tm::Store& store, int64_t id) {
  auto unit = store.get_unit(id);
  if (!unit) throw tm::NotFoundError(store.path() + ": no unit with id " + std::to_string(id));
  return *unit;
}

// Sorted, each once, every one in the TM; else NotFoundError naming the
// first missing one.
std::vector<int64_t> existing_ids(const tm::Store& store, std::vector<int64_t> ids,
                                  const std::string& nothing_done) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (int64_t id : ids)
    if (!store.get_unit(id))
      throw tm::NotFoundError(store.path() + ": no unit with id " + std::to_string(id) + "; " +
                              nothing_done);
  return ids;
}

}  // namespace

tm::AddResult add_pair(tm::Store& store, const AddRequest& r) {
  if (r.source.empty() || r.target.empty())
    throw UsageError("add: both the source and the target text must be non-empty");
  tm::TranslationUnit u;
  u.source = {r.source_lang, r.source, {}};
  u.target = {r.target_lang, r.target, {}};
  u.note = r.note;
  u.status = r.reviewed ? tm::UnitStatus::Reviewed : tm::UnitStatus::Aligned;
  return store.add_unit(u);
}

bool edit_pair(tm::Store& store, const EditRequest& r) {
  const tm::TranslationUnit u = require_unit(store, r.id);
  tm::UnitEdit edit;
  if (r.source && *r.source != u.source.text) edit.source_text = r.source;
  if (r.target && *r.target != u.target.text) edit.target_text = r.target;
  if (r.note && *r.note != u.note) edit.note = r.note;
  if ((edit.source_text && edit.source_text->empty()) ||
      (edit.target_text && edit.target_text->empty()))
    throw UsageError("edit: a unit's source and target text cannot be empty");
  if (!edit.source_text && !edit.target_text && !edit.note) return false;
  if (u.status != tm::UnitStatus::Rejected) edit.status = tm::UnitStatus::Reviewed;
  store.edit_unit(r.id, edit);
  return true;
}

void set_units_status(tm::Store& store, const std::vector<int64_t>& ids, tm::UnitStatus status) {
  for (int64_t id : existing_ids(store, ids, "no unit changed")) store.set_status(id, status);
}

std::size_t delete_units(tm::Store& store, std::vector<int64_t> ids) {
  ids = existing_ids(store, std::move(ids), "nothing deleted");
  for (int64_t id : ids) store.delete_unit(id);
  return ids.size();
}

void SwapCheck::add(const tm::TranslationUnit& u) {
  if (done_) return;
  take(u.source);
  take(u.target);
  if (++rows_ == kSampleRows) check();
}

void SwapCheck::check() {
  if (done_) return;
  done_ = true;
  auto es = align::detect_language(es_text_);
  auto en = align::detect_language(en_text_);
  if (es == align::Language::English && en == align::Language::Spanish)
    throw UsageError(file_ + ": the '" + es_label_ + "' column looks English and the '" +
                     en_label_ + "' column Spanish (first " + std::to_string(rows_) +
                     " rows); swap the column names in the header row, or " + force_hint_);
}

void SwapCheck::take(const tm::Variant& v) {
  auto language = align::parse_language(v.lang);
  if (!language) return;
  bool spanish = *language == align::Language::Spanish;
  std::string& text = spanish ? es_text_ : en_text_;
  (spanish ? es_label_ : en_label_) = v.lang;
  if (text.size() < align::kDetectionSampleBytes) text.append(v.text).push_back('\n');
}

ImportCounts import_units(tm::Store& store, std::istream& in, const std::string& name,
                          const std::string& format, const std::string& document, bool force,
                          const std::string& force_hint) {
  SwapCheck swap_check(name, format != "tmx" && !force, force_hint);
  tm::ReadOptions read;
  read.allow_omissions = true;
  tm::ReadReport report;
  int64_t omissions = 0;
  tm::Store::Transaction tx = store.begin();
  auto added = tx.add_all([&](const tm::Store::Transaction::UnitSink& sink) {
    auto on_unit = [&](tm::TranslationUnit&& u) {
      swap_check.add(u);
      if (u.omission()) {
        ++omissions;
        return;
      }
      if (!document.empty() && !u.document) u.document = document;
      sink(std::move(u));
    };
    if (format == "tmx")
      report = tm::read_tmx(in, name, read, on_unit);
    else
      report = tm::read_table(
          in, name, format == "csv" ? tm::TableFormat::Csv : tm::TableFormat::Tsv, read, on_unit);
    swap_check.check();
  });
  tx.commit();
  ImportCounts counts;
  counts.units = static_cast<int64_t>(report.units) - omissions;
  counts.inserted = added.inserted;
  counts.merged = added.merged;
  counts.skipped = static_cast<int64_t>(report.skipped);
  counts.extra_variants = static_cast<int64_t>(report.extra_variants);
  return counts;
}

tm::UnitFilter export_filter(const tm::Store& store, const ExportFilter& f) {
  tm::UnitFilter filter;
  if (!f.document.empty()) {
    if (!store.document(f.document))
      throw tm::NotFoundError(store.path() + ": no document named '" + f.document + "'");
    filter.document = f.document;
  }
  if (!f.status.empty()) {
    filter.status = tm::parse_status(f.status);
    if (!filter.status)
      throw UsageError("export: status is aligned, reviewed or rejected, not '" + f.status + "'");
  }
  filter.include_pending = f.include_pending;
  return filter;
}

void write_units(const tm::Store& store, const tm::UnitFilter& filter, const ExportFilter& f,
                 tm::TmxWriter& writer) {
  // Rejected units are wrong pairs: they stay out unless asked for.
  const bool skip_rejected = !f.include_rejected && f.status != "rejected";
  store.for_each_unit(filter, [&](const tm::TranslationUnit& u) {
    if (skip_rejected && u.status == tm::UnitStatus::Rejected) return;
    if (u.omission()) return;  // a sentence without its translation is no unit to exchange
    writer.write(u);
  });
  writer.finish();
}

}  // namespace alinea::cli
