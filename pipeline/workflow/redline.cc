#include "workflow/redline.h"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace lp::workflow {
namespace {

std::string EscapeHtml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '\''; }

bool IsBlank(const std::string& token) {
  return std::all_of(token.begin(), token.end(), [](unsigned char c) { return std::isspace(c); });
}

}  // namespace

std::vector<std::string> Tokenise(const std::string& text) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t start = i;
    if (std::isspace(c)) {
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    } else if (IsWordByte(c)) {
      // A word, with what keeps it one unit in a redline: hyphenated words ("well-being", "2025-26"),
      // numbers with separators ("11,800", "10.5", "12/03/2025", "09:30", "2025-04-07") and a percentage.
      bool number = std::isdigit(c);
      for (;;) {
        while (i < text.size() && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
        if (i + 1 >= text.size()) break;
        char sep = text[i];
        unsigned char next = static_cast<unsigned char>(text[i + 1]);
        bool joins = (sep == '-' && IsWordByte(next)) ||
                     (number && (sep == ',' || sep == '.' || sep == '/' || sep == ':') && std::isdigit(next));
        if (!joins) break;
        ++i;
      }
      if (number && i < text.size() && text[i] == '%') ++i;
    } else if ((c == '*' || c == '_' || c == '~') && i + 1 < text.size() && text[i + 1] == text[i]) {
      i += 2;
    } else {
      ++i;
    }
    tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

std::vector<RedlineSegment> RedlineSegments(const std::string& before, const std::string& after) {
  std::vector<std::string> a = Tokenise(before), b = Tokenise(after);
  dtl::Diff<std::string, std::vector<std::string>> diff(a, b);
  diff.compose();
  // Each change is shown as the words it removes, then the words it puts in their place, as tracked changes
  // read ("<del>about two thirds</del><ins>more than half</ins>"): the white space between changed words
  // belongs to the change, and deletions always come first (dtl orders them by which text is longer).
  std::vector<RedlineSegment> out;
  std::string same, deleted, inserted;
  bool has_deleted = false, has_inserted = false;
  auto emit = [&](SegmentKind kind, std::string& text) {
    if (text.empty()) return;
    if (!out.empty() && out.back().kind == kind) {
      out.back().text += text;
    } else {
      out.push_back({kind, text});
    }
    text.clear();
  };
  auto flush = [&] {
    // White space that ends both sides is the same on both: it stays outside the change.
    std::string tail;
    while (has_deleted && has_inserted && deleted.size() > 1 && inserted.size() > 1 && deleted.back() == inserted.back() &&
           std::isspace(static_cast<unsigned char>(deleted.back()))) {
      tail.insert(tail.begin(), deleted.back());
      deleted.pop_back();
      inserted.pop_back();
    }
    if (has_deleted || has_inserted) emit(SegmentKind::kSame, same);
    if (has_deleted) out.push_back({SegmentKind::kDeleted, deleted});
    if (has_inserted) out.push_back({SegmentKind::kInserted, inserted});
    same += tail;
    deleted.clear();
    inserted.clear();
    has_deleted = has_inserted = false;
  };
  const auto& sequence = diff.getSes().getSequence();
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    const auto& [token, info] = sequence[i];
    if (info.type == dtl::SES_DELETE) {
      deleted += token;
      has_deleted = true;
    } else if (info.type == dtl::SES_ADD) {
      inserted += token;
      has_inserted = true;
    } else if ((has_deleted || has_inserted) && i + 1 < sequence.size() && sequence[i + 1].second.type != dtl::SES_COMMON &&
               IsBlank(token)) {
      deleted += token;
      inserted += token;
    } else {
      flush();
      same += token;
    }
  }
  flush();
  emit(SegmentKind::kSame, same);
  return out;
}

std::string SegmentsHtml(const std::vector<RedlineSegment>& segments, bool accessible) {
  std::string out;
  for (const RedlineSegment& s : segments) {
    switch (s.kind) {
      case SegmentKind::kSame: out += EscapeHtml(s.text); break;
      case SegmentKind::kDeleted:
        out += accessible ? "<del><span class=\"visually-hidden\">[deleted text: </span>" + EscapeHtml(s.text) +
                                "<span class=\"visually-hidden\">, end of deleted text]</span></del>"
                          : "<del>" + EscapeHtml(s.text) + "</del>";
        break;
      case SegmentKind::kInserted:
        out += accessible ? "<ins><span class=\"visually-hidden\">[inserted text: </span>" + EscapeHtml(s.text) +
                                "<span class=\"visually-hidden\">, end of inserted text]</span></ins>"
                          : "<ins>" + EscapeHtml(s.text) + "</ins>";
        break;
    }
  }
  return out;
}

std::string SegmentsText(const std::vector<RedlineSegment>& segments, bool colour) {
  std::string out;
  for (const RedlineSegment& s : segments) {
    switch (s.kind) {
      case SegmentKind::kSame: out += s.text; break;
      case SegmentKind::kDeleted: out += colour ? "\x1b[31m[-" + s.text + "-]\x1b[0m" : "[-" + s.text + "-]"; break;
      case SegmentKind::kInserted: out += colour ? "\x1b[32m{+" + s.text + "+}\x1b[0m" : "{+" + s.text + "+}"; break;
    }
  }
  return out;
}

std::string RedlineHtml(const std::string& before, const std::string& after) {
  return SegmentsHtml(RedlineSegments(before, after), false);
}

std::vector<RedlineParagraph> CompareDrafts(const std::vector<DraftParagraph>& before,
                                            const std::vector<DraftParagraph>& after, CompareOn on) {
  auto text_of = [on](const DraftParagraph& p) -> const std::string& { return on == CompareOn::kText ? p.text : p.markdown; };
  auto key = [](const DraftParagraph& p) { return p.finding + "#" + std::to_string(p.block); };
  std::map<std::string, std::size_t> old_index;
  for (std::size_t i = 0; i < before.size(); ++i) old_index[key(before[i])] = i;
  std::map<std::string, bool> survives;
  for (const DraftParagraph& p : after) survives[key(p)] = true;
  std::vector<RedlineParagraph> out;
  std::size_t next_old = 0;  // old paragraphs before this index have been placed
  auto flush_deleted_up_to = [&](std::size_t limit) {
    for (; next_old < limit; ++next_old) {
      const DraftParagraph& old = before[next_old];
      if (survives.count(key(old))) continue;
      out.push_back({old.number, old.number, old.section, old.finding, ParagraphChange::kDeleted,
                     "<del>" + EscapeHtml(text_of(old)) + "</del>", {{SegmentKind::kDeleted, text_of(old)}}, text_of(old), ""});
    }
  };
  for (const DraftParagraph& p : after) {
    auto it = old_index.find(key(p));
    if (it == old_index.end()) {
      out.push_back({p.number, "", p.section, p.finding, ParagraphChange::kInserted, "<ins>" + EscapeHtml(text_of(p)) + "</ins>",
                     {{SegmentKind::kInserted, text_of(p)}}, "", text_of(p)});
      continue;
    }
    flush_deleted_up_to(it->second);
    if (next_old <= it->second) next_old = it->second + 1;
    const DraftParagraph& old = before[it->second];
    // Paragraphs are the same when their source is: a change of formatting alone is a change.
    bool same = old.markdown == p.markdown;
    std::vector<RedlineSegment> segments =
        same ? std::vector<RedlineSegment>{{SegmentKind::kSame, text_of(p)}} : RedlineSegments(text_of(old), text_of(p));
    out.push_back({p.number, old.number, p.section, p.finding, same ? ParagraphChange::kUnchanged : ParagraphChange::kChanged,
                   SegmentsHtml(segments, false), segments, text_of(old), text_of(p)});
  }
  flush_deleted_up_to(before.size());
  return out;
}

}  // namespace lp::workflow
