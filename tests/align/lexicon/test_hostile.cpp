// Damaged and random inputs: every reader either succeeds or throws its
// documented error; none crashes or loops (run under ASan in CI builds with
// ALINEA_SANITIZE).
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <random>
#include <string>

#include "align/error.h"
#include "align/lexicon/apertium.h"
#include "align/lexicon/freedict.h"
#include "align/lexicon/lexicon.h"
#include "align/lexicon/stemmer.h"
#include "test_util.h"

using namespace alinea::align;

namespace {

constexpr size_t kHeaderBytes = 32 * 4;
constexpr size_t kCrcByte = 5 * 4;

void fix_crc(std::string& bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + kHeaderBytes),
              static_cast<uInt>(bytes.size() - kHeaderBytes));
  auto value = static_cast<uint32_t>(crc);
  std::memcpy(bytes.data() + kCrcByte, &value, 4);
}

// Uses everything a loaded lexicon offers.
size_t exercise(const Lexicon& lex) {
  size_t n = 0;
  lex.for_each_entry([&](const LexiconEntry& e) {
    n += e.es.size() + e.en.size() + e.pos.size();
    n += lex.translations_of_es(e.es).size() + lex.translations_of_en(e.en).size();
  });
  Stemmer es(Language::Spanish);
  n += lex.translations_of_es_stem(es.stem("ocupaciones")).size();
  n +=
      lex.lookup(Language::Spanish, "casas").size() + lex.lookup(Language::English, "homes").size();
  n += lex.stats().pairs;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile)

BOOST_AUTO_TEST_CASE(damaged_lexicon_files) {
  TempDir dir;
  std::vector<LexiconPair> pairs;
  for (int i = 0; i < 60; ++i)
    pairs.push_back({"palabra" + std::to_string(i), "word" + std::to_string(i % 17),
                     static_cast<LexiconSource>(i % 4), i % 3 ? "n" : "vblex"});
  pairs.push_back({"casa", "home", LexiconSource::User, "n"});
  const std::string path = (dir.path / "lex.bin").string();
  Lexicon::from_pairs(pairs).save(path);
  const std::string good = read_file(path);
  std::mt19937 rng(42);
  size_t refused = 0, body_damage = 0;
  for (int round = 0; round < 600; ++round) {
    std::string bytes = good;
    const int changes = 1 + static_cast<int>(rng() % 3);
    bool header_touched = false;
    for (int c = 0; c < changes; ++c) {
      size_t at = rng() % bytes.size();
      header_touched = header_touched || at < kHeaderBytes;
      if (round % 3 == 0)
        bytes[at] = static_cast<char>(rng());  // any byte
      else
        bytes[at] = static_cast<char>(bytes[at] ^ (1 << (rng() % 8)));  // one bit
    }
    const bool crc_fixed = round % 2 == 0;
    if (crc_fixed) fix_crc(bytes);  // get past the checksum to the structure checks
    const bool truncated = round % 50 == 0;
    if (truncated) bytes.resize(rng() % bytes.size() / 4 * 4);
    write_file(path, bytes);
    // Damage behind the header with the checksum left stale must be caught.
    const bool must_refuse = !crc_fixed && !truncated && !header_touched && bytes != good;
    body_damage += must_refuse;
    try {
      Lexicon lex = Lexicon::load(path);
      exercise(lex);
      BOOST_TEST(!must_refuse, "round " << round << ": damaged body loaded despite its checksum");
    } catch (const ResourceError&) {
      ++refused;
    }
  }
  BOOST_TEST(body_damage > 100u);  // the rounds above did exercise the checksum
  BOOST_TEST(refused >= body_damage);
}

BOOST_AUTO_TEST_CASE(random_text_inputs) {
  TempDir dir;
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789\t\t\t\n\n -<>#+abc\xce\xb5\xc3\xa9\xff";
  for (int round = 0; round < 60; ++round) {
    std::string text;
    size_t n = 200 + rng() % 3000;
    for (size_t i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    const std::string att = (dir.path / "x.att").string();
    write_file(att, text);
    SourceReport r;
    BOOST_CHECK_NO_THROW(read_apertium_att(att, Language::Spanish, {}, &r));

    const std::string index = (dir.path / "x.index").string();
    const std::string dict = (dir.path / "x.dict").string();
    write_file(index, text);
    write_file(dict, text + text);
    BOOST_CHECK_NO_THROW(read_freedict(index, dict, LexiconSource::FreeDictSpaEng));

    const std::string tsv = (dir.path / "x.tsv").string();
    write_file(tsv, text);
    TsvReadReport t;
    BOOST_CHECK_NO_THROW(Lexicon::load_tsv(tsv, &t));
  }
}

BOOST_AUTO_TEST_CASE(corrupt_gzip_is_an_error) {
  TempDir dir;
  const std::string dict = (dir.path / "x.dict.dz").string();
  write_gzip(dict, std::string(5000, 'a'));
  std::string bytes = read_file(dict);
  write_file(dict, bytes.substr(0, bytes.size() / 2));  // truncated stream
  write_file((dir.path / "x.index").string(), "casa\tA\tB\n");
  BOOST_CHECK_THROW(
      read_freedict((dir.path / "x.index").string(), dict, LexiconSource::FreeDictSpaEng),
      ResourceError);
}

BOOST_AUTO_TEST_SUITE_END()
