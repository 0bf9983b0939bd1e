#pragma once
// The browser tests' own results (tests/browser, written with LETTERPRESS_A11Y_RESULTS_DIR): one small JSON
// file per check, which the accessibility statement reports. Pure: bytes in, values out.

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "model/model.h"

namespace lp::model {

// Reads one results file: {"check", "tool", "description", "tested" (YYYY-MM-DD), "pages", "problems"}.
// Reports a malformed file against `path` and returns nothing for it.
std::optional<AccessibilityCheck> ParseAccessibilityCheck(const std::string& path, const std::string& json,
                                                          Diagnostics& diags);

}  // namespace lp::model
