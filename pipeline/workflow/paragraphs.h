#pragma once
// The numbered paragraphs of a draft letter, which factual accuracy corrections refer to, and the draft's
// version (a content hash). Numbering is stable by design: section numbers are fixed (1 context,
// 2 headline findings, 3 areas for priority action, 4 what needs to improve, 5 strengths, 6 main findings,
// 7 practice studies), so adding a priority action never renumbers the strengths.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"

namespace lp::workflow {

enum Section : int {
  kContext = 1,
  kHeadline = 2,
  kPriorityActions = 3,
  kImprovements = 4,
  kStrengths = 5,
  kMainFindings = 6,
  kPracticeStudies = 7,
};

// The heading of a numbered section ("What needs to improve?").
const char* SectionTitle(int section);

struct DraftParagraph {
  std::string number;      // "4.2"
  int section = 0;
  std::string finding;     // the finding's id; "context" or "headline-findings" for those sections
  int block = 0;           // index of the block within its finding's body
  std::string markdown;    // the block's Markdown source
  std::string html;        // the block rendered on its own
  std::string text;        // its plain text
};

// Every numbered paragraph of the letter, in reading order. Bullets (sections 3 to 5) are one paragraph
// per finding; in the other sections every block of every body counts.
std::vector<DraftParagraph> NumberParagraphs(const Inspection& inspection);

// The draft's version: 12 hex digits of the SHA-256 of its numbered paragraphs.
std::string DraftVersion(const std::vector<DraftParagraph>& paragraphs);

// A snapshot of an issued draft, kept so later corrections can be compared with what was issued.
nlohmann::json SnapshotToJson(const std::string& inspection_id, const std::string& version,
                              const std::vector<DraftParagraph>& paragraphs);
// Reads a snapshot back; nullopt if it is not one.
std::optional<std::vector<DraftParagraph>> SnapshotFromJson(const nlohmann::json& snapshot);

// The paragraph with `number`, or null.
const DraftParagraph* FindParagraph(const std::vector<DraftParagraph>& paragraphs, const std::string& number);

}  // namespace lp::workflow
