// The Markdown policy and sanitiser: the checks `check` makes on a body (unsafe content, personal data),
// the safe renderer with its block split and plain text, and glossary abbreviations on the rendered HTML.
// Invariants: the sanitised HTML never holds a <script> element or a javascript: link or source.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "markdown/markdown.h"
#include "render/html.h"
#include "rules/rules.h"

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;  // bodies over the field limit are refused before they are parsed
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<lp::markdown::Problem> problems = lp::markdown::FindUnsafeContent(text);
  for (const lp::markdown::Problem& p : problems) {
    if (p.line < 1 || p.col < 1 || p.message.empty()) std::abort();
  }
  std::vector<lp::rules::PersonalData> personal = lp::rules::FindPersonalData(text);
  (void)personal;
  std::string html = lp::markdown::RenderHtml(text, static_cast<int>(size % 4));
  std::string lower = Lower(html);
  if (lower.find("<script") != std::string::npos || lower.find("href=\"javascript:") != std::string::npos ||
      lower.find("src=\"javascript:") != std::string::npos) {
    std::abort();
  }
  std::string plain = lp::markdown::PlainText(text);
  std::vector<lp::markdown::Block> blocks = lp::markdown::SplitBlocks(text);
  for (const lp::markdown::Block& b : blocks) {
    if (b.start_line < 1 || b.end_line < b.start_line) std::abort();
  }
  static const std::vector<lp::GlossaryTerm> kGlossary = {
      {"ICB", "integrated care board"}, {"A&E", "accident and emergency"}, {"MASH", "multi-agency safeguarding hub"},
      {"MA", "a prefix of another term"}, {"GP", "general practitioner"}};
  std::string with_abbr = lp::render::AddAbbreviations(html, kGlossary);
  if (with_abbr.size() < html.size()) std::abort();
  return 0;
}
