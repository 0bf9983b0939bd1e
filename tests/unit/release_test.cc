// The files of a site's releases folder that Letterpress reads back: the release manifest and the release
// history. Malformed ones are diagnostics, never exceptions, and nothing unsafe is accepted.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "site/release.h"

namespace lp::site {
namespace {
namespace fs = std::filesystem;

const char* const kGood = R"({"format": 1, "key": "abc",
 "files": [{"path": "index.html", "size": 4, "sha256": "aa", "sources": ["letterpress.xml"]},
           {"path": "assets/site.css", "size": 0, "sha256": "bb"}]})";

std::string Parsed(const std::string& text) {
  Diagnostics diags;
  std::optional<ReleaseManifest> m = ParseReleaseManifest(text, "m.json", diags);
  EXPECT_EQ(m.has_value(), !diags.has_errors()) << diags.FormatAll();
  return m ? "ok" : diags.FormatAll();
}

TEST(ReleaseManifestTest, ReadsAWellFormedManifest) {
  Diagnostics diags;
  std::optional<ReleaseManifest> m = ParseReleaseManifest(kGood, "m.json", diags);
  ASSERT_TRUE(m) << diags.FormatAll();
  EXPECT_EQ(m->key, "abc");
  ASSERT_EQ(m->files.size(), 2u);
  EXPECT_EQ(m->files[0].path, "index.html");
  EXPECT_EQ(m->files[0].size, 4u);
  EXPECT_EQ(m->files[0].sources, std::vector<std::string>{"letterpress.xml"});
  EXPECT_EQ(m->files[1].sha256, "bb");
}

TEST(ReleaseManifestTest, AWrongTypedFieldIsADiagnosticNotAnException) {
  EXPECT_EQ(Parsed(R"({"files": [{"path": "a", "size": "4", "sha256": "aa"}]})"),
            "m.json: error: malformed release manifest: files[0].size is missing or not a whole number\n");
  EXPECT_EQ(Parsed(R"({"files": [{"path": 7, "size": 4, "sha256": "aa"}]})"),
            "m.json: error: malformed release manifest: files[0].path is missing or not a string\n");
  EXPECT_EQ(Parsed(R"({"files": [{"path": "a", "size": -1, "sha256": "aa"}]})"),
            "m.json: error: malformed release manifest: files[0].size is missing or not a whole number\n");
  EXPECT_EQ(Parsed(R"({"files": [{"path": "a", "size": 1, "sha256": "aa", "sources": [1]}]})"),
            "m.json: error: malformed release manifest: files[0].sources holds something other than a string\n");
  EXPECT_EQ(Parsed(R"({"key": 5, "files": []})"), "m.json: error: malformed release manifest: \"key\" is not a string\n");
  EXPECT_EQ(Parsed(R"({"files": {"path": "a"}})"), "m.json: error: malformed release manifest: \"files\" is not an array\n");
  EXPECT_EQ(Parsed(R"({"files": [3]})"), "m.json: error: malformed release manifest: files[0] is not an object\n");
  EXPECT_EQ(Parsed(R"([1, 2])"), "m.json: error: malformed release manifest: it is not a JSON object\n");
  EXPECT_EQ(Parsed(R"({"format": 1})"), "m.json: error: malformed release manifest: it has no \"files\"\n");
}

TEST(ReleaseManifestTest, NotJsonIsReportedAtItsLineAndColumn) {
  std::string out = Parsed("{\n \"files\": [,\n");
  EXPECT_EQ(out.rfind("m.json:2:12: error: the release manifest is not valid JSON (syntax error", 0), 0u) << out;
  EXPECT_NE(out.find(" \"files\": [,\n"), std::string::npos) << out;
}

TEST(ReleaseManifestTest, APathOutsideTheReleaseOrListedTwiceIsRefused) {
  for (const char* path : {"../etc/passwd", "/etc/passwd", "a/../../b", "", "a//b", "./a", "a\\\\b"}) {
    std::string text = std::string(R"({"files": [{"path": ")") + path + R"(", "size": 1, "sha256": "aa"}]})";
    EXPECT_NE(Parsed(text).find("is not a path inside the release"), std::string::npos) << path << ": " << Parsed(text);
  }
  EXPECT_NE(Parsed(R"({"files": [{"path": "a", "size": 1, "sha256": "aa"}, {"path": "a", "size": 1, "sha256": "aa"}]})")
                .find("files[1].path 'a' is listed twice"),
            std::string::npos);
}

TEST(ReleaseManifestTest, ReadManifestReportsAMalformedFileOnDisk) {
  fs::path dir = fs::temp_directory_path() / ("lp-release-test-" + std::to_string(::getpid()));
  fs::create_directories(dir / ".letterpress");
  std::ofstream(dir / ".letterpress" / "manifest.json") << R"({"files": [{"path": "a", "size": true, "sha256": "aa"}]})";
  Diagnostics diags;
  EXPECT_TRUE(ReadManifest(dir, diags).empty());
  EXPECT_EQ(diags.FormatAll(), (dir / ".letterpress" / "manifest.json").string() +
                                   ": error: malformed release manifest: files[0].size is missing or not a whole number\n");
  Diagnostics verify;
  EXPECT_FALSE(VerifyRelease(dir, verify));
  EXPECT_TRUE(verify.has_errors());
  fs::remove_all(dir);
}

TEST(ReleaseHistoryTest, ReadsOneReleaseIdPerLine) {
  Diagnostics diags;
  auto ids = ParseHistory("0123456789abcdef\n\nfedcba9876543210\n", "history", diags);
  ASSERT_TRUE(ids) << diags.FormatAll();
  EXPECT_EQ(*ids, (std::vector<std::string>{"0123456789abcdef", "fedcba9876543210"}));
}

TEST(ReleaseHistoryTest, ALineThatIsNotAReleaseIdIsReportedAtItsLine) {
  Diagnostics diags;
  EXPECT_FALSE(ParseHistory("0123456789abcdef\n../../home\n0123456789ABCDEF\n0123456789abcdef\n", "history", diags));
  EXPECT_EQ(diags.FormatAll(),
            "history:2:1: error: '../../home' is not a release id (16 characters 0-9 and a-f); fix or remove the line\n"
            "    ../../home\n    ^\n"
            "history:3:1: error: '0123456789ABCDEF' is not a release id (16 characters 0-9 and a-f); fix or remove the line\n"
            "    0123456789ABCDEF\n    ^\n"
            "history:4:1: error: release '0123456789abcdef' is listed twice\n"
            "    0123456789abcdef\n    ^\n");
}

}  // namespace
}  // namespace lp::site
