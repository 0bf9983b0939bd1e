// model: validated documents -> plain structs, every cross-reference resolved or reported word for word.

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "inline_corpus.h"
#include "model/build.h"
#include "model/model.h"

namespace lp {

void PrintTo(const Date& d, std::ostream* os) { *os << d.Iso(); }

namespace {

using test::Build;
using test::Built;
using test::InlineCorpus;
using test::kCorrectionsPath;
using test::kFindingsPath;
using test::kInspectionPath;
using test::kResponsesPath;
using test::kSitePath;
using test::kThemePath;

Date D(const char* iso) {
  std::optional<Date> d = Date::ParseIso(iso);
  EXPECT_TRUE(d.has_value()) << iso;
  return d.value_or(Date());
}

// The 1-based line of the first occurrence of `needle` in `text`.
int LineOf(const std::string& text, const std::string& needle) {
  std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(at, text.size())), '\n'));
}

const Inspection& Alpha(const Built& b) {
  const Inspection* in = b.corpus.FindInspection("alpha-2025");
  EXPECT_NE(in, nullptr);
  static const Inspection none;
  return in ? *in : none;
}

// Diagnostics from building the corpus with one change.
std::string BriefAfter(const std::string& path, const std::string& from, const std::string& to) {
  InlineCorpus c;
  c.Replace(path, from, to);
  return Build(c)->brief;
}

// ---------------------------------------------------------------------------------------------
// The clean corpus

TEST(BuildCorpus, TheInlineCorpusBuildsWithoutDiagnostics) {
  auto b = Build(InlineCorpus());
  EXPECT_EQ(b->diagnostics, "");
  ASSERT_EQ(b->corpus.inspections.size(), 1u);
  ASSERT_EQ(b->corpus.themes.size(), 1u);
  EXPECT_EQ(b->corpus.fingerprint, b->sources.Fingerprint());
  EXPECT_EQ(b->corpus.fingerprint.size(), 64u);
}

TEST(BuildCorpus, SiteValuesLandInTheSiteConfig) {
  auto b = Build(InlineCorpus());
  const SiteConfig& s = b->corpus.site;
  EXPECT_EQ(s.title, "Test inspections");
  EXPECT_EQ(s.base_url, "https://test.example.org/");
  EXPECT_EQ(s.language, "en-GB");
  EXPECT_EQ(s.publisher, "Test inspectorates");
  EXPECT_EQ(s.contact_name, "Test contact");
  EXPECT_EQ(s.contact_email, "contact@test.example.org");
  EXPECT_EQ(s.licence_name, "Test licence");
  EXPECT_EQ(s.licence_url, "https://licence.example.org/");
  EXPECT_EQ(s.factual_accuracy_working_days, 5);
  EXPECT_EQ(s.action_plan_working_days, 70);
  EXPECT_EQ(s.embargo_time, "09:30");
  ASSERT_EQ(s.inspectorates.size(), 3u);
  EXPECT_EQ(s.inspectorates[2].id, "hmicfrs");
  EXPECT_EQ(s.inspectorates[2].abbr, "HMICFRS");
  ASSERT_NE(s.FindInspectorate("cqc"), nullptr);
  EXPECT_EQ(s.FindInspectorate("cqc")->name, "Care Quality Commission");
  EXPECT_EQ(s.FindInspectorate("nobody"), nullptr);
  ASSERT_EQ(s.glossary.size(), 1u);
  EXPECT_EQ(s.glossary[0].abbr, "ICB");
  EXPECT_EQ(s.glossary[0].expansion, "integrated care board");
}

TEST(BuildCorpus, SiteDefaultsApplyWhenOptionalElementsAreAbsent) {
  InlineCorpus c;
  c.Replace(kSitePath,
            "  <workflow factual-accuracy-working-days=\"5\" action-plan-working-days=\"70\" embargo-time=\"09:30\"/>\n",
            "");
  c.Replace(kSitePath, "  <publisher>", "  <language>cy</language>\n  <publisher>");
  auto b = Build(c);
  EXPECT_EQ(b->corpus.site.language, "cy");
  EXPECT_EQ(b->corpus.site.embargo_time, "00:01");
  EXPECT_EQ(b->corpus.site.factual_accuracy_working_days, 5);
  EXPECT_EQ(b->corpus.site.releases_kept, 5);
  EXPECT_EQ(b->corpus.site.file_bytes_limit, 4u << 20);
}

TEST(BuildCorpus, TheCalendarDocumentGivesTheWorkingDayCalendar) {
  auto b = Build(InlineCorpus());
  const WorkingDayCalendar& cal = b->corpus.calendar;
  EXPECT_EQ(cal.first_year(), 2024);
  EXPECT_EQ(cal.last_year(), 2026);
  ASSERT_NE(cal.HolidayOn(D("2025-12-26")), nullptr);
  EXPECT_EQ(cal.HolidayOn(D("2025-12-26"))->name, "Boxing Day");
  EXPECT_EQ(cal.holidays().size(), 24u);
}

TEST(BuildCorpus, SiteHolidaysExtendAndReplaceTheBundledOnes) {
  InlineCorpus c;
  c.Replace(kSitePath, "  </glossary>\n",
            "  </glossary>\n"
            "  <calendar last-year=\"2027\">\n"
            "    <holiday date=\"2027-01-01\">New Year's Day</holiday>\n"
            "    <holiday date=\"2025-12-25\">Christmas Day (observed)</holiday>\n"
            "  </calendar>\n");
  auto b = Build(c);
  EXPECT_EQ(b->diagnostics, "");
  const WorkingDayCalendar& cal = b->corpus.calendar;
  EXPECT_EQ(cal.last_year(), 2027);
  ASSERT_NE(cal.HolidayOn(D("2027-01-01")), nullptr);
  ASSERT_NE(cal.HolidayOn(D("2025-12-25")), nullptr);
  EXPECT_EQ(cal.HolidayOn(D("2025-12-25"))->name, "Christmas Day (observed)");
  EXPECT_EQ(cal.holidays().size(), 25u);
}

TEST(BuildCorpus, WithoutACalendarDocumentNoDateIsCovered) {
  InlineCorpus c;
  c.Remove(test::kCalendarPath);
  auto b = Build(c);
  EXPECT_FALSE(b->corpus.calendar.Covers(D("2025-06-02")));
  EXPECT_EQ(CorrectionsDue(Alpha(*b), b->corpus), std::nullopt);
}

TEST(BuildCorpus, InspectionValuesLandInTheInspection) {
  auto b = Build(InlineCorpus());
  const Inspection& in = Alpha(*b);
  EXPECT_EQ(in.id, "alpha-2025");
  EXPECT_EQ(in.layout, LetterLayout::kCurrent);
  EXPECT_EQ(in.area_name, "Alphaton");
  EXPECT_EQ(in.area_slug, "alphaton");
  EXPECT_EQ(in.la_code, "E06009901");
  EXPECT_EQ(in.theme, "neglect");
  EXPECT_EQ(in.status, Status::kPublished);
  EXPECT_EQ(in.partnership_name, "Alphaton Safeguarding Children Partnership");
  EXPECT_EQ(in.principal_authority, "Alphaton Council");
  EXPECT_EQ(in.folder, "corpus/inspections/alpha-2025");
  EXPECT_FALSE(in.complaint_hold.has_value());
  ASSERT_EQ(in.inspectorates.size(), 3u);
  EXPECT_TRUE(in.inspectorates[0].lead);
  EXPECT_FALSE(in.inspectorates[1].lead);
  EXPECT_EQ(in.inspectorates[1].signatory.name, "Ben Example");
  EXPECT_EQ(in.inspectorates[1].signatory.title, "Chief Inspector");
  ASSERT_NE(in.LeadInspectorate(), nullptr);
  EXPECT_EQ(in.LeadInspectorate()->inspectorate, "ofsted");
  ASSERT_EQ(in.agencies.size(), 3u);
  EXPECT_EQ(in.agencies[0].type, AgencyType::kChildrensSocialCare);
  EXPECT_EQ(in.agencies[1].type, AgencyType::kHealth);
  EXPECT_EQ(in.agencies[2].type, AgencyType::kPolice);
  EXPECT_EQ(in.agencies[2].inspectorate, "hmicfrs");
  ASSERT_NE(in.FindAgency("health"), nullptr);
  EXPECT_EQ(in.FindAgency("health")->name, "Alphaton ICB");
  ASSERT_EQ(in.addressees.size(), 5u);
  EXPECT_EQ(in.addressees[0].agency, "social-care");
  EXPECT_EQ(in.addressees[1].agency, "");
  EXPECT_EQ(in.addressees[1].role, "Director of Children's Services");
  EXPECT_EQ(in.addressees[3].email, "gus@alphaton.example");
  EXPECT_EQ(in.dates.notification, D("2025-02-17"));
  EXPECT_EQ(in.dates.fieldwork_start, D("2025-03-03"));
  EXPECT_EQ(in.dates.fieldwork_end, D("2025-03-07"));
  EXPECT_EQ(in.dates.draft_issued, D("2025-03-31"));
  EXPECT_EQ(in.dates.publication, D("2025-04-24"));
  EXPECT_EQ(in.dates.corrections_due, std::nullopt);
  EXPECT_EQ(in.dates.action_plan_due, std::nullopt);
  EXPECT_EQ(in.children_identified, 30);
  EXPECT_EQ(in.children_audited, 10);
  ASSERT_EQ(in.change_notes.size(), 1u);
  EXPECT_EQ(in.change_notes[0].date, D("2025-05-01"));
  EXPECT_FALSE(in.change_notes[0].major);
  EXPECT_EQ(in.change_notes[0].text, "Corrected a typing error.");
  EXPECT_FALSE(in.withdrawn_on.has_value());
}

TEST(BuildCorpus, OptionalInspectionElementsAreRead) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<inspection id=\"alpha-2025\" format=\"1\">",
            "<inspection id=\"alpha-2025\" format=\"1\" layout=\"2016\">");
  c.Replace(kInspectionPath, "  <partnership ",
            "  <complaint-hold since=\"2025-04-20\">A complaint about the draft.</complaint-hold>\n  <partnership ");
  c.Replace(kInspectionPath, "    <publication>2025-04-24</publication>\n",
            "    <corrections-due>2025-04-08</corrections-due>\n    <publication>2025-04-24</publication>\n"
            "    <action-plan-due>2025-08-29</action-plan-due>\n");
  c.Replace(kInspectionPath, "  </change-notes>\n",
            "  </change-notes>\n  <withdrawal date=\"2025-06-02\">Withdrawn at the partners' request.</withdrawal>\n");
  c.Replace(kInspectionPath, "kind=\"minor\"", "");
  auto b = Build(c);
  EXPECT_EQ(b->diagnostics, "");
  const Inspection& in = Alpha(*b);
  EXPECT_EQ(in.layout, LetterLayout::k2016);
  EXPECT_EQ(in.complaint_hold, "A complaint about the draft.");
  EXPECT_EQ(in.complaint_since, D("2025-04-20"));
  EXPECT_EQ(in.dates.corrections_due, D("2025-04-08"));
  EXPECT_EQ(in.dates.action_plan_due, D("2025-08-29"));
  EXPECT_EQ(in.withdrawn_on, D("2025-06-02"));
  EXPECT_EQ(in.withdrawal_notice, "Withdrawn at the partners' request.");
  EXPECT_TRUE(in.change_notes[0].major);  // the default kind
}

TEST(BuildCorpus, FindingValuesLandInTheFindings) {
  auto b = Build(InlineCorpus());
  const Inspection& in = Alpha(*b);
  EXPECT_TRUE(in.has_findings);
  ASSERT_TRUE(in.context.has_value());
  ASSERT_TRUE(in.context->moderation.has_value());
  EXPECT_EQ(in.context->moderation->by, "ofsted");
  EXPECT_EQ(in.context->moderation->on, D("2025-03-20"));
  EXPECT_EQ(in.context->body.text, "This inspection looked at children living with neglect.");
  ASSERT_TRUE(in.headline.has_value());
  EXPECT_EQ(in.headline->body.text, "Leaders understand neglect well.\n\nPractice is improving but remains *inconsistent*.");
  ASSERT_EQ(in.findings.size(), 8u);
  const Finding* afi1 = in.FindFinding("afi-1");
  ASSERT_NE(afi1, nullptr);
  EXPECT_EQ(afi1->kind, FindingKind::kAreaForImprovement);
  EXPECT_EQ(afi1->agencies, (std::vector<std::string>{"health", "police"}));
  EXPECT_EQ(afi1->priority, 1);
  EXPECT_EQ(afi1->sub_themes, (std::vector<std::string>{"identification", "leadership"}));
  ASSERT_TRUE(afi1->moderation.has_value());
  EXPECT_EQ(afi1->moderation->by, "cqc");
  EXPECT_EQ(afi1->moderation->on, D("2025-03-21"));
  EXPECT_EQ(afi1->body.text, "How well practitioners recognise neglect.");
  const Finding* str1 = in.FindFinding("str-1");
  ASSERT_NE(str1, nullptr);
  EXPECT_EQ(str1->kind, FindingKind::kStrength);
  EXPECT_EQ(str1->priority, 0);
  EXPECT_TRUE(str1->sub_themes.empty());
  EXPECT_EQ(in.FindFinding("mf-1")->title, "Children's social care");
  EXPECT_EQ(in.FindFinding("mf-1")->kind, FindingKind::kMainFinding);
  EXPECT_EQ(in.FindFinding("ps-1")->kind, FindingKind::kPracticeStudyEffective);
  EXPECT_EQ(in.FindFinding("ps-1")->title, "Child A");
  EXPECT_EQ(in.FindFinding("afi-9"), nullptr);
}

TEST(BuildCorpus, FindingsWithoutModerationHaveNone) {
  InlineCorpus c;
  c.Replace(kFindingsPath, "    <moderation by=\"cqc\" on=\"2025-03-21\"/>\n", "");
  auto b = Build(c);
  EXPECT_FALSE(Alpha(*b).FindFinding("afi-1")->moderation.has_value());
}

TEST(BuildCorpus, MarkdownIsDedentedAndMapsBackToItsSourceLines) {
  auto b = Build(InlineCorpus());
  const Inspection& in = Alpha(*b);
  const std::string& findings = test::kFindingsXml;

  const MarkdownText& headline = in.headline->body;
  EXPECT_EQ(headline.first_line, LineOf(findings, "Leaders understand neglect well."));
  EXPECT_EQ(headline.first_line, 10);
  EXPECT_EQ(headline.indent, 6);
  ASSERT_TRUE(headline.loc);
  EXPECT_EQ(headline.loc.file->path(), kFindingsPath);
  // The location is the start of the element's text: just after <body> on line 9.
  EXPECT_EQ(headline.loc.file->Position(headline.loc.offset).line, 9);
  EXPECT_EQ(headline.loc.file->Position(headline.loc.offset).col, 11);

  // Deeper indentation survives, relative to the common indent: here it makes a list.
  const MarkdownText& mf = in.FindFinding("mf-1")->body;
  EXPECT_EQ(mf.text, "Social workers visit children regularly.\n\n  - Plans are reviewed.\n  - Managers oversee plans well.");
  EXPECT_EQ(mf.first_line, LineOf(findings, "Social workers visit children regularly."));
  EXPECT_EQ(mf.indent, 6);

  // Line 3 of that Markdown is source line first_line + 2, shifted by the indent.
  const SourceFile& file = *mf.loc.file;
  EXPECT_EQ(file.LineText(mf.first_line + 2).substr(static_cast<std::size_t>(mf.indent)), "  - Plans are reviewed.");

  // Text on the same line as its element keeps no indent and starts on that line.
  const MarkdownText& afi1 = in.FindFinding("afi-1")->body;
  EXPECT_EQ(afi1.first_line, LineOf(findings, "How well practitioners recognise neglect."));
  EXPECT_EQ(afi1.indent, 0);
  EXPECT_EQ(file.Position(afi1.loc.offset).col, 11);
}

TEST(BuildCorpus, MarkdownKeepsCdataAndEscapedCharacters) {
  InlineCorpus c;
  c.Replace(kFindingsPath, "<body>The quality of assessments.</body>",
            "<body>Risk &amp; need: <![CDATA[<b>not a tag</b>]]></body>");
  auto b = Build(c);
  EXPECT_EQ(Alpha(*b).FindFinding("afi-2")->body.text, "Risk & need: <b>not a tag</b>");
}

TEST(BuildCorpus, ResponseAndActionPlanValuesLandInTheInspection) {
  auto b = Build(InlineCorpus());
  const Inspection& in = Alpha(*b);
  ASSERT_EQ(in.responses.size(), 1u);
  const PartnerResponse& r = in.responses[0];
  EXPECT_EQ(r.id, "joint");
  EXPECT_TRUE(r.joint);
  EXPECT_EQ(r.agency, "");
  EXPECT_EQ(r.date, D("2025-04-28"));
  EXPECT_EQ(r.word_limit, 500);
  ASSERT_EQ(r.signatories.size(), 1u);
  EXPECT_EQ(r.signatories[0].organisation, "Alphaton Council");
  EXPECT_EQ(r.statement.text, "We welcome the findings.");
  EXPECT_TRUE(r.improvement_activity.empty());
  ASSERT_TRUE(in.action_plan.has_value());
  EXPECT_EQ(in.action_plan->date, D("2025-07-01"));
  ASSERT_EQ(in.action_plan->actions.size(), 2u);
  const Action& a2 = in.action_plan->actions[1];
  EXPECT_EQ(a2.id, "act-2");
  EXPECT_EQ(a2.answers, (std::vector<std::string>{"afi-2", "afi-3"}));
  EXPECT_EQ(a2.lead_agency, "social-care");
  EXPECT_EQ(a2.owner_role, "Director of Children's Services");
  EXPECT_EQ(a2.due, D("2025-10-31"));
  EXPECT_EQ(a2.status, ActionStatus::kNotStarted);
  EXPECT_EQ(a2.description.text, "Audit assessments.");
  EXPECT_TRUE(a2.progress.empty());
  EXPECT_EQ(in.action_plan->actions[0].status, ActionStatus::kInProgress);
  EXPECT_EQ(in.action_plan->actions[0].progress.text, "Half of the practitioners are trained.");
}

TEST(BuildCorpus, AgencyResponsesNameTheirAgencyAndWordLimit) {
  InlineCorpus c;
  c.Replace(kResponsesPath, "<response id=\"joint\" kind=\"joint\" date=\"2025-04-28\">",
            "<response id=\"police\" kind=\"agency\" agency=\"police\" date=\"2025-04-28\" word-limit=\"250\">");
  auto b = Build(c);
  EXPECT_EQ(b->diagnostics, "");
  const PartnerResponse& r = Alpha(*b).responses.at(0);
  EXPECT_FALSE(r.joint);
  EXPECT_EQ(r.agency, "police");
  EXPECT_EQ(r.word_limit, 250);
}

TEST(BuildCorpus, CorrectionValuesLandInTheInspection) {
  auto b = Build(InlineCorpus());
  const Inspection& in = Alpha(*b);
  ASSERT_EQ(in.corrections.size(), 1u);
  const CorrectionSet& set = in.corrections[0];
  EXPECT_EQ(set.agency, "health");
  EXPECT_EQ(set.draft_version, "0123456789ab");
  EXPECT_EQ(set.submitted, D("2025-04-03"));
  EXPECT_EQ(set.submitter_name, "Lee Four");
  EXPECT_EQ(set.submitter_role, "Chief Nurse");
  EXPECT_EQ(set.submitter_email, "lee@alphaton.example");
  EXPECT_EQ(set.path, kCorrectionsPath);
  ASSERT_EQ(set.corrections.size(), 2u);
  const FactualAccuracyCorrection& c1 = set.corrections[0];
  EXPECT_EQ(c1.id, "c1");
  EXPECT_EQ(c1.paragraph, "6.1");
  EXPECT_EQ(c1.finding, "mf-1");
  EXPECT_EQ(c1.current, "Social workers visit children regularly.");
  EXPECT_EQ(c1.proposed, "Social workers visit most children regularly.");
  EXPECT_EQ(c1.evidence, "Visit records for March.");
  ASSERT_TRUE(c1.decision.has_value());
  EXPECT_EQ(c1.decision->outcome, CorrectionOutcome::kDeclined);
  EXPECT_EQ(c1.decision->reason, DeclineReason::kNotAFactualMatter);
  EXPECT_EQ(c1.decision->by, "Ann Example");
  EXPECT_EQ(c1.decision->on, D("2025-04-10"));
  EXPECT_EQ(c1.decision->explanation, "A judgement, not a fact.");
  const FactualAccuracyCorrection& c2 = set.corrections[1];
  EXPECT_EQ(c2.finding, "");
  ASSERT_TRUE(c2.decision.has_value());
  EXPECT_EQ(c2.decision->outcome, CorrectionOutcome::kAccepted);
  EXPECT_EQ(c2.decision->reason, DeclineReason::kNone);
}

TEST(BuildCorpus, ThemeValuesLandInTheTheme) {
  auto b = Build(InlineCorpus());
  const Theme* t = b->corpus.FindTheme("neglect");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->title, "Neglect");
  EXPECT_EQ(t->response_inspected, "the multi-agency response to children living with neglect");
  EXPECT_EQ(t->description.text, "A round of inspections about neglect.");
  ASSERT_EQ(t->sub_themes.size(), 2u);
  ASSERT_NE(t->FindSubTheme("leadership"), nullptr);
  EXPECT_EQ(t->FindSubTheme("leadership")->name, "Leadership");
  ASSERT_EQ(t->round.size(), 1u);
  EXPECT_EQ(t->round[0].inspection, "alpha-2025");
  ASSERT_TRUE(t->overview.has_value());
  EXPECT_EQ(t->overview->publication, D("2025-09-01"));
  EXPECT_EQ(t->overview->executive_summary.text, "What the round found.");
  EXPECT_EQ(t->overview->main_findings.text, "Partners recognise neglect late.");
  ASSERT_EQ(t->overview->parts.size(), 1u);
  EXPECT_EQ(t->overview->parts[0].sub_theme, "identification");
  EXPECT_EQ(t->overview->parts[0].title, "Identifying neglect");
  EXPECT_EQ(t->overview->parts[0].body.text, "Practitioners miss early signs.");
  EXPECT_EQ(t->overview->national_recommendations.text, "Fund early help.");
  EXPECT_TRUE(t->overview->local_recommendations.empty());
  EXPECT_EQ(b->corpus.FindTheme("exploitation"), nullptr);
}

TEST(BuildCorpus, InspectionsAndThemesAreSortedById) {
  InlineCorpus c;
  for (const char* id : {"gamma-2025", "beta-2025"}) {
    std::string xml = test::kInspectionXml;
    xml.replace(xml.find("alpha-2025"), 10, id);
    xml.replace(xml.find("<status>published</status>"), 26, "<status>fieldwork</status>");
    std::string slug = std::string(id).substr(0, std::string(id).find('-'));
    xml.replace(xml.find("slug=\"alphaton\""), 15, "slug=\"" + slug + "\"");
    c.Add(load::DocType::kInspection, id, std::string("corpus/inspections/") + id + "/inspection.xml", xml);
  }
  auto b = Build(c);
  ASSERT_EQ(b->corpus.inspections.size(), 3u);
  EXPECT_EQ(b->corpus.inspections[0].id, "alpha-2025");
  EXPECT_EQ(b->corpus.inspections[1].id, "beta-2025");
  EXPECT_EQ(b->corpus.inspections[2].id, "gamma-2025");
  ASSERT_NE(b->corpus.FindInspection("gamma-2025"), nullptr);
  EXPECT_EQ(b->corpus.FindInspection("delta-2025"), nullptr);
}

// ---------------------------------------------------------------------------------------------
// Reading order and deadlines

TEST(FindingsOfKind, OrdersImprovementsByPriorityAndOthersByFileOrder) {
  auto b = Build(InlineCorpus());
  auto ids = [&](FindingKind kind) {
    std::vector<std::string> out;
    for (const Finding* f : Alpha(*b).FindingsOfKind(kind)) out.push_back(f->id);
    return out;
  };
  // afi-2 comes first in the file; afi-1 has priority 1.
  EXPECT_EQ(ids(FindingKind::kAreaForImprovement), (std::vector<std::string>{"afi-1", "afi-2", "afi-3"}));
  EXPECT_EQ(ids(FindingKind::kStrength), (std::vector<std::string>{"str-1", "str-2", "str-3"}));
  EXPECT_EQ(ids(FindingKind::kMainFinding), (std::vector<std::string>{"mf-1"}));
  EXPECT_TRUE(ids(FindingKind::kAreaForPriorityAction).empty());
}

TEST(FindingsOfKind, OrdersPriorityActionsByPriorityToo) {
  InlineCorpus c;
  c.Replace(kFindingsPath, "kind=\"strength\" agencies=\"social-care\">",
            "kind=\"area-for-priority-action\" agencies=\"social-care\" priority=\"2\">");
  c.Replace(kFindingsPath, "kind=\"strength\" agencies=\"health\">",
            "kind=\"area-for-priority-action\" agencies=\"health\" priority=\"1\">");
  auto b = Build(c);
  std::vector<std::string> out;
  for (const Finding* f : Alpha(*b).FindingsOfKind(FindingKind::kAreaForPriorityAction)) out.push_back(f->id);
  EXPECT_EQ(out, (std::vector<std::string>{"str-3", "str-1"}));
}

std::optional<Date> CorrectionsDueWith(const std::string& from, const std::string& to) {
  InlineCorpus c;
  c.Replace(kInspectionPath, from, to);
  auto b = Build(c);
  return CorrectionsDue(Alpha(*b), b->corpus);
}

std::optional<Date> ActionPlanDueWith(const std::string& from, const std::string& to) {
  InlineCorpus c;
  c.Replace(kInspectionPath, from, to);
  auto b = Build(c);
  return ActionPlanDue(Alpha(*b), b->corpus);
}

TEST(CorrectionsDue, IsFiveWorkingDaysAfterTheDraftIsIssued) {
  auto b = Build(InlineCorpus());
  EXPECT_EQ(CorrectionsDue(Alpha(*b), b->corpus), D("2025-04-07"));  // Monday 31 March + 5
}

TEST(CorrectionsDue, SkipsChristmasAndBoxingDay) {
  // Friday 19 December 2025: 22, 23, 24, (25, 26 bank holidays, weekend) 29, 30.
  EXPECT_EQ(CorrectionsDueWith("<draft-issued>2025-03-31</draft-issued>", "<draft-issued>2025-12-19</draft-issued>"),
            D("2025-12-30"));
  // Tuesday 23 December 2025: 24, 29, 30, 31, (1 January) 2.
  EXPECT_EQ(CorrectionsDueWith("<draft-issued>2025-03-31</draft-issued>", "<draft-issued>2025-12-23</draft-issued>"),
            D("2026-01-02"));
}

TEST(CorrectionsDue, FollowsTheSitesNumberOfWorkingDays) {
  InlineCorpus c;
  c.Replace(kSitePath, "factual-accuracy-working-days=\"5\"", "factual-accuracy-working-days=\"10\"");
  auto b = Build(c);
  EXPECT_EQ(CorrectionsDue(Alpha(*b), b->corpus), D("2025-04-14"));
}

TEST(CorrectionsDue, AnOverrideInTheInspectionWins) {
  EXPECT_EQ(CorrectionsDueWith("<draft-issued>2025-03-31</draft-issued>",
                               "<draft-issued>2025-03-31</draft-issued>\n    <corrections-due>2025-04-11</corrections-due>"),
            D("2025-04-11"));
}

TEST(CorrectionsDue, IsUnknownWithoutADraftOrBeyondTheCalendar) {
  EXPECT_EQ(CorrectionsDueWith("    <draft-issued>2025-03-31</draft-issued>\n", ""), std::nullopt);
  // Wednesday 30 December 2026 + 5 working days runs into 2027, which the calendar does not cover.
  EXPECT_EQ(CorrectionsDueWith("<draft-issued>2025-03-31</draft-issued>", "<draft-issued>2026-12-30</draft-issued>"),
            std::nullopt);
}

TEST(ActionPlanDue, IsSeventyWorkingDaysAfterPublicationAcrossChristmas) {
  // Monday 3 November 2025: 70 working days, skipping 25 and 26 December and 1 January, is 12 February 2026.
  EXPECT_EQ(ActionPlanDueWith("<publication>2025-04-24</publication>", "<publication>2025-11-03</publication>"),
            D("2026-02-12"));
}

TEST(ActionPlanDue, ForTheInlineCorpusSkipsTheMayBankHolidays) {
  // Thursday 24 April 2025 + 70 working days, skipping 5 May and 26 May: Monday 4 August 2025.
  auto b = Build(InlineCorpus());
  EXPECT_EQ(ActionPlanDue(Alpha(*b), b->corpus), D("2025-08-04"));
}

TEST(ActionPlanDue, AnOverrideWinsAndAMissingPublicationGivesNothing) {
  EXPECT_EQ(ActionPlanDueWith("<publication>2025-04-24</publication>",
                              "<publication>2025-04-24</publication>\n    <action-plan-due>2025-09-01</action-plan-due>"),
            D("2025-09-01"));
  EXPECT_EQ(ActionPlanDueWith("    <publication>2025-04-24</publication>\n", ""), std::nullopt);
  EXPECT_EQ(ActionPlanDueWith("<publication>2025-04-24</publication>", "<publication>2026-11-02</publication>"),
            std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Identity: documents must match the folder or file they are in

TEST(BuildCorpus, AnInspectionIdThatIsNotItsFolderNameIsReported) {
  EXPECT_EQ(BriefAfter(kInspectionPath, "<inspection id=\"alpha-2025\"", "<inspection id=\"alpha-2024\""),
            "corpus/inspections/alpha-2025/inspection.xml:2:13: error: inspection id 'alpha-2024' does not match its "
            "folder name 'alpha-2025'\n");
}

TEST(BuildCorpus, FindingsResponsesAndCorrectionsMustNameTheirInspection) {
  InlineCorpus c;
  c.Replace(kFindingsPath, "<findings inspection=\"alpha-2025\"", "<findings inspection=\"alpha\"");
  c.Replace(kResponsesPath, "<responses inspection=\"alpha-2025\"", "<responses inspection=\"beta-2025\"");
  c.Replace(kCorrectionsPath, "<corrections inspection=\"alpha-2025\"", "<corrections inspection=\"alpha-2052\"");
  EXPECT_EQ(Build(c)->brief,
            "corpus/inspections/alpha-2025/corrections/health.xml:2:14: error: inspection 'alpha-2052' does not match "
            "its folder name 'alpha-2025'\n"
            "corpus/inspections/alpha-2025/findings.xml:2:11: error: inspection 'alpha' does not match its folder name "
            "'alpha-2025'\n"
            "corpus/inspections/alpha-2025/responses.xml:2:12: error: inspection 'beta-2025' does not match its "
            "folder name 'alpha-2025'\n");
}

TEST(BuildCorpus, AThemeIdThatIsNotItsFileNameIsReported) {
  EXPECT_EQ(BriefAfter(kThemePath, "<theme id=\"neglect\"", "<theme id=\"neglected\""),
            "corpus/themes/neglect.xml:2:8: error: theme id 'neglected' does not match its file name 'neglect'\n");
}

// ---------------------------------------------------------------------------------------------
// Duplicate ids

TEST(BuildCorpus, DuplicateIdsAreReportedWithWhereTheFirstWasDefined) {
  struct Case {
    std::string path, from, to, expected;
  };
  const std::vector<Case> cases = {
      {kSitePath, "  </inspectorates>\n", "    <inspectorate id=\"ofsted\" abbr=\"O\" name=\"Again\"/>\n  </inspectorates>\n",
       "corpus/letterpress.xml:13:19: error: duplicate inspectorate id 'ofsted' (first defined at line 10)\n"},
      {kSitePath, "    <term abbr=\"ICB\">integrated care board</term>\n",
       "    <term abbr=\"ICB\">integrated care board</term>\n    <term abbr=\"ICB\">another</term>\n",
       "corpus/letterpress.xml:16:11: error: duplicate glossary term 'ICB' (first defined at line 15)\n"},
      {kInspectionPath, "  </agencies>\n", "    <agency id=\"health\" type=\"health\" name=\"Again\"/>\n  </agencies>\n",
       "corpus/inspections/alpha-2025/inspection.xml:17:13: error: duplicate agency id 'health' (first defined at "
       "line 15)\n"},
      {kFindingsPath, "<finding id=\"str-3\"", "<finding id=\"str-2\"",
       "corpus/inspections/alpha-2025/findings.xml:35:12: error: duplicate finding id 'str-2' (first defined at line "
       "31)\n"},
      {kResponsesPath, "<action id=\"act-2\"", "<action id=\"act-1\"",
       "corpus/inspections/alpha-2025/responses.xml:12:13: error: duplicate action id 'act-1' (first defined at line "
       "8)\n"},
      {kCorrectionsPath, "<correction id=\"c2\"", "<correction id=\"c1\"",
       "corpus/inspections/alpha-2025/corrections/health.xml:10:15: error: duplicate correction id 'c1' (first "
       "defined at line 4)\n"},
      {kThemePath, "  </sub-themes>\n", "    <sub-theme id=\"identification\">Again</sub-theme>\n  </sub-themes>\n",
       "corpus/themes/neglect.xml:9:16: error: duplicate sub-theme id 'identification' (first defined at line 7)\n"},
      {kThemePath, "    <inspection ref=\"alpha-2025\"/>\n",
       "    <inspection ref=\"alpha-2025\"/>\n    <inspection ref=\"alpha-2025\"/>\n",
       "corpus/themes/neglect.xml:12:17: error: duplicate round member 'alpha-2025' (first defined at line 11)\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(BriefAfter(c.path, c.from, c.to), c.expected) << c.to;
}

TEST(BuildCorpus, AnInspectorateTakingPartTwiceIsReported) {
  EXPECT_EQ(BriefAfter(kInspectionPath, "<inspectorate ref=\"hmicfrs\">", "<inspectorate ref=\"cqc\">"),
            "corpus/inspections/alpha-2025/findings.xml:32:5: error: moderated by 'hmicfrs', which does not take "
            "part in this inspection\n"
            "corpus/inspections/alpha-2025/inspection.xml:11:19: error: duplicate inspectorate 'cqc' (first defined "
            "at line 10)\n"
            "corpus/inspections/alpha-2025/inspection.xml:16:13: error: agency 'police' names inspectorate "
            "'hmicfrs', which does not take part in this inspection\n");
}

TEST(BuildCorpus, TwoResponsesWithOneIdAreReported) {
  InlineCorpus c;
  c.Replace(kResponsesPath, "  <action-plan",
            "  <response id=\"joint\" kind=\"joint\" date=\"2025-04-29\">\n"
            "    <signatory name=\"Fay Three\" role=\"Chief Executive\" organisation=\"Alphaton ICB\"/>\n"
            "    <statement>We also welcome them.</statement>\n"
            "  </response>\n"
            "  <action-plan");
  EXPECT_EQ(Build(c)->brief,
            "corpus/inspections/alpha-2025/responses.xml:7:13: error: duplicate response id 'joint' (first defined at "
            "line 3)\n");
}

TEST(BuildCorpus, SeveralCorrectionsFilesFromOneAgencyAreNumberedInArrivalOrder) {
  InlineCorpus c;
  std::string second = test::kCorrectionsXml;
  second.replace(second.find("0123456789ab"), 12, "ba9876543210");
  // A follow-up: later than the first, though its file name sorts first.
  std::size_t submitted = second.find("submitted=\"");
  ASSERT_NE(submitted, std::string::npos);
  second.replace(submitted + 11, 10, "2025-04-07");
  c.Add(load::DocType::kCorrections, "alpha-2025", "corpus/inspections/alpha-2025/corrections/health-again.xml", second);
  auto built = Build(c);
  EXPECT_EQ(built->brief, "");
  const Inspection& in = built->corpus.inspections.front();
  ASSERT_EQ(in.corrections.size(), 2u);
  for (const CorrectionSet& set : in.corrections) {
    EXPECT_EQ(set.sequence, set.path.find("health-again") != std::string::npos ? 2 : 1) << set.path;
  }
}

// ---------------------------------------------------------------------------------------------
// Dangling references

TEST(BuildCorpus, EveryDanglingReferenceIsReportedWithASuggestion) {
  struct Case {
    std::string path, from, to, expected;
  };
  const std::string inspection = "corpus/inspections/alpha-2025/inspection.xml";
  const std::string findings = "corpus/inspections/alpha-2025/findings.xml";
  const std::string responses = "corpus/inspections/alpha-2025/responses.xml";
  const std::string corrections = "corpus/inspections/alpha-2025/corrections/health.xml";
  const std::vector<Case> cases = {
      {kInspectionPath, "email=\"fay@alphaton.example\" agency=\"health\"", "email=\"fay@alphaton.example\" agency=\"helth\"",
       inspection + ":21:5: error: addressee names unknown agency 'helth'; did you mean 'health'?\n"},
      {kInspectionPath, "name=\"Alphaton ICB\" inspectorate=\"cqc\"", "name=\"Alphaton ICB\" inspectorate=\"cqq\"",
       inspection + ":15:13: error: agency 'health' names inspectorate 'cqq', which does not take part in this "
                    "inspection; did you mean 'cqc'?\n"},
      {kFindingsPath, "agencies=\"health police\"", "agencies=\"health polise\"",
       findings + ":19:51: error: finding 'afi-1' names unknown agency 'polise'; did you mean 'police'?\n"},
      {kFindingsPath, "sub-themes=\"identification leadership\"", "sub-themes=\"identification leadrship\"",
       findings + ":19:89: error: finding 'afi-1' names unknown sub-theme 'leadrship' of theme 'neglect'; did you "
                  "mean 'leadership'?\n"},
      {kFindingsPath, "<moderation by=\"cqc\" on=\"2025-03-21\"/>", "<moderation by=\"cqcc\" on=\"2025-03-21\"/>",
       findings + ":20:5: error: moderated by 'cqcc', which does not take part in this inspection; did you mean "
                  "'cqc'?\n"},
      {kResponsesPath, "lead-agency=\"health\"", "lead-agency=\"heath\"",
       responses + ":8:40: error: action 'act-1' names unknown lead agency 'heath'; did you mean 'health'?\n"},
      {kResponsesPath, "answers=\"afi-1\"", "answers=\"afi-1 afi-9\"",
       responses + ":8:24: error: action 'act-1' answers unknown finding 'afi-9'\n"},
      {kResponsesPath, "answers=\"afi-1\"", "answers=\"afi-1 str-1\"",
       responses + ":8:24: error: action 'act-1' answers 'str-1', which is a strength, not an area for improvement "
                   "or priority action\n"},
      {kCorrectionsPath, "agency=\"health\"", "agency=\"helath\"",
       corrections + ":2:38: error: corrections from unknown agency 'helath'; did you mean 'health'?\n"},
      {kCorrectionsPath, "finding=\"mf-1\"", "finding=\"mf-2\"",
       corrections + ":4:39: error: correction 'c1' refers to unknown finding 'mf-2'; did you mean 'mf-1'?\n"},
      {kThemePath, "<part sub-theme=\"identification\"", "<part sub-theme=\"identity\"",
       "corpus/themes/neglect.xml:16:11: error: overview part names unknown sub-theme 'identity'\n"},
      {kThemePath, "<part sub-theme=\"identification\"", "<part sub-theme=\"identificatoin\"",
       "corpus/themes/neglect.xml:16:11: error: overview part names unknown sub-theme 'identificatoin'; did you "
       "mean 'identification'?\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(BriefAfter(c.path, c.from, c.to), c.expected) << c.to;
}

TEST(BuildCorpus, AnUnknownThemeIsReportedAndTheRoundDisagrees) {
  EXPECT_EQ(BriefAfter(kInspectionPath, "<theme ref=\"neglect\"/>", "<theme ref=\"neglet\"/>"),
            "corpus/inspections/alpha-2025/inspection.xml:4:10: error: unknown theme 'neglet'; did you mean "
            "'neglect'?\n"
            "corpus/themes/neglect.xml:11:17: error: inspection 'alpha-2025' is in the round of theme 'neglect' but "
            "its inspection.xml names theme 'neglet'\n");
}

TEST(BuildCorpus, AnUnknownInspectorateIsReportedWithWhereTheyAreListed) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<inspectorate ref=\"hmicfrs\">", "<inspectorate ref=\"hmicrfs\">");
  c.Replace(kInspectionPath, "name=\"Alphaton Police\" inspectorate=\"hmicfrs\"",
            "name=\"Alphaton Police\" inspectorate=\"hmicrfs\"");
  c.Replace(kFindingsPath, "<moderation by=\"hmicfrs\"", "<moderation by=\"hmicrfs\"");
  EXPECT_EQ(Build(c)->brief,
            "corpus/inspections/alpha-2025/inspection.xml:11:19: error: unknown inspectorate 'hmicrfs'; did you mean "
            "'hmicfrs'? (inspectorates are listed in letterpress.xml)\n");
}

TEST(BuildCorpus, ExactlyOneLeadInspectorateIsRequired) {
  EXPECT_EQ(BriefAfter(kInspectionPath, "<inspectorate ref=\"ofsted\" lead=\"true\">", "<inspectorate ref=\"ofsted\">"),
            "corpus/inspections/alpha-2025/inspection.xml:2:1: error: exactly one inspectorate must have "
            "lead=\"true\" (found 0)\n");
  EXPECT_EQ(BriefAfter(kInspectionPath, "<inspectorate ref=\"cqc\">", "<inspectorate ref=\"cqc\" lead=\"true\">"),
            "corpus/inspections/alpha-2025/inspection.xml:2:1: error: exactly one inspectorate must have "
            "lead=\"true\" (found 2)\n");
}

TEST(BuildCorpus, AnAgencyResponseMustNameAKnownAgency) {
  EXPECT_EQ(BriefAfter(kResponsesPath, "kind=\"joint\"", "kind=\"agency\""),
            "corpus/inspections/alpha-2025/responses.xml:3:13: error: an agency response must name its agency "
            "(agency=\"...\")\n");
  EXPECT_EQ(BriefAfter(kResponsesPath, "kind=\"joint\"", "kind=\"agency\" agency=\"polise\""),
            "corpus/inspections/alpha-2025/responses.xml:3:38: error: response 'joint' names unknown agency "
            "'polise'; did you mean 'police'?\n");
}

TEST(BuildCorpus, APublishedInspectionWithoutFindingsIsReportedOnceWithoutCascades) {
  InlineCorpus c;
  c.Remove(kFindingsPath);
  // The actions and corrections that name findings are not reported as well: the one cause is.
  EXPECT_EQ(Build(c)->brief,
            "corpus/inspections/alpha-2025/inspection.xml:2:1: error: inspection 'alpha-2025' has status 'published' "
            "but no findings.xml\n");
}

TEST(BuildCorpus, ReferencesIntoAnUnusableFindingsFileAreNotReportedAgain) {
  load::SourceSet sources = InlineCorpus().Sources();
  for (load::SourceDocument& d : sources.documents()) {
    if (d.type == load::DocType::kFindings) d.usable = false;  // as after a schema error
  }
  Diagnostics diags;
  model::BuildCorpus(sources, diags);
  EXPECT_EQ(diags.FormatAll(), "");
}

TEST(BuildCorpus, FindingsWithoutAnInspectionAreOrphans) {
  InlineCorpus c;
  c.Remove(kInspectionPath);
  EXPECT_EQ(Build(c)->brief,
            "corpus/inspections/alpha-2025/findings.xml:2:1: error: findings for inspection 'alpha-2025', which has "
            "no valid inspection.xml\n"
            "corpus/themes/neglect.xml:11:17: error: round of theme 'neglect' lists unknown inspection "
            "'alpha-2025'\n");
}

TEST(BuildCorpus, ARoundMayOnlyListKnownInspectionsOfItsTheme) {
  EXPECT_EQ(BriefAfter(kThemePath, "<inspection ref=\"alpha-2025\"/>", "<inspection ref=\"alpha-2052\"/>"),
            "corpus/inspections/alpha-2025/inspection.xml:4:10: warning: inspection 'alpha-2025' is not listed in "
            "the round of theme 'neglect'\n"
            "corpus/themes/neglect.xml:11:17: error: round of theme 'neglect' lists unknown inspection 'alpha-2052'; "
            "did you mean 'alpha-2025'?\n");
}

TEST(BuildCorpus, AnInspectionInTwoRoundsIsReportedWhereItDoesNotBelong) {
  InlineCorpus c;
  std::string other = test::kThemeXml;
  other.replace(other.find("id=\"neglect\""), 12, "id=\"exploitation\"");
  c.Add(load::DocType::kTheme, "exploitation", "corpus/themes/exploitation.xml", other);
  EXPECT_EQ(Build(c)->brief,
            "corpus/themes/exploitation.xml:11:17: error: inspection 'alpha-2025' is in the round of theme "
            "'exploitation' but its inspection.xml names theme 'neglect'\n");
}

TEST(BuildCorpus, AnAreaSlugBelongsToOneArea) {
  InlineCorpus c;
  std::string beta = test::kInspectionXml;
  beta.replace(beta.find("alpha-2025"), 10, "beta-2025");
  beta.replace(beta.find("name=\"Alphaton\""), 15, "name=\"Betaford\"");
  beta.replace(beta.find("<status>published</status>"), 26, "<status>fieldwork</status>");
  c.Add(load::DocType::kInspection, "beta-2025", "corpus/inspections/beta-2025/inspection.xml", beta);
  c.Replace(kThemePath, "    <inspection ref=\"alpha-2025\"/>\n",
            "    <inspection ref=\"alpha-2025\"/>\n    <inspection ref=\"beta-2025\"/>\n");
  EXPECT_EQ(Build(c)->brief,
            "corpus/inspections/beta-2025/inspection.xml:3:25: error: area slug 'alphaton' is already used by "
            "'Alphaton'; each area needs its own slug\n");
}

TEST(BuildCorpus, TwoInspectionsOfOneAreaMayShareItsSlug) {
  InlineCorpus c;
  std::string again = test::kInspectionXml;
  again.replace(again.find("alpha-2025"), 10, "alpha-2028");
  again.replace(again.find("<status>published</status>"), 26, "<status>fieldwork</status>");
  c.Add(load::DocType::kInspection, "alpha-2028", "corpus/inspections/alpha-2028/inspection.xml", again);
  c.Replace(kThemePath, "    <inspection ref=\"alpha-2025\"/>\n",
            "    <inspection ref=\"alpha-2025\"/>\n    <inspection ref=\"alpha-2028\"/>\n");
  EXPECT_EQ(Build(c)->brief, "");
}

TEST(BuildCorpus, MoreChildrenAuditedThanIdentifiedIsReported) {
  EXPECT_EQ(BriefAfter(kInspectionPath, "audited=\"10\"", "audited=\"31\""),
            "corpus/inspections/alpha-2025/inspection.xml:31:32: error: children audited (31) cannot exceed children "
            "identified (30)\n");
}

TEST(BuildCorpus, DatesWithATimeZoneAreRefused) {
  // xs:date allows a zone; a letter's dates are local days.
  InlineCorpus c;
  c.Replace(kFindingsPath, "<moderation by=\"cqc\" on=\"2025-03-21\"/>", "<moderation by=\"cqc\" on=\"2025-03-21Z\"/>");
  c.Replace(kInspectionPath, "<notification>2025-02-17</notification>", "<notification>2025-02-17+01:00</notification>");
  EXPECT_EQ(Build(c)->brief,
            "corpus/inspections/alpha-2025/findings.xml:20:26: error: date '2025-03-21Z' must be written YYYY-MM-DD, "
            "with no time zone\n"
            "corpus/inspections/alpha-2025/inspection.xml:26:5: error: date '2025-02-17+01:00' must be written "
            "YYYY-MM-DD, with no time zone\n");
}

TEST(BuildCorpus, AMalformedDocumentIsReportedAndTheRestStillBuilds) {
  // The validate stage normally stops these; the model must not crash or stay silent if one gets through.
  InlineCorpus c;
  c.Replace(kResponsesPath, "</responses>", "</response>");
  auto b = Build(c);
  EXPECT_EQ(b->brief,
            "corpus/inspections/alpha-2025/responses.xml:16:3: error: malformed XML: Start-end tags mismatch\n");
  EXPECT_EQ(Alpha(*b).findings.size(), 8u);
}

}  // namespace
}  // namespace lp
