#pragma once
// Word-level tracked changes between two versions of a letter, as HTML with <ins> and <del>.

#include <string>
#include <vector>

#include "workflow/paragraphs.h"

namespace lp::workflow {

// Splits Markdown source into diff tokens: words, runs of white space, Markdown markers (**, __, ~~, `)
// and single punctuation characters, so a formatting change shows as its own insertion or deletion.
std::vector<std::string> Tokenise(const std::string& text);

// The two texts as escaped HTML with <del> around removed tokens and <ins> around added ones.
std::string RedlineHtml(const std::string& before, const std::string& after);

enum class ParagraphChange { kUnchanged, kChanged, kInserted, kDeleted };

struct RedlineParagraph {
  std::string number;       // the current number (the old one for a deleted paragraph)
  std::string old_number;   // empty for an inserted paragraph
  int section = 0;
  std::string finding;
  ParagraphChange change = ParagraphChange::kUnchanged;
  std::string html;         // the tracked-changes text
};

// Compares two drafts paragraph by paragraph, matching paragraphs by finding and block (not by number,
// which shifts when paragraphs come and go). Deleted paragraphs stay where they were.
std::vector<RedlineParagraph> CompareDrafts(const std::vector<DraftParagraph>& before,
                                            const std::vector<DraftParagraph>& after);

}  // namespace lp::workflow
