#define BOOST_TEST_MODULE lexicon
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "align/error.h"
#include "align/lexicon/lexicon.h"
#include "align/lexicon/stemmer.h"
#include "test_util.h"

using namespace alinea::align;
namespace fs = std::filesystem;

namespace {

Lexicon small_lexicon() {
  return Lexicon::from_pairs({
      {"ocupación", "occupation", LexiconSource::FreeDictSpaEng, "n"},
      {"ocupacion", "occupation", LexiconSource::Apertium, ""},
      {"Toma  de terreno", "land takeover", LexiconSource::User, "n"},
      {"casa", "house", LexiconSource::FreeDictSpaEng, "n"},
      {"casa", "home", LexiconSource::FreeDictEngSpa, "n"},
      {"hogar", "home", LexiconSource::Apertium, "n"},
      {"poblador", "settler", LexiconSource::Apertium, "n"},
      {"", "nothing", LexiconSource::User, ""},
  });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lexicon)

BOOST_AUTO_TEST_CASE(keys_are_folded_and_pairs_merged) {
  Lexicon lex = small_lexicon();
  BOOST_TEST(lex.size() == 6u);  // ocupación/ocupacion merged, empty key dropped
  BOOST_TEST(sorted(lex.translations_of_es("casa")) == (Strings{"home", "house"}));
  BOOST_TEST(sorted(lex.translations_of_en("home")) == (Strings{"casa", "hogar"}));
  BOOST_TEST(lex.translations_of_es("toma de terreno") == (Strings{"land takeover"}));
  BOOST_TEST(lex.translations_of_es("ocupación").empty());  // lookups take folded keys
  BOOST_TEST(lex.translations_of_es("nada").empty());
  BOOST_TEST(lex.has_es("hogar"));
  BOOST_TEST(!lex.has_en("hogar"));
  LexiconStats s = lex.stats();
  BOOST_TEST(s.pairs == 6u);
  BOOST_TEST(s.es_keys == 5u);
  BOOST_TEST(s.en_keys == 5u);
  BOOST_TEST(s.multiword_pairs == 1u);
  BOOST_TEST(s.pairs_by_source[static_cast<int>(LexiconSource::Apertium)] == 3u);
  BOOST_TEST(s.only_from_source[static_cast<int>(LexiconSource::Apertium)] == 2u);
  BOOST_TEST(s.pairs_by_source[static_cast<int>(LexiconSource::FreeDictSpaEng)] == 2u);
}

BOOST_AUTO_TEST_CASE(stems_meet) {
  Lexicon lex = small_lexicon();
  Stemmer es(Language::Spanish), en(Language::English);
  BOOST_TEST(lex.translations_of_es_stem(es.stem("ocupaciones")) == (Strings{"occupation"}));
  BOOST_TEST(lex.translations_of_en_stem(en.stem("occupations")) == (Strings{"ocupacion"}));
  BOOST_TEST(lex.translations_of_es_stem(es.stem_phrase("tomas de terrenos")) ==
             (Strings{"land takeover"}));
  BOOST_TEST(lex.has_en_stem(en.stem("settlers")));
  BOOST_TEST(!lex.has_en_stem(en.stem("settlement")) ==
             (en.stem("settlement") != en.stem("settler")));

  auto matches = lex.lookup(Language::Spanish, "Ocupaciones");
  BOOST_TEST_REQUIRE(matches.size() == 1u);
  BOOST_TEST(matches[0].key == "ocupacion");
  BOOST_TEST(matches[0].translation == "occupation");
  BOOST_TEST(matches[0].via_stem);
  BOOST_TEST(matches[0].sources ==
             (source_bit(LexiconSource::FreeDictSpaEng) | source_bit(LexiconSource::Apertium)));
  BOOST_TEST(matches[0].pos == "n");
  auto direct = lex.lookup(Language::English, "Home");
  BOOST_TEST_REQUIRE(direct.size() == 2u);
  BOOST_TEST(!direct[0].via_stem);
  BOOST_TEST(!direct[1].via_stem);
}

BOOST_AUTO_TEST_CASE(for_each_pair_visits_every_pair_once) {
  Lexicon lex = small_lexicon();
  std::vector<std::string> seen;
  lex.for_each_pair([&](std::string_view es, std::string_view en, LexiconSource source) {
    seen.push_back(std::string(es) + "|" + std::string(en) + "|" +
                   std::string(source_name(source)));
  });
  BOOST_TEST(seen.size() == lex.size());
  BOOST_TEST(std::is_sorted(seen.begin(), seen.end()));
  BOOST_TEST(std::count(seen.begin(), seen.end(), "ocupacion|occupation|freedict-spa-eng") == 1);
}

BOOST_AUTO_TEST_CASE(binary_round_trip) {
  TempDir dir;
  Lexicon lex = small_lexicon();
  std::string path = (dir.path / "lex.bin").string();
  lex.save(path);
  Lexicon back = Lexicon::load(path);
  BOOST_TEST(back.size() == lex.size());
  BOOST_TEST(dump(back) == dump(lex));
  BOOST_TEST(sorted(back.translations_of_es("casa")) == (Strings{"home", "house"}));
  Stemmer es(Language::Spanish);
  BOOST_TEST(back.translations_of_es_stem(es.stem("ocupaciones")) == (Strings{"occupation"}));

  // A file whose stems came from other stemmer rules is indexed anew.
  std::string bytes = read_file(path);
  bytes[16 * 4] = 0;  // header word: stemmer version
  write_file(path, bytes);
  Lexicon reindexed = Lexicon::load(path);
  BOOST_TEST(dump(reindexed) == dump(lex));
  BOOST_TEST(reindexed.translations_of_es_stem(es.stem("ocupaciones")) == (Strings{"occupation"}));
}

BOOST_AUTO_TEST_CASE(tsv_round_trip_and_malformed_lines) {
  TempDir dir;
  Lexicon lex = small_lexicon();
  std::string path = (dir.path / "lex.tsv").string();
  lex.save_tsv(path);
  TsvReadReport report;
  Lexicon back = Lexicon::load_tsv(path, &report);
  BOOST_TEST(dump(back) == dump(lex));
  BOOST_TEST(report.malformed == 0u);

  std::string bad = (dir.path / "bad.tsv").string();
  write_file(bad,
             "# comment\n"
             "perro\tdog\n"
             "no tab here\n"
             "gato\tcat\tapertium\tn\r\n"
             "\tempty\n"
             "x\ty\tnosuchsource\n"
             "a\tb\tc\td\te\n"
             "mal\t\xff\xfe\n"
             "Perro\tDog\tuser,freedict-eng-spa\n");
  back = Lexicon::load_tsv(bad, &report);
  BOOST_TEST(report.malformed == 5u);
  BOOST_TEST(report.pairs == 2u);
  BOOST_TEST(back.size() == 2u);
  BOOST_TEST(back.lookup(Language::Spanish, "perro").at(0).sources ==
             (source_bit(LexiconSource::User) | source_bit(LexiconSource::FreeDictEngSpa)));
  BOOST_TEST(back.lookup(Language::Spanish, "gato").at(0).pos == "n");
}

// The CLI reads a lexicon file once, to load it and take its digest from the
// same bytes: loading from those bytes is loading the file.
BOOST_AUTO_TEST_CASE(loads_from_bytes_in_memory_as_from_the_file) {
  TempDir dir;
  std::string path = (dir.path / "lex.bin").string();
  small_lexicon().save(path);
  const std::string bytes = read_file(path);
  Lexicon from_memory = Lexicon::from_bytes(bytes, "memory.bin");
  BOOST_TEST(dump(from_memory) == dump(Lexicon::load(path)));
  try {
    Lexicon::from_bytes(std::string_view(bytes).substr(0, bytes.size() - 4), "cut.bin");
    BOOST_FAIL("a truncated lexicon was accepted");
  } catch (const ResourceError& e) {
    BOOST_TEST(std::string(e.what()).starts_with("cut.bin: "), e.what());
  }
}

BOOST_AUTO_TEST_CASE(bad_binary_files_are_refused) {
  TempDir dir;
  std::string path = (dir.path / "lex.bin").string();
  small_lexicon().save(path);
  std::string bytes = read_file(path);

  BOOST_CHECK_THROW(Lexicon::load((dir.path / "missing.bin").string()), ResourceError);

  std::string newer = bytes;
  newer[8] = 99;  // version word
  write_file(path, newer);
  try {
    Lexicon::load(path);
    BOOST_FAIL("newer version accepted");
  } catch (const ResourceError& e) {
    BOOST_TEST(std::string(e.what()).find("newer") != std::string::npos);
  }

  std::string corrupt = bytes;
  corrupt[corrupt.size() - 7] ^= 0x40;
  write_file(path, corrupt);
  BOOST_CHECK_THROW(Lexicon::load(path), ResourceError);

  write_file(path, bytes.substr(0, bytes.size() - 8));
  BOOST_CHECK_THROW(Lexicon::load(path), ResourceError);

  write_file(path, "es\ten\n");
  BOOST_CHECK_THROW(Lexicon::load(path), ResourceError);

  const std::string nowhere = (dir.path / "no-such-dir" / "lex.bin").string();
  BOOST_CHECK_THROW(small_lexicon().save(nowhere), ResourceError);
  BOOST_CHECK_THROW(small_lexicon().save_tsv(nowhere), ResourceError);
  BOOST_TEST(!fs::exists(nowhere + ".partial"));
}

BOOST_AUTO_TEST_CASE(empty_lexicon) {
  Lexicon lex;
  BOOST_TEST(lex.size() == 0u);
  BOOST_TEST(lex.translations_of_es("casa").empty());
  BOOST_TEST(lex.lookup(Language::English, "house").empty());
}

BOOST_AUTO_TEST_CASE(shared_corpus_tsv_if_present) {
  std::string path = std::string(ALINEA_SHARED_CORPORA) + "/lexicon/lexicon.tsv";
  if (!fs::exists(path)) {
    BOOST_TEST_MESSAGE("skipped: " << path << " absent");
    return;
  }
  TsvReadReport report;
  Lexicon lex = Lexicon::load_tsv(path, &report);
  BOOST_TEST(report.malformed == 0u);
  BOOST_TEST(lex.size() > 8000u);
  auto casa = lex.translations_of_es("casa");
  BOOST_TEST((std::find(casa.begin(), casa.end(), "house") != casa.end()));
}

BOOST_AUTO_TEST_SUITE_END()
