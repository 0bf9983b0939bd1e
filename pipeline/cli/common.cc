#include <cstdlib>
#include <iostream>

#include "cli/front_end.h"

#ifndef LETTERPRESS_RESOURCE_DIR
#define LETTERPRESS_RESOURCE_DIR "."
#endif

namespace lp::cli {

std::filesystem::path ResourceDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("LETTERPRESS_RESOURCES"); env && *env) return env;
  return LETTERPRESS_RESOURCE_DIR;
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
