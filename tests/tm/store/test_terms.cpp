// Store::term_variants: inflection-aware grouping and word-aligned renderings.
#include <boost/test/unit_test.hpp>

#include "fixtures.h"
#include "tm/store/store.h"

using namespace alinea::tm;
using namespace alinea::tm::test;

namespace {

std::string cut(const std::string& text, ByteRange r) {
  return text.substr(r.begin, r.end - r.begin);
}

// Background pairs so that the word alignment learns the function words.
void add_background(Store& s) {
  const char* pairs[][2] = {
      {"El archivo no existe.", "The file does not exist."},
      {"No se puede abrir el archivo.", "Cannot open the file."},
      {"El usuario no existe.", "The user does not exist."},
      {"Escriba su nombre de usuario.", "Enter your user name."},
      {"La red no responde.", "The network does not respond."},
      {"Abrir la red.", "Open the network."},
      {"El nombre no es válido.", "The name is not valid."},
      {"Cambiar el nombre.", "Change the name."},
  };
  for (const auto& p : pairs) s.add_unit(unit(p[0], p[1]));
}

const TermRendering* find(const std::vector<TermRendering>& r, const std::string& text) {
  for (const auto& x : r)
    if (x.text == text) return &x;
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(terms_inflection)

BOOST_AUTO_TEST_CASE(plural_forms_are_one_group_and_not_inconsistent) {
  TempDir dir;
  auto s = Store::open(dir.file("t.tm"), OpenMode::ReadWrite);
  add_background(s);
  s.add_unit(unit("Escriba la contraseña.", "Enter the password."));
  s.add_unit(unit("La contraseña no es válida.", "The password is not valid."));
  s.add_unit(unit("Cambiar la contraseña.", "Change the password."));
  s.add_unit(unit("Las contraseñas no coinciden.", "The passwords do not match."));
  s.add_unit(unit("Borrar las contraseñas.", "Delete the passwords."));
  auto r = s.term_variants("contraseña", {.lang = "es"});
  BOOST_REQUIRE(!r.empty());
  BOOST_TEST((r[0].kind == TermRendering::Kind::Translation));
  BOOST_TEST(r[0].text == "password");
  BOOST_TEST(r[0].count == 5);
  BOOST_TEST(r[0].share == 1.0);
  BOOST_REQUIRE_EQUAL(r[0].forms.size(), 2u);
  BOOST_TEST(r[0].forms[0].first == "password");
  BOOST_TEST(r[0].forms[0].second == 3);
  BOOST_TEST(r[0].forms[1].first == "passwords");
  BOOST_TEST(r[0].forms[1].second == 2);
  BOOST_TEST(!inconsistent(r));
  // The plural query finds the singular too.
  auto plural = s.term_variants("contraseñas", {.lang = "es"});
  BOOST_REQUIRE(!plural.empty());
  BOOST_TEST(plural[0].count == 5);
}

BOOST_AUTO_TEST_CASE(query_matches_inflected_phrase) {
  TempDir dir;
  auto s = Store::open(dir.file("t.tm"), OpenMode::ReadWrite);
  add_background(s);
  s.add_unit(unit("Los cordones industriales se organizaron.", "The industrial belts organised."));
  s.add_unit(unit("El cordón industrial Vicuña Mackenna.", "The Vicuña Mackenna industrial belt."));
  s.add_unit(unit("Un cordón de zapato.", "A shoe lace."));  // not the term
  auto r = s.term_variants("cordón industrial", {.lang = "es"});
  int64_t total = 0;
  for (const auto& x : r) total += x.count;
  BOOST_TEST(total == 2);
  BOOST_REQUIRE(!r.empty());
  bool found_plural = false;
  for (const auto& x : r)
    if (x.example_id && cut(x.example_source, x.example_term) == "cordones industriales")
      found_plural = true;
  for (const auto& x : r)
    for (const auto& [form, n] : x.forms) found_plural |= form == "industrial belts";
  BOOST_TEST(found_plural);
  // Names beside the term are not its rendering.
  for (const auto& x : r) {
    BOOST_TEST(x.text.find("Vicuña") == std::string::npos);
    BOOST_TEST(x.text.find("Mackenna") == std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(terms_precision)

BOOST_AUTO_TEST_CASE(rendering_is_the_aligned_words_not_the_neighbours) {
  TempDir dir;
  auto s = Store::open(dir.file("t.tm"), OpenMode::ReadWrite);
  add_background(s);
  s.add_unit(unit("En 1970 participó en la toma de terreno que dio origen al campamento.",
                  "In 1970 she took part in the land takeover (toma de terreno) that gave rise "
                  "to the camp."));
  s.add_unit(unit("Que no se dejen engañar por los que dicen que la toma es delincuencia.",
                  "Not to be fooled by those who say a land takeover is a crime."));
  auto r = s.term_variants("land takeover", {.lang = "en"});
  BOOST_REQUIRE(!r.empty());
  for (const auto& x : r) {
    BOOST_TEST(x.text.find("dicen") == std::string::npos);
    BOOST_TEST(x.text.find("Aurora") == std::string::npos);
  }
  const TermRendering* full = find(r, "toma de terreno");
  BOOST_REQUIRE(full);
  BOOST_TEST(cut(full->example_source, full->example_term) == "land takeover");
  BOOST_TEST(cut(full->example_target, full->example_rendering) == "toma de terreno");
  // "toma" alone is a shortening of "toma de terreno", not a rival.
  BOOST_TEST(!inconsistent(r));
}

BOOST_AUTO_TEST_CASE(gloss_of_the_original_is_not_the_rendering) {
  TempDir dir;
  auto s = Store::open(dir.file("t.tm"), OpenMode::ReadWrite);
  add_background(s);
  s.add_unit(unit("¿Qué fue el poder popular para usted?",
                  "What was popular power (poder popular) for you?"));
  auto r = s.term_variants("poder popular", {.lang = "es"});
  BOOST_REQUIRE(!r.empty());
  BOOST_TEST((r[0].kind == TermRendering::Kind::Translation));
  BOOST_TEST(r[0].text == "popular power");
  BOOST_TEST(cut(r[0].example_target, r[0].example_rendering) == "popular power");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(terms_consistency)

BOOST_AUTO_TEST_CASE(rivals_below_the_share_do_not_make_inconsistent) {
  auto group = [](std::string text, std::string stems, int64_t count, double share) {
    TermRendering r;
    r.text = std::move(text);
    r.stems = std::move(stems);
    r.count = count;
    r.share = share;
    return r;
  };
  std::vector<TermRendering> r{group("password", "password", 19, 0.95),
                               group("key", "key", 1, 0.05)};
  BOOST_TEST(!inconsistent(r));
  BOOST_TEST(inconsistent(r, 0.05));
  r[1].count = 5;
  r[1].share = 0.2;
  BOOST_TEST(inconsistent(r));
  // A shortening of a bigger group is not a rival.
  std::vector<TermRendering> shortened{group("toma de terreno", "tom de terren", 3, 0.6),
                                       group("toma", "tom", 2, 0.4)};
  BOOST_TEST(!inconsistent(shortened));
  TermRendering unknown = group("", "", 10, 0);
  unknown.kind = TermRendering::Kind::Unknown;
  std::vector<TermRendering> one{group("password", "password", 3, 1.0), unknown};
  BOOST_TEST(!inconsistent(one));
}

BOOST_AUTO_TEST_CASE(work_is_bounded_by_max_units) {
  TempDir dir;
  auto s = Store::open(dir.file("t.tm"), OpenMode::ReadWrite);
  add_background(s);
  for (int i = 0; i < 30; ++i)
    s.add_unit(unit("La contraseña " + std::to_string(i) + " caducó.",
                    "Password " + std::to_string(i) + " expired."));
  TermOptions opt;
  opt.lang = "es";
  opt.max_units = 10;
  auto r = s.term_variants("contraseña", opt);
  int64_t total = 0;
  for (const auto& x : r) total += x.count;
  BOOST_TEST(total == 10);
  BOOST_REQUIRE(!r.empty());
  BOOST_TEST(r[0].text == "Password");
}

BOOST_AUTO_TEST_SUITE_END()
