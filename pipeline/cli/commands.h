#pragma once
// The subcommands of `letterpress`.

namespace lp::cli {

// Parses argv and runs the chosen subcommand; returns the process exit code.
int Run(int argc, char** argv);

}  // namespace lp::cli
