// search and match through the binary: phrase ranking, true counts, the query's language.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "run.h"

using alinea::test::Run;
using alinea::test::run_alinea;
using alinea::test::TempDir;

namespace {

// A TM written with `alinea import` from a TSV of es/en pairs.
struct PairsTm {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  explicit PairsTm(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string tsv = "es\ten\n";
    for (const auto& [es, en] : pairs) tsv += es + "\t" + en + "\n";
    alinea::test::write_file(dir.file("pairs.tsv"), tsv);
    Run r = run_alinea({"import", dir.file("pairs.tsv"), "--tm", tm});
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  }
  Run run(std::vector<std::string> args) {
    args.insert(args.end(), {"--tm", tm, "--color", "never"});
    // No lexicon from the user's data directory: the TM's evidence only.
    return run_alinea(args, "", {"ALINEA_DATA=" + dir.path()});
  }
};

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The ids of JSON Lines hits, in order.
std::vector<long> ids(const std::string& json_lines) {
  std::vector<long> out;
  for (size_t at = json_lines.find("{\"id\":"); at != std::string::npos;
       at = json_lines.find("{\"id\":", at + 1))
    out.push_back(std::stol(json_lines.substr(at + 6)));
  return out;
}

const std::vector<std::pair<std::string, std::string>> kFiles = {
    {"Archivos de registro del sistema.", "System log files."},
    {"Sistema: archivos de sistema.", "System: system files."},
    {"Para montar otro sistema de archivos en el directorio que quiera, use la orden mount "
     "con las opciones que correspondan.",
     "To mount another file system on the directory you want, use the mount command with "
     "the right options."},
    {"Copia de archivos del sistema.", "Copy of system files."},
    {"No se pudo abrir el archivo de configuración.", "Could not open the configuration file."},
    {"Los derechos humanos son universales.", "Human rights are universal."},
    {"La defensa de los derechos humanos.", "The defence of human rights."},
    {"Informe sobre derechos humanos en Chile.", "Report on human rights in Chile."},
    {"Chile es un país largo.", "Chile is a long country."},
    {"Viajamos a Chile en 1990.", "We travelled to Chile in 1990."},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(search_command)

BOOST_AUTO_TEST_CASE(exact_phrase_hits_rank_above_word_hits_and_are_marked) {
  PairsTm t(kFiles);
  Run r = t.run({"search", "sistema de archivos", "--json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto found = ids(r.out);
  BOOST_REQUIRE_EQUAL(found.size(), 4u);
  BOOST_TEST(found[0] == 3);  // the long unit with the phrase
  BOOST_TEST(count_of(r.out, "\"phrase\":true") == 1u, r.out);
  BOOST_TEST(count_of(r.out, "\"phrase\":false") == 3u, r.out);
  BOOST_TEST(r.out.find("\"source_highlights\":[[17,36]]") != std::string::npos, r.out);

  Run human = t.run({"search", "sistema de archivos"});
  BOOST_TEST_REQUIRE(human.exit_code == 0, human.err);
  BOOST_TEST(human.out.starts_with("#3  [aligned]  phrase\n"), human.out);
  BOOST_TEST(count_of(human.out, "]  words\n") == 3u, human.out);
  BOOST_TEST(human.err.starts_with("4 units match on the Spanish side (1 with the exact phrase, "
                                   "shown first)\n"),
             human.err);

  // --words: any order, BM25 alone; the long phrase unit is no longer first.
  Run words = t.run({"search", "sistema de archivos", "--words", "--json"});
  BOOST_TEST_REQUIRE(words.exit_code == 0, words.err);
  const auto any_order = ids(words.out);
  BOOST_REQUIRE_EQUAL(any_order.size(), 4u);
  BOOST_TEST(any_order.back() == 3);

  // Quoted: the phrase only.
  Run quoted = t.run({"search", "\"sistema de archivos\"", "--json"});
  BOOST_TEST(ids(quoted.out) == std::vector<long>{3});
}

BOOST_AUTO_TEST_CASE(the_summary_gives_the_true_count_and_how_many_are_shown) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (int i = 0; i < 30; ++i)
    pairs.emplace_back("La contraseña " + std::to_string(i) + " caduca hoy.",
                       "Password " + std::to_string(i) + " expires today.");
  PairsTm t(pairs);
  Run r = t.run({"search", "contraseña", "--limit", "5"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(count_of(r.out, "\n  es  ") == 5u, r.out);
  BOOST_TEST(r.err.starts_with("30 units match on the Spanish side; showing 5 (--limit)\n"), r.err);
  Run json = t.run({"search", "contraseña", "--limit", "5", "--json"});
  BOOST_TEST(ids(json.out).size() == 5u);
  BOOST_TEST(count_of(json.out, "\"total\":30,") == 5u, json.out);
  Run all = t.run({"search", "contraseña", "--limit", "50"});
  BOOST_TEST(all.err.starts_with("30 units match on the Spanish side\n"), all.err);
}

BOOST_AUTO_TEST_CASE(an_english_phrase_is_searched_on_the_english_side_from_tm_evidence) {
  PairsTm t(kFiles);
  Run r = t.run({"search", "human rights", "--json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(ids(r.out) == (std::vector<long>{6, 7, 8}), r.out);
  BOOST_TEST(r.out.find("\"target_highlights\":[]") == std::string::npos, r.out);
  Run human = t.run({"search", "human rights"});
  BOOST_TEST(human.err.find("read as English: on the Spanish side of none, the English side of 3 "
                            "units") != std::string::npos,
             human.err);
  // --lang still forces a side, and says what the other side has.
  Run forced = t.run({"search", "human rights", "--lang", "es"});
  BOOST_TEST(forced.exit_code == 0);
  BOOST_TEST(forced.out.empty(), forced.out);
  BOOST_TEST(forced.err.find("read as") == std::string::npos, forced.err);
  BOOST_TEST(forced.err.starts_with("0 units match on the Spanish side\n3 units match on the "
                                    "English side: --lang en shows them\n"),
             forced.err);
}

BOOST_AUTO_TEST_CASE(a_word_on_both_sides_is_searched_on_both) {
  PairsTm t(kFiles);
  Run r = t.run({"search", "Chile", "--json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(ids(r.out).size() == 3u, r.out);
  // Highlighted on both sides of each unit.
  BOOST_TEST(count_of(r.out, "\"target_highlights\":[]") == 0u, r.out);
  BOOST_TEST(count_of(r.out, "\"source_highlights\":[]") == 0u, r.out);
  Run human = t.run({"search", "Chile"});
  BOOST_TEST(human.err.starts_with("3 units match\nread as both languages: on the Spanish side of "
                                   "3 units, the English side of 3 units"),
             human.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(match_command)

BOOST_AUTO_TEST_CASE(an_english_sentence_matches_the_english_side_without_lang) {
  PairsTm t(kFiles);
  Run r = t.run({"match", "Could not open the configuration files.", "--json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("\"matched_lang\":\"en\",\"matched\":\"Could not open the configuration "
                        "file.\"") != std::string::npos,
             r.out);
  BOOST_TEST(r.out.find("\"translation\":\"No se pudo abrir el archivo de configuración.\"") !=
                 std::string::npos,
             r.out);
  Run human = t.run({"match", "Could not open the configuration files."});
  BOOST_TEST(human.err.find("read as English") != std::string::npos, human.err);
}

BOOST_AUTO_TEST_CASE(nothing_on_the_chosen_side_gives_a_hint) {
  PairsTm t(kFiles);
  // Forced to the wrong side: which --lang finds it.
  Run wrong = t.run({"match", "Could not open the configuration files.", "--lang", "es"});
  BOOST_TEST_REQUIRE(wrong.exit_code == 0, wrong.err);
  BOOST_TEST(wrong.out.empty(), wrong.out);
  BOOST_TEST(wrong.err.starts_with("0 match(es)\nthe English side has 1 match(es), best "),
             wrong.err);
  BOOST_TEST(wrong.err.find("(--lang en shows them)") != std::string::npos, wrong.err);
  // Below the threshold: the best candidate and the --min that shows it.
  Run low = t.run({"match", "Could not read the configuration of the printer.", "--min", "95"});
  BOOST_TEST(low.out.empty(), low.out);
  BOOST_TEST(low.err.starts_with("0 match(es)\nbest below 95%: "), low.err);
  BOOST_TEST(low.err.find("Could not open the configuration file.  (--min ") != std::string::npos,
             low.err);
  BOOST_TEST(low.err.find("--lang en shows it") == std::string::npos, low.err);
  // The best candidate on the other side names the --lang too.
  Run other = t.run(
      {"match", "Could not read the configuration of the printer.", "--min", "95", "--lang", "es"});
  BOOST_TEST(other.err.find("Could not open the configuration file.  (--min ") != std::string::npos,
             other.err);
  BOOST_TEST(other.err.find(" --lang en shows it)") != std::string::npos, other.err);
  // Nothing shares a word with it.
  Run none = t.run({"match", "Zzyzx qwerty."});
  BOOST_TEST(none.err.starts_with("0 match(es)\nno unit shares a word with it"), none.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_gloss_in_parentheses_is_not_a_use_of_the_term) {
  // The translation glosses the original: the Spanish term also stands on
  // the English side, but only in parentheses.
  PairsTm t(
      {{"¿Qué fue el poder popular para usted?", "What was popular power (poder popular) for you?"},
       {"Los cordones crecieron.", "The belts grew."}});
  Run terms =
      run_alinea({"terms", "poder popular", "--tm", t.tm}, "", {"ALINEA_DATA=" + t.dir.path()});
  BOOST_TEST_REQUIRE(terms.exit_code == 0, terms.err);
  BOOST_TEST(terms.err.find("Spanish: on the Spanish side of 1 unit, the English side of 1 unit; "
                            "in parentheses, as a gloss, on the Spanish side of none, the English "
                            "side of 1 unit") != std::string::npos,
             terms.err);
  BOOST_TEST(terms.out.find("As English") == std::string::npos, terms.out);
  BOOST_TEST(terms.out.find("popular power") != std::string::npos, terms.out);
  // A term used on both sides outside parentheses stays plausible as both.
  PairsTm both({{"Vivían en el campamento.", "They lived in the campamento."},
                {"El campamento creció.", "The campamento grew."}});
  Run r = both.run({"search", "campamento"});
  BOOST_TEST(r.err.find("both languages") != std::string::npos, r.err);
}
