// build: the whole build driven as a library, without the command line: outcomes, diagnostics, releases.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "build/build.h"
#include "site/release.h"

namespace lp::build {
namespace {
namespace fs = std::filesystem;

Date D(int year, int month, int day) { return Date::FromYmd(year, month, day).value(); }

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A scratch folder per test, removed afterwards.
class BuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lp-build-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Options ExampleOptions() const {
    Options o;
    o.root = LETTERPRESS_SOURCE_DIR "/examples";
    o.resources = LETTERPRESS_SOURCE_DIR;
    o.out = (dir_ / "site").string();
    o.as_of = D(2026, 11, 23);
    o.jobs = 2;
    o.search = false;
    return o;
  }
  fs::path dir_;
};

TEST_F(BuildTest, BuildsTheExamplesIntoANewReleaseAndThenFindsThemUpToDate) {
  Options o = ExampleOptions();
  Result first = Build(o);
  ASSERT_EQ(first.outcome, Outcome::kBuilt) << first.diagnostics.FormatAll();
  EXPECT_EQ(first.diagnostics.error_count(), 0u);
  EXPECT_GT(first.reports, 0u);
  EXPECT_GT(first.files, first.reports);
  EXPECT_EQ(first.written, first.files);
  EXPECT_FALSE(first.release_id.empty());
  EXPECT_TRUE(fs::is_symlink(o.out));
  EXPECT_NE(Read(fs::path(o.out) / "index.html").find("<html"), std::string::npos);
  EXPECT_EQ(site::ListReleases(o.out).current, first.release_id);

  Result second = Build(o);
  EXPECT_EQ(second.outcome, Outcome::kUpToDate);
  EXPECT_TRUE(second.ok());
}

TEST_F(BuildTest, ReportsAnInvalidCorpusAsDiagnosticsAndWritesNothing) {
  fs::path root = dir_ / "corpus";
  fs::create_directories(root);
  std::ofstream(root / "letterpress.xml") << "<site><oops></site>\n";
  Options o = ExampleOptions();
  o.root = root.string();
  Result r = Build(o);
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_FALSE(r.ok());
  EXPECT_GT(r.diagnostics.error_count(), 0u);
  EXPECT_NE(r.diagnostics.FormatAll().find("letterpress.xml"), std::string::npos) << r.diagnostics.FormatAll();
  EXPECT_FALSE(fs::exists(o.out));
}

}  // namespace
}  // namespace lp::build
