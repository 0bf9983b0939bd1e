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
      r.against_older_version = set.draft_version != current_version;
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
    switch (in.status) {
      case Status::kFieldwork:
        row.next_step = "moderate the findings";
        row.next_deadline = in.dates.fieldwork_end;
        if (unmoderated) row.blockers.push_back(std::to_string(unmoderated) + " findings not moderated");
        if (!in.has_findings) row.blockers.push_back("no findings yet");
        break;
      case Status::kModerated:
        row.next_step = "issue the draft for factual accuracy (letterpress draft)";
        if (unmoderated) row.blockers.push_back(std::to_string(unmoderated) + " findings not moderated");
        break;
      case Status::kDraftIssued:
        row.next_step = "decide the factual accuracy corrections";
        row.next_deadline = CorrectionsDue(in, corpus);
        if (undecided) row.blockers.push_back(std::to_string(undecided) + " of " + std::to_string(corrections) + " corrections undecided");
        break;
      case Status::kCorrectionsDecided:
        row.next_step = "issue the pre-publication letter (letterpress prepub)";
        row.next_deadline = in.dates.publication;
        row.blockers = PrePublicationBlockers(in, corpus);
        break;
      case Status::kPrePublication:
        row.next_step = "publish on the day";
        row.next_deadline = in.dates.publication;
        if (in.complaint_hold) row.blockers.push_back("a complaint holds publication: " + *in.complaint_hold);
        break;
      case Status::kPublished:
        if (!in.action_plan) {
          row.next_step = "receive the written statement of action";
          row.next_deadline = ActionPlanDue(in, corpus);
        } else {
          row.next_step = "monitor the action plan";
        }
        break;
      case Status::kWithdrawn:
        row.next_step = "none (withdrawn)";
        break;
    }
    if (row.next_deadline) {
      row.working_days_left = cal.WorkingDaysBetween(as_of, *row.next_deadline);
      // Overdue means someone owes something past its deadline: corrections still undecided, a
      // pre-publication letter not issued by the publication date, an action plan not received.
      bool owed = (in.status == Status::kDraftIssued && undecided > 0) || in.status == Status::kCorrectionsDecided ||
                  (in.status == Status::kPublished && !in.action_plan);
      row.overdue = owed && row.working_days_left && *row.working_days_left < 0;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace lp::workflow
