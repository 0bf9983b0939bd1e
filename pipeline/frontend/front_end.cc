#include "frontend/front_end.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "model/accessibility_results.h"
#include "model/build.h"
#include "rules/rules.h"
#include "validate/schema_validator.h"
#include "workflow/published.h"

namespace lp::frontend {

namespace {

// The browser tests' results that the accessibility statement reports: every *.json in the folder that
// <accessibility results="..."> names, by file name. A missing folder is a warning: the statement then says
// the site has not been tested yet.
void LoadAccessibilityResults(const std::string& root, Corpus& corpus, Diagnostics& diags) {
  AccessibilityConfig& a = corpus.site.accessibility;
  if (a.results.empty()) return;
  std::filesystem::path folder = std::filesystem::path(root) / a.results;
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    diags.Warning(corpus.site.loc, "the accessibility results folder '" + a.results +
                                       "' does not exist: the accessibility statement will say the site has not been "
                                       "tested (run the browser tests with LETTERPRESS_A11Y_RESULTS_DIR to record them)");
    return;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(folder, ec)) {
    if (e.path().extension() == ".json" && e.is_regular_file(ec)) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::string shown = (std::filesystem::path(root) / a.results / f.filename()).string();
    if (std::optional<AccessibilityCheck> check = model::ParseAccessibilityCheck(shown, bytes.str(), diags)) {
      a.checks.push_back(std::move(*check));
    }
  }
}

}  // namespace

FrontEnd LoadCorpus(const std::string& root, const std::filesystem::path& resources, Diagnostics& diags,
                    std::optional<Date> today) {
  FrontEnd out;
  out.sources = load::LoadCorpus(root, root, load::LoadOptions{}, diags);
  // The bundled working-day calendar is an input like any other: validated, and part of the fingerprint.
  std::filesystem::path calendar = resources / "data" / "bank-holidays-england-and-wales.xml";
  std::ifstream in(calendar, std::ios::binary);
  if (!in) {
    diags.FileError(calendar.string(), "cannot read the working-day calendar (is --resources right?)");
  } else {
    std::ostringstream bytes;
    bytes << in.rdbuf();
    load::SourceDocument& doc =
        out.sources.Add(load::DocType::kCalendar, "", calendar.string(), std::move(bytes).str());
    doc.usable = load::CheckEncoding(*doc.file, diags);
  }
  validate::SchemaSet schemas;
  if (!schemas.Load(resources / "schemas", diags)) return out;
  validate::ValidateAll(schemas, out.sources, diags);
  out.corpus = model::BuildCorpus(out.sources, diags);
  LoadAccessibilityResults(root, out.corpus, diags);
  rules::CheckCorpus(out.corpus, out.sources, diags);
  // A published letter changes only with a change note (its published record says what was published).
  workflow::CheckPublishedRecord(out.corpus, today, diags);
  return out;
}

}  // namespace lp::frontend
