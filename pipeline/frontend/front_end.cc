#include "frontend/front_end.h"

#include <fstream>
#include <sstream>

#include "model/build.h"
#include "rules/rules.h"
#include "validate/schema_validator.h"

namespace lp::frontend {

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

}  // namespace lp::frontend
