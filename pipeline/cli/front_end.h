#pragma once
// The front half of every command: load -> validate -> model -> rules, with all diagnostics collected.

#include <filesystem>
#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "load/corpus_files.h"
#include "model/model.h"

namespace lp::cli {

// Exit codes, documented in the README.
enum ExitCode : int { kOk = 0, kInputError = 1, kUsage = 2, kPublishFailure = 3, kInternal = 70 };

// Where templates/, schemas/, site/ and data/ live: --resources, else $LETTERPRESS_RESOURCES, else the
// source tree the binary was built from.
std::filesystem::path ResourceDir(const std::string& flag);

struct FrontEnd {
  load::SourceSet sources;
  Corpus corpus;
};

// Reads and checks the corpus at `root`. Always returns what it could build; `diags` says whether it is
// usable (no errors).
FrontEnd LoadCorpus(const std::string& root, const std::filesystem::path& resources, Diagnostics& diags);

// Prints diagnostics to stderr and a one-line summary; returns true when there are no errors (and no
// warnings when `strict`).
bool ReportDiagnostics(const Diagnostics& diags, bool strict, bool quiet);

}  // namespace lp::cli
