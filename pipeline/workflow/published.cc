#include "workflow/published.h"

#include <algorithm>

#include "base/text.h"
#include "markdown/markdown.h"

namespace lp::workflow {
namespace {

std::string EscapeXml(const std::string& s, bool attribute) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      // A carriage return would be read back as a line feed; kept as a character reference it survives.
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
  }
  return out;
}

bool SameNote(const ChangeNote& a, const ChangeNote& b) { return a.date == b.date && a.text == b.text; }

int SectionOf(const std::string& number) { return std::atoi(number.c_str()); }

// Where a paragraph of the letter is written: the start of its block in findings.xml, else its finding, else
// the findings document.
Loc WhereWritten(const Inspection& in, const std::string& finding, int block) {
  const MarkdownText* body = nullptr;
  Loc fallback = in.findings_loc;
  if (finding == "context" && in.context) {
    body = &in.context->body;
  } else if (finding == "headline-findings" && in.headline) {
    body = &in.headline->body;
  } else if (const Finding* f = in.FindFinding(finding)) {
    body = &f->body;
    fallback = f->loc;
  }
  if (!body || !body->loc) return fallback;
  if (body->first_line > 0) {
    std::vector<markdown::Block> blocks = markdown::SplitBlocks(body->text);
    if (block >= 0 && static_cast<std::size_t>(block) < blocks.size() && blocks.size() > 1) {
      int line = body->first_line + blocks[static_cast<std::size_t>(block)].start_line - 1;
      if (line >= 1 && line <= body->loc.file->line_count()) {
        // At the block's first character, after the line's indentation.
        std::string_view text = body->loc.file->LineText(line);
        std::size_t indent = text.find_first_not_of(" \t");
        return {body->loc.file, body->loc.file->LineStart(line) + (indent == std::string_view::npos ? 0 : indent)};
      }
    }
  }
  return body->loc;
}

std::string Describe(const RedlineParagraph& p) {
  std::string where = "paragraph " + p.number + " (" + SectionTitle(p.section) + ")";
  switch (p.change) {
    case ParagraphChange::kInserted: return where + " is new";
    case ParagraphChange::kDeleted: return where + " was removed";
    default: return where + " has changed";
  }
}

}  // namespace

std::vector<DraftParagraph> RecordedText(const std::vector<RecordedParagraph>& paragraphs) {
  std::vector<DraftParagraph> out;
  for (const RecordedParagraph& p : paragraphs) {
    DraftParagraph d;
    d.number = p.number;
    d.section = SectionOf(p.number);
    d.finding = p.finding;
    d.block = p.block;
    d.markdown = p.markdown;
    d.text = markdown::PlainText(p.markdown);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<DraftParagraph> PublicText(const Inspection& inspection) {
  std::vector<RecordedParagraph> recorded;
  for (const DraftParagraph& p : NumberParagraphs(inspection)) recorded.push_back({p.number, p.finding, p.block, p.markdown});
  return RecordedText(recorded);
}

std::vector<const ChangeNote*> NotesSince(const Inspection& inspection, const PublishedVersion& version) {
  std::vector<const ChangeNote*> out;
  for (const ChangeNote& n : inspection.change_notes) {
    bool carried = std::any_of(version.change_notes.begin(), version.change_notes.end(),
                               [&](const ChangeNote& c) { return SameNote(c, n); });
    if (!carried) out.push_back(&n);
  }
  std::stable_sort(out.begin(), out.end(), [](const ChangeNote* a, const ChangeNote* b) { return a->date < b->date; });
  return out;
}

std::vector<RedlineParagraph> ChangedParagraphs(const std::vector<DraftParagraph>& before,
                                                const std::vector<DraftParagraph>& after, CompareOn on) {
  std::vector<RedlineParagraph> out;
  for (RedlineParagraph& p : CompareDrafts(before, after, on)) {
    if (p.change != ParagraphChange::kUnchanged) out.push_back(std::move(p));
  }
  return out;
}

std::string PublishedVersionFile(int version) { return "version-" + std::to_string(version) + ".xml"; }

std::string PublishedVersionXml(const std::string& inspection_id, int version, Date date,
                                const std::vector<ChangeNote>& notes, const std::vector<DraftParagraph>& paragraphs) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<!-- The published record of " + inspection_id + ", version " + std::to_string(version) +
         ", written by `letterpress changes " + inspection_id + " record`. Do not edit. -->\n";
  out += "<published-version inspection=\"" + EscapeXml(inspection_id, true) + "\" version=\"" + std::to_string(version) +
         "\" date=\"" + date.Iso() + "\" format=\"1\">\n";
  std::vector<const ChangeNote*> sorted;
  for (const ChangeNote& n : notes) sorted.push_back(&n);
  std::stable_sort(sorted.begin(), sorted.end(), [](const ChangeNote* a, const ChangeNote* b) { return a->date < b->date; });
  for (const ChangeNote* n : sorted) {
    out += "  <change-note date=\"" + n->date.Iso() + "\" kind=\"" + (n->major ? "major" : "minor") + "\">" +
           EscapeXml(n->text, false) + "</change-note>\n";
  }
  for (const DraftParagraph& p : paragraphs) {
    out += "  <paragraph number=\"" + EscapeXml(p.number, true) + "\" finding=\"" + EscapeXml(p.finding, true) +
           "\" block=\"" + std::to_string(p.block) + "\">" + EscapeXml(p.markdown, false) + "</paragraph>\n";
  }
  out += "</published-version>\n";
  return out;
}

std::string ChangeNoteHint(std::optional<Date> today) {
  return "<change-note date=\"" + (today ? today->Iso() : std::string("YYYY-MM-DD")) +
         "\" kind=\"minor\">What changed, in a sentence.</change-note>";
}

void CheckPublishedRecord(const Corpus& corpus, std::optional<Date> today, Diagnostics& diags) {
  for (const Inspection& in : corpus.inspections) {
    if (in.published.empty()) continue;
    // A version whose number or date was refused is reported already; the record is not judged on guesses.
    if (std::any_of(in.published.begin(), in.published.end(), [](const PublishedVersion& v) { return !v.known; })) continue;
    // The versions are numbered 1, 2, 3... with no gap or repeat, and each is no older than the one before.
    bool numbered = true;
    for (std::size_t i = 0; i < in.published.size(); ++i) {
      const PublishedVersion& v = in.published[i];
      if (v.version != static_cast<int>(i) + 1) {
        diags.Error(v.loc, "version " + std::to_string(v.version) + " of the published record of " + in.id + " should be version " +
                               std::to_string(i + 1) + ": versions are numbered 1, 2, 3... as `letterpress changes " + in.id +
                               " record` writes them");
        numbered = false;
        break;
      }
      if (i > 0 && v.date < in.published[i - 1].date) {
        diags.Error(v.loc, "version " + std::to_string(v.version) + " of the published record is dated " + v.date.Iso() +
                               ", before version " + std::to_string(v.version - 1) + " (" + in.published[i - 1].date.Iso() + ")");
        numbered = false;
      }
    }
    if (!numbered || !in.has_findings) continue;
    const PublishedVersion& newest = in.published.back();
    std::vector<RedlineParagraph> changed =
        ChangedParagraphs(RecordedText(newest.paragraphs), PublicText(in), CompareOn::kMarkdown);
    if (changed.empty()) continue;
    std::vector<const ChangeNote*> notes = NotesSince(in, newest);
    std::string since = "since it was published as version " + std::to_string(newest.version) + " on " + newest.date.Long();
    if (notes.empty()) {
      // A published letter changes only with a change note: one error at each paragraph changed.
      for (const RedlineParagraph& p : changed) {
        int block = 0;
        std::string finding = p.finding;
        for (const RecordedParagraph& r : newest.paragraphs) {
          if (r.number == p.old_number && p.change == ParagraphChange::kDeleted) block = r.block;
        }
        if (p.change != ParagraphChange::kDeleted) {
          for (const DraftParagraph& d : NumberParagraphs(in)) {
            if (d.number == p.number) block = d.block;
          }
        }
        diags.Error(WhereWritten(in, finding, block),
                    Describe(p) + " " + since + ", and no change note says so; a published letter changes only with a "
                    "note: add one to <change-notes> in " + in.folder + "/inspection.xml: " + ChangeNoteHint(today) +
                    " (kind=\"major\" when it corrects a fact or figure a reader relies on), then record the new version "
                    "with `letterpress changes " + in.id + " record`");
      }
      continue;
    }
    // The change has its note; once published, it belongs in the record so later changes are checked against it.
    const ChangeNote& note = *notes.back();
    std::vector<std::string> numbers;
    for (const RedlineParagraph& p : changed) numbers.push_back(p.number);
    diags.Warning(note.loc, "the letter has changed " + since + " (paragraph" + (numbers.size() > 1 ? "s " : " ") +
                                JoinEnglish(numbers) + "), as this change note says, but the new version is not in the "
                                "published record yet; once it is published, record it with `letterpress changes " + in.id +
                                " record`");
  }
}

}  // namespace lp::workflow
