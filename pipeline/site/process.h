#pragma once
// Running the external tools a build may use (Pagefind, WeasyPrint), without a shell.

#include <string>
#include <vector>

namespace lp::site {

struct ProcessResult {
  int exit_code = -1;    // -1: could not be started
  std::string output;    // stdout and stderr together
};

// Runs argv[0] (looked up in PATH when it has no '/') with the arguments, waiting for it to finish.
// `extra_env` entries ("NAME=value") are added to this process's environment for the child.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {});

// The first of `candidates` that exists and is executable (names without '/' are looked up in PATH),
// or empty.
std::string FindExecutable(const std::vector<std::string>& candidates);

}  // namespace lp::site
