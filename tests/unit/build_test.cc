// build: the whole build driven as a library, without the command line: outcomes, diagnostics, releases.

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "build/build.h"
#include "frontend/front_end.h"
#include "plan/plan.h"
#include "render/render.h"
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
  // A copy of the resources whose templates a test may break; the rest are links to the real ones.
  fs::path CopyResources() const {
    fs::path res = dir_ / "resources";
    fs::create_directories(res);
    for (const char* d : {"schemas", "site", "data"}) fs::create_directory_symlink(fs::path(LETTERPRESS_SOURCE_DIR) / d, res / d);
    fs::copy(fs::path(LETTERPRESS_SOURCE_DIR) / "templates", res / "templates");
    return res;
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

TEST_F(BuildTest, AMissingTemplateIsReportedWhenTemplatesLoadNotACrash) {
  fs::path res = CopyResources();
  fs::remove(res / "templates" / "agency.mustache");
  Options o = ExampleOptions();
  o.resources = res;
  Result r = Build(o);
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_NE(r.diagnostics.FormatAll().find((res / "templates" / "agency.mustache").string() +
                                           ": error: missing template 'agency', which the build renders with"),
            std::string::npos)
      << r.diagnostics.FormatAll();
  EXPECT_FALSE(fs::exists(o.out));
}

TEST_F(BuildTest, APartialNamingNoTemplateIsReportedWhereItIsIncluded) {
  fs::path res = CopyResources();
  std::string original = Read(res / "templates" / "search.mustache");
  std::size_t lines = static_cast<std::size_t>(std::count(original.begin(), original.end(), '\n'));
  ASSERT_TRUE(!original.empty() && original.back() == '\n');
  std::ofstream(res / "templates" / "search.mustache", std::ios::app) << "<p>\n  {{> _no_such_partial}}\n";
  Options o = ExampleOptions();
  o.resources = res;
  Result r = Build(o);
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  std::string text = r.diagnostics.FormatAll();
  EXPECT_NE(text.find("search.mustache:" + std::to_string(lines + 2) +
                      ":3: error: template includes partial '_no_such_partial'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("      {{> _no_such_partial}}\n      ^\n"), std::string::npos) << text;
  EXPECT_FALSE(fs::exists(o.out));
}

TEST_F(BuildTest, ARenderFailureOnAWorkerThreadReachesTheCallerInsteadOfAborting) {
  Diagnostics diags;
  frontend::FrontEnd fe = frontend::LoadCorpus(LETTERPRESS_SOURCE_DIR "/examples", LETTERPRESS_SOURCE_DIR, diags);
  ASSERT_EQ(diags.error_count(), 0u) << diags.FormatAll();
  plan::Plan plan = plan::MakePlan(fe.corpus, D(2026, 11, 23));
  ASSERT_GT(plan.inspections.size(), 1u);
  render::TemplateSet templates;  // no "agency" template: every inspection's agency pages fail
  ASSERT_TRUE(templates.Load(LETTERPRESS_SOURCE_DIR "/templates", diags));
  render::TemplateSet partial;
  for (const auto& [name, text] : templates.texts()) {
    if (name != "agency") partial.Add(name, text);
  }
  EXPECT_THROW(render::RenderInspectionDocuments(fe.corpus, plan, partial, render::RenderOptions{}, 2), std::runtime_error);
}

}  // namespace
}  // namespace lp::build
