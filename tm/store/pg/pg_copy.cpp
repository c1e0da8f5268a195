// Bulk adds on PostgreSQL: a batch of units checked against the stored ones
// in a few statements and written with COPY, instead of four round trips
// per unit. The outcome is what adding them one by one gives (pg_writes.cpp).
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "tm/error.h"
#include "tm/store/pg/pg_store_impl.h"
#include "tm/store/pg/pg_words.h"
#include "tm/store/table_copy.h"
#include "tm/store/text.h"

namespace alinea::tm::pg {
namespace {

// COPY text format: fields separated by tabs, \N for NULL.
class Row {
 public:
  explicit Row(std::string& out) : out_(out) {}
  ~Row() { out_ += '\n'; }
  Row& text(std::string_view t) {
    sep();
    copy_field(out_, t);
    return *this;
  }
  Row& null() {
    sep();
    out_ += "\\N";
    return *this;
  }
  Row& num(int64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
  }
  Row& opt(const std::optional<int64_t>& v) { return v ? num(*v) : null(); }
  Row& opt_text(const std::string& t) { return t.empty() ? null() : text(t); }
  // A place's four columns (source begin and end, target begin and end).
  Row& place(const std::optional<Place>& p) {
    if (!p) return null().null().null().null();
    return num(p->source.begin).num(p->source.end).num(p->target.begin).num(p->target.end);
  }

 private:
  void sep() {
    if (!first_) out_ += '\t';
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

// A unit already stored, or added earlier in the batch, that a later unit
// of the same key may duplicate.
struct Stored {
  int64_t id;
  std::string src_primary, tgt_primary, nsrc, ntgt;
  std::optional<int64_t> document, position;
};

// About sixteen rows: small enough that the server starts on a batch's
// first rows early, large enough that each piece is one system call.
constexpr std::size_t kRowsPiece = 16 << 10;

using Placement = std::tuple<int64_t, std::optional<int64_t>, std::optional<int64_t>>;

}  // namespace

Store::Transaction::AddAllResult PgStore::add_batch(const std::vector<KeyedUnit>& batch,
                                                    DocumentCache& documents) {
  Store::Transaction::AddAllResult result;
  if (batch.empty()) return result;
  const int64_t now = now_seconds();
  // Keys (a unit the reader could not key is invalid: unit_key says why)
  // and documents, in order.
  std::vector<UnitKey> own;
  own.reserve(batch.size());
  std::vector<const UnitKey*> keys;
  std::vector<std::optional<int64_t>> docs;
  for (const auto& item : batch) {
    if (item.key) {
      keys.push_back(&*item.key);
    } else {
      own.push_back(unit_key(item.unit));
      keys.push_back(&own.back());
    }
    docs.push_back(documents.id_of(*this, item.unit));
  }
  std::vector<int64_t> wanted;
  for (std::size_t i = 0; i < batch.size(); ++i)
    if (!batch[i].unit.omission()) wanted.push_back(keys[i]->key);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  std::map<int64_t, std::vector<Stored>> by_key;
  std::set<Placement> placed;  // (unit, document, position) of stored origins
  std::vector<int64_t> added;  // in a first import: the ids of the wanted keys' units
  if (!wanted.empty()) {
    lock_for_adding();  // writers adding the same units wait for each other
    defer_bulk_work_if_empty();
    if (added_keys) {
      for (const int64_t k : wanted)
        added_keys->each_id(k, [&](int64_t id) { added.push_back(id); });
      if (added.empty()) wanted.clear();
    }
  }
  if (!wanted.empty()) {
    // Put in id order here, not by ORDER BY id: in a first import the
    // table has no statistics, the planner takes 256 keys for most of the
    // table and walks the whole primary key in order instead of looking
    // the keys up (18 ms a batch at 100,000 units, 190 ms at a million).
    // The rows found are grouped by the key they hold.
    auto r = added_keys ? db->query(
                              "SELECT id, dup_key, src_lang, src_text, tgt_lang, tgt_text, "
                              "document_id, position FROM units WHERE id = ANY($1::bigint[])",
                              {num_array(added)})
                        : db->query(
                              "SELECT id, dup_key, src_lang, src_text, tgt_lang, tgt_text, "
                              "document_id, position FROM units WHERE dup_key = ANY($1::bigint[])",
                              {num_array(wanted)});
    std::vector<int> rows(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) rows[static_cast<std::size_t>(i)] = i;
    std::sort(rows.begin(), rows.end(),
              [&](int a, int b) { return r.int64(a, 0) < r.int64(b, 0); });
    std::vector<int64_t> ids;
    for (int i : rows) {
      by_key[r.int64(i, 1)].push_back({r.int64(i, 0), text::primary_lang(r.text(i, 2)),
                                       text::primary_lang(r.text(i, 4)),
                                       text::normalize(r.text(i, 3)), text::normalize(r.text(i, 5)),
                                       r.opt_int64(i, 6), r.opt_int64(i, 7)});
      ids.push_back(r.int64(i, 0));
    }
    if (!ids.empty()) {
      auto o = db->query(
          "SELECT unit_id, document_id, position FROM unit_origins WHERE unit_id = "
          "ANY($1::bigint[])",
          {num_array(ids)});
      for (int i = 0; i < o.rows(); ++i)
        placed.emplace(o.int64(i, 0), o.opt_int64(i, 1), o.opt_int64(i, 2));
    }
  }
  // Decide, in order, what each unit is: new (its index among the new
  // ones), or merged into a stored or earlier unit.
  std::vector<std::size_t> fresh;                                    // batch indexes of new units
  std::vector<std::pair<std::size_t, std::size_t>> merged_into_new;  // (batch index, new index)
  std::vector<std::pair<std::size_t, int64_t>> merged_into_old;      // (batch index, unit id)
  constexpr int64_t kNew = -1;  // Stored::id of a unit of this batch: -1 - its new index
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const TranslationUnit& u = batch[i].unit;
    const UnitKey& k = *keys[i];
    const std::string_view nsrc = k.nsrc ? *k.nsrc : u.source.text;
    const std::string_view ntgt = k.ntgt ? *k.ntgt : u.target.text;
    const std::optional<int64_t> position = u.position;
    bool merged = false;
    if (!u.omission()) {
      for (const Stored& s : by_key[k.key]) {
        if (s.src_primary != k.src_primary || s.tgt_primary != k.tgt_primary || s.nsrc != nsrc ||
            s.ntgt != ntgt)
          continue;
        merged = true;
        // The same placement again is nothing new; another one is an origin.
        if (s.document == docs[i] && s.position == position) break;
        if (!placed.emplace(s.id, docs[i], position).second) break;
        if (s.id >= 0)
          merged_into_old.emplace_back(i, s.id);
        else
          merged_into_new.emplace_back(i, static_cast<std::size_t>(kNew - s.id));
        break;
      }
    }
    if (merged) {
      ++result.merged;
      continue;
    }
    ++result.inserted;
    if (!u.omission())
      by_key[k.key].push_back({kNew - static_cast<int64_t>(fresh.size()), k.src_primary,
                               k.tgt_primary, std::string(nsrc), std::string(ntgt), docs[i],
                               position});
    fresh.push_back(i);
  }
  // Ids for the new units, from the table's own sequence.
  std::vector<int64_t> ids;
  if (!fresh.empty()) {
    auto r = db->query("SELECT nextval('units_id_seq') FROM generate_series(1, $1)",
                       {num(static_cast<int64_t>(fresh.size()))});
    for (int i = 0; i < r.rows(); ++i) ids.push_back(r.int64(i, 0));
    std::sort(ids.begin(), ids.end());
    // The rows go out in pieces as they are made, so that the server
    // stores the first ones while the client makes the rest.
    db->begin_copy(
        std::string(
            "COPY units(id, src_lang, src_text, src_markup, tgt_lang, tgt_text, tgt_markup, "
            "document_id, position, context_prev, context_next, confidence, status, created_at, "
            "created_by, changed_at, changed_by, note, dup_key, src_note, tgt_note, src_begin, "
            "src_end, tgt_begin, tgt_end, pending, revision, ")
            .append(kWordsColumns)
            .append(") FROM STDIN"));
    std::string rows, props;
    try {
      for (std::size_t n = 0; n < fresh.size(); ++n) {
        const TranslationUnit& u = batch[fresh[n]].unit;
        const int64_t created_at = u.created_at ? u.created_at : now;
        const std::string& created_by = u.created_by.empty() ? user : u.created_by;
        remember_key(u, keys[fresh[n]]->key, ids[n]);
        {
          Row row(rows);  // ends its line when it goes
          row.num(ids[n]).text(u.source.lang).text(u.source.text).opt_text(u.source.markup);
          row.text(u.target.lang).text(u.target.text).opt_text(u.target.markup);
          row.opt(docs[fresh[n]]).opt(u.position).text(u.context_prev).text(u.context_next);
          if (u.confidence) {
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g", *u.confidence);
            row.text(buf);
          } else {
            row.null();
          }
          row.text(status_name(u.status)).num(created_at).text(created_by);
          row.num(u.changed_at ? u.changed_at : created_at);
          row.text(u.changed_by.empty() ? created_by : u.changed_by).text(u.note);
          row.num(keys[fresh[n]]->key)
              .text(u.source_annotations.note)
              .text(u.target_annotations.note);
          row.place(u.place);
          row.num(u.pending ? 1 : 0).num(u.revision);
          const UnitWords words = unit_words(u.source.text, u.target.text);
          row.text(words.source).text(words.target);
        }
        int64_t seq = 0;
        for (int side = 0; side < 3; ++side) {
          const auto& list = side == 0   ? u.properties
                             : side == 1 ? u.source_annotations.properties
                                         : u.target_annotations.properties;
          for (const auto& p : list)
            Row(props).num(ids[n]).num(seq++).text(p.type).text(p.value).num(side);
        }
        if (rows.size() >= kRowsPiece) {
          db->put(rows);
          rows.clear();
        }
      }
      db->put(rows);
    } catch (...) {
      db->abort_copy();
      throw;
    }
    db->end_copy();
    // Not inside the COPY, which takes no other statement.
    for (const std::size_t i : fresh)
      note_lang_pair(batch[i].unit.source.lang, batch[i].unit.target.lang);
    if (!props.empty()) {
      db->begin_copy("COPY unit_props(unit_id, seq, type, value, side) FROM STDIN");
      db->put(props);
      db->end_copy();
    }
  }
  // Origins of the duplicates, in order.
  if (!merged_into_old.empty() || !merged_into_new.empty()) {
    std::vector<std::pair<std::size_t, int64_t>> origins = merged_into_old;
    for (const auto& [i, n] : merged_into_new) origins.emplace_back(i, ids[n]);
    std::sort(origins.begin(), origins.end());
    std::string rows;
    for (const auto& [i, id] : origins) {
      const TranslationUnit& u = batch[i].unit;
      Row row(rows);
      row.num(id).opt(docs[i]).opt(u.position).num(now).text(user);
      row.place(u.place);
    }
    db->begin_copy(
        "COPY unit_origins(unit_id, document_id, position, added_at, added_by, src_begin, "
        "src_end, tgt_begin, tgt_end) FROM STDIN");
    db->put(rows);
    db->end_copy();
  }
  return result;
}

void PgStore::remember_key(const TranslationUnit& unit, int64_t key, int64_t id) {
  // An omission is never merged into, nor looked up: many of them may
  // share a key, which would make one long chain of the map.
  if (added_keys && !unit.omission()) added_keys->add(key, id);
}

void PgStore::defer_bulk_work_if_empty() {
  if (deferral_checked) return;
  deferral_checked = true;
  if (db->query("SELECT EXISTS (SELECT 1 FROM units)").text(0, 0) == "t") return;
  added_keys = std::make_unique<AddedKeys>();
  // The word indexes, and the index of keys, which added_keys stands in
  // for until the commit.
  auto indexes = db->query(
      "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
      "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
      "WHERE i.indrelid = 'units'::regclass AND (a.amname = 'gin' OR c.relname = 'units_dup') "
      "ORDER BY 1");
  // DROP INDEX waits for every reader of the table and then holds them
  // off until the commit: a reader in the middle of something (a serve
  // instance's long search) makes this import keep the indexes instead
  // of waiting for it.
  const std::string timeout = db->query("SELECT current_setting('lock_timeout')").str(0, 0);
  db->exec("SAVEPOINT defer_bulk_work; SET LOCAL lock_timeout = 200");
  std::vector<std::string> builds;
  try {
    for (int i = 0; i < indexes.rows(); ++i) {
      db->exec("DROP INDEX " + quoted(indexes.str(i, 0)));
      builds.push_back(indexes.str(i, 1));
    }
    // Measured on 1M generated units: 18.0 s of COPY into units with the
    // references, 13.0 s without.
    for (const char* table : {"units", "unit_props", "unit_origins"})
      for (auto& add : drop_references(table)) builds.push_back(std::move(add));
    db->exec("RELEASE defer_bulk_work");
  } catch (const Error&) {
    db->exec("ROLLBACK TO defer_bulk_work; RELEASE defer_bulk_work");
    return;
  }
  db->query("SELECT set_config('lock_timeout', $1, true)", {timeout});
  deferred_builds = std::move(builds);
  deferred_at_depth = tx_depth;
}

std::vector<std::string> PgStore::drop_references(std::string_view table) {
  auto r = db->query(
      "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
      "WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname",
      {quoted(table)});
  std::vector<std::string> adds;
  for (int i = 0; i < r.rows(); ++i) {
    const std::string alter = "ALTER TABLE " + quoted(table) + " ";
    const std::string name = quoted(r.str(i, 0));
    db->exec(alter + "DROP CONSTRAINT " + name);
    adds.push_back(alter + "ADD CONSTRAINT " + name + " " + r.str(i, 1));
  }
  return adds;
}

// Only the indexes' owner may merge them: a team member writing to a TM
// the coordinator created leaves that to autovacuum.
void PgStore::merge_pending_word_entries() {
  db->exec("SAVEPOINT merge_pending");
  try {
    db->query(
        "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
        "WHERE i.indrelid = 'units'::regclass AND a.amname = 'gin' AND "
        "pg_has_role(c.relowner, 'USAGE')");
    db->exec("RELEASE merge_pending");
  } catch (const Error&) {
    db->exec("ROLLBACK TO merge_pending; RELEASE merge_pending");
  }
}

std::optional<int64_t> DocumentCache::id_of(PgStore& s, const TranslationUnit& unit) {
  if (!unit.document) return std::nullopt;
  // Bulk adds come document by document: remember the last one.
  if (id_ == 0 || name_ != *unit.document) {
    check_utf8(*unit.document, "document name");
    auto found = s.find_document(*unit.document);
    id_ = found ? *found : s.create_document(*unit.document);
    name_ = *unit.document;
  }
  return id_;
}

}  // namespace alinea::tm::pg
