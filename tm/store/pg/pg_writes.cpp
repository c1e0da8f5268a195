// Writes on a PostgreSQL TM: adding units (duplicates merged as on SQLite),
// a person's edits, and the write transaction.
#include <string>

#include "tm/error.h"
#include "tm/store/pg/pg_store_impl.h"
#include "tm/store/pg/pg_words.h"
#include "tm/store/text.h"

namespace alinea::tm::pg {
namespace {

Param text_or_null(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::vector<Param> place_params(const std::optional<Place>& p) {
  if (!p) return {std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  return {num(p->source.begin), num(p->source.end), num(p->target.begin), num(p->target.end)};
}

Param real(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", *v);
  return std::string(buf);
}

}  // namespace

std::optional<int64_t> PgStore::find_document(const std::string& name) {
  auto r = db->query("SELECT id FROM documents WHERE name = $1", {name});
  if (r.rows() == 0) return std::nullopt;
  return r.int64(0, 0);
}

int64_t PgStore::create_document(const std::string& name) {
  // Another writer may create the same document meanwhile: take theirs.
  auto r = db->query(
      "INSERT INTO documents(name, imported_at, imported_by) VALUES ($1, $2, $3) "
      "ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id",
      {name, num(now_seconds()), user});
  return r.int64(0, 0);
}

void PgStore::note_lang_pair(const std::string& src, const std::string& tgt) {
  if (last_pair && src == last_pair->first && tgt == last_pair->second) return;
  db->query("INSERT INTO lang_pairs(src_lang, tgt_lang) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            {src, tgt});
  last_pair = std::make_pair(src, tgt);
}

void PgStore::lock_for_adding() {
  if (adding) return;
  db->exec("SELECT pg_advisory_xact_lock(1095521358)");  // "ALTN"
  plan_statements(Planning::ByIndex);
  adding = true;
}

void PgStore::plan_statements(Planning planning) {
  switch (planning) {
    case Planning::ByIndex:
      // Key lookups by index whatever the planner thinks: in a first import
      // the table has no statistics yet and grows inside the transaction,
      // and a sequential scan per batch made 100,000 units take 17 s
      // instead of 3. Nor parallel workers and JIT, which the same missing
      // statistics call for: at 4M units of a first import the lookup of 5
      // keys, estimated at 79,820 rows, ran as a Gather of 2 workers with
      // JIT compilation and took 154 ms, its scan 4 ms of them
      // (auto_explain).
      db->exec(
          "SET LOCAL enable_seqscan = off; SET LOCAL max_parallel_workers_per_gather = 0; "
          "SET LOCAL jit = off");
      return;
    case Planning::ByStatistics:
      db->exec(
          "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL max_parallel_workers_per_gather TO "
          "DEFAULT; SET LOCAL jit TO DEFAULT");
      return;
  }
}

int64_t PgStore::next_revision() { return db->query("SELECT nextval('revisions')").int64(0, 0); }

AddResult PgStore::add(const TranslationUnit& u, std::optional<int64_t> document_id,
                       std::optional<int64_t> position, const UnitKey* given_key,
                       std::optional<int64_t> restore_id) {
  UnitKey own_key;
  given_key = &key_to_add(u, given_key, own_key);
  document_id = document_to_add(*this, u, document_id);
  if (!position) position = u.position;
  const std::string_view nsrc = compared_source(u, *given_key);
  const std::string_view ntgt = compared_target(u, *given_key);
  const int64_t key = given_key->key;
  const int64_t now = now_seconds();

  // An omission is a place in a document, not a translation: never merged.
  if (!u.omission() && !restore_id) {
    // Two writers adding the same unit at once: the second waits for the
    // first to commit, then finds its row (READ COMMITTED sees it).
    lock_for_adding();
    std::vector<int64_t> added;  // in a first import, by id (pg_added_keys.h)
    if (added_keys) added_keys->each_id(key, [&](int64_t id) { added.push_back(id); });
    auto found = added_keys ? db->query(
                                  "SELECT id, src_lang, src_text, tgt_lang, tgt_text, "
                                  "document_id, position FROM units WHERE id = ANY($1::bigint[]) "
                                  "AND dup_key = $2 ORDER BY id",
                                  {num_array(added), num(key)})
                            : db->query(
                                  "SELECT id, src_lang, src_text, tgt_lang, tgt_text, "
                                  "document_id, position FROM units WHERE dup_key = $1 ORDER BY id",
                                  {num(key)});
    for (int i = 0; i < found.rows(); ++i) {
      if (text::primary_lang(found.text(i, 1)) != given_key->src_primary ||
          text::primary_lang(found.text(i, 3)) != given_key->tgt_primary ||
          text::normalize(found.text(i, 2)) != nsrc || text::normalize(found.text(i, 4)) != ntgt)
        continue;
      const int64_t id = found.int64(i, 0);
      if (found.opt_int64(i, 5) == document_id && found.opt_int64(i, 6) == position)
        return {id, true};
      auto seen = db->query(
          "SELECT 1 FROM unit_origins WHERE unit_id = $1 AND document_id IS NOT DISTINCT FROM $2 "
          "AND position IS NOT DISTINCT FROM $3",
          {num(id), opt_num(document_id), opt_num(position)});
      if (seen.rows() > 0) return {id, true};
      std::vector<Param> p = {num(id), opt_num(document_id), opt_num(position), num(now), user};
      for (auto& x : place_params(u.place)) p.push_back(std::move(x));
      auto ins = db->query(
          "INSERT INTO unit_origins(unit_id, document_id, position, added_at, added_by, "
          "src_begin, src_end, tgt_begin, tgt_end) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
          "RETURNING id",
          p);
      return {id, true, ins.int64(0, 0)};
    }
  }

  const int64_t created_at = u.created_at ? u.created_at : now;
  const std::string& created_by = u.created_by.empty() ? user : u.created_by;
  std::vector<Param> p = {u.source.lang,
                          u.source.text,
                          text_or_null(u.source.markup),
                          u.target.lang,
                          u.target.text,
                          text_or_null(u.target.markup),
                          opt_num(document_id),
                          opt_num(position),
                          u.context_prev,
                          u.context_next,
                          real(u.confidence),
                          std::string(status_name(u.status)),
                          num(created_at),
                          created_by,
                          num(u.changed_at ? u.changed_at : created_at),
                          u.changed_by.empty() ? created_by : u.changed_by,
                          u.note,
                          num(key),
                          u.source_annotations.note,
                          u.target_annotations.note};
  for (auto& x : place_params(u.place)) p.push_back(std::move(x));
  p.push_back(num(u.pending ? 1 : 0));
  p.push_back(num(u.revision));
  p.push_back(opt_num(restore_id));
  UnitWords words = unit_words(u.source.text, u.target.text);
  p.push_back(std::move(words.source));
  p.push_back(std::move(words.target));
  auto ins = db->query(
      std::string(
          "INSERT INTO units(id, src_lang, src_text, src_markup, tgt_lang, tgt_text, tgt_markup, "
          "document_id, position, context_prev, context_next, confidence, status, created_at, "
          "created_by, changed_at, changed_by, note, dup_key, src_note, tgt_note, src_begin, "
          "src_end, tgt_begin, tgt_end, pending, revision, ")
          .append(kWordsColumns)
          .append(
              ") VALUES (coalesce($27::bigint, nextval('units_id_seq')), $1, $2, $3, $4, $5, $6, "
              "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, "
              "$24, $25, $26, $28::tsvector, $29::tsvector) RETURNING id"),
      p);
  const int64_t id = ins.int64(0, 0);
  remember_key(u, key, id);
  note_lang_pair(u.source.lang, u.target.lang);
  int64_t seq = 0;
  auto props = [&](const std::vector<Property>& list, int side) {
    for (const auto& prop : list)
      db->query(
          "INSERT INTO unit_props(unit_id, seq, type, value, side) VALUES ($1, $2, $3, $4, $5)",
          {num(id), num(seq++), prop.type, prop.value, num(side)});
  };
  props(u.properties, 0);
  props(u.source_annotations.properties, 1);
  props(u.target_annotations.properties, 2);
  return {id, false};
}

// ---- transactions ------------------------------------------------------------

namespace {

class PgTx final : public Backend::Tx {
 public:
  explicit PgTx(PgStore& s) : s_(s), scope_(s) {}
  AddResult add(const TranslationUnit& unit, const UnitKey* key) override {
    return s_.add(unit, documents_.id_of(s_, unit), std::nullopt, key);
  }
  Store::Transaction::AddAllResult add_batch(const std::vector<KeyedUnit>& batch) override {
    auto result = s_.add_batch(batch, documents_);
    s_.units_added += result.inserted;
    return result;
  }
  void commit() override { scope_.commit(); }

 private:
  PgStore& s_;
  Scope scope_;
  DocumentCache documents_;
};

}  // namespace

std::unique_ptr<Backend::Tx> PgStore::begin() { return std::make_unique<PgTx>(*this); }

AddResult PgStore::add_unit(const TranslationUnit& unit) {
  Scope tx(*this);
  auto r = add(unit, std::nullopt, std::nullopt, nullptr);
  tx.commit();
  return r;
}

// ---- a person's changes -------------------------------------------------------

void PgStore::edit_unit(int64_t id, const UnitEdit& edit) {
  Scope tx(*this);
  // FOR UPDATE: a concurrent edit of the same unit waits for this one and
  // then applies its change to what this one wrote, so none is lost.
  auto unit = get(id, /*lock=*/true);
  if (!unit) throw NotFoundError("no unit with id " + std::to_string(id));
  const int64_t key = apply_unit_edit(*unit, edit);
  remember_key(*unit, key, id);
  UnitWords words = unit_words(unit->source.text, unit->target.text);
  db->query(
      "UPDATE units SET src_text = $1, tgt_text = $2, src_lang = $3, tgt_lang = $4, status = $5, "
      "note = $6, dup_key = $7, changed_at = $8, changed_by = $9, "
      "src_markup = CASE WHEN $10 THEN NULL ELSE src_markup END, "
      "tgt_markup = CASE WHEN $11 THEN NULL ELSE tgt_markup END, "
      "pending = CASE WHEN $5 = 'aligned' THEN pending ELSE 0 END, revision = $13, "
      "(" +
          std::string(kWordsColumns) + ") = ($14::tsvector, $15::tsvector) WHERE id = $12",
      {unit->source.text, unit->target.text, unit->source.lang, unit->target.lang,
       std::string(status_name(unit->status)), unit->note, num(key), num(now_seconds()), user,
       edit.source_text ? "true" : "false", edit.target_text ? "true" : "false", num(id),
       num(next_revision()), std::move(words.source), std::move(words.target)});
  note_lang_pair(unit->source.lang, unit->target.lang);
  tx.commit();
}

void PgStore::set_status(int64_t id, UnitStatus status) {
  Scope tx(*this);
  auto r = db->query(
      "UPDATE units SET status = $1, changed_at = $2, changed_by = $3, revision = $5, "
      "pending = CASE WHEN $1 = 'aligned' THEN pending ELSE 0 END WHERE id = $4",
      {std::string(status_name(status)), num(now_seconds()), user, num(id), num(next_revision())});
  if (r.affected() == 0) throw NotFoundError("no unit with id " + std::to_string(id));
  tx.commit();
}

void PgStore::delete_unit(int64_t id) {
  Scope tx(*this);
  auto r = db->query("DELETE FROM units WHERE id = $1", {num(id)});
  if (r.affected() == 0) throw NotFoundError("no unit with id " + std::to_string(id));
  tx.commit();
}

}  // namespace alinea::tm::pg
