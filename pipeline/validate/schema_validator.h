#pragma once
// validate: source documents + schemas/*.xsd -> diagnostics. Uses libxml2's XML Schema validator, the
// same engine as `xmllint --schema`, so the schemas are the single definition of the input format.

#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "base/diagnostics.h"
#include "load/corpus_files.h"

namespace lp::validate {

// The compiled schemas, one per document type. Read-only once loaded; safe to share across threads.
class SchemaSet {
 public:
  SchemaSet();
  ~SchemaSet();
  SchemaSet(const SchemaSet&) = delete;
  SchemaSet& operator=(const SchemaSet&) = delete;

  // Compiles every schema in `schemas_dir`. On failure reports it and returns false.
  bool Load(const std::filesystem::path& schemas_dir, Diagnostics& diags);

  // Checks that the document has no DOCTYPE (refused before parsing), is well-formed and is valid against its
  // type's schema. Reports every schema problem at its line and column, but only the first well-formedness
  // error (the parser's later ones follow from it); returns true when the document is valid.
  bool Validate(const load::SourceDocument& doc, Diagnostics& diags) const;

  // Validate, saying also whether the document can still be read: it can when every problem is a bad
  // value (wrong type, out of range, not an allowed value), whose offsets are listed for the model to read
  // as missing.
  struct Outcome {
    bool valid = false;
    bool usable = false;
    std::set<std::size_t> refused_values;
  };
  Outcome Check(const load::SourceDocument& doc, Diagnostics& diags) const;

 private:
  struct Compiled;
  std::map<load::DocType, std::unique_ptr<Compiled>> schemas_;
};

// Validates every usable document of the set, marking invalid ones unusable so later stages skip them.
void ValidateAll(const SchemaSet& schemas, load::SourceSet& sources, Diagnostics& diags);

}  // namespace lp::validate
