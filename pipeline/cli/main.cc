// letterpress: the command-line driver. Parses arguments, runs the stages, maps results to exit codes.
// The one catch for the unexpected lives here.

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "cli/commands.h"
#include "cli/front_end.h"

int main(int argc, char** argv) {
  try {
    return lp::cli::Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "letterpress: internal error: " << e.what() << "\n";
    return lp::cli::kInternal;
  } catch (...) {
    std::cerr << "letterpress: internal error\n";
    return lp::cli::kInternal;
  }
}
