// The corpus loader with validation and model building: the first byte picks which document of the
// fixture corpus the rest replaces (site, inspection, findings, responses, theme); the whole front end
// runs on it, then the plan when the corpus is valid. Crashes, sanitizer reports and aborts are findings.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "corpus_fixture.h"
#include "plan/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* const kTargets[] = {"letterpress.xml", "inspections/alpha-2025/inspection.xml",
                                         "inspections/alpha-2025/findings.xml",
                                         "inspections/alpha-2025/responses.xml", "themes/neglect.xml"};
  const std::string path = kTargets[data[0] % (sizeof kTargets / sizeof kTargets[0])];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  lp::fuzz::FrontEndRun run;
  lp::fuzz::RunFrontEnd(path, bytes, run);
  if (!run.diags.has_errors()) {
    std::optional<lp::Date> as_of = lp::Date::FromYmd(2026, 11, 23);
    lp::plan::Plan plan = lp::plan::MakePlan(run.corpus, *as_of);
    (void)plan;
  }
  return 0;
}
