#include "workflow/review.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "workflow/redline.h"

namespace lp::workflow {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Collapse(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool AtLeast(const Inspection& in, Status s) { return static_cast<int>(in.status) >= static_cast<int>(s); }

}  // namespace

std::string JudgementSignal(const FactualAccuracyCorrection& c) {
  // Corrections concern facts and the completeness of evidence, not judgements (domain: factual accuracy
  // check). These phrases are how a request to change a judgement usually reads; the lead inspector decides.
  static const char* kPhrases[] = {"we consider", "we believe", "we feel", "we disagree", "do not agree", "don't agree",
                                   "does not agree", "overstates", "overstate", "understates", "too harsh", "unfair",
                                   "not a fair", "does not reflect", "doesn't reflect", "should be a strength",
                                   "should not be an area for improvement", "should be removed", "remove this finding",
                                   "judgement", "harsh", "too negative", "not representative"};
  std::string text = Lower(c.proposed + " " + c.evidence);
  // Text pasted from a word processor has typographic apostrophes ("don’t agree"): read them as '.
  const std::string right_quote = "\u2019";
  for (std::size_t at = text.find(right_quote); at != std::string::npos; at = text.find(right_quote, at + 1)) {
    text.replace(at, right_quote.size(), "'");
  }
  for (const char* phrase : kPhrases) {
    if (text.find(phrase) != std::string::npos) return std::string("says '") + phrase + "'";
  }
  if (Collapse(c.proposed).empty()) return "asks for the paragraph to be removed";
  return {};
}

std::vector<CorrectionReview> ReviewCorrections(const Inspection& in, const Corpus& corpus,
                                                const std::map<std::string, std::vector<DraftParagraph>>& issued,
                                                const std::vector<DraftParagraph>& current) {
  std::string current_version = DraftVersion(current);
  std::optional<Date> due = CorrectionsDue(in, corpus);
  std::vector<CorrectionReview> out;
  for (const CorrectionSet& set : in.corrections) {
    for (const FactualAccuracyCorrection& c : set.corrections) {
      CorrectionReview r;
      r.set = &set;
      r.correction = &c;
      // A decided correction has been weighed already: that the letter has moved on since (often because
      // of that very decision) is no longer a flag.
      r.against_older_version = set.draft_version != current_version && !c.decision;
      auto snapshot = issued.find(set.draft_version);
      const std::vector<DraftParagraph>& theirs = snapshot != issued.end() ? snapshot->second : current;
      const DraftParagraph* then = FindParagraph(theirs, c.paragraph);
      r.paragraph_found = then != nullptr || (snapshot == issued.end() && r.against_older_version);
      if (then) {
        r.current_text_differs = Collapse(then->markdown) != Collapse(c.current) && Collapse(then->text) != Collapse(c.current);
        if (r.against_older_version) {
          const DraftParagraph* now = nullptr;
          for (const DraftParagraph& p : current) {
            if (p.finding == then->finding && p.block == then->block) now = &p;
          }
          std::string now_text = now ? now->markdown : "";
          r.changed_since = now_text != then->markdown;
          if (r.changed_since) r.change_html = RedlineHtml(then->markdown, now_text);
        }
      }
      r.late = due && set.submitted > *due;
      r.judgement_reason = JudgementSignal(c);
      r.judgement = !r.judgement_reason.empty();
      r.undecided = !c.decision.has_value();
      out.push_back(std::move(r));
    }
  }
  return out;
}

namespace {

std::string EscapeXml(const std::string& s) {
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

// The value of attribute `name` in a start tag's text, or nullopt.
std::optional<std::string> AttributeIn(const std::string& tag, const std::string& name) {
  for (std::size_t at = tag.find(name); at != std::string::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !std::isspace(static_cast<unsigned char>(tag[at - 1]))) continue;
    std::size_t p = at + name.size();
    while (p < tag.size() && std::isspace(static_cast<unsigned char>(tag[p]))) ++p;
    if (p >= tag.size() || tag[p] != '=') continue;
    ++p;
    while (p < tag.size() && std::isspace(static_cast<unsigned char>(tag[p]))) ++p;
    if (p >= tag.size() || (tag[p] != '"' && tag[p] != '\'')) continue;
    std::size_t end = tag.find(tag[p], p + 1);
    if (end == std::string::npos) return std::nullopt;
    return tag.substr(p + 1, end - p - 1);
  }
  return std::nullopt;
}

}  // namespace

std::string DecisionXml(const std::string& outcome, const std::string& reason, const std::string& by, Date on,
                        const std::string& explanation) {
  std::string out = "<decision outcome=\"" + EscapeXml(outcome) + "\"";
  if (!reason.empty()) out += " reason=\"" + EscapeXml(reason) + "\"";
  out += " by=\"" + EscapeXml(by) + "\" on=\"" + on.Iso() + "\"";
  return explanation.empty() ? out + "/>" : out + ">" + EscapeXml(explanation) + "</decision>";
}

std::optional<std::string> SetDecision(const std::string& xml, const std::string& id, const std::string& decision_xml,
                                       std::string* error) {
  for (std::size_t start = xml.find("<correction"); start != std::string::npos; start = xml.find("<correction", start + 1)) {
    char after = start + 11 < xml.size() ? xml[start + 11] : '\0';
    if (!std::isspace(static_cast<unsigned char>(after))) continue;  // <corrections>
    std::size_t tag_end = xml.find('>', start);
    if (tag_end == std::string::npos) break;
    if (AttributeIn(xml.substr(start, tag_end - start), "id") != id) continue;
    std::size_t close = xml.find("</correction>", tag_end);
    if (close == std::string::npos) break;
    std::string body = xml.substr(tag_end + 1, close - tag_end - 1);
    // Drop the decision it had, with the white space before it.
    if (std::size_t d = body.find("<decision"); d != std::string::npos) {
      std::size_t d_tag_end = body.find('>', d);
      std::size_t d_end = d_tag_end != std::string::npos && body[d_tag_end - 1] == '/' ? d_tag_end + 1
                                                                                      : body.find("</decision>", d);
      if (d_end == std::string::npos) break;
      if (body.compare(d_end, 11, "</decision>") == 0) d_end += 11;
      std::size_t ws = d;
      while (ws > 0 && std::isspace(static_cast<unsigned char>(body[ws - 1]))) --ws;
      body.erase(ws, d_end - ws);
    }
    // The closing tag's indentation, plus one level, on its own line after the last child.
    std::size_t line = body.find_last_of('\n');
    std::string indent = line == std::string::npos ? "" : body.substr(line + 1);
    bool blank_indent = std::all_of(indent.begin(), indent.end(), [](unsigned char c) { return std::isspace(c); });
    std::string insert = line != std::string::npos && blank_indent ? "\n" + indent + "  " + decision_xml : decision_xml;
    std::size_t at = line != std::string::npos && blank_indent ? line : body.size();
    body.insert(at, insert);
    return xml.substr(0, tag_end + 1) + body + xml.substr(close);
  }
  if (error) *error = "no correction '" + id + "' in the file";
  return std::nullopt;
}

std::vector<std::string> AgencyTerms(const Agency& agency) {
  std::vector<std::string> terms = {agency.name};
  terms.insert(terms.end(), agency.aliases.begin(), agency.aliases.end());
  switch (agency.type) {
    case AgencyType::kPolice: terms.insert(terms.end(), {"police", "the force", "officers"}); break;
    case AgencyType::kHealth: terms.insert(terms.end(), {"health", "NHS", "ICB", "health visitors", "GPs", "hospital"}); break;
    case AgencyType::kEducation: terms.insert(terms.end(), {"school", "schools", "education", "colleges"}); break;
    case AgencyType::kChildrensSocialCare: terms.insert(terms.end(), {"social care", "social workers", "social worker"}); break;
    case AgencyType::kYouthJustice: terms.insert(terms.end(), {"youth justice", "probation"}); break;
    case AgencyType::kPartnership: terms.insert(terms.end(), {"partnership", "partners", "safeguarding partners"}); break;
  }
  return terms;
}

bool NamesAny(const std::string& text, const std::vector<std::string>& terms) {
  std::string haystack = Lower(text);
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; };
  for (const std::string& term : terms) {
    std::string needle = Lower(term);
    if (needle.empty()) continue;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) {
      bool starts = at == 0 || !word(haystack[at - 1]);
      std::size_t end = at + needle.size();
      bool ends = end >= haystack.size() || !word(haystack[end]);
      if (starts && ends) return true;
    }
  }
  return false;
}

std::vector<DraftParagraph> ParagraphsConcerning(const Inspection& in, const Agency& agency,
                                                 const std::vector<DraftParagraph>& paragraphs) {
  std::vector<std::string> terms = AgencyTerms(agency);
  std::vector<DraftParagraph> out;
  for (const DraftParagraph& p : paragraphs) {
    const Finding* f = in.FindFinding(p.finding);
    bool attributed = f && std::find(f->agencies.begin(), f->agencies.end(), agency.id) != f->agencies.end();
    if (attributed || NamesAny(p.text.empty() ? p.markdown : p.text, terms)) out.push_back(p);
  }
  return out;
}

std::vector<std::string> DraftBlockers(const Inspection& in) {
  std::vector<std::string> blockers;
  if (in.status == Status::kFieldwork) blockers.push_back("the inspection is still at fieldwork");
  if (!in.has_findings) blockers.push_back("there is no findings.xml");
  if (in.context && !in.context->moderation) blockers.push_back("the context is not moderated");
  if (in.headline && !in.headline->moderation) blockers.push_back("the headline findings are not moderated");
  for (const Finding& f : in.findings) {
    if (!f.moderation) blockers.push_back("finding '" + f.id + "' is not moderated");
  }
  return blockers;
}

std::vector<std::string> PrePublicationBlockers(const Inspection& in, const Corpus& corpus) {
  std::vector<std::string> blockers;
  if (!AtLeast(in, Status::kDraftIssued)) {
    blockers.push_back(std::string("the draft has not been issued for factual accuracy (status '") + ToString(in.status) + "')");
  }
  for (const CorrectionSet& set : in.corrections) {
    for (const FactualAccuracyCorrection& c : set.corrections) {
      if (!c.decision) {
        blockers.push_back("correction '" + c.id + "' from " + set.agency + " (paragraph " + c.paragraph + ") is undecided");
      }
    }
  }
  // Worded as DraftBlockers words them.
  if (in.context && !in.context->moderation) blockers.push_back("the context is not moderated");
  if (in.headline && !in.headline->moderation) blockers.push_back("the headline findings are not moderated");
  for (const Finding& f : in.findings) {
    if (!f.moderation) blockers.push_back("finding '" + f.id + "' is not moderated");
  }
  if (in.complaint_hold) blockers.push_back("a complaint holds publication: " + *in.complaint_hold);
  if (!in.dates.publication) {
    blockers.push_back("there is no publication date");
  } else {
    const Date& d = *in.dates.publication;
    std::optional<bool> working = corpus.calendar.IsWorkingDay(d);
    if (!working) {
      blockers.push_back("the publication date " + d.Iso() + " is outside the working-day calendar");
    } else if (!*working) {
      const BankHoliday* h = corpus.calendar.HolidayOn(d);
      blockers.push_back("the publication date " + d.Iso() + " is not a working day (" +
                         (h ? h->name : d.WeekdayName()) + ")");
    }
  }
  return blockers;
}

std::vector<StatusRow> StatusTable(const Corpus& corpus, Date as_of) {
  std::vector<StatusRow> rows;
  const WorkingDayCalendar& cal = corpus.calendar;
  for (const Inspection& in : corpus.inspections) {
    if (!in.loc) continue;
    StatusRow row;
    row.id = in.id;
    row.area = in.area_name;
    row.state = Describe(in.status);
    std::size_t undecided = 0, corrections = 0;
    for (const CorrectionSet& set : in.corrections) {
      for (const FactualAccuracyCorrection& c : set.corrections) {
        ++corrections;
        if (!c.decision) ++undecided;
      }
    }
    std::size_t unmoderated = 0;
    for (const Finding& f : in.findings) unmoderated += f.moderation ? 0 : 1;
    if (in.context && !in.context->moderation) ++unmoderated;
    if (in.headline && !in.headline->moderation) ++unmoderated;
    // Overdue means the party whose move it is has missed its own deadline.
    bool owed = false;
    switch (in.status) {
      case Status::kFieldwork:
        row.next_step = "moderate the findings";
        row.waiting_on = "inspectors";
        row.next_deadline = in.dates.fieldwork_end;
        if (unmoderated) row.blockers.push_back(std::to_string(unmoderated) + " findings not moderated");
        if (!in.has_findings) row.blockers.push_back("no findings yet");
        break;
      case Status::kModerated:
        row.next_step = "issue the draft for factual accuracy (letterpress draft)";
        row.waiting_on = "lead inspector";
        if (unmoderated) row.blockers.push_back(std::to_string(unmoderated) + " findings not moderated");
        break;
      case Status::kDraftIssued: {
        std::optional<Date> due = CorrectionsDue(in, corpus);
        if (due && as_of <= *due) {
          // The partners' turn: their deadline, which they cannot miss before it has passed.
          row.next_step = "partners check the draft and send corrections";
          row.waiting_on = "partners";
          row.next_deadline = due;
        } else {
          // The corrections are in: the lead inspector's turn, against the publication date.
          row.next_step = undecided ? "decide the factual accuracy corrections (letterpress corrections ID decide)"
                                    : "record the status corrections-decided and issue the pre-publication letter";
          row.waiting_on = "lead inspector";
          row.next_deadline = in.dates.publication;
          owed = true;
          if (!in.dates.publication) row.blockers.push_back("no publication date set");
        }
        if (undecided) row.blockers.push_back(std::to_string(undecided) + " of " + std::to_string(corrections) + " corrections undecided");
        break;
      }
      case Status::kCorrectionsDecided:
        row.next_step = "issue the pre-publication letter (letterpress prepub)";
        row.waiting_on = "lead inspector";
        row.next_deadline = in.dates.publication;
        row.blockers = PrePublicationBlockers(in, corpus);
        owed = true;
        break;
      case Status::kPrePublication:
        row.next_step = "publish on the day";
        row.waiting_on = "lead inspector";
        row.next_deadline = in.dates.publication;
        if (in.complaint_hold) row.blockers.push_back("a complaint holds publication: " + *in.complaint_hold);
        break;
      case Status::kPublished:
        if (!in.action_plan) {
          row.next_step = "receive the written statement of action";
          row.waiting_on = "principal authority";
          row.next_deadline = ActionPlanDue(in, corpus);
          owed = true;
        } else {
          row.next_step = "monitor the action plan";
          row.waiting_on = "partners";
          // The next deadline is the earliest due date of an action not yet complete.
          for (const Action& a : in.action_plan->actions) {
            if (a.status == ActionStatus::kComplete) continue;
            if (!row.next_deadline || a.due < *row.next_deadline) row.next_deadline = a.due;
            if (a.due < as_of) {
              row.overdue_items.push_back("action '" + a.id + "' (" + a.lead_agency + (a.owner_role.empty() ? "" : ", " + a.owner_role) +
                                          ") was due " + a.due.Long() + ", " + Lower(Describe(a.status)));
            }
          }
          owed = true;
        }
        break;
      case Status::kWithdrawn:
        row.next_step = "none (withdrawn)";
        break;
    }
    if (row.next_deadline) {
      row.working_days_left = cal.WorkingDaysBetween(as_of, *row.next_deadline);
      row.overdue = owed && *row.next_deadline < as_of;
    }
    if (!row.overdue_items.empty()) row.overdue = true;
    rows.push_back(std::move(row));
  }
  SortByUrgency(rows);
  return rows;
}

void SortByUrgency(std::vector<StatusRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const StatusRow& a, const StatusRow& b) {
    if (a.overdue != b.overdue) return a.overdue;
    if (a.next_deadline.has_value() != b.next_deadline.has_value()) return a.next_deadline.has_value();
    if (a.next_deadline && *a.next_deadline != *b.next_deadline) return *a.next_deadline < *b.next_deadline;
    return a.id < b.id;
  });
}

}  // namespace lp::workflow
