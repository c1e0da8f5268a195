// terms through the binary: language from evidence, inflection groups, renderings, glossaries.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "run.h"

using alinea::test::run_alinea;
using alinea::test::TempDir;

namespace {

struct PasswordTm {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  PasswordTm() {
    const char* pairs[][2] = {
        {"Escriba la contraseña.", "Enter the password."},
        {"La contraseña no es válida.", "The password is not valid."},
        {"Cambiar la contraseña.", "Change the password."},
        {"Las contraseñas no coinciden.", "The passwords do not match."},
        {"Borrar las contraseñas.", "Delete the passwords."},
        {"El archivo no existe.", "The file does not exist."},
        {"No se puede abrir el archivo.", "Cannot open the file."},
        {"El usuario no existe.", "The user does not exist."},
        {"Cambiar el nombre.", "Change the name."},
        {"Los derechos humanos son universales.", "Human rights are universal."},
        {"Defender los derechos humanos.", "Defend human rights."},
    };
    for (auto& p : pairs) {
      auto r = run_alinea({"add", p[0], p[1], "--tm", tm});
      BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    }
  }
  alinea::test::Run run(std::vector<std::string> args) {
    args.push_back("--tm");
    args.push_back(tm);
    args.push_back("--no-lexicon");
    return run_alinea(args);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(terms_groups_inflected_forms_and_lists_them) {
  PasswordTm t;
  auto r = t.run({"terms", "contraseña", "--lang", "es"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("5  password") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("forms: password 3, passwords 2") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Inconsistent") == std::string::npos, r.out);
  // The example marks the term and its rendering.
  BOOST_TEST(r.out.find("[contraseña]") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("[password]") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(terms_json_has_forms_and_ranges) {
  PasswordTm t;
  auto r = t.run({"terms", "contraseñas", "--lang", "es", "--json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("\"forms\":[{\"text\":\"password\",\"count\":3},{\"text\":\"passwords\","
                        "\"count\":2}]") != std::string::npos,
             r.out);
  BOOST_TEST(r.out.find("\"example_rendering\":[") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("\"inconsistent\":false") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(terms_english_query_is_looked_up_on_the_english_side) {
  PasswordTm t;
  auto r = t.run({"terms", "human rights"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("does not occur") == std::string::npos, r.out);
  BOOST_TEST(r.out.find("(en)") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("derechos humanos") != std::string::npos, r.out);
  // --lang still forces the side.
  auto forced = t.run({"terms", "human rights", "--lang", "es"});
  BOOST_TEST(forced.out.find("does not occur") != std::string::npos, forced.out);
}

BOOST_AUTO_TEST_CASE(terms_glossary_match_is_inflection_aware) {
  PasswordTm t;
  const std::string glossary = t.dir.file("g.tsv");
  {
    std::ofstream out(glossary);
    out << "es\ten\ncontraseña\tpasswords\n";
  }
  auto r = t.run({"terms", "contraseña", "--lang", "es", "--glossary", glossary});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("password  [glossary]") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("[not in glossary]") == std::string::npos, r.out);
}
