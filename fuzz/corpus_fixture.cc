#include "corpus_fixture.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "model/build.h"
#include "rules/rules.h"
#include "validate/schema_validator.h"

namespace lp::fuzz {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "fuzz: cannot read " << path << "\n";
    std::abort();
  }
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

const validate::SchemaSet& Schemas() {
  static validate::SchemaSet* schemas = [] {
    auto* s = new validate::SchemaSet();
    Diagnostics diags;
    if (!s->Load(std::filesystem::path(LETTERPRESS_SOURCE_DIR) / "schemas", diags)) {
      std::cerr << diags.FormatAll();
      std::abort();
    }
    return s;
  }();
  return *schemas;
}

}  // namespace

const std::vector<FixtureDocument>& Fixture() {
  static const std::vector<FixtureDocument>* fixture = [] {
    const std::filesystem::path source(LETTERPRESS_SOURCE_DIR);
    const std::filesystem::path root = source / "tests" / "fixtures" / "minimal";
    using load::DocType;
    auto* docs = new std::vector<FixtureDocument>{
        {DocType::kSite, "", "letterpress.xml", ""},
        {DocType::kInspection, "alpha-2025", "inspections/alpha-2025/inspection.xml", ""},
        {DocType::kFindings, "alpha-2025", "inspections/alpha-2025/findings.xml", ""},
        {DocType::kResponses, "alpha-2025", "inspections/alpha-2025/responses.xml", ""},
        {DocType::kInspection, "beta-2025", "inspections/beta-2025/inspection.xml", ""},
        {DocType::kFindings, "beta-2025", "inspections/beta-2025/findings.xml", ""},
        {DocType::kCorrections, "beta-2025", "inspections/beta-2025/corrections/health.xml", ""},
        {DocType::kTheme, "neglect", "themes/neglect.xml", ""},
    };
    for (FixtureDocument& d : *docs) d.bytes = ReadFile(root / d.path);
    docs->push_back({DocType::kCalendar, "", "data/bank-holidays-england-and-wales.xml",
                     ReadFile(source / "data" / "bank-holidays-england-and-wales.xml")});
    return docs;
  }();
  return *fixture;
}

void RunFrontEnd(const std::string& path, std::string_view bytes, FrontEndRun& run) {
  for (const FixtureDocument& d : Fixture()) {
    load::SourceDocument& doc =
        run.sources.Add(d.type, d.owner, d.path, d.path == path ? std::string(bytes) : d.bytes);
    doc.usable = load::CheckEncoding(*doc.file, run.diags);
  }
  run.sources.SortByPath();
  validate::ValidateAll(Schemas(), run.sources, run.diags);
  run.corpus = model::BuildCorpus(run.sources, run.diags);
  rules::CheckCorpus(run.corpus, run.sources, run.diags);
  // Formatting places every diagnostic: offsets to lines and columns, source lines, carets.
  std::string text = run.diags.FormatAll();
  if (run.diags.has_errors() && text.empty()) std::abort();
}

}  // namespace lp::fuzz
