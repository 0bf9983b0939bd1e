#pragma once
// The corpus the document fuzzers mutate: tests/fixtures/minimal and the bundled calendar, read into memory
// once, with one document replaced by the fuzzer's bytes on every run. Nothing touches the disk after
// start-up, so a run is fast and independent of the others.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "load/corpus_files.h"
#include "model/model.h"

namespace lp::fuzz {

// One document of the fixture, as the loader would name it.
struct FixtureDocument {
  load::DocType type;
  std::string owner;
  std::string path;
  std::string bytes;
};

// The fixture's documents (read once, on first use).
const std::vector<FixtureDocument>& Fixture();

// The result of the front end on the fixture with the document at `path` replaced by `bytes`.
struct FrontEndRun {
  load::SourceSet sources;
  Corpus corpus;
  Diagnostics diags;
};

// Loads (encoding check), validates against the schemas, builds the model and checks the rules, exactly
// as `letterpress check` does after reading the files; formats every diagnostic.
void RunFrontEnd(const std::string& path, std::string_view bytes, FrontEndRun& run);

}  // namespace lp::fuzz
