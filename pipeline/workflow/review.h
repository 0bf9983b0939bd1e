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

// A corrections file's text with the decision on correction `id` set to `decision_xml` (one <decision>
// element), replacing any decision it had and touching nothing else, so the agency's file stays as they
// sent it. nullopt, with the reason in *error, when the file has no such correction.
std::optional<std::string> SetDecision(const std::string& xml, const std::string& id, const std::string& decision_xml,
                                       std::string* error);

// One <decision> element: outcome "accepted", "partly-accepted" or "declined"; reason empty or one of the
// schema's; the explanation as its text (escaped).
std::string DecisionXml(const std::string& outcome, const std::string& reason, const std::string& by, Date on,
                        const std::string& explanation);

// The words that show a paragraph concerns `agency`: its name, its configured aliases, and the plain word
// for its kind ("police", "health", "school"...). Matched whole-word and case-insensitively.
std::vector<std::string> AgencyTerms(const Agency& agency);

// Whether `text` uses one of `terms` as whole words, case-insensitively.
bool NamesAny(const std::string& text, const std::vector<std::string>& terms);

// Every draft paragraph that concerns `agency`: the findings attributed to it, and any paragraph
// (context, headline findings, any finding) whose text names it.
std::vector<DraftParagraph> ParagraphsConcerning(const Inspection& inspection, const Agency& agency,
                                                 const std::vector<DraftParagraph>& paragraphs);

// Every reason a draft cannot be issued yet (only moderated findings go into a draft); empty when it can.
std::vector<std::string> DraftBlockers(const Inspection& inspection);

// Every reason the pre-publication letter cannot be issued yet; empty when it can.
std::vector<std::string> PrePublicationBlockers(const Inspection& inspection, const Corpus& corpus);

// One line of `letterpress status`.
struct StatusRow {
  std::string id, area, state;
  std::string next_step;             // what happens next
  std::string waiting_on;            // whose move it is: "partners", "lead inspector", "principal authority", or empty
  std::optional<Date> next_deadline;  // that party's deadline
  std::optional<int> working_days_left;  // negative once the deadline has passed
  bool overdue = false;               // the party whose move it is has missed its own deadline
  std::vector<std::string> overdue_items;  // action-plan actions past their due date and not complete
  std::vector<std::string> blockers;  // what stops the next step
};

// Every inspection's row, most urgent first: overdue ones (the longest overdue first), then by next
// deadline, then those with none; ties by id.
std::vector<StatusRow> StatusTable(const Corpus& corpus, Date as_of);
void SortByUrgency(std::vector<StatusRow>& rows);

}  // namespace lp::workflow
