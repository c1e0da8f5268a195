// Coverage, HTML text, subword training and the whole resource build, on
// small inputs written by the tests.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "align/error.h"
#include "align/lexicon/build.h"
#include "align/lexicon/coverage.h"
#include "align/lexicon/subword.h"
#include "test_util.h"

using namespace alinea::align;
namespace fs = std::filesystem;

namespace {

// Deterministic bilingual text, enough for a model of a few hundred pieces.
std::string training_text(size_t lines) {
  const std::vector<std::string> es = {
      "los",          "pobladores",   "ocuparon", "el",         "terreno", "de",     "la",
      "población",    "campamento",   "tomas",    "vivienda",   "comités", "sin",    "casa",
      "organización", "trabajadores", "barrio",   "gobierno",   "popular", "unidad", "Santiago",
      "mañana",       "construcción", "familias", "dirigentes", "asamblea"};
  const std::vector<std::string> en = {
      "the",      "settlers",      "occupied",   "land",       "of",       "shantytown",
      "camp",     "takeovers",     "housing",    "committees", "homeless", "organisation",
      "workers",  "neighbourhood", "government", "popular",    "unity",    "Santiago",
      "tomorrow", "construction",  "families",   "leaders",    "assembly", "building"};
  std::string out;
  uint32_t state = 12345;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return (state >> 8) & 0xffff;
  };
  for (size_t i = 0; i < lines; ++i) {
    const auto& words = i % 2 == 0 ? es : en;
    size_t n = 5 + next() % 8;
    for (size_t w = 0; w < n; ++w) {
      if (w > 0) out += ' ';
      out += words[next() % words.size()];
    }
    out += ".\n";
  }
  return out;
}

Lexicon coverage_lexicon() {
  return Lexicon::from_pairs({{"casa", "house", LexiconSource::User, "n"},
                              {"ocupación", "occupation", LexiconSource::User, "n"},
                              {"de", "of", LexiconSource::User, "pr"}});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(build)

BOOST_AUTO_TEST_CASE(coverage_counts_direct_and_stem_hits) {
  Lexicon lex = coverage_lexicon();
  TokenCoverage es =
      lexicon_coverage(lex, Language::Spanish, {"Las ocupaciones de la Casa, 1970.", "Casa"});
  BOOST_TEST(es.tokens == 6u);    // 1970 is not a word
  BOOST_TEST(es.direct == 3u);    // de, Casa, Casa
  BOOST_TEST(es.via_stem == 1u);  // ocupaciones
  BOOST_TEST(es.share() == 4.0 / 6.0, boost::test_tools::tolerance(1e-12));
  TokenCoverage en = lexicon_coverage(lex, Language::English, {"Occupations of houses"});
  BOOST_TEST(en.tokens == 3u);
  BOOST_TEST(en.direct == 1u);
  BOOST_TEST(en.via_stem == 2u);
  BOOST_TEST(lexicon_coverage(lex, Language::English, {}).share() == 0.0);
}

BOOST_AUTO_TEST_CASE(html_to_text_strips_markup) {
  std::string text = html_to_text(
      "<html><head><title>Gu&iacute;a</title><style>p { x: 1 }</style></head>"
      "<body><h1>Tomas de <em>terreno</em></h1><!-- note -->"
      "<p>Los pobladores &amp; sus   comit&#233;s &#x41;&lt;b&gt;</p>"
      "<pre>rm -rf /tmp/x</pre><script>var a = '<p>';</script>"
      "<ul><li>uno</li><li>dos<br>tres &hearts;</li></ul></body></html>");
  // The head (its <title> included) is not text; every line of a block is
  // a line ("<br>").
  BOOST_TEST(text ==
             "Tomas de terreno\n"
             "Los pobladores & sus comit\xc3\xa9s A<b>\n"
             "uno\n"
             "dos\n"
             "tres \u2665\n");
}

BOOST_AUTO_TEST_CASE(subword_model_trains_loads_and_encodes) {
  TempDir dir;
  const std::string text_path = (dir.path / "text.txt").string();
  write_file(text_path, training_text(3000));
  const std::string prefix = (dir.path / "sw").string();
  train_subword_model({text_path}, prefix, 300, "test text");
  BOOST_TEST(fs::exists(prefix + ".model"));
  SubwordModel model = SubwordModel::load(prefix + ".model");
  BOOST_TEST(model.piece_count() <= 300u);
  BOOST_TEST(model.piece_count() > 50u);

  const std::string sentence = "Los pobladores ocuparon el terreno";
  std::vector<int> ids = model.encode_ids(sentence);
  BOOST_TEST(!ids.empty());
  for (int id : ids) {
    BOOST_TEST(id >= 0);
    BOOST_TEST(static_cast<size_t>(id) < model.piece_count());
  }
  std::vector<std::string> pieces = model.encode_pieces(sentence);
  BOOST_TEST(pieces.size() == ids.size());
  std::string joined;
  for (const auto& p : pieces) joined += p;
  // Pieces spell the text back, with U+2581 for the spaces.
  std::string expected;
  for (char c : " " + sentence) {
    if (c == ' ')
      expected += "\xe2\x96\x81";
    else
      expected += c;
  }
  BOOST_TEST(joined == expected);
  // Frequent words of the text become single pieces.
  BOOST_TEST(model.encode_ids("pobladores").size() <= 2u);
  BOOST_CHECK_THROW(model.encode_ids("bad \xff"), InputError);

  const std::string info = read_file(subword_info_path(prefix));
  BOOST_TEST(info.find("\"description\":\"test text\"") != std::string::npos);
  BOOST_TEST(info.find(text_path) != std::string::npos);

  // From the file's bytes in memory: the same pieces as from the file.
  SubwordModel from_memory = SubwordModel::from_bytes(read_file(prefix + ".model"), "memory");
  BOOST_TEST(from_memory.encode_ids(sentence) == ids);
  try {
    SubwordModel::from_bytes("not a model", "junk bytes");
    BOOST_FAIL("junk accepted as a subword model");
  } catch (const ResourceError& e) {
    BOOST_TEST(std::string(e.what()).starts_with("junk bytes: "), e.what());
  }
  BOOST_CHECK_THROW(SubwordModel::load((dir.path / "none.model").string()), ResourceError);
  write_file((dir.path / "junk.model").string(), "not a model");
  BOOST_CHECK_THROW(SubwordModel::load((dir.path / "junk.model").string()), ResourceError);
  BOOST_CHECK_THROW(train_subword_model({(dir.path / "a,b.txt").string()}, prefix, 100, ""),
                    ResourceError);
  BOOST_CHECK_THROW(train_subword_model({}, prefix, 100, ""), ResourceError);
}

BOOST_AUTO_TEST_CASE(build_resources_from_small_inputs) {
  TempDir dir;
  ResourceInputs in;
  in.freedict_spa_eng_index = (dir.path / "spa-eng.index").string();
  in.freedict_spa_eng_dict = (dir.path / "spa-eng.dict.dz").string();
  write_dictd(in.freedict_spa_eng_index, in.freedict_spa_eng_dict,
              {{"casa", "casa /x/\nhouse, home\n"}, {"tierra", "tierra /x/\n1. land\n2. earth\n"}},
              "broken line\n");
  in.freedict_eng_spa_index = (dir.path / "missing.index").string();  // not there
  in.freedict_eng_spa_dict = (dir.path / "missing.dict.dz").string();
  int next = 0;
  in.apertium_spa_eng_att = (dir.path / "spa-eng.att").string();
  write_file(in.apertium_spa_eng_att,
             att_path(next, "casa<n>", "house<n>") + att_path(next, "toma<n>", "takeover<n>"));
  in.apertium_eng_spa_att = "";  // not given
  in.subword_text = {(dir.path / "tm.txt").string()};
  write_file(in.subword_text[0], training_text(2000));
  in.subword_html = {(dir.path / "page.es.html").string()};
  write_file(in.subword_html[0], "<p>Las tomas de terreno</p>");
  in.subword_vocab_size = 150;

  const std::string out = (dir.path / "resources").string();
  size_t calls = 0, last_done = 0, last_total = 0;
  BuildReport r = build_resources(in, out, [&](size_t done, size_t total) {
    ++calls;
    BOOST_TEST(done >= last_done);
    last_done = done;
    last_total = total;
  });
  BOOST_TEST(calls > 0u);
  BOOST_TEST(last_done == last_total);

  BOOST_TEST(r.sources.size() == 2u);
  BOOST_TEST(r.sources[0].malformed == 1u);
  BOOST_TEST(r.notes.size() == 2u);   // freedict-eng-spa and apertium eng-spa missing
  BOOST_TEST(r.lexicon.pairs == 5u);  // casa-house (both), casa-home, tierra x2, toma
  BOOST_TEST(r.lexicon.pairs_by_source[static_cast<int>(LexiconSource::Apertium)] == 2u);

  Lexicon lex = Lexicon::load(out + "/lexicon.bin");
  BOOST_TEST(lex.size() == 5u);
  BOOST_TEST(dump(Lexicon::load_tsv(out + "/lexicon.tsv")) == dump(lex));
  BOOST_TEST(lex.translations_of_es("toma") == (Strings{"takeover"}));

  BOOST_TEST(r.subword_pieces > 0u);
  BOOST_TEST(r.subword_pieces <= 150u);
  BOOST_TEST(SubwordModel::load(out + "/subwords.model").piece_count() == r.subword_pieces);
  const std::string info = read_file(r.subword_info_file);
  BOOST_TEST(info.find("1 Spanish and 0 English HTML pages") != std::string::npos);
  // Text lines, the HTML paragraph, the dictionary's lines ("casa", "house,
  // home", "tierra", "land", "earth").
  BOOST_TEST(r.subword_training_lines == 2000u + 1u + 5u);

  const std::string json = to_json(r);
  BOOST_TEST(json.find("\"entries\":5") != std::string::npos);
  BOOST_TEST(json.find("\"freedict-eng-spa\":0") != std::string::npos);
  BOOST_TEST(to_json(lex.stats()).starts_with("{\"entries\":5,"));
}

BOOST_AUTO_TEST_CASE(build_without_any_input_still_writes_files) {
  TempDir dir;
  ResourceInputs in;  // nothing
  in.build_subwords = false;
  BuildReport r = build_resources(in, (dir.path / "res").string());
  BOOST_TEST(r.lexicon.pairs == 0u);
  BOOST_TEST(r.notes.size() >= 4u);
  BOOST_TEST(Lexicon::load(r.lexicon_file).size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
