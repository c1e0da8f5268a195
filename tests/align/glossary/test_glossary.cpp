#define BOOST_TEST_MODULE glossary
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "align/error.h"
#include "align/glossary/glossary.h"

using namespace alinea::align;
namespace fs = std::filesystem;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;  // (es, en)

Pairs pairs_of(std::string_view text, const std::string& file = "t.md",
               const GlossaryOptions& options = {}) {
  Pairs out;
  for (const GlossaryEntry& e : extract_glossary(text, file, options)) out.emplace_back(e.es, e.en);
  return out;
}

std::string describe(const Pairs& pairs) {
  std::string s;
  for (const auto& [es, en] : pairs) s += "[" + es + " | " + en + "] ";
  return s.empty() ? "(none)" : s;
}

void expect_pair(std::string_view text, const std::string& es, const std::string& en,
                 const std::string& file = "t.md") {
  Pairs got = pairs_of(text, file);
  BOOST_TEST_CONTEXT(text) {
    BOOST_TEST_REQUIRE(got.size() == 1u, "got " << describe(got));
    BOOST_TEST(got[0].first == es);
    BOOST_TEST(got[0].second == en);
  }
}

void expect_none(std::string_view text, const std::string& file = "t.md") {
  Pairs got = pairs_of(text, file);
  BOOST_TEST(got.empty(), text << " -> " << describe(got));
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(extract)

BOOST_AUTO_TEST_CASE(english_term_then_spanish_gloss) {
  expect_pair("In 1970 they joined the land takeovers (tomas de terreno) in the south.",
              "tomas de terreno", "land takeovers");
  expect_pair("They formed housing committees (*comités de vivienda*) in every block.",
              "comités de vivienda", "housing committees");
  expect_pair("We cooked in a communal kitchen (olla común) for months.", "olla común",
              "communal kitchen");
  expect_pair("We were lodgers [allegados] in my aunt's house.", "allegados", "lodgers");
  expect_pair("It was the Popular Unity (Unidad Popular) government.", "Unidad Popular",
              "Popular Unity");
}

BOOST_AUTO_TEST_CASE(spanish_term_then_english_gloss) {
  expect_pair("Las tomas de terreno (land takeovers) empezaron antes.", "tomas de terreno",
              "land takeovers");
  expect_pair("Al final el comité de vivienda (housing committee) nos ayudó.", "comité de vivienda",
              "housing committee");
  expect_pair("The *comités de vivienda* (housing committees) met weekly.", "comités de vivienda",
              "housing committees");
  expect_pair("Ollas comunes (communal kitchens) appeared everywhere.", "ollas comunes",
              "communal kitchens");
}

BOOST_AUTO_TEST_CASE(both_sides_italic_and_articles_dropped) {
  expect_pair("Every Sunday *the neighbourhood assembly* (*la asamblea vecinal*) voted.",
              "asamblea vecinal", "neighbourhood assembly");
  expect_pair("Cada domingo _la asamblea vecinal_ (_the neighbourhood assembly_) votaba.",
              "asamblea vecinal", "neighbourhood assembly");
}

BOOST_AUTO_TEST_CASE(html_italics) {
  expect_pair("<p>We met at the <em>olla común</em> (communal kitchen) every day.</p>",
              "olla común", "communal kitchen", "t.html");
  expect_pair("<p>The <i>pobladores</i> (shantytown dwellers) organised.</p>", "pobladores",
              "shantytown dwellers", "t.html");
  expect_pair("<p>the housing committee (<em>comit&eacute; de vivienda</em>)</p>",
              "comité de vivienda", "housing committee", "t.html");
}

BOOST_AUTO_TEST_CASE(quoted_term_is_taken_whole) {
  expect_pair("They called them «campamentos» (camps) from then on.", "campamentos", "camps");
  expect_pair("They were the \"allegados\" (lodgers) of the city.", "allegados", "lodgers");
}

BOOST_AUTO_TEST_CASE(term_extent) {
  // +1: a modifier bounded by an article belongs to the term.
  expect_pair("Then the shantytown dwellers (pobladores) marched.", "pobladores",
              "shantytown dwellers");
  // ...but not a name with another capitalisation, nor a verb.
  expect_pair("He worked in the Cerrillos-Maipú industrial belt (cordón industrial).",
              "cordón industrial", "industrial belt");
  expect_pair("We formed housing committees (comités de vivienda).", "comités de vivienda",
              "housing committees");
  // -1: punctuation bounds the term.
  expect_pair("Hunger, solidarity (solidaridad) and hope.", "solidaridad", "solidarity");
  // Connectors are crossed, English articles are not.
  expect_pair("They sang about bread and roses (pan y rosas) all night.", "pan y rosas",
              "bread and roses");
  expect_pair("Exigían el derecho a la vivienda (right to housing) entonces.",
              "derecho a la vivienda", "right to housing");
  expect_pair("It was the factory takeover (toma de la fábrica) that mattered.",
              "toma de la fábrica", "factory takeover");
  expect_pair("He is one of the detained-disappeared (detenidos desaparecidos) since then.",
              "detenidos desaparecidos", "detained-disappeared");
  // A one-word gloss of a Spanish "N de N" compound takes the compound.
  expect_pair("Abrimos el intérprete de órdenes (shell) otra vez.", "intérprete de órdenes",
              "shell");
}

BOOST_AUTO_TEST_CASE(word_order_breaks_ties) {
  // "poder" and "popular" carry no Spanish spelling; the mirrored adjective
  // ("popular power" / "poder popular") decides.
  expect_pair("What was popular power (poder popular) for you?", "poder popular", "popular power");
  expect_pair("El poder popular (popular power) era eso.", "poder popular", "popular power");
}

BOOST_AUTO_TEST_CASE(lexicon_hint_decides_unmarked_words) {
  std::string text = "It was people's power (poder popular) at last.";
  BOOST_TEST(pairs_of(text).empty());
  GlossaryOptions options;
  options.word_language = [](std::string_view w) -> std::optional<Language> {
    if (w == "poder") return Language::Spanish;
    if (w == "power") return Language::English;
    return std::nullopt;
  };
  Pairs got = pairs_of(text, "t.txt", options);
  BOOST_TEST_REQUIRE(got.size() == 1u, describe(got));
  BOOST_TEST(got[0].first == "poder popular");
  BOOST_TEST(got[0].second == "people's power");
}

// In running prose the unmarked term outside the parenthesis is in the
// document's language; a foreign term outside must be marked off.
BOOST_AUTO_TEST_CASE(outer_term_follows_the_document_language) {
  const std::string en_prose =
      "We lived in the campamento for three years and we were part of it. ";
  const std::string es_prose = "Vivimos en el campamento durante tres años y éramos parte de él. ";
  // A Spanish term with clear Spanish spelling may stand unmarked in English
  // prose; an English term in Spanish prose must be marked off.
  expect_pair(en_prose + "The tomas de terreno (land takeovers) were organised by the committees.",
              "tomas de terreno", "land takeovers");
  expect_none(en_prose + "The Alameda (main avenue) was closed by the police that morning.");
  expect_pair(
      en_prose + "The *tomas de terreno* (land takeovers) were organised by the committees.",
      "tomas de terreno", "land takeovers");
  expect_pair(en_prose + "The land takeovers (tomas de terreno) were organised by the committees.",
              "tomas de terreno", "land takeovers");
  expect_none(es_prose +
              "Los land takeovers (tomas de terreno) fueron organizados por los comités.");
  expect_pair(
      es_prose + "Las tomas de terreno (land takeovers) fueron organizadas por los comités.",
      "tomas de terreno", "land takeovers");
  expect_pair(
      es_prose + "Los «land takeovers» (tomas de terreno) fueron organizados por los comités.",
      "tomas de terreno", "land takeovers");
}

BOOST_AUTO_TEST_CASE(glosses_in_italics_or_quotes_inside_the_brackets) {
  expect_pair("Families began to organise land takeovers (*tomas*) every winter.", "tomas",
              "land takeovers");
  expect_pair("Families began to organise land takeovers (“tomas”) every winter.", "tomas",
              "land takeovers");
  expect_pair("Families began to organise land takeovers («tomas») every winter.", "tomas",
              "land takeovers");
  expect_pair("<p>They cooked in a shared kitchen (<i>olla común</i>) daily.</p>", "olla común",
              "shared kitchen", "t.html");
  expect_pair("The *campamento* ('camp') grew.", "campamento", "camp");
}

BOOST_AUTO_TEST_CASE(lower_case_multi_word_heads) {
  // Verbs and common adjectives bound the head as function words do.
  expect_pair("Hundreds of young shantytown organizers (pobladores) came.", "pobladores",
              "shantytown organizers");
  expect_pair("The women set up land takeovers (tomas) at night.", "tomas", "land takeovers");
  expect_pair("They joined the housing committees (comités de vivienda) at once.",
              "comités de vivienda", "housing committees");
  // ...but not a verb or an adverb itself.
  expect_pair("Women quickly organized kitchens (ollas) everywhere.", "ollas", "kitchens");
}

BOOST_AUTO_TEST_CASE(lexicon_translations_decide_the_head) {
  const std::string text = "It was the work of hard-working settler families (pobladores) then.";
  BOOST_TEST(pairs_of(text) == (Pairs{{"pobladores", "families"}}), describe(pairs_of(text)));
  GlossaryOptions options;
  options.translations = [](std::string_view term, Language from) -> std::vector<std::string> {
    if (from == Language::Spanish && term == "pobladores") return {"settler family", "settlers"};
    return {};
  };
  Pairs got = pairs_of(text, "t.md", options);
  BOOST_TEST(got == (Pairs{{"pobladores", "settler families"}}), describe(got));
  // A word the lexicon translates into a word of the gloss joins the head.
  options.translations = [](std::string_view term, Language from) -> std::vector<std::string> {
    if (from == Language::English && term == "land") return {"tierra", "terreno"};
    return {};
  };
  const std::string text2 = "People made militant land takeovers (tomas de terreno) here.";
  BOOST_TEST(pairs_of(text2).size() == 1u);
  got = pairs_of(text2, "t.md", options);
  BOOST_TEST(got == (Pairs{{"tomas de terreno", "land takeovers"}}), describe(got));
}

BOOST_AUTO_TEST_CASE(spanish_first_in_english_prose) {
  const std::string en_prose = "Workers in the south of the city stopped work for a whole week. ";
  expect_pair(en_prose + "The cordones industriales (industrial belts) ran the plants.",
              "cordones industriales", "industrial belts");
  // Without its accent a Spanish word is still Spanish.
  expect_pair(en_prose + "Life in the poblacion (shantytown) was hard.", "poblacion", "shantytown");
  // An English head with a dropped apostrophe is still English.
  expect_pair(en_prose + "They elected workers councils (consejos obreros) in March.",
              "consejos obreros", "workers councils");
}

BOOST_AUTO_TEST_CASE(glosses_after_dashes_and_colons) {
  expect_pair("Only the pobladores -- shantytown dwellers -- built the city.", "pobladores",
              "shantytown dwellers");
  expect_pair("Only the pobladores—shantytown dwellers—built the city.", "pobladores",
              "shantytown dwellers");
  expect_pair("Students joined the school takeovers – tomas de colegios – in June.",
              "tomas de colegios", "school takeovers");
  expect_pair("They formed cordones industriales: industrial belts that ran the plants.",
              "cordones industriales", "industrial belts");
  expect_pair("Later came the *comedores populares*: people's dining halls.", "comedores populares",
              "people's dining halls");
  // Dashes and colons in plain English prose are not glosses.
  expect_none("The answer was simple: people wanted houses.");
  expect_none("They left -- nobody knew why -- before dawn.");
  expect_none("Note: the committees met on Sundays.");
}

BOOST_AUTO_TEST_CASE(italic_term_then_quoted_gloss) {
  expect_pair("Women answered with the *olla común*, \"common pot\", in every block.", "olla común",
              "common pot");
  expect_pair("<p>They sewed <em>arpilleras</em> “burlap tapestries” at night.</p>", "arpilleras",
              "burlap tapestries", "t.html");
  expect_none("He said *yes*, \"of course\", and left.");
}

BOOST_AUTO_TEST_CASE(acronyms_are_not_pairs) {
  expect_none("The Popular Unity (UP) won in 1970.");
  expect_none("La Unidad Popular (UP) ganó en 1970.");
  expect_none("The UP (Unidad Popular) won.");
  expect_none("They waited for the CORVI (the state housing corporation) for years.");
  expect_none("Las JAP (Juntas de Abastecimiento y Precios) repartían.");
  expect_none("So the supply and price boards (JAP) were set up.");
  expect_none("Llegaron de EE. UU. (Estados Unidos) los fondos.");
}

BOOST_AUTO_TEST_CASE(dashes_and_colons_keep_refusing_acronyms_dates_asides) {
  expect_none("The national federation -- CUT -- called a strike.");
  expect_none("The coup came in September -- 11 de septiembre de 1973 -- at dawn.");
  expect_none("The *campamento*: see below.");
  expect_none("The tomas -- in Spanish, takeovers -- grew.");
}

BOOST_AUTO_TEST_CASE(dates_citations_and_asides_are_not_pairs) {
  expect_none("After the coup (1973) many left.");
  expect_none("Después del golpe (11 de septiembre de 1973) muchos se fueron.");
  expect_none("The takeovers grew (Garcés 2002, p. 41).");
  expect_none("As historians note (Garcés) the takeovers grew.");
  expect_none("The committees (see below) met weekly.");
  expect_none("Los comités (véase más abajo) se reunían.");
  expect_none("The takeovers (in Spanish, tomas) grew.");
  expect_none("The tomas (sic) grew.");
  expect_none("The camp (or campamento) grew.");
  expect_none("The campamento (lit. camp) grew.");
  expect_none("(Translator's note: some words stay in Spanish.)");
  expect_none("The committee (and its leaders) met.");
}

BOOST_AUTO_TEST_CASE(same_language_on_both_sides_is_not_a_pair) {
  expect_none("We met at the assembly (the general meeting) on Sundays.");
  expect_none("Nos juntábamos en la asamblea (la reunión general) los domingos.");
  expect_none("The people (the masses) came.");
  expect_none("English (Great Britain) and Italian (Italy).");
  expect_none("a programmers text editor (standard version)");
  expect_none("The source package (upstream source) is unpacked.");
  expect_none("El paquete fuente (fuente actual) se desempaqueta.");
}

BOOST_AUTO_TEST_CASE(markup_and_layout_that_are_not_glosses) {
  expect_none("See [tomas de terreno](https://example.org/tomas) here.");
  expect_none("Bring your pole(s) and flag(s).");
  expect_none("the *campamento* was large");
  expect_none("the land takeover (toma de terreno");
  expect_none("the land takeovers\n\n(tomas de terreno) began");
  expect_none("the Alameda (la avenida principal) was full.");
  expect_none("Chino (República de China (Taiwan))");
  expect_none("the write permission (w) and the option (-l)");
}

BOOST_AUTO_TEST_CASE(several_glosses_in_order_each_once) {
  std::string text =
      "The land takeovers (tomas de terreno) began.\n\nLater the housing committee (comité de "
      "vivienda) met, and the land takeovers (tomas de terreno) went on.";
  Pairs got = pairs_of(text);
  Pairs expected{{"tomas de terreno", "land takeovers"},
                 {"comité de vivienda", "housing committee"}};
  BOOST_CHECK_MESSAGE(got == expected, describe(got));
}

BOOST_AUTO_TEST_CASE(entry_carries_file_and_one_line_context) {
  std::string text =
      "Before.\n\nA long first sentence that sets the scene for everything that follows it, and "
      "then they joined the land\ntakeovers (tomas de terreno) in the south of Santiago, where "
      "the campamentos grew quickly over the next months and years.\n\nAfter.";
  std::vector<GlossaryEntry> g = extract_glossary(text, "notes.txt");
  BOOST_TEST_REQUIRE(g.size() == 1u);
  BOOST_TEST(g[0].file == "notes.txt");
  BOOST_TEST(g[0].en == "land takeovers");  // the line break inside is folded
  const std::string& c = g[0].context;
  BOOST_TEST(c.find("land takeovers (tomas de terreno) in the south") != std::string::npos, c);
  BOOST_TEST(c.find('\n') == std::string::npos);
  BOOST_TEST(c.find("Before") == std::string::npos);
  BOOST_TEST(c.find("After") == std::string::npos);
  BOOST_TEST(c.starts_with("…"));
  BOOST_TEST(c.ends_with("…"));
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_an_input_error) {
  std::string text = "land takeovers (tomas de terreno) \xC3(";
  BOOST_CHECK_EXCEPTION(extract_glossary(text, "bad.txt"), InputError, [](const InputError& e) {
    return e.file() == "bad.txt" && e.position().byte_offset == 34u;
  });
  BOOST_CHECK_THROW(extract_glossary_file("/nonexistent/dir/x.md"), InputError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tsv)

BOOST_AUTO_TEST_CASE(write_then_read_round_trip) {
  std::vector<GlossaryEntry> g{
      {"tomas de terreno", "land takeovers", "a.md", "the land takeovers (…)"},
      {"olla\tcomún", "communal\nkitchen", "b.md", "x"}};
  std::ostringstream out;
  write_glossary_tsv(out, g);
  BOOST_TEST(out.str() ==
             "es\ten\tfile\tcontext\n"
             "tomas de terreno\tland takeovers\ta.md\tthe land takeovers (…)\n"
             "olla común\tcommunal kitchen\tb.md\tx\n");
  std::istringstream in(out.str());
  std::vector<GlossaryEntry> back = read_glossary_tsv(in, "g.tsv");
  BOOST_TEST_REQUIRE(back.size() == 2u);
  BOOST_CHECK(back[0] == g[0]);
  BOOST_TEST(back[1].es == "olla común");
  BOOST_TEST(back[1].en == "communal kitchen");
}

BOOST_AUTO_TEST_CASE(reader_takes_columns_by_name) {
  std::istringstream in("en\tnote\tes\r\nstrike\tx\thuelga\r\n\r\n");
  std::vector<GlossaryEntry> g = read_glossary_tsv(in, "g.tsv");
  BOOST_TEST_REQUIRE(g.size() == 1u);
  BOOST_TEST(g[0].es == "huelga");
  BOOST_TEST(g[0].en == "strike");
  BOOST_TEST(g[0].file.empty());
}

BOOST_AUTO_TEST_CASE(reader_errors_name_the_line) {
  std::istringstream no_header("spanish\tenglish\n");
  BOOST_CHECK_EXCEPTION(read_glossary_tsv(no_header, "g.tsv"), InputError,
                        [](const InputError& e) { return e.position().line == 1u; });
  std::istringstream short_row("es\ten\nhuelga\tstrike\nsolo\n");
  BOOST_CHECK_EXCEPTION(read_glossary_tsv(short_row, "g.tsv"), InputError,
                        [](const InputError& e) { return e.position().line == 3u; });
  std::istringstream empty("");
  BOOST_CHECK_THROW(read_glossary_tsv(empty, "g.tsv"), InputError);
}

BOOST_AUTO_TEST_CASE(deduplicate_across_files_ignores_case_and_accents) {
  std::vector<GlossaryEntry> g{{"Comités de vivienda", "housing committees", "a.md", ""},
                               {"comites de vivienda", "Housing committees", "b.md", ""},
                               {"comités de vivienda", "housing boards", "b.md", ""}};
  deduplicate_glossary(g);
  BOOST_TEST_REQUIRE(g.size() == 2u);
  BOOST_TEST(g[0].file == "a.md");
  BOOST_TEST(g[1].en == "housing boards");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(documents)

// The bundled sample glosses five terms in its English rendering, in plain
// text, Markdown (italics) and HTML (<em>); the Spanish original has none.
BOOST_AUTO_TEST_CASE(bundled_interview_in_three_formats) {
  const fs::path dir = fs::path(ALINEA_CORPORA) / "entrevista";
  Pairs expected{{"toma de terreno", "land takeover"},
                 {"comité de vivienda", "housing committee"},
                 {"olla común", "communal kitchen"},
                 {"poder popular", "popular power"},
                 {"cordón industrial", "industrial belt"}};
  for (const char* name : {"en.txt", "en.md", "en.html"}) {
    std::vector<GlossaryEntry> g = extract_glossary_file((dir / name).string());
    Pairs got;
    for (const GlossaryEntry& e : g) got.emplace_back(e.es, e.en);
    BOOST_CHECK_MESSAGE(got == expected, name << ": " << describe(got));
  }
  BOOST_TEST(extract_glossary_file((dir / "es.txt").string()).empty());
}

BOOST_AUTO_TEST_CASE(test_data_documents_match_expected_tsv) {
  const fs::path dir = fs::path(ALINEA_TEST_DATA) / "glossary";
  std::vector<GlossaryEntry> all;
  for (const char* name : {"article.md", "article.html"}) {
    std::vector<GlossaryEntry> g = extract_glossary(read_file(dir / name), name);
    all.insert(all.end(), g.begin(), g.end());
  }
  std::ostringstream out;
  write_glossary_tsv(out, all);
  BOOST_TEST(out.str() == read_file(dir / "expected.tsv"));
}

// Precision on real data: English prose with many parentheses (Debian
// Reference, the UDHR) contains no Spanish glosses, so nothing may come out.
BOOST_AUTO_TEST_CASE(no_false_glosses_in_english_reference_texts) {
  const fs::path shared(ALINEA_SHARED_CORPORA);
  std::vector<fs::path> files{shared / "debref/debref/en.txt", shared / "udhr/udhr/en.txt",
                              shared / "bible/01_Gen/en.txt"};
  if (!fs::exists(files[0])) {
    BOOST_TEST_MESSAGE("shared corpora absent: skipped");
    return;
  }
  for (const fs::path& f : files) {
    if (!fs::exists(f)) continue;
    std::vector<GlossaryEntry> g = extract_glossary_file(f.string());
    Pairs got;
    for (const GlossaryEntry& e : g) got.emplace_back(e.es, e.en);
    BOOST_TEST(got.empty(), f.string() << ": " << describe(got));
  }
}

BOOST_AUTO_TEST_SUITE_END()
