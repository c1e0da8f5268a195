// OmegaT reads `alinea export` as a project memory: the export goes into a
// project's tm/auto/, OmegaT (Debian's omegat, run headless in
// console-translate mode) translates a Spanish document with it, and the
// translations it inserts must be the TM's. Skipped when OmegaT or Java is
// absent.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>

#include "run.h"

using alinea::test::read_file;
using alinea::test::run_alinea;
using alinea::test::TempDir;
using alinea::test::write_file;

namespace utf = boost::unit_test;

namespace {

const char* kOmegatJar = "/usr/share/omegat/OmegaT.jar";

boost::test_tools::assertion_result have_omegat(utf::test_unit_id) {
  const bool ok =
      std::filesystem::exists(kOmegatJar) && std::system("java -version > /dev/null 2>&1") == 0;
  boost::test_tools::assertion_result r(ok);
  r.message() << "OmegaT not available: needs " << kOmegatJar
              << " and java (Debian package omegat)";
  return r;
}

// The smallest project OmegaT opens: Spanish to English, sentence
// segmentation, memories under tm/.
const char* kProject = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <source_dir_excludes/>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>es</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneSpanishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
)";

}  // namespace

BOOST_AUTO_TEST_CASE(omegat_translates_a_document_from_the_exported_memory,
                     *utf::precondition(have_omegat)) {
  TempDir dir;
  const std::string tm = dir.file("t.tm");
  // Regions, markup-like text, entities, and notes and props on a <tuv>.
  write_file(dir.file("in.tmx"),
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"
             "<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" "
             "o-tmf=\"t\" adminlang=\"en\" srclang=\"es\" datatype=\"plaintext\"/><body>\n"
             "<tu><tuv xml:lang=\"es-CL\"><note>dicho en la asamblea</note>"
             "<seg>Los pobladores de La Victoria &amp; \"compañeros\" &lt;1957&gt;.</seg></tuv>"
             "<tuv xml:lang=\"en-GB\"><prop type=\"x-origin\">MT</prop>"
             "<seg>The settlers of La Victoria &amp; \"comrades\" &lt;1957&gt;.</seg></tuv></tu>\n"
             "<tu><note>revisar</note><tuv xml:lang=\"es\"><seg>¿Quién construye el poder "
             "popular?</seg></tuv><tuv xml:lang=\"en\"><seg>Who builds popular power?</seg>"
             "</tuv></tu>\n</body></tmx>\n");
  BOOST_TEST_REQUIRE(run_alinea({"import", dir.file("in.tmx"), "--tm", tm}).exit_code == 0);
  BOOST_TEST_REQUIRE(run_alinea({"add", "La toma empezó de noche.", "The takeover began at night.",
                                 "--tm", tm, "--reviewed"})
                         .exit_code == 0);

  const std::string project = dir.file("project");
  for (const char* sub : {"source", "target", "tm/auto", "glossary", "dictionary", "omegat"})
    std::filesystem::create_directories(project + "/" + sub);
  write_file(project + "/omegat.project", kProject);
  auto exp = run_alinea({"export", "-o", project + "/tm/auto/alinea.tmx", "--tm", tm});
  BOOST_TEST_REQUIRE(exp.exit_code == 0, exp.err);
  write_file(project + "/source/entrevista.txt",
             "Los pobladores de La Victoria & \"compañeros\" <1957>.\n\n"
             "¿Quién construye el poder popular?\n\n"
             "La toma empezó de noche.\n\n"
             "Nadie lo sabía.\n");

  const std::string log = dir.file("omegat.log");
  const std::string command = std::string("java -Djava.awt.headless=true -jar ") + kOmegatJar +
                              " " + project +
                              " --mode=console-translate --quiet --no-team"
                              " --disable-project-locking --config-dir=" +
                              dir.file("config") + " > " + log + " 2>&1";
  const int rc = std::system(command.c_str());
  BOOST_TEST_REQUIRE(rc == 0, "OmegaT failed (" << rc << "): " << command);
  // Every unit of the memory was found and inserted; the sentence it does
  // not hold stays in Spanish.
  BOOST_TEST(read_file(project + "/target/entrevista.txt") ==
                 "The settlers of La Victoria & \"comrades\" <1957>.\n\n"
                 "Who builds popular power?\n\n"
                 "The takeover began at night.\n\n"
                 "Nadie lo sabía.\n",
             read_file(log));
}
