// stats, docs, show, add, edit, review, delete, search, match, terms through
// the real binary.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "run.h"

using alinea::test::run_alinea;
using alinea::test::TempDir;

namespace {

struct SmallTm {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  SmallTm() {
    const char* pairs[][2] = {
        {"El poder popular se construye en los barrios.",
         "People's power is built in the neighbourhoods."},
        {"Los pobladores organizaron la toma.", "The settlers organised the takeover."},
        {"La educación era un derecho para los pobladores.",
         "Education was a right for the pobladores."},
        {"El poder popular no se decreta.", "Popular power cannot be decreed."},
        {"Creemos en el poder popular.", "We believe in people's power."},
        {"El poder popular crecía en los cordones.",
         "People's power grew in the industrial belts."},
        {"Hablaban de poder popular en las asambleas.",
         "They spoke of popular power in the assemblies."},
        {"Los cordones industriales se formaron en 1972.",
         "The industrial belts were formed in 1972."},
    };
    for (auto& p : pairs) {
      auto r = run_alinea({"add", p[0], p[1], "--tm", tm});
      BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    }
  }
  alinea::test::Run run(std::vector<std::string> args) {
    args.push_back("--tm");
    args.push_back(tm);
    return run_alinea(args);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(stats_json_counts_units_and_documents) {
  SmallTm t;
  auto r = t.run({"stats", "--json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("\"units\":8") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("\"documents\":0") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(tm_from_environment_when_no_flag) {
  SmallTm t;
  auto r = run_alinea({"stats", "--json"}, "", {"ALINEA_TM=" + t.tm});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("\"units\":8") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(adding_the_same_pair_twice_merges) {
  SmallTm t;
  auto r =
      t.run({"add", "Los pobladores organizaron la toma.", "The settlers organised the takeover."});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "2\n");
  BOOST_TEST(r.err.find("already in the TM as unit 2") != std::string::npos, r.err);
  auto s = t.run({"stats", "--json"});
  BOOST_TEST(s.out.find("\"units\":8") != std::string::npos, s.out);
}

BOOST_AUTO_TEST_CASE(search_ignores_accents_and_marks_matches) {
  SmallTm t;
  auto r = t.run({"search", "educacion", "--json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("La educación era un derecho") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("\"source_highlights\":[[3,13]]") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(search_phrase_and_no_colour_off_terminal) {
  SmallTm t;
  auto r = t.run({"search", "\"poder popular\""});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("barrios") != std::string::npos);
  BOOST_TEST(r.out.find("no se decreta") != std::string::npos);
  BOOST_TEST(r.out.find("\x1b[") == std::string::npos);
  auto c = t.run({"search", "\"poder popular\"", "--color", "always"});
  BOOST_TEST(c.out.find("\x1b[1;31mpoder") != std::string::npos, c.out);
}

BOOST_AUTO_TEST_CASE(search_treats_operators_and_quotes_as_text) {
  SmallTm t;
  for (std::string q : {"\"", "NEAR(poder", "poder OR 1=1; DROP TABLE units", "a\"b", "*"}) {
    auto r = t.run({"search", q});
    BOOST_TEST(r.exit_code == 0, q << ": " << r.err);
  }
  auto s = t.run({"stats", "--json"});
  BOOST_TEST(s.out.find("\"units\":8") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(match_gives_a_percentage_and_the_differing_words) {
  SmallTm t;
  auto r = t.run({"match", "Los cordones industriales se formaron en 1973.", "--json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("The industrial belts were formed in 1972.") != std::string::npos, r.out);
  auto pos = r.out.find("\"percent\":");
  BOOST_TEST_REQUIRE(pos != std::string::npos);
  double percent = std::stod(r.out.substr(pos + 10));
  BOOST_TEST(percent > 80.0);
  BOOST_TEST(percent < 100.0);
  auto human = t.run({"match", "Los cordones industriales se formaron en 1973."});
  BOOST_TEST(human.out.find("differs: 1972") != std::string::npos, human.out);
}

BOOST_AUTO_TEST_CASE(terms_lists_renderings_and_flags_inconsistency) {
  SmallTm t;
  auto r = t.run({"terms", "poder popular", "--lang", "es", "--no-lexicon"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("Renderings of 'poder popular'") != std::string::npos, r.out);
  std::string lower = r.out;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  BOOST_TEST(lower.find("people's power") != std::string::npos, r.out);
  BOOST_TEST(lower.find("popular power") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Inconsistent") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(review_edit_show_delete_round) {
  SmallTm t;
  BOOST_TEST(t.run({"review", "2", "--accept"}).exit_code == 0);
  auto shown = t.run({"show", "2", "--json"});
  BOOST_TEST(shown.out.find("\"status\":\"reviewed\"") != std::string::npos, shown.out);
  BOOST_TEST(
      t.run({"edit", "2", "--target", "The settlers organised the land takeover."}).exit_code == 0);
  shown = t.run({"show", "2", "--json"});
  BOOST_TEST(shown.out.find("the land takeover.") != std::string::npos, shown.out);
  BOOST_TEST(shown.out.find("\"changed_by\":\"") != std::string::npos);
  BOOST_TEST(t.run({"delete", "2"}).exit_code == 0);
  auto gone = t.run({"show", "2"});
  BOOST_TEST(gone.exit_code == 1);
  BOOST_TEST(gone.err.find("no unit with id 2") != std::string::npos, gone.err);
}

BOOST_AUTO_TEST_CASE(reading_a_missing_tm_is_a_user_error) {
  TempDir dir;
  auto r = run_alinea({"search", "x", "--tm", dir.file("none.tm")});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("none.tm") != std::string::npos);
  BOOST_TEST(!std::filesystem::exists(dir.file("none.tm")));
}

BOOST_AUTO_TEST_CASE(a_foreign_file_is_refused_and_left_alone) {
  TempDir dir;
  std::string path = dir.file("notes.txt");
  alinea::test::write_file(path, "just some notes, not a database\n");
  auto r = run_alinea({"add", "a", "b", "--tm", path});
  BOOST_TEST(r.exit_code == 1, r.err);
  BOOST_TEST(r.err.find("notes.txt") != std::string::npos, r.err);
  BOOST_TEST(alinea::test::read_file(path) == "just some notes, not a database\n");
}

BOOST_AUTO_TEST_CASE(edit_in_the_users_editor) {
  SmallTm t;
  auto r = run_alinea({"edit", "2", "--tm", t.tm}, "",
                      {"EDITOR=sed -i s/settlers/pobladores/", "VISUAL="});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto shown = t.run({"show", "2", "--json"});
  BOOST_TEST(shown.out.find("The pobladores organised the takeover.") != std::string::npos,
             shown.out);
  auto none = run_alinea({"edit", "2", "--tm", t.tm}, "", {"EDITOR=", "VISUAL="});
  BOOST_TEST(none.exit_code == 1);
  BOOST_TEST(none.err.find("$EDITOR") != std::string::npos, none.err);
}

BOOST_AUTO_TEST_CASE(unknown_ids_are_user_errors) {
  SmallTm t;
  for (auto args : std::vector<std::vector<std::string>>{
           {"review", "999", "--accept"}, {"edit", "999", "--note", "x"}, {"delete", "999"}}) {
    auto r = t.run(args);
    BOOST_TEST(r.exit_code == 1, args[0] << ": " << r.err);
    BOOST_TEST(r.err.find("999") != std::string::npos, r.err);
  }
  auto bad_doc = t.run({"delete", "--doc", "nope"});
  BOOST_TEST(bad_doc.exit_code == 1);
  auto both = t.run({"review", "1", "--accept", "--reject"});
  BOOST_TEST(both.exit_code == 1);
}

BOOST_AUTO_TEST_CASE(terms_take_a_gloss_for_a_rendering_not_for_untranslated) {
  TempDir dir;
  std::string tm = dir.file("g.tm");
  auto r = run_alinea({"add", "En 1970 participó en la toma de terreno del campamento.",
                       "In 1970 she took part in the land takeover (toma de terreno) of the camp.",
                       "--tm", tm});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto t = run_alinea(
      {"terms", "toma de terreno", "--lang", "es", "--no-lexicon", "--json", "--tm", tm});
  BOOST_TEST_REQUIRE(t.exit_code == 0, t.err);
  BOOST_TEST(
      t.out.find("\"kind\":\"translation\",\"rendering\":\"land takeover\"") != std::string::npos,
      t.out);
  BOOST_TEST(t.out.find("untranslated") == std::string::npos, t.out);
}

// A TM in a folder the reader cannot write (a read-only mount, a folder the
// coordinator owns) must still be readable, even with no -wal/-shm left.
BOOST_AUTO_TEST_CASE(a_tm_in_a_folder_the_reader_cannot_write_is_readable) {
  if (geteuid() != 0 || std::system("command -v setpriv > /dev/null") != 0) {
    BOOST_TEST_MESSAGE("skipped: needs root and setpriv (util-linux) to read as another user");
    return;
  }
  TempDir dir;
  std::string folder = dir.file("shared");
  std::filesystem::create_directory(folder);
  std::string tm = folder + "/t.tm";
  BOOST_TEST_REQUIRE(
      run_alinea({"add", "Poder popular.", "People's power.", "--tm", tm}).exit_code == 0);
  BOOST_TEST(!std::filesystem::exists(tm + "-wal"));
  BOOST_TEST(!std::filesystem::exists(tm + "-shm"));
  using std::filesystem::perms;
  std::filesystem::permissions(dir.path(), perms::owner_all | perms::group_exec |
                                               perms::others_exec | perms::group_read |
                                               perms::others_read);
  std::filesystem::permissions(folder, perms::owner_read | perms::owner_exec | perms::group_read |
                                           perms::group_exec | perms::others_read |
                                           perms::others_exec);
  for (const std::string command : {"stats", "search"}) {
    std::string line = "setpriv --reuid=65534 --regid=65534 --clear-groups " +
                       std::string(ALINEA_BINARY) + " " + command +
                       (command == "search" ? " poder" : "") + " --tm " + tm + " > " +
                       dir.file("out") + " 2> " + dir.file("err");
    int rc = std::system(line.c_str());
    BOOST_TEST(WEXITSTATUS(rc) == 0, command << ": " << alinea::test::read_file(dir.file("err")));
    if (command == "search")
      BOOST_TEST(alinea::test::read_file(dir.file("out")).find("People's power.") !=
                 std::string::npos);
  }
  std::filesystem::permissions(folder, perms::owner_all);
}
