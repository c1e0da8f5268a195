// What a new user stumbles on (issue: papercuts), through the real binary.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "run.h"

using alinea::test::read_file;
using alinea::test::Run;
using alinea::test::run_alinea;
using alinea::test::SpawnArgs;
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

// Whether this machine gives out pseudo-terminals (a chroot without
// /dev/pts does not).
bool have_terminal() {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0) return false;
  close(master);
  return true;
}

// Runs alinea with stdin and stderr on a pseudo-terminal (stdout to
// `out_file`), as a person at a terminal would: `input` is typed in. Run::err
// holds what the terminal showed (the prompt, progress bars, the typed echo).
Run run_on_terminal(const std::vector<std::string>& args, const std::string& input,
                    const std::string& out_file) {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  BOOST_TEST_REQUIRE(master >= 0);
  BOOST_TEST_REQUIRE(grantpt(master) == 0);
  BOOST_TEST_REQUIRE(unlockpt(master) == 0);
  const std::string slave_name = ptsname(master);
  int slave = open(slave_name.c_str(), O_RDWR | O_NOCTTY);
  BOOST_TEST_REQUIRE(slave >= 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, slave, 0);
  posix_spawn_file_actions_adddup2(&actions, slave, 2);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addclose(&actions, master);
  posix_spawn_file_actions_addclose(&actions, slave);
  const SpawnArgs spawn(args, {});
  pid_t pid = 0;
  int rc =
      posix_spawn(&pid, spawn.argv[0], &actions, nullptr, spawn.argv.data(), spawn.envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(slave);
  BOOST_TEST_REQUIRE(rc == 0);
  if (!input.empty()) BOOST_TEST_REQUIRE(write(master, input.data(), input.size()) > 0);
  Run result;
  char buf[4096];
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 60000) <= 0) break;
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has exited and closed the terminal
    result.err.append(buf, static_cast<size_t>(n));
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = fs::exists(out_file) ? read_file(out_file) : "";
  return result;
}

// Clearly Spanish and clearly English prose, the same interview twice.
const std::string kSpanish =
    "La toma de terreno empezó en la madrugada del 30 de julio de 1970.\n\n"
    "Las familias llegaron con sus carpas y sus banderas, y el comité de vivienda "
    "organizó el campamento.\n\n"
    "Nosotros no teníamos nada, pero todos queríamos una casa para los niños.\n\n"
    "La policía llegó después, cuando ya estábamos instalados en el sitio.\n";
const std::string kEnglish =
    "The land takeover began at dawn on 30 July 1970.\n\n"
    "The families came with their tents and their flags, and the housing committee "
    "organised the camp.\n\n"
    "We had nothing, but all of us wanted a house for the children.\n\n"
    "The police came later, when we were already settled on the site.\n";

// The number in `"name":N,` of a JSON line, or -1.
long json_number(const std::string& json, const std::string& name) {
  size_t at = json.find("\"" + name + "\":");
  if (at == std::string::npos) return -1;
  return std::stol(json.substr(at + name.size() + 3));
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
             "segment search serve\n"
             "--limit\n"
             "--min\n"
             "--lang --json --help\n"
             "--lang --json --help\n"
             "es en\n"
             "stats\n"
             "--from-tsv\n"
             "--no-lexicon\n");
}

// Issue line 13, second half, and line 5: a failed import leaves no new,
// empty TM behind (nor its -wal/-shm).
BOOST_AUTO_TEST_CASE(an_empty_tmx_does_not_create_the_tm) {
  TempDir dir;
  write_file(dir.file("empty.tmx"), "");
  Run r = run_alinea({"import", dir.file("empty.tmx"), "--tm", dir.file("new.tm")});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == error_line(dir.file("empty.tmx") + ": the file is empty"));
  BOOST_TEST(!fs::exists(dir.file("new.tm")));

  // A table that fails half-way (a bad row after good ones) too.
  write_file(dir.file("bad.tsv"), "es\ten\nuno\tone\ndos\n");
  Run bad = run_alinea({"import", dir.file("bad.tsv"), "--tm", dir.file("new.tm")});
  BOOST_TEST(bad.exit_code == 1, bad.err);
  BOOST_TEST(bad.err.starts_with("alinea: error: " + dir.file("bad.tsv") + ":3:"), bad.err);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    BOOST_TEST(!fs::exists(dir.file("new.tm") + suffix), suffix);
}

// Leftover of issue line 10: a directory given as a table or a glossary.
BOOST_AUTO_TEST_CASE(a_directory_as_a_table_or_a_glossary_is_named) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  BOOST_TEST_REQUIRE(run_alinea({"add", "poder popular", "people's power", "--tm", tm}).exit_code ==
                     0);
  std::string table = dir.file("pairs.tsv");
  fs::create_directories(table);
  Run import = run_alinea({"import", table, "--tm", tm});
  BOOST_TEST(import.exit_code == 1);
  BOOST_TEST(import.err == error_line(table + ": is a directory"));
  Run as_csv = run_alinea({"import", table, "--format", "csv", "--tm", tm});
  BOOST_TEST(as_csv.exit_code == 1);
  BOOST_TEST(as_csv.err == error_line(table + ": is a directory"));

  std::string glossary = dir.file("glosario");
  fs::create_directories(glossary);
  Run terms = run_alinea({"terms", "poder", "--lang", "es", "--glossary", glossary, "--tm", tm});
  BOOST_TEST(terms.exit_code == 1);
  BOOST_TEST(terms.err == error_line(glossary + ": is a directory"));
}

// Issue line 7: a TM that looks like a URL is refused, and nothing created;
// a postgresql:// URL is a PostgreSQL TM (#19), here one that cannot be
// reached.
BOOST_AUTO_TEST_CASE(a_tm_url_is_refused_and_creates_no_directory) {
  TempDir dir;
  const fs::path cwd = fs::current_path();
  fs::current_path(dir.path());
  Run add = run_alinea({"add", "poder popular", "people's power", "--tm",
                        "postgresql://user@/db?host=" + dir.file("no-server")});
  Run env = run_alinea({"stats"}, {}, {"ALINEA_TM=sftp://host/tm.sqlite"});
  const bool created = fs::exists(dir.file("postgresql:")) || fs::exists(dir.file("postgres:")) ||
                       fs::exists(dir.file("sftp:"));
  fs::current_path(cwd);
  BOOST_TEST(add.exit_code == 2);
  BOOST_TEST(add.err.find("cannot connect to PostgreSQL") != std::string::npos);
  BOOST_TEST(env.exit_code == 1);
  BOOST_TEST(env.err == error_line("ALINEA_TM 'sftp://host/tm.sqlite': sftp:// TMs are not "
                                   "supported; --tm takes a file path or a postgresql:// URL"));
  BOOST_TEST(!created);
}

// Issue line 2: language labels the detector contradicts are refused.
BOOST_AUTO_TEST_CASE(swapped_language_labels_are_refused_unless_forced) {
  TempDir dir;
  write_file(dir.file("es.txt"), kSpanish);
  write_file(dir.file("en.txt"), kEnglish);
  std::string tm = dir.file("t.tm");
  Run r = run_alinea({"--data-dir", dir.file("none"), "align", dir.file("es.txt"),
                      dir.file("en.txt"), "--src", "en", "--tgt", "es", "--doc", "w", "--tm", tm});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == error_line("align: " + dir.file("es.txt") +
                                 " looks Spanish but --src says en; " + dir.file("en.txt") +
                                 " looks English but --tgt says es; swap --src and --tgt (or the "
                                 "files), or give --force to keep them"));
  BOOST_TEST(!fs::exists(tm));
  Run forced =
      run_alinea({"--data-dir", dir.file("none"), "align", dir.file("es.txt"), dir.file("en.txt"),
                  "--src", "en", "--tgt", "es", "--force", "-o", dir.file("out.tsv")});
  BOOST_TEST(forced.exit_code == 0, forced.err);
  // Labels that agree with the text are taken as given.
  Run right =
      run_alinea({"--data-dir", dir.file("none"), "align", dir.file("en.txt"), dir.file("es.txt"),
                  "--src", "en-GB", "--tgt", "es-CL", "-o", dir.file("right.tsv")});
  BOOST_TEST(right.exit_code == 0, right.err);
  BOOST_TEST(read_file(dir.file("right.tsv")).starts_with("es-CL\ten-GB\tconfidence\n"));

  // A table whose es and en columns are swapped.
  std::string tsv = "es\ten\n";
  for (int i = 0; i < 3; ++i)
    tsv += "The families came with their tents and the committee organised the camp " +
           std::to_string(i) + ".\tLas familias llegaron con sus carpas y el comité organizó el " +
           "campamento " + std::to_string(i) + ".\n";
  write_file(dir.file("swapped.tsv"), tsv);
  Run import = run_alinea({"import", dir.file("swapped.tsv"), "--tm", tm});
  BOOST_TEST(import.exit_code == 1);
  BOOST_TEST(import.err ==
             error_line(dir.file("swapped.tsv") +
                        ": the 'es' column looks English and the 'en' column Spanish (first 3 "
                        "rows); swap the column names in the header row, or import with --force"));
  BOOST_TEST(!fs::exists(tm));
  Run import_forced = run_alinea({"import", dir.file("swapped.tsv"), "--tm", tm, "--force"});
  BOOST_TEST(import_forced.exit_code == 0, import_forced.err);
}

// Issue lines 8 and 9: align's language messages name its own flags.
BOOST_AUTO_TEST_CASE(align_language_messages_point_to_src_and_tgt) {
  TempDir dir;
  write_file(dir.file("empty.txt"), "");
  write_file(dir.file("en1.txt"), kEnglish);
  write_file(dir.file("es.txt"), kSpanish);
  Run empty = run_alinea(
      {"--data-dir", dir.file("none"), "align", dir.file("es.txt"), dir.file("empty.txt")});
  BOOST_TEST(empty.exit_code == 1);
  BOOST_TEST(empty.err == error_line("align: cannot tell whether " + dir.file("empty.txt") +
                                     " (it has no text) is Spanish or English; give both "
                                     "languages with --src and --tgt (e.g. --src es --tgt en)"));
  Run same = run_alinea(
      {"--data-dir", dir.file("none"), "align", dir.file("en1.txt"), dir.file("en1.txt")});
  BOOST_TEST(same.exit_code == 1);
  BOOST_TEST(same.err ==
             error_line("align: both " + dir.file("en1.txt") + " and " + dir.file("en1.txt") +
                        " look English; align a Spanish document with an English one "
                        "(--src and --tgt say which is which when the detector is "
                        "wrong)"));
  // The flag the message names works.
  Run given = run_alinea({"--data-dir", dir.file("none"), "align", dir.file("es.txt"),
                          dir.file("empty.txt"), "--src", "es", "--tgt", "en"});
  BOOST_TEST(given.exit_code == 0, given.err);
}

// Issue line 3: most of one side unmatched is worth a warning.
BOOST_AUTO_TEST_CASE(align_warns_when_most_sentences_have_no_counterpart) {
  TempDir dir;
  write_file(dir.file("es.txt"), "La toma de terreno empezó en la madrugada.\n");
  std::string long_english;
  for (int i = 0; i < 12; ++i) long_english += kEnglish + "\n";
  write_file(dir.file("en.txt"), long_english);
  Run r = run_alinea({"--data-dir", dir.file("none"), "align", dir.file("es.txt"),
                      dir.file("en.txt"), "-o", dir.file("out.tsv")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const std::string tail = "have no counterpart: " + dir.file("es.txt") + " and " +
                           dir.file("en.txt") + " may not be translations of each other\n";
  size_t warning = r.err.find("alinea: warning: ");
  BOOST_TEST_REQUIRE(warning != std::string::npos, r.err);
  BOOST_TEST(r.err.ends_with(tail), r.err);
  BOOST_TEST(r.err.find(" of 48 en sentences (", warning) != std::string::npos, r.err);

  // A real translation pair says nothing of the kind.
  write_file(dir.file("es2.txt"), kSpanish);
  write_file(dir.file("en2.txt"), kEnglish);
  Run good = run_alinea({"--data-dir", dir.file("none"), "align", dir.file("es2.txt"),
                         dir.file("en2.txt"), "-o", dir.file("good.tsv")});
  BOOST_TEST(good.exit_code == 0, good.err);
  BOOST_TEST(good.err.find("may not be translations") == std::string::npos, good.err);
}

// Leftover: align uses the subword model trained beside the TM first.
BOOST_AUTO_TEST_CASE(align_finds_the_subword_model_beside_the_tm) {
  TempDir dir;
  fs::create_directories(dir.file("mine"));
  std::string tm = dir.file("mine/chile.tm");
  make_training_tm(dir, tm);
  Run train = run_alinea(
      {"--data-dir", dir.file("none"), "train-subwords", "--tm", tm, "--vocab-size", "200"});
  BOOST_TEST_REQUIRE(train.exit_code == 0, train.err);
  BOOST_TEST_REQUIRE(fs::exists(dir.file("mine/subwords.model")));
  write_file(dir.file("es.txt"), kSpanish);
  write_file(dir.file("en.txt"), kEnglish);
  Run r = run_alinea({"-v", "--data-dir", dir.file("none"), "align", dir.file("es.txt"),
                      dir.file("en.txt"), "--subword-weight", "0.5", "--tm", tm, "-o",
                      dir.file("out.tsv")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(
      r.err.find("subword model: " + dir.file("mine/subwords.model") + "\n") != std::string::npos,
      r.err);
}

// Issue line 4: an export format the name does not give is refused, and
// --check says when it does not apply.
BOOST_AUTO_TEST_CASE(export_refuses_unknown_extensions_and_inapplicable_check) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  BOOST_TEST_REQUIRE(run_alinea({"add", "poder popular", "people's power", "--tm", tm}).exit_code ==
                     0);
  Run xlsx = run_alinea({"export", "--tm", tm, "-o", dir.file("out.xlsx")});
  BOOST_TEST(xlsx.exit_code == 1);
  BOOST_TEST(xlsx.err == error_line(dir.file("out.xlsx") +
                                    ": cannot tell the format from '.xlsx'; name the file .tmx, "
                                    ".tsv or .csv, or say --format tmx|tsv|csv"));
  BOOST_TEST(!fs::exists(dir.file("out.xlsx")));
  Run forced = run_alinea({"export", "--tm", tm, "-o", dir.file("out.xlsx"), "--format", "csv"});
  BOOST_TEST(forced.exit_code == 0, forced.err);
  BOOST_TEST(read_file(dir.file("out.xlsx")).find("people's power") != std::string::npos);

  Run check_tsv = run_alinea({"export", "--tm", tm, "-o", dir.file("out.tsv"), "--check"});
  BOOST_TEST(check_tsv.exit_code == 1);
  BOOST_TEST(check_tsv.err == error_line("export: --check checks TMX against the TMX 1.4b rules; "
                                         "it does not apply to TSV"));
  Run check_stdout = run_alinea({"export", "--tm", tm, "--check"});
  BOOST_TEST(check_stdout.exit_code == 1);
  BOOST_TEST(check_stdout.err ==
             error_line("export: --check checks the written file; give it with -o FILE.tmx"));
  BOOST_TEST(check_stdout.out.empty());
  Run check_tmx = run_alinea({"export", "--tm", tm, "-o", dir.file("out.tmx"), "--check"});
  BOOST_TEST(check_tmx.exit_code == 0, check_tmx.err);
  BOOST_TEST(
      check_tmx.err.find(dir.file("out.tmx") + ": TMX 1.4b checks passed\n") != std::string::npos,
      check_tmx.err);
}

// Issue line 5: a document whose units were all in the TM still has them.
BOOST_AUTO_TEST_CASE(import_into_a_document_counts_units_already_in_the_tm) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  write_file(dir.file("pairs.tsv"),
             "es\ten\nLa toma de terreno\tThe land takeover\nEl comité se reunía\tThe committee "
             "met\nLas familias llegaron\tThe families came\n");
  BOOST_TEST_REQUIRE(run_alinea({"import", dir.file("pairs.tsv"), "--tm", tm}).exit_code == 0);
  Run r = run_alinea({"import", dir.file("pairs.tsv"), "--doc", "x", "--tm", tm});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.err.find("document 'x' now has 3 units") != std::string::npos, r.err);
  Run docs = run_alinea({"docs", "--json", "--tm", tm});
  BOOST_TEST_REQUIRE(docs.exit_code == 0, docs.err);
  BOOST_TEST(docs.out.starts_with("{\"name\":\"x\",\"units\":3,"), docs.out);
  Run exported = run_alinea({"export", "--doc", "x", "--format", "tsv", "--tm", tm});
  BOOST_TEST_REQUIRE(exported.exit_code == 0, exported.err);
  BOOST_TEST(exported.err.find("exported 3 units") != std::string::npos, exported.err);
  Run stats = run_alinea({"stats", "--json", "--tm", tm});
  BOOST_TEST(json_number(stats.out, "units") == 3, stats.out);
}

// Issue line 16: delete --doc asks on a terminal and always gives a count.
BOOST_AUTO_TEST_CASE(delete_asks_on_a_terminal_and_reports_the_count) {
  if (!have_terminal()) {
    BOOST_TEST_MESSAGE("skipped: no pseudo-terminal here (is /dev/pts mounted?)");
    return;
  }
  TempDir dir;
  std::string tm = dir.file("t.tm");
  write_file(dir.file("pairs.tsv"),
             "es\ten\nLa toma de terreno\tThe land takeover\nEl comité se reunía\tThe committee "
             "met\n");
  BOOST_TEST_REQUIRE(
      run_alinea({"import", dir.file("pairs.tsv"), "--doc", "x", "--tm", tm}).exit_code == 0);

  Run no = run_on_terminal({"delete", "--doc", "x", "--tm", tm}, "n\n", dir.file("out"));
  BOOST_TEST(no.exit_code == 0, no.err);
  BOOST_TEST(
      no.err.find("Delete document 'x' (2 units) from " + tm + "? [y/N] ") != std::string::npos,
      no.err);
  BOOST_TEST(no.err.find("nothing deleted") != std::string::npos, no.err);
  Run docs = run_alinea({"docs", "--json", "--tm", tm});
  BOOST_TEST(docs.out.starts_with("{\"name\":\"x\",\"units\":2,"), docs.out);

  Run yes = run_on_terminal({"delete", "--doc", "x", "--tm", tm}, "y\n", dir.file("out"));
  BOOST_TEST(yes.exit_code == 0, yes.err);
  BOOST_TEST(yes.err.find("deleted document 'x' and 2 unit(s)") != std::string::npos, yes.err);
  BOOST_TEST(run_alinea({"docs", "--json", "--tm", tm}).out.empty());

  // Not on a terminal (a script): no question, and the count.
  BOOST_TEST_REQUIRE(
      run_alinea({"import", dir.file("pairs.tsv"), "--doc", "y", "--tm", tm}).exit_code == 0);
  Run script = run_alinea({"delete", "--doc", "y", "--tm", tm});
  BOOST_TEST(script.exit_code == 0, script.err);
  BOOST_TEST(script.err == "deleted document 'y' and 2 unit(s)\n");

  // --yes on a terminal: no question.
  BOOST_TEST_REQUIRE(
      run_alinea({"import", dir.file("pairs.tsv"), "--doc", "z", "--tm", tm}).exit_code == 0);
  Run assumed = run_on_terminal({"delete", "--doc", "z", "--yes", "--tm", tm}, "", dir.file("out"));
  BOOST_TEST(assumed.exit_code == 0, assumed.err);
  BOOST_TEST(assumed.err.find("[y/N]") == std::string::npos, assumed.err);
  BOOST_TEST(assumed.err.find("deleted document 'z' and 2 unit(s)") != std::string::npos,
             assumed.err);

  // Unit ids: all or nothing, with the count.
  BOOST_TEST_REQUIRE(
      run_alinea({"import", dir.file("pairs.tsv"), "--tm", tm, "--json"}).exit_code == 0);
  Run unknown = run_alinea({"delete", "999999", "--tm", tm});
  BOOST_TEST(unknown.exit_code == 1);
  BOOST_TEST(unknown.err == error_line(tm + ": no unit with id 999999; nothing deleted"));
  Run stats = run_alinea({"stats", "--json", "--tm", tm});
  BOOST_TEST(json_number(stats.out, "units") == 2, stats.out);
}

// Issue line 14: the U+FFFD warning names the units.
BOOST_AUTO_TEST_CASE(tmx_export_names_the_units_with_replaced_characters) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  BOOST_TEST_REQUIRE(run_alinea({"add", "limpio", "clean", "--tm", tm}).exit_code == 0);
  Run add = run_alinea({"add", "con \x01 control", "with \x02 control", "--tm", tm});
  BOOST_TEST_REQUIRE(add.exit_code == 0, add.err);
  Run show = run_alinea({"search", "control", "--json", "--tm", tm});
  long id = json_number(show.out, "id");
  BOOST_TEST_REQUIRE(id > 0, show.out);
  Run r = run_alinea({"export", "-o", dir.file("out.tmx"), "--tm", tm});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.err.starts_with("alinea: warning: 2 characters XML cannot carry were written as "
                               "U+FFFD, in unit " +
                               std::to_string(id) + " (alinea show " + std::to_string(id) + ")\n"),
             r.err);
}

// Issue line 19: the best candidate below the threshold as a hint, and a
// sentence in the TM's target language still matches.
BOOST_AUTO_TEST_CASE(match_hints_below_the_threshold_and_matches_the_target_side) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  BOOST_TEST_REQUIRE(run_alinea({"add", "La toma de terreno empezó en la madrugada de 1970.",
                                 "The land takeover began at dawn in 1970.", "--tm", tm})
                         .exit_code == 0);
  Run low = run_alinea({"match",
                        "La toma de terreno fue un hecho muy importante para todos "
                        "nosotros en aquellos años.",
                        "--tm", tm, "--color", "never"});
  BOOST_TEST(low.exit_code == 0, low.err);
  BOOST_TEST(low.out.empty(), low.out);
  BOOST_TEST(low.err.starts_with("0 match(es)\nbest below 50%: "), low.err);
  BOOST_TEST(low.err.find("es  La toma de terreno empezó en la madrugada de 1970.  (--min ") !=
                 std::string::npos,
             low.err);

  Run english =
      run_alinea({"match", "The land takeover began at dawn in 1971.", "--tm", tm, "--json"});
  BOOST_TEST(english.exit_code == 0, english.err);
  BOOST_TEST(english.out.find("\"matched_lang\":\"en\",\"matched\":\"The land takeover began at "
                              "dawn in 1970.\"") != std::string::npos,
             english.out);
  BOOST_TEST(english.out.find("\"translation\":\"La toma de terreno empezó en la madrugada de "
                              "1970.\"") != std::string::npos,
             english.out);
}

// Issue line 15: the align bar names its phase; import counts units and MB.
BOOST_AUTO_TEST_CASE(progress_names_the_align_phase_and_import_counts_units_and_megabytes) {
  if (!have_terminal()) {
    BOOST_TEST_MESSAGE("skipped: no pseudo-terminal here (is /dev/pts mounted?)");
    return;
  }
  TempDir dir;
  std::string es, en;
  for (int i = 0; i < 40; ++i) {
    es += kSpanish + "\n";
    en += kEnglish + "\n";
  }
  write_file(dir.file("es.txt"), es);
  write_file(dir.file("en.txt"), en);
  Run align = run_on_terminal({"--data-dir", dir.file("none"), "align", dir.file("es.txt"),
                               dir.file("en.txt"), "-o", dir.file("out.tsv")},
                              "", dir.file("stdout"));
  BOOST_TEST_REQUIRE(align.exit_code == 0, align.err);
  BOOST_TEST(align.err.find("\raligning: first pass [") != std::string::npos, align.err);
  BOOST_TEST(align.err.find("\raligning: second pass [") != std::string::npos, align.err);

  std::string tsv = "es\ten\n";
  for (int i = 0; i < 5000; ++i)
    tsv += "La toma de terreno número " + std::to_string(i) + "\tThe land takeover number " +
           std::to_string(i) + "\n";
  write_file(dir.file("pairs.tsv"), tsv);
  Run import = run_on_terminal({"import", dir.file("pairs.tsv"), "--tm", dir.file("t.tm")}, "",
                               dir.file("stdout"));
  BOOST_TEST_REQUIRE(import.exit_code == 0, import.err);
  BOOST_TEST(import.err.find(" MB of 0.") != std::string::npos, import.err);
  BOOST_TEST(import.err.find("MB/s, ") != std::string::npos, import.err);
  BOOST_TEST(import.err.find(", 4096 units") != std::string::npos, import.err);
}

BOOST_AUTO_TEST_SUITE_END()
