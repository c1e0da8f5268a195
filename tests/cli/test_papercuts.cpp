// What a new user stumbles on (issue: papercuts), through the real binary.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "run.h"

using alinea::test::read_file;
using alinea::test::Run;
using alinea::test::run_alinea;
using alinea::test::TempDir;
using alinea::test::write_file;

extern char** environ;

namespace {

namespace fs = std::filesystem;

// The only thing on stderr must be this one error line.
std::string error_line(const std::string& message) { return "alinea: error: " + message + "\n"; }

// A TM with enough text (120 units) for SentencePiece to train a small
// model, imported from a TSV; `env` chooses the TM when `tm` is empty.
void make_training_tm(const TempDir& dir, const std::string& tm,
                      const std::vector<std::string>& env = {}) {
  std::string tsv = "es\ten\n";
  const char* es[] = {"La toma de terreno",
                      "Los pobladores organizaron el campamento",
                      "El comité de vivienda se reunía",
                      "Las familias levantaron carpas",
                      "La policía llegó de madrugada",
                      "El poder popular en los barrios"};
  const char* en[] = {"The land takeover",         "The settlers organised the camp",
                      "The housing committee met", "The families put up tents",
                      "The police came at dawn",   "Popular power in the neighbourhoods"};
  for (int round = 0; round < 20; ++round)
    for (int i = 0; i < 6; ++i)
      tsv += std::string(es[i]) + " " + std::to_string(round) + "\t" + en[i] + " " +
             std::to_string(round) + "\n";
  write_file(dir.file("pairs.tsv"), tsv);
  std::vector<std::string> args = {"import", dir.file("pairs.tsv")};
  if (!tm.empty()) args.insert(args.end(), {"--tm", tm});
  Run r = run_alinea(args, {}, env);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
}

// Runs `bash --norc --noprofile ARGS...` with stdout and stderr in `out`;
// its exit status, or -1 when it cannot be run.
int run_bash(const std::vector<std::string>& args, const std::string& out) {
  std::vector<std::string> storage = {"bash", "--norc", "--noprofile"};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "bash", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(papercuts)

// Issue line 6: the default output of train-subwords is beside the TM, never
// the model in the resource directory.
BOOST_AUTO_TEST_CASE(train_subwords_writes_beside_the_tm_not_over_the_shipped_model) {
  TempDir dir;
  fs::create_directories(dir.file("shipped"));
  write_file(dir.file("shipped/subwords.model"), "SHIPPED MODEL");
  fs::create_directories(dir.file("mine"));
  std::string tm = dir.file("mine/chile.tm");
  make_training_tm(dir, tm);

  Run r = run_alinea(
      {"--data-dir", dir.file("shipped"), "train-subwords", "--tm", tm, "--vocab-size", "200"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(read_file(dir.file("shipped/subwords.model")) == "SHIPPED MODEL");
  BOOST_TEST(!fs::exists(dir.file("shipped/subwords.model.json")));
  BOOST_TEST(fs::file_size(dir.file("mine/subwords.model")) > 1000u);
  BOOST_TEST(r.out.starts_with("wrote " + dir.file("mine/subwords.model") + ": "), r.out);
  BOOST_TEST(read_file(dir.file("mine/subwords.model.json")).find(tm) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(train_subwords_default_tm_writes_in_the_xdg_data_directory) {
  TempDir dir;
  const std::vector<std::string> env = {"XDG_DATA_HOME=" + dir.file("xdg")};
  make_training_tm(dir, "", env);
  BOOST_TEST_REQUIRE(fs::exists(dir.file("xdg/alinea/tm.sqlite")));

  Run r = run_alinea({"--data-dir", dir.file("empty"), "train-subwords", "--vocab-size", "200"}, {},
                     env);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(fs::exists(dir.file("xdg/alinea/subwords.model")));
  BOOST_TEST(r.out.starts_with("wrote " + dir.file("xdg/alinea/subwords.model") + ": "), r.out);
  BOOST_TEST(!fs::exists(dir.file("empty")));
}

// Issue line 12: --out in a directory that does not exist.
BOOST_AUTO_TEST_CASE(train_subwords_out_in_a_missing_directory_names_it) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  make_training_tm(dir, tm);
  std::string missing = dir.file("missing/dir");
  Run r =
      run_alinea({"train-subwords", "--tm", tm, "--out", missing + "/x", "--vocab-size", "200"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == error_line(missing + ": no such directory (train-subwords --out " + missing +
                                 "/x writes into it; create it first)"));
  BOOST_TEST(r.out.empty(), r.out);
  BOOST_TEST(!fs::exists(dir.file("missing")));

  // A directory that exists takes the default name inside it.
  fs::create_directories(dir.file("models"));
  Run into_dir = run_alinea(
      {"train-subwords", "--tm", tm, "--out", dir.file("models"), "--vocab-size", "200"});
  BOOST_TEST_REQUIRE(into_dir.exit_code == 0, into_dir.err);
  BOOST_TEST(fs::exists(dir.file("models/subwords.model")));
  BOOST_TEST(into_dir.out.starts_with("wrote " + dir.file("models/subwords.model") + ": "),
             into_dir.out);
}

// Issue line 10: a directory where a file is read is a user error naming it.
BOOST_AUTO_TEST_CASE(a_directory_given_as_input_is_a_user_error_naming_it) {
  TempDir dir;
  std::string folder = dir.file("notes");
  fs::create_directories(folder);
  write_file(dir.file("en.txt"), "The land takeover began at dawn.\n");
  const std::string expected = error_line(folder + ": is a directory");

  Run segment = run_alinea({"segment", folder, "--lang", "es"});
  BOOST_TEST(segment.exit_code == 1);
  BOOST_TEST(segment.err == expected);

  Run align = run_alinea({"--data-dir", dir.file("none"), "align", folder, dir.file("en.txt")});
  BOOST_TEST(align.exit_code == 1);
  BOOST_TEST(align.err == expected);

  Run preseg = run_alinea({"--data-dir", dir.file("none"), "align", "--presegmented",
                           dir.file("en.txt"), folder, "--src", "es", "--tgt", "en"});
  BOOST_TEST(preseg.exit_code == 1);
  BOOST_TEST(preseg.err == expected);

  std::string tmx_folder = dir.file("memoria.tmx");
  fs::create_directories(tmx_folder);
  Run import = run_alinea({"import", tmx_folder, "--tm", dir.file("t.tm")});
  BOOST_TEST(import.exit_code == 1);
  BOOST_TEST(import.err == error_line(tmx_folder + ": is a directory"));
}

// Issue line 11: a mistyped command names the closest one, as git does.
BOOST_AUTO_TEST_CASE(a_mistyped_command_suggests_the_closest) {
  Run r = run_alinea({"serch", "x"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == error_line("'serch' is not an alinea command. Did you mean 'search'?"));
  BOOST_TEST(r.out.empty(), r.out);

  // The value of --data-dir is not taken for the command.
  Run after_option = run_alinea({"-q", "--data-dir", "/nonexistent", "imoprt", "x.tmx"});
  BOOST_TEST(after_option.exit_code == 1);
  BOOST_TEST(after_option.err ==
             error_line("'imoprt' is not an alinea command. Did you mean 'import'?"));

  Run nested = run_alinea({"lexicon", "lokup", "casa"});
  BOOST_TEST(nested.exit_code == 1);
  BOOST_TEST(nested.err ==
             error_line("'lokup' is not an alinea lexicon command. Did you mean 'lookup'?"));

  Run far = run_alinea({"frobnicate"});
  BOOST_TEST(far.exit_code == 1);
  BOOST_TEST(far.err == error_line("'frobnicate' is not an alinea command. See 'alinea --help'."));

  // A known command with a bad option keeps the parser's own message.
  Run bad_option = run_alinea({"search", "x", "--bogus"});
  BOOST_TEST(bad_option.exit_code == 1);
  BOOST_TEST(bad_option.err.find("--bogus") != std::string::npos, bad_option.err);
  BOOST_TEST(bad_option.err.find("is not an alinea command") == std::string::npos, bad_option.err);
}

// Issue line 13: an empty TMX file says so and leaves the TM as it was.
BOOST_AUTO_TEST_CASE(an_empty_tmx_says_it_is_empty_and_leaves_the_tm_alone) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  BOOST_TEST_REQUIRE(run_alinea({"add", "poder popular", "people's power", "--tm", tm}).exit_code ==
                     0);
  write_file(dir.file("empty.tmx"), "");

  Run r = run_alinea({"import", dir.file("empty.tmx"), "--tm", tm});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == error_line(dir.file("empty.tmx") + ": the file is empty"));
  Run stats = run_alinea({"stats", "--tm", tm, "--json"});
  BOOST_TEST_REQUIRE(stats.exit_code == 0, stats.err);
  BOOST_TEST(stats.out.find("\"units\":1,") != std::string::npos, stats.out);

  Run from_stdin = run_alinea({"import", "-", "--format", "tmx", "--tm", tm});
  BOOST_TEST(from_stdin.exit_code == 1);
  BOOST_TEST(from_stdin.err == error_line("-: the file is empty"));
}

// Issue line 17: bash completion after --data-dir DIR, and for lexicon lookup.
BOOST_AUTO_TEST_CASE(bash_completion_after_data_dir_and_for_lexicon_lookup) {
  TempDir dir;
  const std::string script =
      (fs::path(ALINEA_TEST_DATA).parent_path().parent_path() / "cli" / "alinea.bash-completion")
          .string();
  BOOST_TEST_REQUIRE(fs::exists(script), script);
  // Each line of `cases` is a command line; the last word is being completed.
  write_file(dir.file("complete.sh"),
             "source \"$1\"\n"
             "while IFS= read -r line; do\n"
             "  read -r -a COMP_WORDS <<< \"$line\"\n"
             "  [[ \"$line\" == *' ' ]] && COMP_WORDS+=('')\n"
             "  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
             "  COMPREPLY=()\n"
             "  _alinea\n"
             "  echo \"${COMPREPLY[*]}\"\n"
             "done < \"$2\"\n");
  write_file(dir.file("cases"),
             "alinea --data-dir /tmp se\n"
             "alinea --data-dir /tmp search --li\n"
             "alinea --data-dir = /tmp/res match --m\n"
             "alinea -q --data-dir /tmp lexicon lookup -\n"
             "alinea lexicon lookup \n"
             "alinea lexicon lookup casa --lang \n"
             "alinea lexicon st\n"
             "alinea lexicon build --f\n"
             "alinea glossary extract --n\n");
  // Read before the check: BOOST_TEST evaluates its message whatever the outcome.
  int status = run_bash({dir.file("complete.sh"), script, dir.file("cases")}, dir.file("out"));
  const std::string out = fs::exists(dir.file("out")) ? read_file(dir.file("out")) : "";
  BOOST_TEST_REQUIRE(status == 0, out);
  BOOST_TEST(out ==
             "segment search\n"
             "--limit\n"
             "--min\n"
             "--lang --json --help\n"
             "--lang --json --help\n"
             "es en\n"
             "stats\n"
             "--from-tsv\n"
             "--no-lexicon\n");
}

BOOST_AUTO_TEST_SUITE_END()

// Checks that wait on a change in a file another engineer owns; run them
// by name (--run_test=papercuts_pending) once it is made.
BOOST_AUTO_TEST_SUITE(papercuts_pending, *boost::unit_test::disabled())

// Issue line 13, second half: a failed import must not leave a new, empty
// TM behind. The TM is opened (and created) in cli/cmd_exchange.cpp before
// the file is read; enable this case when that changes (issue line 5).
BOOST_AUTO_TEST_CASE(an_empty_tmx_does_not_create_the_tm) {
  TempDir dir;
  write_file(dir.file("empty.tmx"), "");
  Run r = run_alinea({"import", dir.file("empty.tmx"), "--tm", dir.file("new.tm")});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == error_line(dir.file("empty.tmx") + ": the file is empty"));
  BOOST_TEST(!fs::exists(dir.file("new.tm")));
}

BOOST_AUTO_TEST_SUITE_END()
