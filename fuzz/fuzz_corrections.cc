// The corrections file reader: the input replaces an agency's corrections file in the fixture corpus;
// the front end reads and checks it, and the review of the corrections (what `letterpress corrections`
// reports: stale paragraphs, lateness, judgement requests, decisions) runs on what it read.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "corpus_fixture.h"
#include "workflow/paragraphs.h"
#include "workflow/review.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  lp::fuzz::FrontEndRun run;
  lp::fuzz::RunFrontEnd("inspections/beta-2025/corrections/health.xml", bytes, run);
  for (const lp::Inspection& in : run.corpus.inspections) {
    if (in.corrections.empty()) continue;
    std::vector<lp::workflow::DraftParagraph> current = lp::workflow::NumberParagraphs(in);
    std::map<std::string, std::vector<lp::workflow::DraftParagraph>> issued;
    issued[lp::workflow::DraftVersion(current)] = current;
    std::vector<lp::workflow::CorrectionReview> reviews = lp::workflow::ReviewCorrections(in, run.corpus, issued, current);
    (void)reviews;
  }
  return 0;
}
