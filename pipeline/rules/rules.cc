#include "rules/rules.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <re2/re2.h>
#include <regex>
#include <set>

#include "base/text.h"
#include "markdown/markdown.h"

namespace lp::rules {

bool IsValidNhsNumber(std::string_view digits) {
  if (digits.size() != 10 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[static_cast<std::size_t>(i)] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10) return false;
  return check == digits[9] - '0';
}

namespace {

std::string DigitsOnly(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

}  // namespace

std::vector<PersonalData> FindPersonalData(std::string_view text) {
  // RE2 runs in time linear in the input, so hostile text cannot make the check crawl (std::regex
  // backtracks, and was 93% of a check's time on realistic letters).
  static const RE2 kEmail(R"(([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}))");
  // "07700 900123", "+44 7700 900123", and the area code in brackets: "(020) 7946 0018".
  static const RE2 kPhone(
      R"(((?:\+44[\s-]?\(?0?\)?[\s-]?|\b0)\d[\d\s-]{7,12}\d|\(0\d{2,4}\)[\s-]?\d{3,4}[\s-]?\d{3,4})\b)");
  static const RE2 kTenDigits(R"(\b(\d{3}[\s-]?\d{3}[\s-]?\d{4})\b)");
  static const RE2 kPostcode(R"(\b(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})\b)");
  static const RE2 kBirth(
      R"((?i)\b(date of birth|d\.o\.b\.?|DOB|born on|born \d{1,2}(?:st|nd|rd|th)? (?:January|February|March|April|May|June|July|August|September|October|November|December))\b)");
  std::vector<PersonalData> found;
  auto scan = [&](const RE2& re, const char* kind, auto accept) {
    re2::StringPiece input(text.data(), text.size());
    re2::StringPiece match;
    while (RE2::FindAndConsume(&input, re, &match)) {
      std::string m(match.data(), match.size());
      if (accept(m)) found.push_back({static_cast<std::size_t>(match.data() - text.data()), kind, m});
      if (match.empty()) {
        if (input.empty()) break;
        input.remove_prefix(1);
      }
    }
  };
  scan(kEmail, "email address", [](const std::string&) { return true; });
  scan(kPhone, "phone number", [](const std::string& m) {
    std::string digits = DigitsOnly(m);
    if (m.rfind("+44", 0) == 0) return digits.size() >= 11 && digits.size() <= 13;
    return digits.size() == 10 || digits.size() == 11;
  });
  scan(kTenDigits, "NHS number", [](const std::string& m) { return IsValidNhsNumber(DigitsOnly(m)); });
  scan(kPostcode, "postcode", [](const std::string&) { return true; });
  scan(kBirth, "date of birth", [](const std::string&) { return true; });
  std::sort(found.begin(), found.end(), [](const PersonalData& a, const PersonalData& b) {
    return std::tie(a.offset, a.kind) < std::tie(b.offset, b.kind);
  });
  // A phone number may also pass the NHS check; report the place once.
  found.erase(std::unique(found.begin(), found.end(),
                          [](const PersonalData& a, const PersonalData& b) { return a.offset == b.offset; }),
              found.end());
  return found;
}

namespace {

// "an area for improvement", "a strength": a finding's kind as a sentence says it.
std::string KindInWords(FindingKind kind) {
  switch (kind) {
    case FindingKind::kAreaForPriorityAction: return "an area for priority action";
    case FindingKind::kAreaForImprovement: return "an area for improvement";
    case FindingKind::kStrength: return "a strength";
    case FindingKind::kMainFinding: return "a main finding";
    case FindingKind::kPracticeStudyEffective:
    case FindingKind::kPracticeStudyImprovement: return "a practice study";
  }
  return "a finding";
}

// How one step through an element's source reads once parsed: the bytes it spans and the bytes of text it
// becomes. An entity or character reference becomes one character; CDATA markers and comments become nothing.
struct SourceStep {
  std::size_t source = 1;
  std::size_t text = 1;
};

SourceStep StepThroughSource(std::string_view s, std::size_t i, bool& in_cdata) {
  auto at = [&](std::string_view token) { return s.compare(i, token.size(), token) == 0; };
  if (in_cdata) {
    if (at("]]>")) {
      in_cdata = false;
      return {3, 0};
    }
    return {1, 1};
  }
  if (at("<![CDATA[")) {
    in_cdata = true;
    return {9, 0};
  }
  if (at("<!--")) {
    std::size_t end = s.find("-->", i + 4);
    return {end == std::string_view::npos ? s.size() - i : end + 3 - i, 0};
  }
  if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') return {1, 0};  // the parser keeps only the '\n'
  if (s[i] == '&') {
    std::size_t semicolon = s.find(';', i);
    if (semicolon != std::string_view::npos && semicolon - i <= 10) {
      std::string_view name = s.substr(i + 1, semicolon - i - 1);
      std::uint32_t code = 0;
      if (!name.empty() && name[0] == '#') {
        bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        code = static_cast<std::uint32_t>(std::strtoul(std::string(name.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10));
      }
      std::size_t utf8 = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      return {semicolon + 1 - i, utf8};
    }
  }
  return {1, 1};
}

// Maps a position in dedented Markdown back to its source file: the source line, the indentation that
// was removed, and the entities and markup that the text was parsed from.
Loc MapToSource(const MarkdownText& md, int md_line, int md_byte_col) {
  if (!md.loc || md.first_line <= 0) return md.loc;
  const SourceFile& file = *md.loc.file;
  std::string_view bytes = file.bytes();
  int line = md.first_line + md_line - 1;
  // The first line of text may begin after the opening tag, on the tag's own line.
  std::size_t start = std::max(file.LineStart(line), md.loc.offset);
  bool in_cdata = md.loc.offset >= 9 && bytes.compare(md.loc.offset - 9, 9, "<![CDATA[") == 0;
  for (std::size_t i = md.loc.offset; i < start && i < bytes.size();) {
    i += StepThroughSource(bytes, i, in_cdata).source;
  }
  std::size_t wanted = static_cast<std::size_t>(md.indent + std::max(0, md_byte_col - 1));
  std::size_t pos = start;
  while (wanted > 0 && pos < bytes.size() && bytes[pos] != '\n' && bytes[pos] != '\r') {
    bool cdata_before = in_cdata;
    SourceStep step = StepThroughSource(bytes, pos, in_cdata);
    if (step.text > wanted) {
      in_cdata = cdata_before;
      break;
    }
    wanted -= step.text;
    pos += step.source;
  }
  // Point at the text inside a CDATA section, not at its opening marker.
  if (!in_cdata && bytes.compare(pos, 9, "<![CDATA[") == 0) pos += 9;
  return {&file, pos};
}

Loc MapOffset(const MarkdownText& md, std::size_t offset) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < md.text.size(); ++i) {
    if (md.text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return MapToSource(md, line, static_cast<int>(offset - line_start) + 1);
}

class Checker {
 public:
  Checker(const Corpus& corpus, const load::SourceSet& sources, Diagnostics& diags)
      : corpus_(corpus), sources_(sources), diags_(diags), cal_(corpus.calendar) {}

  void Run() {
    for (const load::SourceDocument& doc : sources_.documents()) {
      // The limit is the corpus's; the bundled calendar is Letterpress's own file.
      if (doc.type == load::DocType::kCalendar) continue;
      if (doc.file->bytes().size() > corpus_.site.file_bytes_limit) {
        diags_.FileError(doc.file->path(), "file is " + std::to_string(doc.file->bytes().size()) +
                                               " bytes, over the limit of " +
                                               std::to_string(corpus_.site.file_bytes_limit) +
                                               " bytes (letterpress.xml <limits file-bytes>)");
        oversized_.insert(doc.file);
      }
    }
    if (corpus_.site.loc) {
      if (std::string problem = BaseUrlProblem(corpus_.site.base_url); !problem.empty()) {
        diags_.Error(corpus_.site.base_url_loc, "base URL '" + MaskUrlCredentials(corpus_.site.base_url) + "' " + problem);
      }
    }
    for (const Inspection& in : corpus_.inspections) {
      if (!in.loc) continue;  // no valid inspection.xml: reported already
      CheckDates(in);
      CheckStatus(in);
      CheckFindings(in);
      CheckResponses(in);
      CheckCorrections(in);
      for (const ChangeNote& n : in.change_notes) PublicLine(n.text, n.loc);
    }
    for (const Theme& t : corpus_.themes) CheckTheme(t);
  }

 private:
  // A date that a deadline or event falls on must be a working day inside the calendar.
  bool WorkingDay(Date d, const Loc& loc, const std::string& what) {
    if (!cal_.Covers(d)) {
      OutsideCalendar(d, loc, what);
      return false;
    }
    if (d.IsWeekend()) {
      diags_.Error(loc, what + " " + d.Iso() + " is a " + d.WeekdayName() + "; it must be a working day");
      return false;
    }
    if (const BankHoliday* h = cal_.HolidayOn(d)) {
      diags_.Error(loc, what + " " + d.Iso() + " is a bank holiday (" + h->name + "); it must be a working day");
      return false;
    }
    return true;
  }

  void OutsideCalendar(Date d, const Loc& loc, const std::string& what) {
    diags_.Error(loc, what + " " + d.Iso() + " is outside the working-day calendar (" +
                          std::to_string(cal_.first_year()) + " to " + std::to_string(cal_.last_year()) +
                          "); add that year's bank holidays to <calendar> in letterpress.xml");
  }

  void CheckDates(const Inspection& in) {
    const InspectionDates& d = in.dates;
    // A date validation refused is reported already; the checks that need it are skipped.
    bool start_ok = d.fieldwork_start_known && WorkingDay(d.fieldwork_start, d.fieldwork_loc, "fieldwork start");
    bool end_ok = d.fieldwork_end_known && WorkingDay(d.fieldwork_end, d.fieldwork_loc, "fieldwork end");
    if (start_ok && end_ok && d.fieldwork_end < d.fieldwork_start) {
      diags_.Error(d.fieldwork_loc, "fieldwork ends (" + d.fieldwork_end.Iso() + ") before it starts (" +
                                        d.fieldwork_start.Iso() + ")");
    } else if (start_ok && end_ok) {
      auto days = cal_.WorkingDaysBetween(d.fieldwork_start, d.fieldwork_end);
      if (days && *days != 4) {
        // A bank holiday inside the span is the usual reason a Thursday-to-Wednesday week falls short.
        std::vector<std::string> holidays;
        for (Date day = d.fieldwork_start; day <= d.fieldwork_end && holidays.size() < 3; day = day.AddDays(1)) {
          const BankHoliday* h = cal_.HolidayOn(day);
          if (h && !day.IsWeekend()) holidays.push_back(day.Iso() + " (" + h->name + ")");
        }
        diags_.Error(d.fieldwork_loc, "fieldwork must be 5 consecutive working days; " + d.fieldwork_start.Iso() +
                                          " to " + d.fieldwork_end.Iso() + " is " + std::to_string(*days + 1) +
                                          " working days" +
                                          (holidays.empty()       ? std::string()
                                           : holidays.size() == 1 ? ", as the bank holiday " + holidays[0] +
                                                                        " is not a working day"
                                                                  : ", as the bank holidays " + JoinEnglish(holidays) +
                                                                        " are not working days"));
      }
    }
    if (d.notification_known && WorkingDay(d.notification, d.notification_loc, "notification") && start_ok) {
      if (d.notification >= d.fieldwork_start) {
        diags_.Error(d.notification_loc, "notification " + d.notification.Iso() + " must come before fieldwork starts (" +
                                             d.fieldwork_start.Iso() + ")");
      } else if (auto gap = cal_.WorkingDaysBetween(d.notification, d.fieldwork_start); gap && *gap != 10) {
        diags_.Warning(d.notification_loc, "notification is usually 10 working days before fieldwork; this is " +
                                               std::to_string(*gap));
      }
    }
    if (d.draft_issued && WorkingDay(*d.draft_issued, d.draft_issued_loc, "draft issue date") && d.fieldwork_end_known &&
        *d.draft_issued <= d.fieldwork_end) {
      diags_.Error(d.draft_issued_loc, "draft issued " + d.draft_issued->Iso() + " before fieldwork ended (" +
                                           d.fieldwork_end.Iso() + ")");
    }
    if (d.corrections_due) {
      WorkingDay(*d.corrections_due, d.corrections_due_loc, "factual accuracy deadline");
      if (d.draft_issued && *d.corrections_due <= *d.draft_issued) {
        diags_.Error(d.corrections_due_loc, "factual accuracy deadline must come after the draft is issued");
      }
    } else if (d.draft_issued && cal_.Covers(*d.draft_issued) && !CorrectionsDue(in, corpus_)) {
      OutsideCalendar(*d.draft_issued, d.draft_issued_loc, "factual accuracy deadline after");
    }
    if (d.publication && WorkingDay(*d.publication, d.publication_loc, "publication date")) {
      if (d.fieldwork_end_known && *d.publication <= d.fieldwork_end) {
        diags_.Error(d.publication_loc, "publication " + d.publication->Iso() + " must come after fieldwork ends (" +
                                            d.fieldwork_end.Iso() + ")");
      } else if (d.draft_issued && *d.publication <= *d.draft_issued) {
        diags_.Error(d.publication_loc, "publication " + d.publication->Iso() + " must come after the draft was issued (" +
                                            d.draft_issued->Iso() + ")");
      } else if (auto due = CorrectionsDue(in, corpus_); due && *d.publication <= *due) {
        diags_.Error(d.publication_loc, "publication " + d.publication->Iso() +
                                            " must come after the factual accuracy deadline (" + due->Iso() + ")");
      }
      if (!d.action_plan_due && !ActionPlanDue(in, corpus_)) {
        diags_.Error(d.publication_loc, "the written statement of action deadline (" +
                                            std::to_string(corpus_.site.action_plan_working_days) +
                                            " working days after publication) is outside the working-day calendar; "
                                            "add the next year's bank holidays to <calendar> in letterpress.xml");
      }
    }
    if (d.action_plan_due) {
      // Real letters gave deadlines off the computed date, and some on a weekend: the letter prints what was
      // given, and check says what the rule would have made it.
      std::optional<Date> computed;
      if (d.publication && cal_.Covers(*d.publication)) {
        computed = cal_.AddWorkingDays(*d.publication, corpus_.site.action_plan_working_days);
      }
      std::string rule = computed ? " (" + std::to_string(corpus_.site.action_plan_working_days) +
                                        " working days after publication is " + computed->Long() + ")"
                                  : std::string();
      if (d.publication && *d.action_plan_due <= *d.publication) {
        diags_.Error(d.action_plan_due_loc, "written statement of action deadline must come after publication");
      } else if (!cal_.Covers(*d.action_plan_due)) {
        OutsideCalendar(*d.action_plan_due, d.action_plan_due_loc, "written statement of action deadline");
      } else if (!cal_.IsWorkingDay(*d.action_plan_due).value_or(true)) {
        diags_.Warning(d.action_plan_due_loc, "written statement of action deadline " + d.action_plan_due->Long() +
                                                  " is not a working day" + rule);
      } else if (computed && *computed != *d.action_plan_due) {
        diags_.Warning(d.action_plan_due_loc, "written statement of action deadline " + d.action_plan_due->Long() +
                                                  " is not the computed one" + rule);
      }
    }
  }

  static bool AnyRanked(const Inspection& in, FindingKind kind) {
    return std::any_of(in.findings.begin(), in.findings.end(),
                       [&](const Finding& f) { return f.kind == kind && f.priority != 0; });
  }

  // With a status validation refused, no rule that depends on the status applies (AtLeast is false, and
  // the checks for a status too low test status_known first).
  bool AtLeast(const Inspection& in, Status s) {
    return in.status_known && static_cast<int>(in.status) >= static_cast<int>(s);
  }

  void CheckStatus(const Inspection& in) {
    const InspectionDates& d = in.dates;
    if (in.addressees.size() < 5 || in.addressees.size() > 10) {
      diags_.Warning(in.loc, "letters are usually addressed to 5 to 10 people; this one has " +
                                 std::to_string(in.addressees.size()));
    }
    if (!in.status_known) return;
    if (AtLeast(in, Status::kDraftIssued) && !d.draft_issued && d.draft_issued_known) {
      diags_.Error(in.status_loc, "status '" + std::string(ToString(in.status)) +
                                      "' needs <draft-issued> in <dates>");
    }
    if (AtLeast(in, Status::kPrePublication) && !d.publication && d.publication_known) {
      diags_.Error(in.status_loc, "status '" + std::string(ToString(in.status)) + "' needs <publication> in <dates>");
    }
    if (!AtLeast(in, Status::kDraftIssued) && d.draft_issued) {
      diags_.Error(d.draft_issued_loc, "draft issue date given but status is '" + std::string(ToString(in.status)) +
                                           "'; set the status to 'draft-issued' or remove the date");
    }
    if (in.status == Status::kWithdrawn && !in.withdrawn_on && in.withdrawn_on_known) {
      diags_.Error(in.status_loc, "a withdrawn inspection needs a <withdrawal> notice");
    }
    if (in.status != Status::kWithdrawn && (in.withdrawn_on || !in.withdrawn_on_known)) {
      diags_.Error(in.status_loc, "<withdrawal> is given but the status is '" + std::string(ToString(in.status)) + "'");
    }
    if (in.withdrawn_on && d.publication && *in.withdrawn_on < *d.publication) {
      diags_.Error(in.status_loc, "withdrawal date comes before publication");
    }
    if (!in.change_notes.empty() && !AtLeast(in, Status::kPublished)) {
      diags_.Error(in.change_notes.front().loc, "change notes are for amendments after publication; this inspection "
                                               "is not published");
    }
    for (const ChangeNote& n : in.change_notes) {
      if (d.publication && n.date_known && n.date < *d.publication) {
        diags_.Error(n.loc, "change note dated " + n.date.Iso() + ", before publication (" + d.publication->Iso() + ")");
      }
    }
  }

  void Moderated(const Inspection& in, const std::optional<Moderation>& m, const Loc& loc, const std::string& what) {
    if (!m) {
      if (AtLeast(in, Status::kModerated)) {
        diags_.Error(loc, what + " is not moderated; findings must be moderated before status '" +
                              std::string(ToString(in.status)) + "'");
      }
      return;
    }
    if (!m->on_known) return;
    if (in.dates.fieldwork_start_known && m->on < in.dates.fieldwork_start) {
      diags_.Error(m->loc, what + " moderated on " + m->on.Iso() + ", before fieldwork started");
    }
    // A draft date before fieldwork ended is reported on its own; comparing with it would repeat that.
    if (in.dates.draft_issued && in.dates.fieldwork_end_known && *in.dates.draft_issued > in.dates.fieldwork_end &&
        m->on > *in.dates.draft_issued) {
      diags_.Error(m->loc, what + " moderated on " + m->on.Iso() + ", after the draft was issued (" +
                               in.dates.draft_issued->Iso() + ")");
    }
  }

  void CheckFindings(const Inspection& in) {
    if (in.context) {
      Moderated(in, in.context->moderation, in.context->loc, "context");
      PublicMarkdown(in.context->body);
    }
    if (in.headline) {
      Moderated(in, in.headline->moderation, in.headline->loc, "headline findings");
      PublicMarkdown(in.headline->body);
    }
    std::map<FindingKind, std::vector<const Finding*>> by_kind;
    // With a finding's kind refused by validation, counts of each kind are not known: rules on them skip.
    const bool kinds_known =
        std::all_of(in.findings.begin(), in.findings.end(), [](const Finding& f) { return f.kind_known; });
    for (const Finding& f : in.findings) {
      if (f.kind_known) by_kind[f.kind].push_back(&f);  // a kind validation refused is counted as none
      Moderated(in, f.moderation, f.loc, "finding '" + f.id + "'");
      PublicMarkdown(f.body);
      if (!f.title.empty()) PublicLine(f.title, f.loc);
      bool ranked = f.kind == FindingKind::kAreaForImprovement || f.kind == FindingKind::kAreaForPriorityAction;
      // Priority is optional (the 2016-20 letters listed improvements unranked), but a list is ranked
      // throughout or not at all.
      if (!f.kind_known || !f.priority_known) {
        // Reported by validation; ranking and kind rules would only repeat it.
      } else if (ranked && f.priority == 0 && AnyRanked(in, f.kind)) {
        diags_.Error(f.loc, "finding '" + f.id + "' is " + KindInWords(f.kind) +
                                " and needs a priority, as others of its kind have one (priority=\"1\" is the most urgent)");
      } else if (!ranked && f.priority != 0) {
        diags_.Error(f.priority_loc, "finding '" + f.id + "' is " + KindInWords(f.kind) +
                                         "; only areas for improvement and priority action have a priority");
      }
      bool study = f.kind == FindingKind::kPracticeStudyEffective || f.kind == FindingKind::kPracticeStudyImprovement;
      if (f.kind_known && !study && !f.heading.empty()) {
        diags_.Error(f.loc, "finding '" + f.id + "' is " + KindInWords(f.kind) +
                                "; only practice studies have a heading (strengths and improvements may have a group)");
      }
      if (!f.group.empty()) PublicLine(f.group, f.loc);
      if (!f.heading.empty()) PublicLine(f.heading, f.loc);
    }
    for (FindingKind kind : {FindingKind::kAreaForPriorityAction, FindingKind::kAreaForImprovement}) {
      std::vector<const Finding*> ranked = by_kind[kind];
      std::sort(ranked.begin(), ranked.end(), [](const Finding* a, const Finding* b) { return a->priority < b->priority; });
      std::map<int, const Finding*> seen;
      const std::string kind_words = kind == FindingKind::kAreaForImprovement ? "areas for improvement"
                                                                                : "areas for priority action";
      bool out_of_range = false;
      for (const Finding* f : ranked) {
        if (f->priority == 0) continue;
        // A priority ranks a finding among its kind, so it is at most the number of findings of that kind.
        if (kinds_known && static_cast<std::size_t>(f->priority) > ranked.size()) {
          diags_.Error(f->priority_loc, "priority " + std::to_string(f->priority) + " is more than the number of " +
                                            kind_words + " (" + std::to_string(ranked.size()) + ")");
          out_of_range = true;
          continue;
        }
        auto [it, inserted] = seen.emplace(f->priority, f);
        if (!inserted) {
          diags_.Error(f->priority_loc, "priority " + std::to_string(f->priority) + " is also given to '" +
                                            it->second->id + "'; priorities must be distinct");
        }
      }
      // A finding without a priority is reported above; the gap it leaves is not a second mistake.
      bool all_ranked = std::all_of(ranked.begin(), ranked.end(),
                                    [](const Finding* f) { return f->priority != 0 && f->priority_known; });
      int expected = 1;
      for (const auto& [priority, f] : seen) {
        // The gap an out-of-range priority, or a finding of unknown kind, leaves is not a second mistake.
        if (!all_ranked || out_of_range || !kinds_known) break;
        if (priority != expected) {
          diags_.Error(f->priority_loc, "priorities of " + kind_words +
                                            " must run 1, 2, 3... with no gaps; expected " + std::to_string(expected) +
                                            ", found " + std::to_string(priority));
          break;
        }
        ++expected;
      }
    }
    if (!AtLeast(in, Status::kModerated) || !in.has_findings) return;
    auto count = [&](FindingKind k) { return by_kind[k].size(); };
    if (AtLeast(in, Status::kDraftIssued)) {
      if (!in.headline) diags_.Error(in.findings_loc, "a letter needs <headline-findings> before its draft is issued");
      if (kinds_known && count(FindingKind::kAreaForImprovement) + count(FindingKind::kAreaForPriorityAction) == 0) {
        diags_.Error(in.findings_loc, "a letter needs at least one area for improvement before its draft is issued");
      }
      // The 2016-20 letters had no main findings section: their findings were the strengths and improvements.
      if (kinds_known && count(FindingKind::kMainFinding) == 0 && in.layout == LetterLayout::kCurrent) {
        diags_.Error(in.findings_loc, "a letter needs main findings before its draft is issued");
      }
      const Theme* theme = corpus_.FindTheme(in.theme);
      if (!in.context && theme && theme->letter_context) {
        diags_.Error(in.findings_loc, "a letter of theme '" + theme->id +
                                          "' needs <context> (the cohort and scope) before its draft is issued");
      }
    }
    std::size_t improvements = count(FindingKind::kAreaForImprovement);
    if (kinds_known && improvements > 0 && (improvements < 3 || improvements > 12)) {
      diags_.Warning(in.findings_loc, "letters usually have 3 to 12 areas for improvement; this one has " +
                                          std::to_string(improvements));
    }
    std::size_t strengths = count(FindingKind::kStrength);
    if (kinds_known && strengths > 0 && (strengths < 3 || strengths > 14)) {  // real letters have had up to 35
      diags_.Warning(in.findings_loc, "letters usually have 3 to 14 strengths; this one has " + std::to_string(strengths));
    }
    if (count(FindingKind::kPracticeStudyEffective) + count(FindingKind::kPracticeStudyImprovement) > 2) {
      diags_.Warning(in.findings_loc, "letters usually have at most 2 practice studies");
    }
    if (in.headline) {
      std::size_t paragraphs = markdown::SplitBlocks(in.headline->body.text).size();
      if (paragraphs < 2 || paragraphs > 5) {
        diags_.Warning(in.headline->loc, "headline findings are usually 2 to 5 paragraphs; these are " +
                                             std::to_string(paragraphs));
      }
    }
  }

  void CheckResponses(const Inspection& in) {
    for (const PartnerResponse& p : in.responses) {
      PublicMarkdown(p.statement);
      PublicMarkdown(p.improvement_activity);
      std::size_t words = CountWords(markdown::PlainText(p.statement.text));
      if (p.word_limit_known && words > static_cast<std::size_t>(p.word_limit)) {
        diags_.Error(p.statement.loc, "response '" + p.id + "' is " + std::to_string(words) +
                                          " words, over its limit of " + std::to_string(p.word_limit));
      }
      if (!in.status_known) {
        // reported by validation
      } else if (!AtLeast(in, Status::kPublished)) {
        diags_.Error(p.loc, "partner responses are made to a published letter; this inspection is '" +
                                std::string(ToString(in.status)) + "'");
      } else if (in.dates.publication && p.date_known && p.date < *in.dates.publication) {
        diags_.Error(p.loc, "response dated " + p.date.Iso() + ", before the letter was published (" +
                                in.dates.publication->Iso() + ")");
      }
    }
    if (!in.action_plan) return;
    const ActionPlan& plan = *in.action_plan;
    if (in.dates.publication && plan.date_known && plan.date < *in.dates.publication) {
      diags_.Error(plan.loc, "action plan dated " + plan.date.Iso() + ", before the letter was published");
    }
    std::set<std::string> answered;
    for (const Action& a : plan.actions) {
      PublicMarkdown(a.description);
      PublicMarkdown(a.progress);
      answered.insert(a.answers.begin(), a.answers.end());
    }
    for (const Finding& f : in.findings) {
      bool ranked = f.kind == FindingKind::kAreaForImprovement || f.kind == FindingKind::kAreaForPriorityAction;
      if (ranked && !answered.count(f.id)) {
        diags_.Warning(plan.loc, "the action plan has no action answering '" + f.id + "'");
      }
    }
  }

  void CheckCorrections(const Inspection& in) {
    for (const CorrectionSet& set : in.corrections) {
      if (!in.status_known) continue;  // reported by validation
      if (!AtLeast(in, Status::kDraftIssued)) {
        diags_.Error(set.loc, "corrections to a draft that has not been issued (status '" +
                                  std::string(ToString(in.status)) + "')");
        continue;
      }
      if (in.dates.draft_issued && set.submitted_known && set.submitted < *in.dates.draft_issued) {
        diags_.Error(set.loc, "corrections submitted " + set.submitted.Iso() + ", before the draft was issued (" +
                                  in.dates.draft_issued->Iso() + ")");
      }
      for (const FactualAccuracyCorrection& c : set.corrections) {
        if (c.proposed.empty() && c.evidence.empty()) {
          diags_.Error(c.loc, "correction '" + c.id + "' proposes no text and gives no evidence");
        }
        if (AtLeast(in, Status::kCorrectionsDecided) && !c.decision) {
          diags_.Error(c.loc, "correction '" + c.id + "' is undecided but the status is '" +
                                  std::string(ToString(in.status)) + "'");
        }
        if (c.decision && c.decision->outcome_known && c.decision->reason_known &&
            c.decision->outcome == CorrectionOutcome::kDeclined && c.decision->reason == DeclineReason::kNone) {
          diags_.Error(c.decision->loc, "a declined correction needs a reason (reason=\"not-a-factual-matter\", ...)");
        }
        if (c.decision && c.decision->on_known && in.dates.draft_issued && c.decision->on < *in.dates.draft_issued) {
          diags_.Error(c.decision->loc, "decision dated before the draft was issued");
        }
      }
    }
  }

  void CheckTheme(const Theme& t) {
    PublicMarkdown(t.description);
    if (!t.overview) return;
    const Overview& o = *t.overview;
    for (const MarkdownText* md : {&o.executive_summary, &o.main_findings, &o.national_recommendations,
                                   &o.local_recommendations}) {
      PublicMarkdown(*md);
    }
    for (const OverviewPart& p : o.parts) PublicMarkdown(p.body);
    for (const RoundMember& m : t.round) {
      const Inspection* in = corpus_.FindInspection(m.inspection);
      if (in && in->dates.publication && o.publication_known && o.publication <= *in->dates.publication) {
        diags_.Error(o.loc, "overview publication " + o.publication.Iso() + " must come after the publication of every letter in the round; '" +
                                in->id + "' is published " + in->dates.publication->Iso());
      }
    }
  }

  // Public Markdown: no unsafe content, no personal data, within the size limit.
  void PublicMarkdown(const MarkdownText& md) {
    // An oversized file is refused as a whole; scanning its text would be slow and repeat that.
    if (md.empty() || oversized_.count(md.loc.file)) return;
    std::size_t chars = CountCodePoints(md.text);
    if (chars > corpus_.site.field_chars_limit) {
      diags_.Error(MapToSource(md, 1, 1), "text is " + std::to_string(chars) + " characters, over the limit of " +
                               std::to_string(corpus_.site.field_chars_limit) + " (letterpress.xml <limits field-chars>)");
      return;
    }
    for (const markdown::Problem& p : markdown::FindUnsafeContent(md.text)) {
      diags_.Error(MapToSource(md, p.line, p.col), p.message);
    }
    for (const PersonalData& p : FindPersonalData(md.text)) {
      if (IsPublishedMailbox(p)) continue;
      diags_.Error(MapOffset(md, p.offset), "possible " + p.kind + " '" + p.match +
                                                "' in public text; remove details that identify a person");
    }
  }

  // The organisational mailboxes letterpress.xml names (the inspectorates' address for written statements, the
  // site's contact) are published addresses, not personal data.
  bool IsPublishedMailbox(const PersonalData& p) const {
    if (p.kind != "email address") return false;
    auto same = [&](const std::string& address) {
      return !address.empty() && address.size() == p.match.size() &&
             std::equal(address.begin(), address.end(), p.match.begin(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                    std::tolower(static_cast<unsigned char>(b)); });
    };
    return same(corpus_.site.statement_mailbox) || same(corpus_.site.contact_email);
  }

  void PublicLine(const std::string& text, const Loc& loc) {
    for (const PersonalData& p : FindPersonalData(text)) {
      if (IsPublishedMailbox(p)) continue;
      diags_.Error(loc, "possible " + p.kind + " '" + p.match + "' in public text; remove details that identify a person");
    }
  }

  const Corpus& corpus_;
  const load::SourceSet& sources_;
  Diagnostics& diags_;
  const WorkingDayCalendar& cal_;
  std::set<const SourceFile*> oversized_;  // over <limits file-bytes>: reported once, not scanned
};

}  // namespace

void CheckCorpus(const Corpus& corpus, const load::SourceSet& sources, Diagnostics& diags) {
  Checker(corpus, sources, diags).Run();
}

}  // namespace lp::rules
