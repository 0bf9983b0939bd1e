// load: which names are safe ids, which bytes may become documents, and what LoadCorpus reads from a tree.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "base/diagnostics.h"
#include "load/corpus_files.h"

namespace lp::load {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// WhyUnsafeId

TEST(WhyUnsafeId, GivesTheReasonForEveryKindOfUnsafeName) {
  struct Case {
    std::string name;
    std::string why;
  };
  const std::vector<Case> cases = {
      {"", "is empty"},
      {std::string(65, 'a'), "is longer than 64 characters"},
      {".", "is a relative path"},
      {"..", "is a relative path"},
      {"a/b", "contains a path separator"},
      {"a\\b", "contains a path separator"},
      {"/", "contains a path separator"},
      {"../etc", "contains a path separator"},
      {"a\tb", "contains a control character"},
      {std::string("a\0b", 3), "contains a control character"},
      {"a\x7F", "contains a control character"},
      {"a..b", "contains '..'"},
      {"...", "contains '..'"},
      {"Alpha", "may use only lower-case letters, digits and hyphens"},
      {"a_b", "may use only lower-case letters, digits and hyphens"},
      {"a b", "may use only lower-case letters, digits and hyphens"},
      {"a.b", "may use only lower-case letters, digits and hyphens"},
      {"caf\xC3\xA9", "may use only lower-case letters, digits and hyphens"},
      {"-alpha", "must not start or end with a hyphen or contain '--'"},
      {"alpha-", "must not start or end with a hyphen or contain '--'"},
      {"al--pha", "must not start or end with a hyphen or contain '--'"},
      {"-", "must not start or end with a hyphen or contain '--'"},
      {"con", "is a reserved name"},
      {"nul", "is a reserved name"},
      {"com1", "is a reserved name"},
      {"lpt9", "is a reserved name"},
      {"index", "is a reserved name"},
      {"assets", "is a reserved name"},
      {"draft", "is a reserved name"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(WhyUnsafeId(c.name), c.why) << "name: " << c.name;
    EXPECT_FALSE(IsSafeId(c.name)) << "name: " << c.name;
  }
}

TEST(WhyUnsafeId, AcceptsOrdinaryIds) {
  for (const std::string& name : std::vector<std::string>{"alpha-2025", "a", "0", "neglect", "afi-1", "console",
                                                          "index-2", "com10", std::string(64, 'a')}) {
    EXPECT_EQ(WhyUnsafeId(name), "") << "name: " << name;
    EXPECT_TRUE(IsSafeId(name)) << "name: " << name;
  }
}

// ---------------------------------------------------------------------------------------------
// CheckEncoding

TEST(CheckEncoding, AcceptsUtf8Text) {
  SourceFile f("a.xml", "<t>Café – £5</t>\n");
  Diagnostics d;
  EXPECT_TRUE(CheckEncoding(f, d));
  EXPECT_EQ(d.FormatAll(), "");
}

TEST(CheckEncoding, ReportsTheFirstInvalidByteWhereItIs) {
  SourceFile f("corpus/letterpress.xml", "<site>\n  <title>Caf\xE9</title>\n  \xFF\n</site>\n");
  Diagnostics d;
  EXPECT_FALSE(CheckEncoding(f, d));
  EXPECT_EQ(d.FormatAll(),
            "corpus/letterpress.xml:2:13: error: invalid UTF-8 (byte 0xE9); documents must be encoded in UTF-8\n"
            "      <title>Caf?</title>\n"
            "                ^\n");
}

TEST(CheckEncoding, ReportsOverlongAndSurrogateSequences) {
  SourceFile overlong("a.xml", "<a>\xC0\xBC</a>");
  SourceFile surrogate("b.xml", "<a>\xED\xA0\x80</a>");
  Diagnostics d;
  EXPECT_FALSE(CheckEncoding(overlong, d));
  EXPECT_FALSE(CheckEncoding(surrogate, d));
  std::vector<Diagnostic> all = d.Sorted();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].message, "invalid UTF-8 (byte 0xC0); documents must be encoded in UTF-8");
  EXPECT_EQ(all[0].col, 4);
  EXPECT_EQ(all[1].message, "invalid UTF-8 (byte 0xED); documents must be encoded in UTF-8");
  EXPECT_EQ(all[1].col, 4);
}

TEST(CheckEncoding, RefusesNulBytes) {
  SourceFile f("a.xml", std::string("<a>\0</a>\n", 9));
  Diagnostics d;
  EXPECT_FALSE(CheckEncoding(f, d));
  EXPECT_EQ(d.FormatAll(), "a.xml:1:4: error: NUL byte in document\n    <a>?</a>\n       ^\n");
}

TEST(CheckEncoding, NamesUtf16InsteadOfReportingInvalidBytes) {
  Diagnostics d;
  SourceFile bom_le("le.xml", std::string("\xFF\xFE<\0a\0/\0>\0", 10));
  SourceFile bom_be("be.xml", std::string("\xFE\xFF\0<\0a\0/\0>", 10));
  SourceFile no_bom("nobom.xml", std::string("<\0a\0/\0>\0", 8));
  EXPECT_FALSE(CheckEncoding(bom_le, d));
  EXPECT_FALSE(CheckEncoding(bom_be, d));
  EXPECT_FALSE(CheckEncoding(no_bom, d));
  EXPECT_EQ(d.FormatAll(),
            "be.xml: error: file is encoded in UTF-16; save it as UTF-8 (without a byte order mark)\n"
            "le.xml: error: file is encoded in UTF-16; save it as UTF-8 (without a byte order mark)\n"
            "nobom.xml: error: file is encoded in UTF-16; save it as UTF-8 (without a byte order mark)\n");
}

TEST(CheckEncoding, RefusesEmptyAndWhitespaceOnlyFiles) {
  SourceFile empty("a.xml", "");
  SourceFile blank("b.xml", " \r\n\t\n");
  Diagnostics d;
  EXPECT_FALSE(CheckEncoding(empty, d));
  EXPECT_FALSE(CheckEncoding(blank, d));
  EXPECT_EQ(d.FormatAll(), "a.xml: error: file is empty\nb.xml: error: file is empty\n");
}

// ---------------------------------------------------------------------------------------------
// SourceSet

TEST(SourceSet, AddedDocumentsSortByPathAndKeepTheirFiles) {
  SourceSet set;
  set.Add(DocType::kTheme, "neglect", "corpus/themes/neglect.xml", "<theme/>");
  set.Add(DocType::kSite, "", "corpus/letterpress.xml", "<site/>");
  set.SortByPath();
  ASSERT_EQ(set.documents().size(), 2u);
  EXPECT_EQ(set.documents()[0].file->path(), "corpus/letterpress.xml");
  EXPECT_EQ(set.documents()[0].file->bytes(), "<site/>");
  EXPECT_EQ(set.documents()[1].owner, "neglect");
  EXPECT_EQ(set.documents()[1].type, DocType::kTheme);
}

TEST(SourceSet, FingerprintChangesWithAnyPathOrByte) {
  auto fingerprint = [](const std::string& path, const std::string& bytes) {
    SourceSet set;
    set.Add(DocType::kSite, "", path, bytes);
    return set.Fingerprint();
  };
  std::string base = fingerprint("a.xml", "<site/>");
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(base, fingerprint("a.xml", "<site/>"));
  EXPECT_NE(base, fingerprint("b.xml", "<site/>"));
  EXPECT_NE(base, fingerprint("a.xml", "<site />"));
}

// ---------------------------------------------------------------------------------------------
// LoadCorpus on a real tree

class LoadCorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::path(::testing::TempDir()) /
            ("letterpress-load-" + std::to_string(::getpid()) + "-" + info->name()) / "corpus";
    fs::remove_all(root_.parent_path());
    fs::create_directories(root_);
    outside_ = root_.parent_path() / "outside";
    fs::create_directories(outside_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_.parent_path(), ec);
  }

  void Write(const std::string& relative, const std::string& bytes) {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }
  void Mkdir(const std::string& relative) { fs::create_directories(root_ / relative); }
  void Link(const fs::path& target, const std::string& relative) {
    fs::create_directories((root_ / relative).parent_path());
    fs::create_symlink(target, root_ / relative);
  }
  // A minimal valid corpus: the site file and one inspection.
  void WriteMinimal() {
    Write("letterpress.xml", "<site/>\n");
    Write("inspections/alpha/inspection.xml", "<inspection/>\n");
  }

  SourceSet Load(const LoadOptions& options = LoadOptions{}) { return LoadCorpus(root_, "corpus", options, diags_); }

  // "path type owner usable" for each document, in the set's order.
  static std::vector<std::string> Describe(const SourceSet& set) {
    std::vector<std::string> out;
    for (const SourceDocument& d : set.documents()) {
      out.push_back(d.file->path() + " " + SchemaFileName(d.type) + " '" + d.owner + "'" +
                    (d.usable ? "" : " unusable"));
    }
    return out;
  }

  fs::path root_, outside_;
  Diagnostics diags_;
};

TEST_F(LoadCorpusTest, ReadsEveryDocumentOfTheLayoutSortedByPath) {
  Write("letterpress.xml", "<site/>\n");
  Write("inspections/beta/inspection.xml", "<inspection id=\"beta\"/>\n");
  Write("inspections/alpha/inspection.xml", "<inspection/>\n");
  Write("inspections/alpha/findings.xml", "<findings/>\n");
  Write("inspections/alpha/responses.xml", "<responses/>\n");
  Write("inspections/alpha/corrections/health.xml", "<corrections/>\n");
  Write("inspections/alpha/corrections/police.xml", "<corrections/>\n");
  Write("themes/neglect.xml", "<theme/>\n");
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(), "");
  EXPECT_EQ(Describe(set), (std::vector<std::string>{
                               "corpus/inspections/alpha/corrections/health.xml corrections.xsd 'alpha'",
                               "corpus/inspections/alpha/corrections/police.xml corrections.xsd 'alpha'",
                               "corpus/inspections/alpha/findings.xml findings.xsd 'alpha'",
                               "corpus/inspections/alpha/inspection.xml inspection.xsd 'alpha'",
                               "corpus/inspections/alpha/responses.xml responses.xsd 'alpha'",
                               "corpus/inspections/beta/inspection.xml inspection.xsd 'beta'",
                               "corpus/letterpress.xml site.xsd ''",
                               "corpus/themes/neglect.xml theme.xsd 'neglect'",
                           }));
  ASSERT_EQ(set.documents().size(), 8u);
  EXPECT_EQ(set.documents()[5].file->bytes(), "<inspection id=\"beta\"/>\n");
}

TEST_F(LoadCorpusTest, PathsAreRelativeWhenTheDisplayRootIsEmpty) {
  WriteMinimal();
  SourceSet set = LoadCorpus(root_, "", LoadOptions{}, diags_);
  ASSERT_EQ(set.documents().size(), 2u);
  EXPECT_EQ(set.documents()[0].file->path(), "inspections/alpha/inspection.xml");
  EXPECT_EQ(set.documents()[1].file->path(), "letterpress.xml");
}

TEST_F(LoadCorpusTest, HiddenFilesAndFoldersAreSkippedSilently) {
  WriteMinimal();
  Write("inspections/.git/inspection.xml", "<inspection/>\n");
  Write("inspections/alpha/corrections/.health.xml", "<corrections/>\n");
  Write("themes/.neglect.xml", "<theme/>\n");
  Write("themes/.DS_Store", "junk");
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(), "");
  EXPECT_EQ(set.documents().size(), 2u);
}

TEST_F(LoadCorpusTest, SymbolicLinksAreRefusedAndNotRead) {
  WriteMinimal();
  std::ofstream(outside_ / "secret.xml") << "<theme>secret</theme>\n";
  Link(outside_ / "secret.xml", "themes/linked.xml");
  Link(outside_ / "secret.xml", "inspections/alpha/findings.xml");
  Link(root_ / "inspections/alpha", "inspections/gamma");
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(),
            "corpus/inspections/alpha/findings.xml: error: symbolic links are not followed; put the file itself in "
            "the corpus\n"
            "corpus/inspections/gamma: error: symbolic links are not followed; put the folder itself in the corpus\n"
            "corpus/themes/linked.xml: error: symbolic links are not followed; put the file itself in the corpus\n");
  // The refused files are known to exist (so nothing reports them missing) but nothing of them was read.
  EXPECT_EQ(Describe(set), (std::vector<std::string>{
                               "corpus/inspections/alpha/findings.xml findings.xsd 'alpha' unusable",
                               "corpus/inspections/alpha/inspection.xml inspection.xsd 'alpha'",
                               "corpus/letterpress.xml site.xsd ''",
                               "corpus/themes/linked.xml theme.xsd 'linked' unusable",
                           }));
  for (const SourceDocument& d : set.documents()) EXPECT_EQ(d.file->bytes().find("secret"), std::string::npos);
}

TEST_F(LoadCorpusTest, ALinkedLetterpressXmlIsRefused) {
  Write("inspections/alpha/inspection.xml", "<inspection/>\n");
  std::ofstream(outside_ / "site.xml") << "<site/>\n";
  Link(outside_ / "site.xml", "letterpress.xml");
  Load();
  EXPECT_EQ(diags_.FormatAll(),
            "corpus/letterpress.xml: error: symbolic links are not followed; put the file itself in the corpus\n");
}

TEST_F(LoadCorpusTest, ALinkedThemesOrInspectionsFolderIsNotFollowed) {
  // The folders the layout names are as much a way out of the corpus as the files in them.
  Write("letterpress.xml", "<site/>\n");
  fs::create_directories(outside_ / "themes");
  std::ofstream(outside_ / "themes" / "secret.xml") << "<theme>secret</theme>\n";
  fs::create_directories(outside_ / "inspections" / "alpha");
  std::ofstream(outside_ / "inspections" / "alpha" / "inspection.xml") << "<inspection>secret</inspection>\n";
  Link(outside_ / "themes", "themes");
  Link(outside_ / "inspections", "inspections");
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(),
            "corpus/inspections: error: symbolic links are not followed; put the folder itself in the corpus\n"
            "corpus/themes: error: symbolic links are not followed; put the folder itself in the corpus\n");
  for (const SourceDocument& d : set.documents()) EXPECT_EQ(d.file->bytes().find("secret"), std::string::npos);
}

TEST_F(LoadCorpusTest, ALinkedCorrectionsFolderIsNotFollowed) {
  WriteMinimal();
  fs::create_directories(outside_ / "corrections");
  std::ofstream(outside_ / "corrections" / "health.xml") << "<corrections>secret</corrections>\n";
  Link(outside_ / "corrections", "inspections/alpha/corrections");
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(),
            "corpus/inspections/alpha/corrections: error: symbolic links are not followed; put the folder itself in "
            "the corpus\n");
  for (const SourceDocument& d : set.documents()) EXPECT_EQ(d.file->bytes().find("secret"), std::string::npos);
}

TEST_F(LoadCorpusTest, UnsafeFolderAndFileNamesAreReportedAndSkipped) {
  WriteMinimal();
  Write("inspections/Bad_Name/inspection.xml", "<inspection/>\n");
  Write("inspections/con/inspection.xml", "<inspection/>\n");
  Write("inspections/two words/inspection.xml", "<inspection/>\n");
  Write("inspections/alpha/corrections/Health.xml", "<corrections/>\n");
  Write("themes/index.xml", "<theme/>\n");
  Write("themes/-neglect.xml", "<theme/>\n");
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(),
            "corpus/inspections/Bad_Name: error: unsafe name 'Bad_Name': may use only lower-case letters, digits and "
            "hyphens\n"
            "corpus/inspections/alpha/corrections/Health.xml: error: unsafe name 'Health': may use only lower-case "
            "letters, digits and hyphens\n"
            "corpus/inspections/con: error: unsafe name 'con': is a reserved name\n"
            "corpus/inspections/two words: error: unsafe name 'two words': may use only lower-case letters, digits "
            "and hyphens\n"
            "corpus/themes/-neglect.xml: error: unsafe name '-neglect': must not start or end with a hyphen or "
            "contain '--'\n"
            "corpus/themes/index.xml: error: unsafe name 'index': is a reserved name\n");
  EXPECT_EQ(set.documents().size(), 2u);
}

TEST_F(LoadCorpusTest, MissingRequiredFilesAreReported) {
  Mkdir("inspections/alpha");
  Write("inspections/beta/findings.xml", "<findings/>\n");
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(),
            "corpus/inspections/alpha/inspection.xml: error: file not found\n"
            "corpus/inspections/beta/inspection.xml: error: file not found\n"
            "corpus/letterpress.xml: error: file not found\n");
  EXPECT_EQ(Describe(set), (std::vector<std::string>{"corpus/inspections/beta/findings.xml findings.xsd 'beta'"}));
}

TEST_F(LoadCorpusTest, OptionalFilesAndFoldersMayBeAbsent) {
  WriteMinimal();  // no findings, responses, corrections or themes
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(), "");
  EXPECT_EQ(set.documents().size(), 2u);
}

TEST_F(LoadCorpusTest, FilesOverTheHardLimitAreNotRead) {
  WriteMinimal();
  Write("themes/big.xml", std::string(101, 'x'));
  Write("themes/fits.xml", std::string(100, 'y'));
  LoadOptions options;
  options.hard_file_limit = 100;
  SourceSet set = Load(options);
  EXPECT_EQ(diags_.FormatAll(),
            "corpus/themes/big.xml: error: file is 101 bytes, over the hard limit of 100 bytes; it was not read\n");
  EXPECT_EQ(Describe(set), (std::vector<std::string>{
                               "corpus/inspections/alpha/inspection.xml inspection.xsd 'alpha'",
                               "corpus/letterpress.xml site.xsd ''",
                               "corpus/themes/big.xml theme.xsd 'big' unusable",
                               "corpus/themes/fits.xml theme.xsd 'fits'",
                           }));
  ASSERT_EQ(set.documents().size(), 4u);
  EXPECT_EQ(set.documents()[2].file->bytes(), "");
  EXPECT_EQ(set.documents()[3].file->bytes(), std::string(100, 'y'));
}

TEST_F(LoadCorpusTest, OtherEntriesAreIgnoredWithAWarning) {
  WriteMinimal();
  Write("inspections/README.md", "notes\n");
  Write("themes/notes.txt", "notes\n");
  Mkdir("themes/drafts");
  Write("inspections/alpha/corrections/health.xml.bak", "old\n");
  Write("inspections/alpha/notes.txt", "not part of the layout, not listed\n");
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(),
            "corpus/inspections/README.md: warning: ignored: only folders belong here\n"
            "corpus/inspections/alpha/corrections/health.xml.bak: warning: ignored: not an .xml file\n"
            "corpus/themes/drafts: warning: ignored: a folder where files belong\n"
            "corpus/themes/notes.txt: warning: ignored: not an .xml file\n");
  EXPECT_FALSE(diags_.has_errors());
  EXPECT_EQ(set.documents().size(), 2u);
}

TEST_F(LoadCorpusTest, AFolderWhereADocumentBelongsIsNotARegularFile) {
  Write("letterpress.xml", "<site/>\n");
  Mkdir("inspections/alpha/inspection.xml");
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(), "corpus/inspections/alpha/inspection.xml: error: not a regular file\n");
  EXPECT_EQ(Describe(set), (std::vector<std::string>{
                               "corpus/inspections/alpha/inspection.xml inspection.xsd 'alpha' unusable",
                               "corpus/letterpress.xml site.xsd ''",
                           }));
}

TEST_F(LoadCorpusTest, BadlyEncodedFilesAreReadButUnusable) {
  WriteMinimal();
  Write("themes/neglect.xml", "<theme>\n  Caf\xE9\n</theme>\n");
  Write("themes/empty.xml", "");
  SourceSet set = Load();
  EXPECT_EQ(diags_.FormatAll(),
            "corpus/themes/empty.xml: error: file is empty\n"
            "corpus/themes/neglect.xml:2:6: error: invalid UTF-8 (byte 0xE9); documents must be encoded in UTF-8\n"
            "      Caf?\n"
            "         ^\n");
  EXPECT_EQ(Describe(set), (std::vector<std::string>{
                               "corpus/inspections/alpha/inspection.xml inspection.xsd 'alpha'",
                               "corpus/letterpress.xml site.xsd ''",
                               "corpus/themes/empty.xml theme.xsd 'empty' unusable",
                               "corpus/themes/neglect.xml theme.xsd 'neglect' unusable",
                           }));
}

TEST_F(LoadCorpusTest, ARootThatIsNotAFolderIsReported) {
  Write("letterpress.xml", "<site/>\n");
  SourceSet set = LoadCorpus(root_ / "letterpress.xml", "corpus/letterpress.xml", LoadOptions{}, diags_);
  EXPECT_EQ(diags_.FormatAll(), "corpus/letterpress.xml: error: corpus root is not a directory\n");
  EXPECT_TRUE(set.documents().empty());
  Diagnostics missing;
  LoadCorpus(root_ / "nowhere", "nowhere", LoadOptions{}, missing);
  EXPECT_EQ(missing.FormatAll(), "nowhere: error: corpus root is not a directory\n");
}

}  // namespace
}  // namespace lp::load
