#pragma once
// build: corpus root + resources + as-of date -> a release of the public site in --out. The whole build
// (front end, render, link check, release key, staging, search index, PDFs, commit) lives here; the
// command line only parses options and prints the result, so tests and other commands drive it directly.

#include <filesystem>
#include <string>

#include "base/diagnostics.h"
#include "calendar/date.h"

namespace lp::build {

struct Options {
  std::string root = ".";
  std::filesystem::path resources;  // templates/, schemas/, site/, data/
  std::string out = "public";
  Date as_of;
  int jobs = 1;
  bool pdf = false;
  bool search = true;
  bool strict = false;  // warnings fail the build
};

enum class Outcome {
  kBuilt,         // a new release was written and switched to
  kUpToDate,      // the inputs are those of the current release: nothing was read or written
  kUnchanged,     // the output would equal the current release: nothing was written
  kInvalidInput,  // the corpus, templates or assets have errors (or warnings under strict)
  kBrokenLinks,   // an internal link or anchor would not resolve; nothing was written
  kWriteFailed,   // staging, search, PDFs or the switch failed; OUT was left as it was
};

struct Result {
  Outcome outcome = Outcome::kInvalidInput;
  Diagnostics diagnostics;
  std::size_t reports = 0;  // published inspections
  std::size_t files = 0;    // files in the release (before search and PDFs)
  std::size_t written = 0, linked = 0;
  std::string release_id;

  bool ok() const { return outcome == Outcome::kBuilt || outcome == Outcome::kUpToDate || outcome == Outcome::kUnchanged; }

  Result() = default;
  Result(Result&& other) noexcept;
};

// Builds the site as of `options.as_of`. Never throws for bad input: everything wrong is in the diagnostics.
Result Build(const Options& options);

}  // namespace lp::build
