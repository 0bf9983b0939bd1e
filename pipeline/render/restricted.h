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

}  // namespace lp::render
