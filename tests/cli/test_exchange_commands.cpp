// import / export through the real binary: formats, filters, one
// transaction per import, the correction workflow.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "run.h"

using alinea::test::read_file;
using alinea::test::run_alinea;
using alinea::test::TempDir;
using alinea::test::write_file;

namespace {

std::string stats(const std::string& tm) { return run_alinea({"stats", "--json", "--tm", tm}).out; }

}  // namespace

BOOST_AUTO_TEST_CASE(tsv_import_then_tmx_export_and_back) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  write_file(dir.file("in.tsv"),
             "es-CL\ten\tstatus\tnote\n"
             "La toma empezó de noche.\tThe takeover began at night.\treviewed\tchecked\n"
             "Éramos 3.000 familias & más.\tWe were 3,000 families <and more>.\taligned\t\n");
  auto imp = run_alinea({"import", dir.file("in.tsv"), "--tm", tm, "--json"});
  BOOST_TEST_REQUIRE(imp.exit_code == 0, imp.err);
  BOOST_TEST(imp.out.find("\"inserted\":2") != std::string::npos, imp.out);
  auto exp = run_alinea({"export", "-o", dir.file("out.tmx"), "--tm", tm, "--check"});
  BOOST_TEST_REQUIRE(exp.exit_code == 0, exp.err);
  std::string xml = read_file(dir.file("out.tmx"));
  BOOST_TEST(xml.find("xml:lang=\"es-CL\"") != std::string::npos);
  BOOST_TEST(xml.find("&lt;and more&gt;") != std::string::npos);
  BOOST_TEST(xml.find("<note>checked</note>") != std::string::npos);

  std::string tm2 = dir.file("t2.tm");
  BOOST_TEST(run_alinea({"import", dir.file("out.tmx"), "--tm", tm2}).exit_code == 0);
  auto again = run_alinea({"export", "-o", dir.file("again.tmx"), "--tm", tm2});
  BOOST_TEST_REQUIRE(again.exit_code == 0, again.err);
  // Same units, props and notes; only tuids and the export dates may differ.
  std::string a = read_file(dir.file("again.tmx"));
  BOOST_TEST(a.find("<note>checked</note>") != std::string::npos);
  BOOST_TEST(a.find("<prop type=\"x-status\">reviewed</prop>") != std::string::npos, a);
}

BOOST_AUTO_TEST_CASE(notes_and_props_of_a_tuv_come_back_on_that_tuv) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  write_file(dir.file("in.tmx"),
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"
             "<header creationtool=\"memoQ\" creationtoolversion=\"9\" segtype=\"sentence\" "
             "o-tmf=\"x\" adminlang=\"en\" srclang=\"es\" datatype=\"plaintext\"/><body>\n"
             "<tu><note>de la unidad</note>"
             "<tuv xml:lang=\"es\"><note>dicho en la asamblea</note>"
             "<prop type=\"x-origin\">acta</prop><seg>El poder popular.</seg></tuv>"
             "<tuv xml:lang=\"en\"><prop type=\"x-origin\">MT</prop><seg>Popular power.</seg>"
             "</tuv></tu>\n</body></tmx>\n");
  BOOST_TEST_REQUIRE(run_alinea({"import", dir.file("in.tmx"), "--tm", tm}).exit_code == 0);
  auto show = run_alinea({"show", "1", "--tm", tm});
  BOOST_TEST(show.out.find("note (es):  dicho en la asamblea") != std::string::npos, show.out);
  auto json = run_alinea({"show", "1", "--json", "--tm", tm});
  BOOST_TEST(json.out.find("\"source_note\":\"dicho en la asamblea\"") != std::string::npos,
             json.out);
  // Round trip: export, import into an empty TM, export again.
  std::string xml[2];
  std::string from = tm;
  for (int pass = 0; pass < 2; ++pass) {
    const std::string out = dir.file("out" + std::to_string(pass) + ".tmx");
    auto exp = run_alinea({"export", "-o", out, "--tm", from, "--check"});
    BOOST_TEST_REQUIRE(exp.exit_code == 0, exp.err);
    xml[pass] = read_file(out);
    from = dir.file("copy.tm");
    BOOST_TEST_REQUIRE(run_alinea({"import", out, "--tm", from}).exit_code == 0);
  }
  BOOST_TEST(xml[0].find("<tuv xml:lang=\"es\">\n        <note>dicho en la asamblea</note>\n"
                         "        <prop type=\"x-origin\">acta</prop>\n        <seg>") !=
                 std::string::npos,
             xml[0]);
  BOOST_TEST(xml[0].find("<prop type=\"x-origin\">MT</prop>\n        <seg>Popular power.") !=
                 std::string::npos,
             xml[0]);
  // The units are the same; only the header may differ.
  auto body = [](const std::string& x) { return x.substr(x.find("<body>")); };
  BOOST_TEST(body(xml[0]) == body(xml[1]));
}

BOOST_AUTO_TEST_CASE(export_filters_and_direction) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  run_alinea({"add", "uno", "one", "--tm", tm, "--reviewed"});
  run_alinea({"add", "dos", "two", "--tm", tm});
  run_alinea({"add", "tres", "tree", "--tm", tm});
  run_alinea({"review", "3", "--reject", "--tm", tm});
  auto reviewed = run_alinea({"export", "--format", "tsv", "--status", "reviewed", "--tm", tm});
  BOOST_TEST(reviewed.out.find("uno\tone") != std::string::npos, reviewed.out);
  BOOST_TEST(reviewed.out.find("dos") == std::string::npos);
  auto all = run_alinea({"export", "--format", "tsv", "--tm", tm});
  BOOST_TEST(all.out.find("tres") == std::string::npos, "rejected units stay out by default");
  auto en_first = run_alinea({"export", "--format", "csv", "--srclang", "en", "--tm", tm});
  BOOST_TEST(en_first.out.rfind("en,es", 0) == 0u, en_first.out);
  auto tmx = run_alinea({"export", "--srclang", "en", "--tm", tm});
  auto first_tuv = tmx.out.find("<tuv xml:lang=\"");
  BOOST_TEST(tmx.out.substr(first_tuv, 19) == "<tuv xml:lang=\"en\">");
}

BOOST_AUTO_TEST_CASE(a_bad_file_leaves_the_tm_exactly_as_it_was) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  run_alinea({"add", "uno", "one", "--tm", tm});
  std::string before = stats(tm);
  write_file(
      dir.file("bad.tmx"),
      "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"es\"/><body>\n"
      "<tu><tuv xml:lang=\"es\"><seg>dos</seg></tuv><tuv "
      "xml:lang=\"en\"><seg>two</seg></tuv></tu>\n"
      "<tu><tuv xml:lang=\"es\"><seg>tres</seg></tuv><tuv xml:lang=\"en\"><seg>three</seg></tuv>\n"
      "</body></tmx>\n");
  auto r = run_alinea({"import", dir.file("bad.tmx"), "--tm", tm});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("bad.tmx:") != std::string::npos, r.err);
  BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  BOOST_TEST(stats(tm) == before);
}

BOOST_AUTO_TEST_CASE(skip_bad_counts_what_it_skipped) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  write_file(dir.file("rows.tsv"),
             "es\ten\tstatus\nuno\tone\taligned\ndos\ttwo\tmaybe\ntres\tthree\treviewed\n");
  auto strict = run_alinea({"import", dir.file("rows.tsv"), "--tm", tm});
  BOOST_TEST(strict.exit_code == 1);
  BOOST_TEST(strict.err.find("rows.tsv:3") != std::string::npos, strict.err);
  auto lenient = run_alinea({"import", dir.file("rows.tsv"), "--tm", tm, "--skip-bad", "--json"});
  BOOST_TEST_REQUIRE(lenient.exit_code == 0, lenient.err);
  BOOST_TEST(lenient.out.find("\"inserted\":2") != std::string::npos, lenient.out);
  BOOST_TEST(lenient.out.find("\"skipped\":1") != std::string::npos, lenient.out);
  BOOST_TEST(lenient.err.find("rows.tsv:3") != std::string::npos, lenient.err);
}

BOOST_AUTO_TEST_CASE(corrected_tsv_replaces_a_documents_units) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  write_file(dir.file("first.tsv"), "es\ten\nuno\tone\ndos\ttoo\n");
  BOOST_TEST(run_alinea({"import", dir.file("first.tsv"), "--doc", "d", "--tm", tm}).exit_code ==
             0);
  write_file(dir.file("fixed.tsv"), "es\ten\nuno\tone\ndos\ttwo\n");
  auto r = run_alinea({"import", dir.file("fixed.tsv"), "--doc", "d", "--replace", "--tm", tm});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto out = run_alinea({"export", "--format", "tsv", "--doc", "d", "--tm", tm});
  BOOST_TEST(out.out.find("dos\ttwo") != std::string::npos, out.out);
  BOOST_TEST(out.out.find("too") == std::string::npos, out.out);
  auto missing = run_alinea({"import", dir.file("fixed.tsv"), "--replace", "--tm", tm});
  BOOST_TEST(missing.exit_code == 1);
}

BOOST_AUTO_TEST_CASE(a_failed_export_leaves_no_file_behind) {
  TempDir dir;
  auto r = run_alinea({"export", "-o", dir.file("x.tmx"), "--tm", dir.file("none.tm")});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(!std::filesystem::exists(dir.file("x.tmx")));
}

// -o into what is not a regular file writes into it: renaming the output
// into place would replace a named pipe (or, as root, /dev/null) with a
// plain file. A symbolic link stays a link to the file it names.
BOOST_AUTO_TEST_CASE(output_into_a_pipe_or_through_a_link_keeps_them) {
  TempDir dir;
  const std::string tm = dir.file("t.tm");
  BOOST_TEST_REQUIRE(run_alinea({"add", "uno", "one", "--tm", tm}).exit_code == 0);

  const std::string fifo = dir.file("pipe");
  BOOST_TEST_REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  // Opened first without blocking, so that neither side waits for the other.
  const int reader = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  BOOST_TEST_REQUIRE(reader >= 0);
  std::string received;
  std::thread drain([&] {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    bool writer_seen = false;
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{reader, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      const ssize_t n = read(reader, buf, sizeof buf);
      if (n > 0) {
        received.append(buf, static_cast<std::size_t>(n));
        writer_seen = true;
      } else if (n == 0 && writer_seen) {
        break;  // the writer closed the pipe
      }
    }
  });
  auto exp = run_alinea({"export", "--format", "tsv", "-o", fifo, "--tm", tm});
  drain.join();
  close(reader);
  BOOST_TEST(exp.exit_code == 0, exp.err);
  struct stat st {};
  BOOST_TEST_REQUIRE(lstat(fifo.c_str(), &st) == 0);
  BOOST_TEST(S_ISFIFO(st.st_mode), "the pipe was replaced by a file");
  BOOST_TEST(received.find("uno\tone") != std::string::npos, received);

  const std::string target = dir.file("real.tsv"), link = dir.file("link.tsv");
  write_file(target, "old\n");
  std::filesystem::create_symlink(target, link);
  auto via_link = run_alinea({"export", "--format", "tsv", "-o", link, "--tm", tm});
  BOOST_TEST_REQUIRE(via_link.exit_code == 0, via_link.err);
  BOOST_TEST(std::filesystem::is_symlink(link));
  BOOST_TEST(read_file(target).find("uno\tone") != std::string::npos, read_file(target));
}
