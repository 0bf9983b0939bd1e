#include "workflow/paragraphs.h"

#include "base/text.h"
#include "markdown/markdown.h"

namespace lp::workflow {

const char* SectionTitle(int section) {
  switch (section) {
    case kContext: return "Context";
    case kHeadline: return "Headline findings";
    case kPriorityActions: return "Areas for priority action";
    case kImprovements: return "What needs to improve?";
    case kStrengths: return "Strengths";
    case kMainFindings: return "Main findings";
    case kPracticeStudies: return "Practice studies";
    default: return "";
  }
}

std::vector<DraftParagraph> NumberParagraphs(const Inspection& in) {
  std::vector<DraftParagraph> out;
  auto blocks_of = [&](int section, int& counter, const std::string& finding, const std::string& markdown) {
    int index = 0;
    for (const markdown::Block& b : markdown::SplitBlocks(markdown)) {
      out.push_back({std::to_string(section) + "." + std::to_string(++counter), section, finding, index++, b.source,
                     b.html, b.text});
    }
  };
  auto bullets = [&](int section, FindingKind kind) {
    int counter = 0;
    for (const Finding* f : in.FindingsOfKind(kind)) {
      // A bullet is one paragraph whatever its Markdown holds.
      std::string html = markdown::RenderHtml(f->body.text);
      out.push_back({std::to_string(section) + "." + std::to_string(++counter), section, f->id, 0, f->body.text, html,
                     markdown::PlainText(f->body.text)});
    }
  };
  int counter = 0;
  if (in.context) blocks_of(kContext, counter, "context", in.context->body.text);
  counter = 0;
  if (in.headline) blocks_of(kHeadline, counter, "headline-findings", in.headline->body.text);
  bullets(kPriorityActions, FindingKind::kAreaForPriorityAction);
  bullets(kImprovements, FindingKind::kAreaForImprovement);
  bullets(kStrengths, FindingKind::kStrength);
  counter = 0;
  for (const Finding* f : in.FindingsOfKind(FindingKind::kMainFinding)) blocks_of(kMainFindings, counter, f->id, f->body.text);
  counter = 0;
  for (FindingKind kind : {FindingKind::kPracticeStudyEffective, FindingKind::kPracticeStudyImprovement}) {
    for (const Finding* f : in.FindingsOfKind(kind)) blocks_of(kPracticeStudies, counter, f->id, f->body.text);
  }
  return out;
}

std::string DraftVersion(const std::vector<DraftParagraph>& paragraphs) {
  std::string all = "letterpress-draft-1\n";
  for (const DraftParagraph& p : paragraphs) all += p.number + '\0' + p.finding + '\0' + p.markdown + '\n';
  return Sha256Hex(all).substr(0, 12);
}

nlohmann::json SnapshotToJson(const std::string& inspection_id, const std::string& version,
                              const std::vector<DraftParagraph>& paragraphs) {
  nlohmann::json list = nlohmann::json::array();
  for (const DraftParagraph& p : paragraphs) {
    list.push_back({{"number", p.number}, {"section", p.section}, {"finding", p.finding}, {"block", p.block},
                    {"markdown", p.markdown}, {"text", p.text}, {"html", p.html}});
  }
  return {{"format", 1}, {"inspection", inspection_id}, {"version", version}, {"paragraphs", list}};
}

std::optional<std::vector<DraftParagraph>> SnapshotFromJson(const nlohmann::json& snapshot) {
  if (!snapshot.is_object() || !snapshot.contains("paragraphs") || !snapshot["paragraphs"].is_array()) return std::nullopt;
  std::vector<DraftParagraph> out;
  for (const auto& p : snapshot["paragraphs"]) {
    if (!p.is_object()) return std::nullopt;
    DraftParagraph d;
    d.number = p.value("number", "");
    d.section = p.value("section", 0);
    d.finding = p.value("finding", "");
    d.block = p.value("block", 0);
    d.markdown = p.value("markdown", "");
    d.text = p.value("text", "");
    if (p.contains("html") && p["html"].is_string()) {
      d.html = p["html"].get<std::string>();
    } else {
      // Snapshots written before the html was kept: render it again as NumberParagraphs does. A block on its
      // own renders as it did in its body, except that a list item of a loose list loses its <p>.
      if (d.section == kPriorityActions || d.section == kImprovements || d.section == kStrengths) {
        d.html = markdown::RenderHtml(d.markdown);
      } else {
        for (const markdown::Block& b : markdown::SplitBlocks(d.markdown)) d.html += b.html;
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

const DraftParagraph* FindParagraph(const std::vector<DraftParagraph>& paragraphs, const std::string& number) {
  for (const DraftParagraph& p : paragraphs) {
    if (p.number == number) return &p;
  }
  return nullptr;
}

}  // namespace lp::workflow
