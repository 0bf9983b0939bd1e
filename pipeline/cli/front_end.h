#pragma once
// What every command shares: exit codes, where resources live, printing diagnostics. The front end itself
// (load -> validate -> model -> rules) is the frontend stage library; its names are repeated here for the
// commands.

#include <filesystem>
#include <string>

#include "base/diagnostics.h"
#include "frontend/front_end.h"

namespace lp::cli {

// Exit codes, documented in the README.
enum ExitCode : int { kOk = 0, kInputError = 1, kUsage = 2, kPublishFailure = 3, kInternal = 70 };

// Where templates/, schemas/, site/ and data/ live: --resources, else $LETTERPRESS_RESOURCES, else the
// source tree the binary was built from.
std::filesystem::path ResourceDir(const std::string& flag);

using frontend::FrontEnd;
using frontend::LoadCorpus;

// Prints diagnostics to stderr and a one-line summary; returns true when there are no errors (and no
// warnings when `strict`).
bool ReportDiagnostics(const Diagnostics& diags, bool strict, bool quiet);

}  // namespace lp::cli
