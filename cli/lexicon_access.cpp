#include "cli/lexicon_access.h"

#include <algorithm>
#include <filesystem>

#include "align/language.h"
#include "align/segment/segmenter.h"
#include "align/text.h"
#include "cli/sha256.h"

namespace alinea::cli {

std::shared_ptr<const LexiconAccess> LexiconAccess::try_load(const Context& ctx) {
  std::string dir = ctx.data_dir();
  if (dir.empty()) {
    ctx.detail("no lexicon found (build one with .ci/setup.sh or `alinea lexicon build`)");
    return nullptr;
  }
  std::string path = dir + "/lexicon.bin";
  if (!std::filesystem::exists(path)) {
    ctx.detail(path + ": no lexicon there");
    return nullptr;
  }
  ctx.detail("lexicon: " + path);
  // Read once: the digest recorded with a document is that of the bytes used.
  const std::string bytes = align::read_input(path);
  return std::shared_ptr<const LexiconAccess>(
      new LexiconAccess(align::Lexicon::from_bytes(bytes, path), path, sha256_hex(bytes)));
}

std::shared_ptr<const LexiconAccess> LexiconAccess::load(const Context& ctx) {
  auto lexicon = try_load(ctx);
  if (!lexicon)
    throw UsageError(
        "no lexicon built yet: run `bash .ci/setup.sh build`, or `alinea lexicon build`, or "
        "point --data-dir / $ALINEA_DATA at a directory holding lexicon.bin");
  return lexicon;
}

std::vector<std::string> LexiconAccess::translations(std::string_view term,
                                                     const std::string& lang) const {
  align::Language from = align::parse_language(lang).value_or(align::Language::Spanish);
  std::vector<std::string> out;
  auto add = [&out](std::string_view t) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.emplace_back(t);
  };
  for (const align::LexiconMatch& m : lexicon_.lookup(from, term)) add(m.translation);
  // A phrase the dictionaries do not list ("toma de terreno") is still
  // helped by what they say of its words; only direct entries, since stems
  // of short words wander far.
  std::vector<std::string> words = align::word_tokens(term);
  if (words.size() > 1) {
    for (const std::string& word : words) {
      if (word.size() < 4) continue;  // articles and prepositions
      for (std::string_view t : lexicon_.translations(from, fold_key(word))) add(t);
    }
  }
  return out;
}

std::string fold_key(std::string_view text) { return align::lexicon_key(text); }

std::string guess_term_language(std::string_view term, const LexiconAccess* lexicon) {
  if (lexicon) {
    std::string key = fold_key(term);
    bool es = lexicon->lexicon().has_es(key), en = lexicon->lexicon().has_en(key);
    if (es != en) return es ? "es" : "en";
  }
  if (auto detected = align::detect_language(term))
    return std::string(align::language_code(*detected));
  return "es";
}

}  // namespace alinea::cli
