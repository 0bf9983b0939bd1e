#pragma once
// Restricted documents for the pre-publication workflow: the numbered draft for factual accuracy, the
// agency feedback packs, the offline corrections form, the corrections report, decision log and redline,
// and the embargoed pre-publication letter. Never part of the public site. Each page is self-contained
// (styles inlined) so it reads the same opened from disk, an email or a printer.

#include <map>
#include <string>
#include <vector>

#include "render/render.h"
#include "workflow/paragraphs.h"
#include "workflow/redline.h"
#include "workflow/review.h"

namespace lp::render {

struct RestrictedContext {
  const Corpus* corpus = nullptr;
  const Inspection* inspection = nullptr;
  const TemplateSet* templates = nullptr;
  std::string css;      // the stylesheet, inlined into every page
  std::string version;  // the document's version (content hash)
  std::string reply_to;  // where corrections go (the lead inspector's address); empty: the site's contact
};

// The draft letter for the factual accuracy check (numbered, watermarked), or the pre-publication letter
// (numbered, "EMBARGOED until ...").
std::string RenderRestrictedLetter(const RestrictedContext& ctx, LetterMode mode);

// The letter as plain text with its paragraph numbers, for the text part of an email.
std::string LetterText(const RestrictedContext& ctx, LetterMode mode);

// One agency's findings with their draft numbers, for its inspectorate's tailored feedback.
std::string RenderAgencyPack(const RestrictedContext& ctx, const Agency& agency);

// The offline corrections form: pick a paragraph, see its text, propose new text with evidence, and
// download a corrections file that `letterpress check` accepts.
std::string RenderCorrectionsForm(const RestrictedContext& ctx);

// What the submitted corrections need: older versions, late submissions, judgement requests, undecided.
std::string RenderCorrectionsReport(const RestrictedContext& ctx, const std::vector<workflow::CorrectionReview>& reviews);

// The decision log: each correction, who asked, the decision and the reason.
std::string RenderDecisionLog(const RestrictedContext& ctx, const std::vector<workflow::CorrectionReview>& reviews);
std::string DecisionLogCsv(const std::vector<workflow::CorrectionReview>& reviews);

// The letter with tracked changes between the issued draft and the revised text.
std::string RenderRedline(const RestrictedContext& ctx, const std::string& issued_version,
                          const std::vector<workflow::RedlineParagraph>& paragraphs);

// The local decisions page (`letterpress corrections ID decide --page`): every correction with its paragraph,
// the proposed change as a redline, any decision already recorded, and accept / partly / decline with a reason.
struct DecisionsPageEntry {
  std::string choice;   // "", "accepted", "partly-accepted" or "declined"
  std::string because;  // for declined: "not-a-factual-matter", "evidence-insufficient" or "other"
  std::string reason;
};
struct DecisionsPageState {
  std::string token;                                   // the page's secret, sent back with every save
  std::string by;                                      // who decides
  std::map<std::size_t, DecisionsPageEntry> entries;   // what was entered, by correction (index in the reviews)
  std::vector<std::pair<std::string, std::string>> errors;  // field id and message, in page order
  std::string saved;                                   // after a save: what was recorded
};
std::string RenderDecisionsPage(const RestrictedContext& ctx, const std::vector<workflow::CorrectionReview>& reviews,
                                const DecisionsPageState& state);

// The key that names a correction on the decisions page: its file name and id ("police.xml#pol-1").
std::string DecisionKey(const workflow::CorrectionReview& review);

}  // namespace lp::render
