#pragma once
// Word-level tracked changes between two versions of a letter, as HTML with <ins> and <del>.

#include <string>
#include <vector>

#include "workflow/paragraphs.h"

namespace lp::workflow {

// Splits Markdown source into diff tokens: words, runs of white space, Markdown markers (**, __, ~~, `)
// and single punctuation characters, so a formatting change shows as its own insertion or deletion.
std::vector<std::string> Tokenise(const std::string& text);

// One run of a word-level comparison: text both versions share, or text one of them removed or added.
enum class SegmentKind { kSame, kDeleted, kInserted };
struct RedlineSegment {
  SegmentKind kind = SegmentKind::kSame;
  std::string text;  // as written (not escaped)
};

// The word-level changes from `before` to `after`. Each change is the words it removes, then the words it
// puts in their place; numbers, dates and hyphenated words change as whole tokens (see Tokenise).
std::vector<RedlineSegment> RedlineSegments(const std::string& before, const std::string& after);

// The two texts as escaped HTML with <del> around removed tokens and <ins> around added ones.
std::string RedlineHtml(const std::string& before, const std::string& after);

// Segments as escaped HTML. With `accessible`, each <del> and <ins> starts and ends with visually hidden words
// ("deleted text:", "end of deleted text") so a screen reader says what the strike-through and underline show.
std::string SegmentsHtml(const std::vector<RedlineSegment>& segments, bool accessible);

// Segments as terminal text, as `git diff --word-diff` writes them: [-deleted-]{+inserted+}; with `colour`,
// also red and green (the brackets stay, so the meaning never rests on colour alone).
std::string SegmentsText(const std::vector<RedlineSegment>& segments, bool colour);

enum class ParagraphChange { kUnchanged, kChanged, kInserted, kDeleted };

struct RedlineParagraph {
  std::string number;       // the current number (the old one for a deleted paragraph)
  std::string old_number;   // empty for an inserted paragraph
  int section = 0;
  std::string finding;
  ParagraphChange change = ParagraphChange::kUnchanged;
  std::string html;         // the tracked-changes text
  std::vector<RedlineSegment> segments;  // the same, as segments
  std::string before, after;             // the texts compared (empty for an inserted or deleted one)
};

// What a comparison compares: the Markdown source (the draft's redline, which shows formatting changes) or
// the plain text a reader sees (the public record of changes).
enum class CompareOn { kMarkdown, kText };

// Compares two drafts paragraph by paragraph, matching paragraphs by finding and block (not by number,
// which shifts when paragraphs come and go). Deleted paragraphs stay where they were.
std::vector<RedlineParagraph> CompareDrafts(const std::vector<DraftParagraph>& before,
                                            const std::vector<DraftParagraph>& after, CompareOn on = CompareOn::kMarkdown);

}  // namespace lp::workflow
