#pragma once
// The lead inspector's view of the workflow: what the submitted corrections need, what blocks the
// pre-publication letter, and where every inspection stands. Pure: the as-of date comes in as a value.

#include <optional>
#include <string>
#include <vector>

#include "model/model.h"
#include "workflow/paragraphs.h"

namespace lp::workflow {

// One submitted correction, reviewed against the draft as issued and the letter as it now stands.
struct CorrectionReview {
  const CorrectionSet* set = nullptr;
  const FactualAccuracyCorrection* correction = nullptr;
  bool paragraph_found = false;          // the paragraph exists in the version the agency corrected
  bool against_older_version = false;    // made against a draft that is no longer the current one
  bool changed_since = false;            // that paragraph has changed since the version they corrected
  std::string change_html;               // the change since then, as tracked changes
  bool current_text_differs = false;     // <current> is not the paragraph's text in their version
  bool late = false;                     // submitted after the factual accuracy deadline
  bool judgement = false;                // looks like a request to change a finding, not a fact
  std::string judgement_reason;
  bool undecided = false;
};

// Reviews every correction of an inspection. `issued` holds the snapshots of issued drafts by version
// (empty when none was kept); `current` is the letter now.
std::vector<CorrectionReview> ReviewCorrections(const Inspection& inspection, const Corpus& corpus,
                                                const std::map<std::string, std::vector<DraftParagraph>>& issued,
                                                const std::vector<DraftParagraph>& current);

// Why a request reads as a change to a judgement rather than a fact ("says 'we disagree'"), or empty.
std::string JudgementSignal(const FactualAccuracyCorrection& correction);

// Every reason a draft cannot be issued yet (only moderated findings go into a draft); empty when it can.
std::vector<std::string> DraftBlockers(const Inspection& inspection);

// Every reason the pre-publication letter cannot be issued yet; empty when it can.
std::vector<std::string> PrePublicationBlockers(const Inspection& inspection, const Corpus& corpus);

// One line of `letterpress status`.
struct StatusRow {
  std::string id, area, state;
  std::string next_step;             // what happens next
  std::optional<Date> next_deadline;
  std::optional<int> working_days_left;  // negative when overdue
  bool overdue = false;
  std::vector<std::string> blockers;  // what stops the next step
};

std::vector<StatusRow> StatusTable(const Corpus& corpus, Date as_of);

}  // namespace lp::workflow
