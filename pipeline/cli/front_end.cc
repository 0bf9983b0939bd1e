#include "cli/front_end.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "model/build.h"
#include "rules/rules.h"
#include "validate/schema_validator.h"

#ifndef LETTERPRESS_RESOURCE_DIR
#define LETTERPRESS_RESOURCE_DIR "."
#endif

namespace lp::cli {

std::filesystem::path ResourceDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("LETTERPRESS_RESOURCES"); env && *env) return env;
  return LETTERPRESS_RESOURCE_DIR;
}

FrontEnd LoadCorpus(const std::string& root, const std::filesystem::path& resources, Diagnostics& diags) {
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
  rules::CheckCorpus(out.corpus, out.sources, diags);
  return out;
}

bool ReportDiagnostics(const Diagnostics& diags, bool strict, bool quiet) {
  std::cerr << diags.FormatAll();
  std::size_t errors = diags.error_count();
  std::size_t warnings = diags.warning_count();
  if (!quiet && (errors || warnings)) {
    std::cerr << errors << (errors == 1 ? " error" : " errors") << ", " << warnings
              << (warnings == 1 ? " warning" : " warnings") << (strict && warnings ? " (--strict: warnings fail)" : "")
              << "\n";
  }
  return errors == 0 && !(strict && warnings > 0);
}

}  // namespace lp::cli
