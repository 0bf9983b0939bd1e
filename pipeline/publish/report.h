#pragma once
// publish/report: a publish in words for people (the plan, the outcome, a progress line) and in JSON for
// programs. Pure functions of values, so the wording is pinned by unit tests.

#include <cstdint>
#include <string>

#include "publish/plan.h"
#include "publish/publisher.h"

namespace lp::publish {

// "980 B", "12.3 kB", "4.5 MB" (SI units).
std::string HumanBytes(std::uint64_t bytes);

// The plan, one line per file, grouped by step:
//   upload  new                assets/site.0123456789.css
//   delete  not in site        inspections/old-2019/index.html
std::string FormatPlan(const PublishPlan& plan);

// One line per finished operation, as a publish goes: "uploaded  new  path" or "FAILED upload  path: why".
std::string FormatEvent(const FileEvent& event);

// What happened, and when the publish did not complete, what is and is not on the target and what to do.
std::string FormatSummary(const PublishReport& report);

// The machine-readable summary printed by --json.
std::string ReportJson(const PublishReport& report);

// "publishing 45/92 files, 1.2 MB/2.0 MB, 850 kB/s, 0:01 left"; `seconds` since the uploads began.
std::string ProgressLine(const Progress& progress, double seconds);

}  // namespace lp::publish
