// workflow: the pre-publication workflow's pure logic (paragraph numbering, draft versions, snapshots, the
// corrections review, what blocks a draft or a pre-publication letter, the status table), the word-level
// redline (pinned by the golden cases in tests/redline/cases) and the MIME messages that issue letters.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "base/text.h"
#include "inline_corpus.h"
#include "mail/mail.h"
#include "render/restricted.h"
#include "render/templates.h"
#include "model/model.h"
#include "workflow/paragraphs.h"
#include "workflow/redline.h"
#include "workflow/review.h"

namespace lp {

void PrintTo(const Date& d, std::ostream* os) { *os << d.Iso(); }

namespace {

using test::Build;
using test::Built;
using test::InlineCorpus;
using test::kCorrectionsPath;
using test::kFindingsPath;
using test::kInspectionPath;
using workflow::DraftParagraph;
namespace fs = std::filesystem;

Date D(const char* iso) {
  std::optional<Date> d = Date::ParseIso(iso);
  EXPECT_TRUE(d.has_value()) << iso;
  return d.value_or(Date());
}

const Inspection& Alpha(const Built& b) {
  const Inspection* in = b.corpus.FindInspection("alpha-2025");
  EXPECT_NE(in, nullptr);
  static const Inspection none;
  return in ? *in : none;
}

// "number finding#block: text", one line per paragraph: the numbering at a glance.
std::string Outline(const std::vector<DraftParagraph>& paragraphs) {
  std::string out;
  for (const DraftParagraph& p : paragraphs) {
    out += p.number + " " + p.finding + "#" + std::to_string(p.block) + ": " + p.text + "\n";
  }
  return out;
}

std::vector<DraftParagraph> Numbered(const InlineCorpus& c) {
  auto built = Build(c);
  EXPECT_EQ(built->diagnostics, "");
  return workflow::NumberParagraphs(Alpha(*built));
}

std::string VersionOf(const InlineCorpus& c) { return workflow::DraftVersion(Numbered(c)); }

// A priority action, placed before the improvements in findings.xml.
constexpr const char* kPriorityAction = R"(<finding id="apa-1" kind="area-for-priority-action" agencies="police" priority="1">
    <moderation by="hmicfrs" on="2025-03-20"/>
    <body>The police response to children missing from home.</body>
  </finding>
  <finding id="afi-2")";

// ---------------------------------------------------------------------------------------------
// Numbering

TEST(NumberParagraphs, SectionsHaveFixedNumbersBulletsAreOneParagraphAndListItemsCount) {
  InlineCorpus c;
  EXPECT_EQ(Outline(Numbered(c)),
            "1.1 context#0: This inspection looked at children living with neglect.\n"
            "2.1 headline-findings#0: Leaders understand neglect well.\n"
            "2.2 headline-findings#1: Practice is improving but remains inconsistent.\n"
            "4.1 afi-1#0: How well practitioners recognise neglect.\n"
            "4.2 afi-2#0: The quality of assessments.\n"
            "4.3 afi-3#0: How well leaders use audit to learn.\n"
            "5.1 str-1#0: Social workers know their children well.\n"
            "5.2 str-2#0: Police officers share information quickly.\n"
            "5.3 str-3#0: Health visitors are persistent.\n"
            "6.1 mf-1#0: Social workers visit children regularly.\n"
            "6.2 mf-1#1: Plans are reviewed.\n"
            "6.3 mf-1#2: Managers oversee plans well.\n"
            "7.1 ps-1#0: Child A was helped quickly.\n");
}

TEST(NumberParagraphs, ParagraphsKnowTheirSectionAndMarkdown) {
  InlineCorpus c;
  std::vector<DraftParagraph> paragraphs = Numbered(c);
  const DraftParagraph* headline = workflow::FindParagraph(paragraphs, "2.2");
  ASSERT_NE(headline, nullptr);
  EXPECT_EQ(headline->section, workflow::kHeadline);
  EXPECT_EQ(headline->markdown, "Practice is improving but remains *inconsistent*.");
  EXPECT_EQ(headline->html, "<p>Practice is improving but remains <em>inconsistent</em>.</p>\n");
  const DraftParagraph* item = workflow::FindParagraph(paragraphs, "6.3");
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->section, workflow::kMainFindings);
  EXPECT_EQ(item->markdown, "  - Managers oversee plans well.");
  EXPECT_EQ(workflow::FindParagraph(paragraphs, "3.1"), nullptr);
  EXPECT_EQ(workflow::FindParagraph(paragraphs, "6.4"), nullptr);
  EXPECT_STREQ(workflow::SectionTitle(workflow::kImprovements), "What needs to improve?");
  EXPECT_STREQ(workflow::SectionTitle(workflow::kPracticeStudies), "Practice studies");
  EXPECT_STREQ(workflow::SectionTitle(8), "");
}

TEST(NumberParagraphs, ABulletWithSeveralBlocksIsStillOneParagraph) {
  InlineCorpus c;
  c.Replace(kFindingsPath, "<body>Social workers know their children well.</body>",
            "<body>\n      Social workers know their children well.\n\n      - They visit often.\n      - They listen.\n    </body>");
  std::vector<DraftParagraph> paragraphs = Numbered(c);
  const DraftParagraph* bullet = workflow::FindParagraph(paragraphs, "5.1");
  ASSERT_NE(bullet, nullptr);
  EXPECT_EQ(bullet->finding, "str-1");
  EXPECT_EQ(bullet->markdown, "Social workers know their children well.\n\n- They visit often.\n- They listen.");
  EXPECT_EQ(workflow::FindParagraph(paragraphs, "5.4"), nullptr);
  EXPECT_EQ(workflow::FindParagraph(paragraphs, "5.3")->finding, "str-3");
}

TEST(NumberParagraphs, NarrativeBlocksOfSeveralFindingsAreNumberedOnWithinTheSection) {
  InlineCorpus c;
  c.Replace(kFindingsPath, R"(  <finding id="ps-1")", R"(  <finding id="mf-2" kind="main-finding" agencies="police" title="Police">
    <moderation by="hmicfrs" on="2025-03-20"/>
    <body>
      Officers attend quickly.

      | Measure | Value |
      | --- | --- |
      | Visits | 12 |

      ## Custody

      Custody staff make referrals.
    </body>
  </finding>
  <finding id="ps-2" kind="practice-study-improvement" agencies="police" title="Child B">
    <moderation by="hmicfrs" on="2025-03-20"/>
    <body>Child B waited too long.</body>
  </finding>
  <finding id="ps-1")");
  std::string outline = Outline(Numbered(c));
  EXPECT_NE(outline.find("6.3 mf-1#2: Managers oversee plans well.\n"
                         "6.4 mf-2#0: Officers attend quickly.\n"
                         "6.5 mf-2#1: "),
            std::string::npos)
      << outline;
  EXPECT_NE(outline.find("6.6 mf-2#2: Custody\n6.7 mf-2#3: Custody staff make referrals.\n"), std::string::npos) << outline;
  // Effective practice first, then practice that must improve, numbered on.
  EXPECT_NE(outline.find("7.1 ps-1#0: Child A was helped quickly.\n7.2 ps-2#0: Child B waited too long.\n"), std::string::npos)
      << outline;
}

TEST(NumberParagraphs, AddingAPriorityActionRenumbersNothingElse) {
  InlineCorpus before;
  InlineCorpus after;
  after.Replace(kFindingsPath, R"(<finding id="afi-2")", kPriorityAction);
  std::vector<DraftParagraph> old_paragraphs = Numbered(before), new_paragraphs = Numbered(after);
  ASSERT_EQ(new_paragraphs.size(), old_paragraphs.size() + 1);
  const DraftParagraph* action = workflow::FindParagraph(new_paragraphs, "3.1");
  ASSERT_NE(action, nullptr);
  EXPECT_EQ(action->finding, "apa-1");
  EXPECT_EQ(action->section, workflow::kPriorityActions);
  // Every other paragraph, the strengths included, keeps its number.
  for (const DraftParagraph& old : old_paragraphs) {
    const DraftParagraph* now = workflow::FindParagraph(new_paragraphs, old.number);
    ASSERT_NE(now, nullptr) << old.number;
    EXPECT_EQ(now->finding, old.finding) << old.number;
    EXPECT_EQ(now->markdown, old.markdown) << old.number;
  }
  EXPECT_EQ(workflow::FindParagraph(new_paragraphs, "5.2")->finding, "str-2");
}

TEST(NumberParagraphs, ImprovementsAreNumberedInPriorityOrder) {
  InlineCorpus c;
  c.Replace(kFindingsPath, R"(agencies="social-care" priority="2")", R"(agencies="social-care" priority="4")");
  std::vector<DraftParagraph> paragraphs = Numbered(c);
  EXPECT_EQ(workflow::FindParagraph(paragraphs, "4.1")->finding, "afi-1");
  EXPECT_EQ(workflow::FindParagraph(paragraphs, "4.2")->finding, "afi-3");
  EXPECT_EQ(workflow::FindParagraph(paragraphs, "4.3")->finding, "afi-2");
}

// ---------------------------------------------------------------------------------------------
// The draft's version

TEST(DraftVersion, IsTwelveHexDigitsAndReproducible) {
  InlineCorpus c;
  std::string version = VersionOf(c);
  EXPECT_TRUE(std::regex_match(version, std::regex("[0-9a-f]{12}"))) << version;
  EXPECT_EQ(VersionOf(InlineCorpus()), version);
}

TEST(DraftVersion, UnchangedWhenNothingANumberedParagraphSaysChanges) {
  std::string version = VersionOf(InlineCorpus());
  struct Change {
    const char* what;
    std::string path, from, to;
  };
  std::vector<Change> changes = {
      {"a moderation date", kFindingsPath, R"(<moderation by="cqc" on="2025-03-21"/>)", R"(<moderation by="cqc" on="2025-03-22"/>)"},
      {"a finding's agencies", kFindingsPath, R"(agencies="health police" priority="1")", R"(agencies="health" priority="1")"},
      {"a finding's sub-themes", kFindingsPath, R"(sub-themes="identification leadership")", R"(sub-themes="leadership")"},
      {"the body's indentation", kFindingsPath,
       "      Social workers visit children regularly.\n\n        - Plans are reviewed.\n        - Managers",
       "        Social workers visit children regularly.\n\n          - Plans are reviewed.\n          - Managers"},
      {"the publication date", kInspectionPath, "<publication>2025-04-24</publication>", "<publication>2025-04-25</publication>"},
      {"a correction", kCorrectionsPath, "Visit records for March.", "Visit records for April."},
  };
  for (const Change& change : changes) {
    InlineCorpus c;
    c.Replace(change.path, change.from, change.to);
    EXPECT_EQ(VersionOf(c), version) << change.what;
  }
}

TEST(DraftVersion, ChangesWhenAParagraphChanges) {
  std::string version = VersionOf(InlineCorpus());
  struct Change {
    const char* what;
    std::string from, to;
  };
  std::vector<Change> changes = {
      {"one word of a bullet", "<body>The quality of assessments.</body>", "<body>The quality of plans.</body>"},
      {"emphasis only", "remains *inconsistent*.", "remains **inconsistent**."},
      {"a list item", "- Managers oversee plans well.", "- Managers oversee most plans well."},
      {"a new paragraph", "<body>Child A was helped quickly.</body>", "<body>Child A was helped quickly.\n\nHer family too.</body>"},
      {"the order of two improvements", R"(agencies="social-care" priority="2")", R"(agencies="social-care" priority="4")"},
  };
  for (const Change& change : changes) {
    InlineCorpus c;
    c.Replace(kFindingsPath, change.from, change.to);
    EXPECT_NE(VersionOf(c), version) << change.what;
  }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

TEST(Snapshot, RoundTripsEveryParagraph) {
  InlineCorpus c;
  c.Replace(kFindingsPath, "<body>Social workers know their children well.</body>",
            "<body>\n      Social workers *know* their children well.\n\n      - They visit often.\n    </body>");
  std::vector<DraftParagraph> paragraphs = Numbered(c);
  std::string version = workflow::DraftVersion(paragraphs);
  nlohmann::json snapshot = workflow::SnapshotToJson("alpha-2025", version, paragraphs);
  EXPECT_EQ(snapshot["inspection"], "alpha-2025");
  EXPECT_EQ(snapshot["version"], version);
  // Through text, as the draft command writes it and the corrections command reads it.
  std::optional<std::vector<DraftParagraph>> back = workflow::SnapshotFromJson(nlohmann::json::parse(snapshot.dump(1)));
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->size(), paragraphs.size());
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    const DraftParagraph &a = paragraphs[i], &b = (*back)[i];
    EXPECT_EQ(b.number, a.number);
    EXPECT_EQ(b.section, a.section) << a.number;
    EXPECT_EQ(b.finding, a.finding) << a.number;
    EXPECT_EQ(b.block, a.block) << a.number;
    EXPECT_EQ(b.markdown, a.markdown) << a.number;
    EXPECT_EQ(b.text, a.text) << a.number;
    EXPECT_EQ(b.html, a.html) << a.number;
  }
  EXPECT_EQ(workflow::DraftVersion(*back), version);
}

TEST(Snapshot, OneWrittenWithoutHtmlRendersItAgainAsTheDraftDid) {
  InlineCorpus c;
  std::vector<DraftParagraph> paragraphs = Numbered(c);
  nlohmann::json snapshot = workflow::SnapshotToJson("alpha-2025", workflow::DraftVersion(paragraphs), paragraphs);
  for (auto& p : snapshot["paragraphs"]) p.erase("html");
  std::optional<std::vector<DraftParagraph>> back = workflow::SnapshotFromJson(snapshot);
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->size(), paragraphs.size());
  for (std::size_t i = 0; i < paragraphs.size(); ++i) EXPECT_EQ((*back)[i].html, paragraphs[i].html) << paragraphs[i].number;
}

TEST(Snapshot, AnythingElseIsNotASnapshot) {
  EXPECT_FALSE(workflow::SnapshotFromJson(nlohmann::json::parse("[]")).has_value());
  EXPECT_FALSE(workflow::SnapshotFromJson(nlohmann::json::parse(R"({"format": 1})")).has_value());
  EXPECT_FALSE(workflow::SnapshotFromJson(nlohmann::json::parse(R"({"paragraphs": {}})")).has_value());
  EXPECT_FALSE(workflow::SnapshotFromJson(nlohmann::json::parse(R"({"paragraphs": [1]})")).has_value());
}

// ---------------------------------------------------------------------------------------------
// Judgement, not fact

TEST(JudgementSignal, FlagsRequestsToChangeAJudgement) {
  struct Case {
    std::string proposed, evidence, expected;
  };
  std::vector<Case> cases = {
      {"Practice is good.", "We disagree with this finding.", "says 'we disagree'"},
      {"Practice is good.", "We consider that the finding is unbalanced.", "says 'we consider'"},
      {"Practice is good.", "The finding OVERSTATES the problem.", "says 'overstates'"},
      {"Practice is good.", "This is too harsh on a service that is improving.", "says 'too harsh'"},
      {"This should be a strength.", "Audits show improvement.", "says 'should be a strength'"},
      {"Practice is good.", "The draft does not reflect our improvement work.", "says 'does not reflect'"},
      // Pasted from a word processor, with a typographic apostrophe.
      {"Practice is good.", "We don\u2019t agree with this area for improvement.", "says 'don't agree'"},
      {"", "Please delete it.", "asks for the paragraph to be removed"},
      {"  \n ", "Please delete it.", "asks for the paragraph to be removed"},
  };
  for (const Case& c : cases) {
    FactualAccuracyCorrection correction;
    correction.proposed = c.proposed;
    correction.evidence = c.evidence;
    EXPECT_EQ(workflow::JudgementSignal(correction), c.expected) << c.evidence;
  }
}

TEST(JudgementSignal, LeavesFactualCorrectionsAlone) {
  std::vector<std::pair<std::string, std::string>> cases = {
      {"The police sent about 6,100 notifications.", "The force's data shows 6,112 notifications were sent."},
      {"Staff in the Public Protection Hub respond quickly.", "The unit was renamed in March 2025."},
      {"Orrinsford Community Health NHS Foundation Trust", "The trust's name changed in 2019."},
      {"The panel met 11 times.", ""},
  };
  for (const auto& [proposed, evidence] : cases) {
    FactualAccuracyCorrection correction;
    correction.proposed = proposed;
    correction.evidence = evidence;
    EXPECT_EQ(workflow::JudgementSignal(correction), "") << proposed;
  }
}

// ---------------------------------------------------------------------------------------------
// Reviewing corrections

// The inline corpus's corrections made against its current version (it ships them against an older one).
InlineCorpus AgainstCurrent() {
  InlineCorpus c;
  std::string version = VersionOf(c);
  c.Replace(kCorrectionsPath, R"(draft-version="0123456789ab")", "draft-version=\"" + version + "\"");
  return c;
}

std::vector<workflow::CorrectionReview> Review(const Built& built,
                                               const std::map<std::string, std::vector<DraftParagraph>>& issued = {}) {
  const Inspection& in = Alpha(built);
  return workflow::ReviewCorrections(in, built.corpus, issued, workflow::NumberParagraphs(in));
}

TEST(ReviewCorrections, CorrectionsAgainstTheCurrentDraftOnTime) {
  auto built = Build(AgainstCurrent());
  std::vector<workflow::CorrectionReview> reviews = Review(*built);
  ASSERT_EQ(reviews.size(), 2u);
  const workflow::CorrectionReview& c1 = reviews[0];
  EXPECT_EQ(c1.correction->id, "c1");
  EXPECT_EQ(c1.set->agency, "health");
  EXPECT_TRUE(c1.paragraph_found);
  EXPECT_FALSE(c1.against_older_version);
  EXPECT_FALSE(c1.changed_since);
  EXPECT_FALSE(c1.current_text_differs);
  EXPECT_FALSE(c1.late);
  EXPECT_FALSE(c1.judgement);
  EXPECT_FALSE(c1.undecided);
  // c2 quotes "Leaders understand neglect." as paragraph 4.2, which reads "The quality of assessments.".
  const workflow::CorrectionReview& c2 = reviews[1];
  EXPECT_EQ(c2.correction->id, "c2");
  EXPECT_TRUE(c2.paragraph_found);
  EXPECT_TRUE(c2.current_text_differs);
}

TEST(ReviewCorrections, QuotedTextMatchesTheMarkdownOrThePlainTextWhateverTheLineBreaks) {
  InlineCorpus c = AgainstCurrent();
  c.Replace(kCorrectionsPath, R"(paragraph="4.2">
    <current>Leaders understand neglect.</current>)",
            R"(paragraph="2.2">
    <current>Practice is improving
      but remains inconsistent.</current>)");
  auto built = Build(c);
  EXPECT_FALSE(Review(*built)[1].current_text_differs);
}

TEST(ReviewCorrections, LateMeansAfterTheFactualAccuracyDeadline) {
  // Issued Monday 31 March 2025; five working days later is Monday 7 April.
  for (const auto& [submitted, late] : std::vector<std::pair<std::string, bool>>{
           {"2025-04-04", false}, {"2025-04-07", false}, {"2025-04-08", true}, {"2025-04-14", true}}) {
    InlineCorpus c = AgainstCurrent();
    c.Replace(kCorrectionsPath, R"(submitted="2025-04-03")", "submitted=\"" + submitted + "\"");
    auto built = Build(c);
    std::vector<workflow::CorrectionReview> reviews = Review(*built);
    ASSERT_EQ(reviews.size(), 2u);
    EXPECT_EQ(reviews[0].late, late) << submitted;
    EXPECT_EQ(reviews[1].late, late) << submitted;
  }
}

void RemoveDecisions(InlineCorpus& c);

TEST(ReviewCorrections, AgainstAnOlderDraftWhoseParagraphHasChangedSince) {
  // The draft as issued said "Social workers visit children often."; the letter now says "regularly".
  InlineCorpus issued_corpus;
  issued_corpus.Replace(kFindingsPath, "Social workers visit children regularly.", "Social workers visit children often.");
  std::vector<DraftParagraph> issued = Numbered(issued_corpus);
  std::string issued_version = workflow::DraftVersion(issued);

  InlineCorpus c;
  c.Replace(kCorrectionsPath, R"(draft-version="0123456789ab")", "draft-version=\"" + issued_version + "\"");
  c.Replace(kCorrectionsPath, "<current>Social workers visit children regularly.</current>",
            "<current>Social workers visit children often.</current>");
  // Decided, they are not flagged: the letter has moved on because of the decisions.
  {
    auto decided = Build(c);
    for (const workflow::CorrectionReview& r : Review(*decided, {{issued_version, issued}})) {
      EXPECT_FALSE(r.against_older_version) << r.correction->id;
    }
  }
  RemoveDecisions(c);
  auto built = Build(c);
  std::vector<workflow::CorrectionReview> reviews = Review(*built, {{issued_version, issued}});
  ASSERT_EQ(reviews.size(), 2u);
  const workflow::CorrectionReview& c1 = reviews[0];
  EXPECT_TRUE(c1.against_older_version);
  EXPECT_TRUE(c1.paragraph_found);
  EXPECT_FALSE(c1.current_text_differs);
  EXPECT_TRUE(c1.changed_since);
  EXPECT_EQ(c1.change_html, "Social workers visit children <del>often</del><ins>regularly</ins>.");
  // Paragraph 4.2 is the same in both versions.
  const workflow::CorrectionReview& c2 = reviews[1];
  EXPECT_TRUE(c2.against_older_version);
  EXPECT_FALSE(c2.changed_since);
  EXPECT_EQ(c2.change_html, "");
}

TEST(ReviewCorrections, AParagraphThatIsNotInTheirDraft) {
  InlineCorpus issued_corpus;
  std::vector<DraftParagraph> issued = Numbered(issued_corpus);
  std::string issued_version = workflow::DraftVersion(issued);
  InlineCorpus c;
  c.Replace(kCorrectionsPath, R"(draft-version="0123456789ab")", "draft-version=\"" + issued_version + "\"");
  c.Replace(kCorrectionsPath, R"(paragraph="4.2")", R"(paragraph="4.9")");
  RemoveDecisions(c);
  auto built = Build(c);
  std::vector<workflow::CorrectionReview> reviews = Review(*built, {{issued_version, issued}});
  ASSERT_EQ(reviews.size(), 2u);
  EXPECT_TRUE(reviews[0].paragraph_found);
  EXPECT_FALSE(reviews[1].paragraph_found);
  EXPECT_FALSE(reviews[1].current_text_differs);
  // Likewise against an older draft whose snapshot is kept.
  c.Replace(kFindingsPath, "<body>Child A was helped quickly.</body>", "<body>Child A was helped at once.</body>");
  built = Build(c);
  reviews = Review(*built, {{issued_version, issued}});
  EXPECT_TRUE(reviews[1].against_older_version);
  EXPECT_FALSE(reviews[1].paragraph_found);
}

TEST(ReviewCorrections, WithoutTheOlderDraftsSnapshotTheParagraphIsGivenTheBenefitOfTheDoubt) {
  InlineCorpus c;
  c.Replace(kCorrectionsPath, R"(paragraph="4.2")", R"(paragraph="4.9")");
  RemoveDecisions(c);
  auto built = Build(c);
  std::vector<workflow::CorrectionReview> reviews = Review(*built);
  EXPECT_TRUE(reviews[1].against_older_version);
  EXPECT_TRUE(reviews[1].paragraph_found);
}

TEST(ReviewCorrections, UndecidedAndJudgementRequests) {
  InlineCorpus c = AgainstCurrent();
  c.Replace(kCorrectionsPath,
            R"(<evidence>Visit records for March.</evidence>
    <decision outcome="declined" reason="not-a-factual-matter" by="Ann Example" on="2025-04-10">A judgement, not a fact.</decision>)",
            "<evidence>We disagree: visits are frequent.</evidence>");
  auto built = Build(c);
  std::vector<workflow::CorrectionReview> reviews = Review(*built);
  ASSERT_EQ(reviews.size(), 2u);
  EXPECT_TRUE(reviews[0].undecided);
  EXPECT_TRUE(reviews[0].judgement);
  EXPECT_EQ(reviews[0].judgement_reason, "says 'we disagree'");
  EXPECT_FALSE(reviews[1].undecided);
  EXPECT_FALSE(reviews[1].judgement);
}

// ---------------------------------------------------------------------------------------------
// What blocks a draft and a pre-publication letter

TEST(DraftBlockers, NoneForAModeratedInspection) {
  auto built = Build(InlineCorpus());
  EXPECT_EQ(workflow::DraftBlockers(Alpha(*built)), std::vector<std::string>{});
}

TEST(DraftBlockers, EveryUnmoderatedPartAndFieldwork) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<status>published</status>", "<status>fieldwork</status>");
  c.Replace(kFindingsPath, R"(<context>
    <moderation by="ofsted" on="2025-03-20"/>)",
            "<context>");
  c.Replace(kFindingsPath, R"(priority="2" sub-themes="identification">
    <moderation by="ofsted" on="2025-03-20"/>)",
            R"(priority="2" sub-themes="identification">)");
  c.Replace(kFindingsPath, R"(<finding id="str-3" kind="strength" agencies="health">
    <moderation by="cqc" on="2025-03-20"/>)",
            R"(<finding id="str-3" kind="strength" agencies="health">)");
  auto built = Build(c);
  EXPECT_EQ(workflow::DraftBlockers(Alpha(*built)),
            (std::vector<std::string>{"the inspection is still at fieldwork", "the context is not moderated",
                                      "finding 'afi-2' is not moderated", "finding 'str-3' is not moderated"}));
}

TEST(DraftBlockers, NoFindings) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<status>published</status>", "<status>moderated</status>");
  c.Remove(kFindingsPath);
  c.Remove(kCorrectionsPath);
  c.Remove(test::kResponsesPath);
  auto built = Build(c);
  EXPECT_EQ(workflow::DraftBlockers(Alpha(*built)), std::vector<std::string>{"there is no findings.xml"});
}

std::vector<std::string> PrePublicationBlockersAfter(InlineCorpus& c) {
  auto built = Build(c);
  return workflow::PrePublicationBlockers(Alpha(*built), built->corpus);
}

TEST(PrePublicationBlockers, NoneWhenEverythingIsDecidedModeratedAndDated) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<status>published</status>", "<status>corrections-decided</status>");
  EXPECT_EQ(PrePublicationBlockersAfter(c), std::vector<std::string>{});
}

TEST(PrePublicationBlockers, AnUndecidedCorrection) {
  InlineCorpus c;
  c.Replace(kCorrectionsPath, R"(
    <decision outcome="accepted" by="Ann Example" on="2025-04-10"/>)",
            "");
  EXPECT_EQ(PrePublicationBlockersAfter(c),
            std::vector<std::string>{"correction 'c2' from health (paragraph 4.2) is undecided"});
}

TEST(PrePublicationBlockers, AnUnmoderatedFinding) {
  InlineCorpus c;
  c.Replace(kFindingsPath, R"(title="Child A">
    <moderation by="ofsted" on="2025-03-20"/>)",
            R"(title="Child A">)");
  EXPECT_EQ(PrePublicationBlockersAfter(c), std::vector<std::string>{"finding 'ps-1' is not moderated"});
}

TEST(PrePublicationBlockers, AComplaintHold) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<status>published</status>",
            R"(<status>pre-publication</status>
  <complaint-hold since="2025-04-14">Formal complaint from Alphaton Council about finding afi-1</complaint-hold>)");
  EXPECT_EQ(PrePublicationBlockersAfter(c),
            std::vector<std::string>{"a complaint holds publication: Formal complaint from Alphaton Council about finding afi-1"});
}

TEST(PrePublicationBlockers, APublicationDateOnAWeekend) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<publication>2025-04-24</publication>", "<publication>2025-04-26</publication>");
  EXPECT_EQ(PrePublicationBlockersAfter(c),
            std::vector<std::string>{"the publication date 2025-04-26 is not a working day (Saturday)"});
}

TEST(PrePublicationBlockers, APublicationDateOnABankHoliday) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<publication>2025-04-24</publication>", "<publication>2025-05-05</publication>");
  EXPECT_EQ(PrePublicationBlockersAfter(c),
            std::vector<std::string>{"the publication date 2025-05-05 is not a working day (Early May bank holiday)"});
}

TEST(PrePublicationBlockers, APublicationDateOutsideTheCalendar) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<publication>2025-04-24</publication>", "<publication>2027-01-05</publication>");
  EXPECT_EQ(PrePublicationBlockersAfter(c),
            std::vector<std::string>{"the publication date 2027-01-05 is outside the working-day calendar"});
}

TEST(PrePublicationBlockers, NoPublicationDate) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "\n    <publication>2025-04-24</publication>", "");
  EXPECT_EQ(PrePublicationBlockersAfter(c), std::vector<std::string>{"there is no publication date"});
}

TEST(PrePublicationBlockers, TheDraftNotYetIssuedAndEverythingElseTogether) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<status>published</status>",
            R"(<status>moderated</status>
  <complaint-hold since="2025-04-14">Complaint</complaint-hold>)");
  c.Replace(kInspectionPath, "<publication>2025-04-24</publication>", "<publication>2025-04-27</publication>");
  c.Replace(kCorrectionsPath, R"(
    <decision outcome="accepted" by="Ann Example" on="2025-04-10"/>)",
            "");
  c.Replace(kFindingsPath, R"(<headline-findings>
    <moderation by="ofsted" on="2025-03-20"/>)",
            "<headline-findings>");
  EXPECT_EQ(PrePublicationBlockersAfter(c),
            (std::vector<std::string>{"the draft has not been issued for factual accuracy (status 'moderated')",
                                      "correction 'c2' from health (paragraph 4.2) is undecided",
                                      "the headline findings are not moderated", "a complaint holds publication: Complaint",
                                      "the publication date 2025-04-27 is not a working day (Sunday)"}));
}

// ---------------------------------------------------------------------------------------------
// The status table

std::string Describe(const workflow::StatusRow& r) {
  std::string out = r.id + " | " + r.area + " | " + r.state + " | " + (r.waiting_on.empty() ? "-" : r.waiting_on) + " | " +
                    r.next_step + " | " + (r.next_deadline ? r.next_deadline->Iso() : "-") + " | " +
                    (r.working_days_left ? std::to_string(*r.working_days_left) : "-") + (r.overdue ? " | OVERDUE" : " | on time");
  for (const std::string& item : r.overdue_items) out += "\n  overdue: " + item;
  for (const std::string& b : r.blockers) out += "\n  blocked: " + b;
  return out;
}

workflow::StatusRow StatusOf(InlineCorpus& c, const std::string& as_of) {
  auto built = Build(c);
  std::vector<workflow::StatusRow> rows = workflow::StatusTable(built->corpus, D(as_of.c_str()));
  EXPECT_EQ(rows.size(), 1u);
  return rows.empty() ? workflow::StatusRow() : rows.front();
}

InlineCorpus WithStatus(const std::string& status) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<status>published</status>", "<status>" + status + "</status>");
  return c;
}

void RemoveDecisions(InlineCorpus& c) {
  c.Replace(kCorrectionsPath, R"(
    <decision outcome="declined" reason="not-a-factual-matter" by="Ann Example" on="2025-04-10">A judgement, not a fact.</decision>)",
            "");
  c.Replace(kCorrectionsPath, R"(
    <decision outcome="accepted" by="Ann Example" on="2025-04-10"/>)",
            "");
}

// ---------------------------------------------------------------------------------------------
// Decisions written into a corrections file

const char* kTwoCorrections = R"(<?xml version="1.0" encoding="UTF-8"?>
<corrections inspection="alpha-2025" agency="health" draft-version="0123456789ab" submitted="2025-04-03" format="1">
  <!-- as the agency sent it -->
  <correction id="c1" paragraph="4.2">
    <current>A</current>
    <proposed>B</proposed>
    <evidence>E &amp; F</evidence>
  </correction>
  <correction paragraph="4.3" id='c2'>
    <current>C</current>
    <proposed>D</proposed>
    <evidence>G</evidence>
    <decision outcome="declined" reason="other" by="Ann Example" on="2025-04-10">Old reason</decision>
  </correction>
</corrections>
)";

TEST(SetDecision, AddsTheDecisionAndTouchesNothingElse) {
  std::string decision = workflow::DecisionXml("accepted", "", "Ann Example", D("2025-04-11"), "");
  EXPECT_EQ(decision, R"(<decision outcome="accepted" by="Ann Example" on="2025-04-11"/>)");
  std::string error;
  std::optional<std::string> out = workflow::SetDecision(kTwoCorrections, "c1", decision, &error);
  ASSERT_TRUE(out.has_value()) << error;
  std::string expected = kTwoCorrections;
  expected.replace(expected.find("<evidence>E &amp; F</evidence>") + 30, 0,
                   "\n    <decision outcome=\"accepted\" by=\"Ann Example\" on=\"2025-04-11\"/>");
  EXPECT_EQ(*out, expected);
}

TEST(SetDecision, ReplacesAnEarlierDecisionAndEscapesTheReason) {
  std::string decision =
      workflow::DecisionXml("declined", "not-a-factual-matter", "Ann \"Lead\" Example", D("2025-04-11"), "A judgement <not> a fact & so on");
  EXPECT_EQ(decision, R"(<decision outcome="declined" reason="not-a-factual-matter" by="Ann &quot;Lead&quot; Example" on="2025-04-11">A judgement &lt;not&gt; a fact &amp; so on</decision>)");
  std::optional<std::string> out = workflow::SetDecision(kTwoCorrections, "c2", decision, nullptr);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->find("Old reason"), std::string::npos);
  EXPECT_NE(out->find("<evidence>G</evidence>\n    " + decision + "\n  </correction>"), std::string::npos) << *out;
  EXPECT_EQ(out->substr(0, out->find("<correction paragraph=\"4.3\"")),
            std::string(kTwoCorrections).substr(0, std::string(kTwoCorrections).find("<correction paragraph=\"4.3\"")));
}

TEST(SetDecision, RefusesAnUnknownCorrection) {
  std::string error;
  EXPECT_FALSE(workflow::SetDecision(kTwoCorrections, "c3", "<decision/>", &error).has_value());
  EXPECT_EQ(error, "no correction 'c3' in the file");
  // "corrections" is not a correction element.
  EXPECT_FALSE(workflow::SetDecision(kTwoCorrections, "alpha-2025", "<decision/>", &error).has_value());
}

TEST(StatusTable, Fieldwork) {
  InlineCorpus c = WithStatus("fieldwork");
  c.Replace(kFindingsPath, R"(priority="3">
    <moderation by="ofsted" on="2025-03-20"/>)",
            R"(priority="3">)");
  EXPECT_EQ(Describe(StatusOf(c, "2025-03-05")),
            "alpha-2025 | Alphaton | fieldwork | inspectors | moderate the findings | 2025-03-07 | 2 | on time\n"
            "  blocked: 1 findings not moderated");
}

TEST(StatusTable, Moderated) {
  InlineCorpus c = WithStatus("moderated");
  EXPECT_EQ(Describe(StatusOf(c, "2025-03-24")),
            "alpha-2025 | Alphaton | moderated | lead inspector | issue the draft for factual accuracy (letterpress draft) | - | - | "
            "on time");
}

TEST(StatusTable, DraftIssuedIsThePartnersTurnUntilTheirDeadlineAndNeverTheirOverdue) {
  InlineCorpus c = WithStatus("draft-issued");
  RemoveDecisions(c);
  EXPECT_EQ(Describe(StatusOf(c, "2025-04-03")),
            "alpha-2025 | Alphaton | draft issued | partners | partners check the draft and send corrections | 2025-04-07 | 2 | "
            "on time\n"
            "  blocked: 2 of 2 corrections undecided");
  EXPECT_EQ(Describe(StatusOf(c, "2025-04-07")),
            "alpha-2025 | Alphaton | draft issued | partners | partners check the draft and send corrections | 2025-04-07 | 0 | "
            "on time\n"
            "  blocked: 2 of 2 corrections undecided");
  // After the partners' deadline the move is the lead inspector's, judged against the publication date
  // (Thursday 24 April 2025; Good Friday and Easter Monday are not working days).
  EXPECT_EQ(Describe(StatusOf(c, "2025-04-08")),
            "alpha-2025 | Alphaton | draft issued | lead inspector | decide the factual accuracy corrections (letterpress "
            "corrections ID decide) | 2025-04-24 | 10 | on time\n"
            "  blocked: 2 of 2 corrections undecided");
  EXPECT_EQ(Describe(StatusOf(c, "2025-04-25")),
            "alpha-2025 | Alphaton | draft issued | lead inspector | decide the factual accuracy corrections (letterpress "
            "corrections ID decide) | 2025-04-24 | -1 | OVERDUE\n"
            "  blocked: 2 of 2 corrections undecided");
}

TEST(StatusTable, DraftIssuedWithEveryCorrectionDecidedIsNotOverdue) {
  InlineCorpus c = WithStatus("draft-issued");
  EXPECT_EQ(Describe(StatusOf(c, "2025-04-10")),
            "alpha-2025 | Alphaton | draft issued | lead inspector | record the status corrections-decided and issue the "
            "pre-publication letter | 2025-04-24 | 8 | on time");
}

TEST(StatusTable, CorrectionsDecided) {
  InlineCorpus c = WithStatus("corrections-decided");
  EXPECT_EQ(Describe(StatusOf(c, "2025-04-14")),
            "alpha-2025 | Alphaton | corrections decided | lead inspector | issue the pre-publication letter (letterpress prepub) | "
            "2025-04-24 | 6 | on time");
  EXPECT_EQ(Describe(StatusOf(c, "2025-04-25")),
            "alpha-2025 | Alphaton | corrections decided | lead inspector | issue the pre-publication letter (letterpress prepub) | "
            "2025-04-24 | -1 | OVERDUE");
}

TEST(StatusTable, CorrectionsDecidedButAComplaintHoldsPublication) {
  InlineCorpus c = WithStatus("corrections-decided");
  c.Replace(kInspectionPath, "<status>corrections-decided</status>",
            "<status>corrections-decided</status>\n  <complaint-hold since=\"2025-04-14\">Complaint about afi-1</complaint-hold>");
  EXPECT_EQ(Describe(StatusOf(c, "2025-04-14")),
            "alpha-2025 | Alphaton | corrections decided | lead inspector | issue the pre-publication letter (letterpress prepub) | "
            "2025-04-24 | 6 | on time\n"
            "  blocked: a complaint holds publication: Complaint about afi-1");
}

TEST(StatusTable, PrePublication) {
  InlineCorpus c = WithStatus("pre-publication");
  EXPECT_EQ(Describe(StatusOf(c, "2025-04-22")),
            "alpha-2025 | Alphaton | pre-publication | lead inspector | publish on the day | 2025-04-24 | 2 | on time");
  c.Replace(kInspectionPath, "<status>pre-publication</status>",
            "<status>pre-publication</status>\n  <complaint-hold since=\"2025-04-14\">Complaint about afi-1</complaint-hold>");
  EXPECT_EQ(Describe(StatusOf(c, "2025-04-28")),
            "alpha-2025 | Alphaton | pre-publication | lead inspector | publish on the day | 2025-04-24 | -2 | on time\n"
            "  blocked: a complaint holds publication: Complaint about afi-1");
}

TEST(StatusTable, PublishedAwaitingTheActionPlan) {
  InlineCorpus c;
  c.Replace(test::kResponsesPath, R"(<action-plan date="2025-07-01">)", "<!--");
  c.Replace(test::kResponsesPath, "</action-plan>", "-->");
  // 70 working days after Thursday 24 April 2025, skipping the two May bank holidays.
  auto built = Build(c);
  std::optional<Date> due = ActionPlanDue(Alpha(*built), built->corpus);
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(due->Iso(), "2025-08-04");
  EXPECT_EQ(Describe(StatusOf(c, "2025-08-01")),
            "alpha-2025 | Alphaton | published | principal authority | receive the written statement of action | 2025-08-04 | 1 | "
            "on time");
  EXPECT_EQ(Describe(StatusOf(c, "2025-08-04")),
            "alpha-2025 | Alphaton | published | principal authority | receive the written statement of action | 2025-08-04 | 0 | "
            "on time");
  EXPECT_EQ(Describe(StatusOf(c, "2025-08-07")),
            "alpha-2025 | Alphaton | published | principal authority | receive the written statement of action | 2025-08-04 | -3 | "
            "OVERDUE");
}

TEST(StatusTable, PublishedWithTheActionPlanCountsDownToTheNextOpenAction) {
  InlineCorpus c;
  EXPECT_EQ(Describe(StatusOf(c, "2025-08-07")),
            "alpha-2025 | Alphaton | published | partners | monitor the action plan | 2025-09-30 | 37 | on time");
}

TEST(StatusTable, OverdueActionPlanItemsAreListed) {
  InlineCorpus c;
  EXPECT_EQ(Describe(StatusOf(c, "2025-10-03")),
            "alpha-2025 | Alphaton | published | partners | monitor the action plan | 2025-09-30 | -3 | OVERDUE\n"
            "  overdue: action 'act-1' (health, Designated nurse) was due 30 September 2025, in progress");
  // A complete action is never overdue.
  c.Replace(test::kResponsesPath, R"(due="2025-09-30" status="in-progress")", R"(due="2025-09-30" status="complete")");
  EXPECT_EQ(Describe(StatusOf(c, "2025-10-03")),
            "alpha-2025 | Alphaton | published | partners | monitor the action plan | 2025-10-31 | 20 | on time");
}

TEST(StatusTable, MostUrgentFirst) {
  auto row = [](const char* id, std::optional<const char*> deadline, bool overdue) {
    workflow::StatusRow r;
    r.id = id;
    if (deadline) r.next_deadline = D(*deadline);
    r.overdue = overdue;
    return r;
  };
  std::vector<workflow::StatusRow> rows = {row("a-none", std::nullopt, false), row("b-late", "2025-05-01", false),
                                           row("c-overdue", "2025-04-02", true), row("d-soon", "2025-04-20", false),
                                           row("e-overdue-longest", "2025-03-01", true), row("f-action", std::nullopt, true)};
  workflow::SortByUrgency(rows);
  std::vector<std::string> ids;
  for (const workflow::StatusRow& r : rows) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"e-overdue-longest", "c-overdue", "f-action", "d-soon", "b-late", "a-none"}));
}

TEST(StatusTable, Withdrawn) {
  InlineCorpus c = WithStatus("withdrawn");
  EXPECT_EQ(Describe(StatusOf(c, "2025-08-07")), "alpha-2025 | Alphaton | withdrawn | - | none (withdrawn) | - | - | on time");
}

// ---------------------------------------------------------------------------------------------
// Redline

TEST(Tokenise, WordsSpacesMarkersAndPunctuation) {
  EXPECT_EQ(workflow::Tokenise("A **bold** [link](https://x.example/a), children\u2019s caf\u00e9.\n\n- item"),
            (std::vector<std::string>{"A", " ", "**", "bold", "**", " ", "[", "link", "]", "(", "https", ":", "/", "/", "x",
                                      ".", "example", "/", "a", ")", ",", " ", "children\u2019s", " ", "caf\u00e9", ".",
                                      "\n\n", "-", " ", "item"}));
  EXPECT_EQ(workflow::Tokenise(""), std::vector<std::string>{});
}

TEST(Tokenise, NumbersDatesAndHyphenatedWordsAreOneToken) {
  EXPECT_EQ(workflow::Tokenise("11,800 of 10.5% on 2025-04-07, 12/03/2025 at 09:30: multi-agency well-being 2025-26."),
            (std::vector<std::string>{"11,800", " ", "of", " ", "10.5%", " ", "on", " ", "2025-04-07", ",", " ", "12/03/2025", " ",
                                      "at", " ", "09:30", ":", " ", "multi-agency", " ", "well-being", " ", "2025-26", "."}));
  // A separator not followed by a digit or word ends the token.
  EXPECT_EQ(workflow::Tokenise("1, 2. pre- and"),
            (std::vector<std::string>{"1", ",", " ", "2", ".", " ", "pre", "-", " ", "and"}));
}

TEST(RedlineHtml, ANumberChangesAsAWhole) {
  EXPECT_EQ(workflow::RedlineHtml("11,800 children", "10,900 children"), "<del>11,800</del><ins>10,900</ins> children");
  EXPECT_EQ(workflow::RedlineHtml("on 2025-04-07 the multi-agency team", "on 2025-04-08 the multi-disciplinary team"),
            "on <del>2025-04-07</del><ins>2025-04-08</ins> the <del>multi-agency</del><ins>multi-disciplinary</ins> team");
}

TEST(RedlineHtml, EscapesWhatItQuotes) {
  EXPECT_EQ(workflow::RedlineHtml("a < b & \"c\"", "a > b & \"c\""), "a <del>&lt;</del><ins>&gt;</ins> b &amp; &quot;c&quot;");
  EXPECT_EQ(workflow::RedlineHtml("same", "same"), "same");
  EXPECT_EQ(workflow::RedlineHtml("", "new"), "<ins>new</ins>");
  EXPECT_EQ(workflow::RedlineHtml("old", ""), "<del>old</del>");
}

// A line diff of two texts (expected first), for failure messages.
std::string LineDiff(const std::string& expected, const std::string& actual) {
  auto lines = [](const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  };
  std::vector<std::string> a = lines(expected), b = lines(actual);
  // Longest common subsequence, then walk it.
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out = "--- expected\n+++ actual\n";
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out += "  " + a[i++] + "\n";
      ++j;
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out += "+ " + b[j++] + "\n";
    } else {
      out += "- " + a[i++] + "\n";
    }
  }
  return out;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// tests/redline/cases/<name>/{before.md, after.md, expected.html}: the tracked changes between the two texts,
// byte for byte. LETTERPRESS_UPDATE_REDLINE=1 rewrites expected.html (review the change before committing).
TEST(RedlineGolden, EveryCaseMatchesItsExpectedHtml) {
  fs::path cases = fs::path(LETTERPRESS_SOURCE_DIR) / "tests" / "redline" / "cases";
  const char* update_env = std::getenv("LETTERPRESS_UPDATE_REDLINE");
  bool update = update_env && std::string(update_env) == "1";
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(cases)) {
    if (entry.is_directory()) folders.push_back(entry.path());
  }
  std::sort(folders.begin(), folders.end());
  EXPECT_GE(folders.size(), 12u);
  for (const fs::path& folder : folders) {
    SCOPED_TRACE(folder.filename().string());
    ASSERT_TRUE(fs::exists(folder / "before.md"));
    ASSERT_TRUE(fs::exists(folder / "after.md"));
    std::string actual = workflow::RedlineHtml(ReadFile(folder / "before.md"), ReadFile(folder / "after.md"));
    if (update) {
      std::ofstream(folder / "expected.html", std::ios::binary) << actual;
      continue;
    }
    std::string expected = ReadFile(folder / "expected.html");
    EXPECT_EQ(actual, expected) << "redline of " << folder.string() << " differs from expected.html "
                                << "(LETTERPRESS_UPDATE_REDLINE=1 rewrites it):\n"
                                << LineDiff(expected, actual);
  }
}

DraftParagraph P(const std::string& number, const std::string& finding, int block, const std::string& markdown) {
  DraftParagraph p;
  p.number = number;
  p.section = number[0] - '0';
  p.finding = finding;
  p.block = block;
  p.markdown = markdown;
  return p;
}

std::string Describe(const std::vector<workflow::RedlineParagraph>& paragraphs) {
  std::string out;
  for (const workflow::RedlineParagraph& p : paragraphs) {
    const char* change = p.change == workflow::ParagraphChange::kUnchanged ? "unchanged"
                         : p.change == workflow::ParagraphChange::kChanged ? "changed"
                         : p.change == workflow::ParagraphChange::kInserted ? "inserted"
                                                                             : "deleted";
    out += p.number + " (was " + (p.old_number.empty() ? "-" : p.old_number) + ") " + p.finding + " " + change + ": " +
           p.html + "\n";
  }
  return out;
}

TEST(CompareDrafts, InsertedDeletedChangedAndRenumbered) {
  std::vector<DraftParagraph> before = {
      P("6.1", "mf-1", 0, "Social workers visit children."),
      P("6.2", "mf-1", 1, "Plans are reviewed."),
      P("6.3", "mf-2", 0, "Officers attend quickly."),
      P("6.4", "mf-2", 1, "Custody staff refer."),
  };
  std::vector<DraftParagraph> after = {
      P("6.1", "mf-1", 0, "Social workers visit children."),
      P("6.2", "mf-2", 0, "Officers attend promptly."),
      P("6.3", "mf-3", 0, "Schools <refer> well."),
      P("6.4", "mf-2", 1, "Custody staff refer."),
  };
  EXPECT_EQ(Describe(workflow::CompareDrafts(before, after)),
            "6.1 (was 6.1) mf-1 unchanged: Social workers visit children.\n"
            "6.2 (was 6.2) mf-1 deleted: <del>Plans are reviewed.</del>\n"
            "6.2 (was 6.3) mf-2 changed: Officers attend <del>quickly</del><ins>promptly</ins>.\n"
            "6.3 (was -) mf-3 inserted: <ins>Schools &lt;refer&gt; well.</ins>\n"
            "6.4 (was 6.4) mf-2 unchanged: Custody staff refer.\n");
}

TEST(CompareDrafts, AnInsertedPriorityActionLeavesTheRestInPlace) {
  InlineCorpus before_corpus, after_corpus;
  after_corpus.Replace(kFindingsPath, R"(<finding id="afi-2")", kPriorityAction);
  after_corpus.Replace(kFindingsPath, "- Plans are reviewed.\n", "");
  std::vector<workflow::RedlineParagraph> paragraphs = workflow::CompareDrafts(Numbered(before_corpus), Numbered(after_corpus));
  std::string described = Describe(paragraphs);
  EXPECT_NE(described.find("2.2 (was 2.2) headline-findings unchanged: Practice is improving but remains *inconsistent*.\n"
                           "3.1 (was -) apa-1 inserted: <ins>The police response to children missing from home.</ins>\n"
                           "4.1 (was 4.1) afi-1 unchanged"),
            std::string::npos)
      << described;
  // Deleting the first list item shifts the second up: it is matched by finding and block, so the second
  // item (block 2, now block 1) reads as changed and the old block 2 as removed, in place.
  EXPECT_NE(described.find("6.1 (was 6.1) mf-1 unchanged: Social workers visit children regularly.\n"
                           "6.2 (was 6.2) mf-1 changed: "),
            std::string::npos)
      << described;
  EXPECT_NE(described.find("6.3 (was 6.3) mf-1 deleted: <del>  - Managers oversee plans well.</del>\n"
                           "7.1 (was 7.1) ps-1 unchanged"),
            std::string::npos)
      << described;
}

TEST(CompareDrafts, ReorderedImprovementsAreRenumberedNotChanged) {
  InlineCorpus before_corpus, after_corpus;
  after_corpus.Replace(kFindingsPath, R"(agencies="social-care" priority="2")", R"(agencies="social-care" priority="4")");
  std::string described = Describe(workflow::CompareDrafts(Numbered(before_corpus), Numbered(after_corpus)));
  EXPECT_NE(described.find("4.1 (was 4.1) afi-1 unchanged: How well practitioners recognise neglect.\n"
                           "4.2 (was 4.3) afi-3 unchanged: How well leaders use audit to learn.\n"
                           "4.3 (was 4.2) afi-2 unchanged: The quality of assessments.\n"),
            std::string::npos)
      << described;
}

// ---------------------------------------------------------------------------------------------
// The corrections form

TEST(FeedbackPack, ThePolicePackHoldsAHeadlineParagraphThatNamesThemWithItsNumber) {
  // Headline paragraph 2.1 names the police in prose (by an alias), 2.2 does not; neither is attributed.
  InlineCorpus c;
  c.Replace(kInspectionPath, R"(name="Alphaton Police" inspectorate="hmicfrs")",
            R"(name="Alphaton Police" inspectorate="hmicfrs" aliases="the force")");
  c.Replace(kFindingsPath, "Leaders understand neglect well.", "Leaders understand neglect well, and the force shares information early.");
  auto built = Build(c);
  ASSERT_EQ(built->diagnostics, "");
  const Inspection& in = Alpha(*built);
  const Agency& police = *in.FindAgency("police");
  std::vector<std::string> numbers;
  for (const DraftParagraph& p : workflow::ParagraphsConcerning(in, police, workflow::NumberParagraphs(in))) {
    numbers.push_back(p.number);
  }
  // 2.1 by its words; 4.1 and 5.2 attributed to the police; 2.2 and the others not.
  EXPECT_EQ(numbers, (std::vector<std::string>{"2.1", "4.1", "5.2"}));
  Diagnostics diags;
  render::TemplateSet templates;
  templates.Load(LETTERPRESS_SOURCE_DIR "/templates", diags);
  ASSERT_EQ(diags.FormatAll(), "");
  render::RestrictedContext ctx{&built->corpus, &in, &templates, "", workflow::DraftVersion(workflow::NumberParagraphs(in)), ""};
  std::string pack = render::RenderAgencyPack(ctx, police);
  EXPECT_NE(pack.find("<tr><td>2.1</td><td>Headline findings</td><td>named in the text</td><td><p>Leaders understand "
                      "neglect well, and the force shares information early.</p>"),
            std::string::npos)
      << pack;
  EXPECT_EQ(pack.find("Practice is improving"), std::string::npos) << "2.2 does not concern the police";
  // Words that name another agency do not make the paragraph the police's.
  InlineCorpus without;
  without.Replace(kFindingsPath, "Leaders understand neglect well.", "Leaders understand neglect well, and the council shares information early.");
  auto plain = Build(without);
  const Inspection& plain_in = Alpha(*plain);
  std::vector<std::string> plain_numbers;
  for (const DraftParagraph& p :
       workflow::ParagraphsConcerning(plain_in, *plain_in.FindAgency("police"), workflow::NumberParagraphs(plain_in))) {
    plain_numbers.push_back(p.number);
  }
  EXPECT_EQ(plain_numbers, (std::vector<std::string>{"4.1", "5.2"}));
}

TEST(CorrectionsForm, ItsDataReachesTheScriptIntactWhateverTheGlossarySays) {
  // "ICB" is in the glossary; the agency "Alphaton ICB" and a paragraph naming the ICB must reach the form's
  // JSON as they are, not wrapped in <abbr title="...">.
  InlineCorpus c;
  c.Replace(kFindingsPath, "<body>Health visitors are persistent.</body>",
            "<body>Health visitors employed by the ICB are persistent.</body>");
  auto built = Build(c);
  Diagnostics diags;
  render::TemplateSet templates;
  templates.Load(LETTERPRESS_SOURCE_DIR "/templates", diags);
  ASSERT_EQ(diags.FormatAll(), "");
  const Inspection& in = Alpha(*built);
  std::string version = workflow::DraftVersion(workflow::NumberParagraphs(in));
  render::RestrictedContext ctx{&built->corpus, &in, &templates, "", version, ""};
  std::string html = render::RenderCorrectionsForm(ctx);
  std::string open = R"(<script type="application/json" id="cf-data">)";
  std::size_t start = html.find(open);
  ASSERT_NE(start, std::string::npos);
  start += open.size();
  std::string data_text = html.substr(start, html.find("</script>", start) - start);
  nlohmann::json data = nlohmann::json::parse(data_text, nullptr, false);
  ASSERT_FALSE(data.is_discarded()) << data_text;
  EXPECT_EQ(data["version"], version);
  EXPECT_EQ(data["agencies"][1]["name"], "Alphaton ICB");
  bool found = false;
  for (const auto& p : data["paragraphs"]) found = found || p["text"] == "Health visitors employed by the ICB are persistent.";
  EXPECT_TRUE(found) << data_text;
  // Nor inside a <select>, whose options hold text only.
  EXPECT_NE(html.find(R"(<option value="health">Alphaton ICB</option>)"), std::string::npos);
  EXPECT_EQ(html.find("<abbr"), std::string::npos);
  // Elsewhere the glossary still applies: the draft letter explains the first ICB.
  std::string letter = render::RenderRestrictedLetter(ctx, render::LetterMode::kDraft);
  EXPECT_NE(letter.find(R"(<abbr title="integrated care board">ICB</abbr>)"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Email

std::string Base64Decode(const std::string& text) {
  static const std::string kTable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=' || c == '\r' || c == '\n') continue;
    std::size_t index = kTable.find(c);
    EXPECT_NE(index, std::string::npos) << "not base64: " << c;
    if (index == std::string::npos) continue;
    value = (value << 6) | static_cast<unsigned>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xff);
    }
  }
  return out;
}

TEST(Base64, KnownVectors) {
  // RFC 4648 section 10.
  EXPECT_EQ(mail::Base64(""), "");
  EXPECT_EQ(mail::Base64("f"), "Zg==");
  EXPECT_EQ(mail::Base64("fo"), "Zm8=");
  EXPECT_EQ(mail::Base64("foo"), "Zm9v");
  EXPECT_EQ(mail::Base64("foob"), "Zm9vYg==");
  EXPECT_EQ(mail::Base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(mail::Base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(mail::Base64(std::string("\x00\xff\xfe", 3)), "AP/+");
  EXPECT_EQ(mail::Base64("caf\u00e9"), "Y2Fmw6k=");
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(Base64Decode(mail::Base64(all)), all);
}

mail::Message SampleMessage() {
  mail::Message m;
  m.from_name = "Test inspectorates";
  m.from_address = "contact@test.example.org";
  m.to_name = "Dee One";
  m.to_address = "dee@alphaton.example";
  m.subject = "DRAFT for factual accuracy check: joint targeted area inspection of Alphaton (version 0123456789ab)";
  m.date = "Mon, 23 Nov 2026 19:30:00 +0000";
  m.message_id = "alpha-2025.draft.0123456789ab.abc@letterpress";
  m.extra_headers = {{"X-Letterpress-Version", "0123456789ab"}};
  m.text = "DRAFT\n\n1.1  This inspection looked at children living with neglect.\n";
  m.html = "<!DOCTYPE html>\n<p>DRAFT - for factual accuracy check</p>\n<p>Caf\u00e9 \u2019 " + std::string(200, 'x') + "</p>\n";
  m.attachments = {{"alpha-2025-draft-0123456789ab.pdf", "application/pdf", std::string("%PDF-1.7\n\x00\x01\xff", 12)}};
  return m;
}

// The headers (unfolded) of a message or a part, and its body.
struct Part {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string Header(const std::string& name) const {
    for (const auto& [n, v] : headers) {
      if (n == name) return v;
    }
    return "";
  }
  int Count(const std::string& name) const {
    return static_cast<int>(std::count_if(headers.begin(), headers.end(), [&](const auto& h) { return h.first == name; }));
  }
};

Part ParsePart(const std::string& text) {
  Part part;
  std::size_t end = text.find("\r\n\r\n");
  EXPECT_NE(end, std::string::npos) << "no blank line after the headers";
  std::string head = text.substr(0, end);
  part.body = end == std::string::npos ? "" : text.substr(end + 4);
  std::size_t at = 0;
  while (at <= head.size()) {
    std::size_t line_end = head.find("\r\n", at);
    if (line_end == std::string::npos) line_end = head.size();
    std::string line = head.substr(at, line_end - at);
    at = line_end + 2;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      EXPECT_FALSE(part.headers.empty()) << "a continuation line first";
      if (!part.headers.empty()) part.headers.back().second += line;  // unfold: drop the CRLF, keep the space
      continue;
    }
    std::size_t colon = line.find(": ");
    EXPECT_NE(colon, std::string::npos) << "not a header: " << line;
    if (colon == std::string::npos) continue;
    part.headers.push_back({line.substr(0, colon), line.substr(colon + 2)});
  }
  return part;
}

std::string BoundaryOf(const std::string& content_type) {
  std::smatch m;
  EXPECT_TRUE(std::regex_search(content_type, m, std::regex("boundary=\"([^\"]+)\""))) << content_type;
  return m.size() > 1 ? m[1].str() : "";
}

// The parts between --boundary lines, up to --boundary--.
std::vector<Part> SplitMultipart(const std::string& body, const std::string& boundary) {
  std::vector<Part> parts;
  std::string delimiter = "--" + boundary;
  std::size_t at = body.find(delimiter + "\r\n");
  EXPECT_NE(at, std::string::npos);
  std::size_t close = body.find("\r\n" + delimiter + "--");
  EXPECT_NE(close, std::string::npos) << "no closing delimiter --" << boundary << "--";
  if (at == std::string::npos || close == std::string::npos) return parts;
  while (at < close) {
    std::size_t start = at + delimiter.size() + 2;
    std::size_t next = body.find("\r\n" + delimiter, start);
    parts.push_back(ParsePart(body.substr(start, next - start)));
    at = next + 2;
  }
  return parts;
}

// The text of a header value with its RFC 2047 encoded words decoded (whitespace between two encoded
// words dropped, as RFC 2047 section 6.2 says).
std::string DecodeHeader(const std::string& value) {
  std::regex word("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");
  std::string out;
  std::size_t at = 0;
  bool last_encoded = false;
  for (std::sregex_iterator it(value.begin(), value.end(), word), end; it != end; ++it) {
    std::string between = value.substr(at, static_cast<std::size_t>(it->position()) - at);
    if (!(last_encoded && between.find_first_not_of(" \t\r\n") == std::string::npos)) out += between;
    out += Base64Decode((*it)[1].str());
    at = static_cast<std::size_t>(it->position() + it->length());
    last_encoded = true;
  }
  return out + value.substr(at);
}

TEST(BuildMime, MixedWithAnAlternativeBodyAndTheAttachment) {
  mail::Message m = SampleMessage();
  std::string mime = *mail::BuildMime(m);
  Part message = ParsePart(mime);
  EXPECT_EQ(message.Header("From"), "\"Test inspectorates\" <contact@test.example.org>");
  EXPECT_EQ(message.Header("To"), "\"Dee One\" <dee@alphaton.example>");
  EXPECT_EQ(message.Header("Subject"), m.subject);
  EXPECT_EQ(message.Header("Date"), "Mon, 23 Nov 2026 19:30:00 +0000");
  EXPECT_EQ(message.Header("Message-ID"), "<alpha-2025.draft.0123456789ab.abc@letterpress>");
  EXPECT_EQ(message.Header("X-Letterpress-Version"), "0123456789ab");
  EXPECT_EQ(message.Header("MIME-Version"), "1.0");
  std::string mixed = BoundaryOf(message.Header("Content-Type"));
  EXPECT_EQ(message.Header("Content-Type").rfind("multipart/mixed;", 0), 0u);

  std::vector<Part> parts = SplitMultipart(message.body, mixed);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].Header("Content-Type").rfind("multipart/alternative;", 0), 0u);
  std::string alternative = BoundaryOf(parts[0].Header("Content-Type"));
  EXPECT_NE(alternative, mixed);
  std::vector<Part> bodies = SplitMultipart(parts[0].body, alternative);
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(bodies[0].Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(bodies[0].Header("Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(Base64Decode(bodies[0].body), m.text);
  EXPECT_EQ(bodies[1].Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(Base64Decode(bodies[1].body), m.html);

  EXPECT_EQ(parts[1].Header("Content-Type"), "application/pdf; name=\"alpha-2025-draft-0123456789ab.pdf\"");
  EXPECT_EQ(parts[1].Header("Content-Disposition"), "attachment; filename=\"alpha-2025-draft-0123456789ab.pdf\"");
  EXPECT_EQ(parts[1].Header("Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(Base64Decode(parts[1].body), m.attachments[0].bytes);
}

TEST(BuildMime, EveryLineEndsInCrlfAndNoneIsTooLong) {
  std::string mime = *mail::BuildMime(SampleMessage());
  ASSERT_GE(mime.size(), 2u);
  EXPECT_EQ(mime.substr(mime.size() - 2), "\r\n");
  std::size_t start = 0;
  for (std::size_t i = 0; i < mime.size(); ++i) {
    if (mime[i] == '\n') {
      EXPECT_TRUE(i > 0 && mime[i - 1] == '\r') << "bare LF at byte " << i;
      // RFC 5322: at most 998 characters a line; base64 bodies are wrapped at 76.
      EXPECT_LE(i - start - 1, 998u);
      start = i + 1;
    } else if (mime[i] == '\r') {
      EXPECT_TRUE(i + 1 < mime.size() && mime[i + 1] == '\n') << "bare CR at byte " << i;
    }
  }
  Part message = ParsePart(mime);
  std::vector<Part> parts = SplitMultipart(message.body, BoundaryOf(message.Header("Content-Type")));
  ASSERT_FALSE(parts.empty());
  std::istringstream lines(parts.back().body);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 77u);  // 76 and the CR
}

TEST(BuildMime, IsReproducible) {
  EXPECT_EQ(*mail::BuildMime(SampleMessage()), *mail::BuildMime(SampleMessage()));
  mail::Message other = SampleMessage();
  other.message_id = "another@letterpress";
  EXPECT_NE(*mail::BuildMime(other), *mail::BuildMime(SampleMessage()));
}

TEST(BuildMime, LineBreaksInHeaderValuesCannotAddHeaders) {
  mail::Message m = SampleMessage();
  m.to_name = "Dee One\r\nBcc: x@evil.example";
  m.from_name = "Test\nBcc: y@evil.example";
  m.subject = "Draft\r\nBcc: z@evil.example\r\n\r\nInjected body";
  m.date = "Mon, 23 Nov 2026 19:30:00 +0000\r\nCc: w@evil.example";
  m.message_id = "id@letterpress>\r\nReply-To: <v@evil.example";
  m.extra_headers = {{"X-Letterpress-Version", "0123456789ab\nBcc: u@evil.example"}};
  std::string mime = *mail::BuildMime(m);
  Part message = ParsePart(mime);
  for (const char* name : {"Bcc", "Cc", "Reply-To"}) EXPECT_EQ(message.Count(name), 0) << name;
  for (const char* name : {"From", "To", "Subject", "Date", "Message-ID", "X-Letterpress-Version"}) {
    EXPECT_EQ(message.Count(name), 1) << name;
  }
  EXPECT_EQ(message.Header("To"), "\"Dee One  Bcc: x@evil.example\" <dee@alphaton.example>");
  EXPECT_EQ(message.Header("Subject").find('\r'), std::string::npos);
  // The headers end at the first blank line, before the MIME preamble: no injected body.
  EXPECT_EQ(message.body.rfind("This is a MIME message.", 0), 0u);
  // Nor can an address break out of its angle brackets.
  mail::Message m2 = SampleMessage();
  m2.to_address = "dee@alphaton.example\r\nBcc: x@evil.example";
  EXPECT_FALSE(mail::BuildMime(m2).has_value());
}

TEST(IsMailbox, AcceptsOneAddrSpecAndRefusesListsNamesAndBrackets) {
  for (const char* good : {"dee@alphaton.example", "first.last+tag@mail.example.org", "o'neil@x-y.example",
                           "a!#$%&*/=?^_`{|}~-b@z9.example"}) {
    EXPECT_TRUE(mail::IsMailbox(good)) << good;
  }
  for (const char* bad : {"a>,<evil@attacker.example", "victim,attacker@attacker.example", "Dee <dee@alphaton.example>",
                          "dee@alphaton.example, x@evil.example", "dee@alphaton", "dee@@alphaton.example", "@alphaton.example",
                          "dee.@alphaton.example", ".dee@alphaton.example", "d..ee@alphaton.example", "dee@-alphaton.example",
                          "dee@alphaton.example.", "dee@[127.0.0.1]", "\"a b\"@alphaton.example", "dee@alpha ton.example",
                          "dee@alphaton.example\r\nBcc: x@evil.example", ""}) {
    EXPECT_FALSE(mail::IsMailbox(bad)) << bad;
  }
  EXPECT_FALSE(mail::IsMailbox(std::string(65, 'a') + "@alphaton.example"));
  EXPECT_TRUE(mail::IsMailbox(std::string(64, 'a') + "@alphaton.example"));
}

TEST(BuildMime, RefusesARecipientThatWouldBecomeSeveral) {
  for (const char* hostile : {"a>,<evil@attacker.example", "victim,attacker@attacker.example"}) {
    mail::Message m = SampleMessage();
    m.to_address = hostile;
    std::string error;
    EXPECT_FALSE(mail::BuildMime(m, &error).has_value()) << hostile;
    EXPECT_NE(error.find("is not one email address"), std::string::npos) << error;
    mail::Message from = SampleMessage();
    from.from_address = hostile;
    EXPECT_FALSE(mail::BuildMime(from).has_value()) << hostile;
    mail::Message reply = SampleMessage();
    reply.reply_to = hostile;
    EXPECT_FALSE(mail::BuildMime(reply).has_value()) << hostile;
  }
}

TEST(ParseSmtpUrl, RefusesCredentialsAndNeverEchoesThePassword) {
  std::string error;
  EXPECT_FALSE(mail::ParseSmtpUrl("smtp://lead:s3cret-pw@mail.example:587", &error).has_value());
  EXPECT_EQ(error.find("s3cret-pw"), std::string::npos) << error;
  EXPECT_NE(error.find("smtp://lead:***@mail.example:587"), std::string::npos) << error;
  EXPECT_NE(error.find("LETTERPRESS_SMTP_PASSWORD"), std::string::npos) << error;
  EXPECT_FALSE(mail::ParseSmtpUrl("http://mail.example", &error).has_value());
  EXPECT_FALSE(mail::ParseSmtpUrl("smtp://mail.example?x=1", &error).has_value());
  auto ok = mail::ParseSmtpUrl("smtps://mail.example:465", &error);
  ASSERT_TRUE(ok.has_value());
  EXPECT_TRUE(ok->implicit_tls);
  EXPECT_EQ(ok->host, "mail.example");
}

TEST(BuildMime, NonAsciiSubjectsAndNamesAreEncodedWords) {
  mail::Message m = SampleMessage();
  m.subject = "DRAFT: joint targeted area inspection of Ynys M\u00f4n and Caf\u00e9 \u2019Town\u2019 (version 0123456789ab)";
  m.to_name = "Ren\u00e9e O\u2019Brien";
  m.extra_headers = {{"X-Letterpress-Inspection", "ynys-m\u00f4n"}};
  std::string mime = *mail::BuildMime(m);
  std::string head = mime.substr(0, mime.find("\r\n\r\n") + 2);
  // Nothing but ASCII in the headers (RFC 5322), and no encoded word longer than 75 characters (RFC 2047).
  for (char c : head) EXPECT_LT(static_cast<unsigned char>(c), 0x80u);
  std::regex word("=\\?[^?]+\\?[BbQq]\\?[^?]*\\?=");
  int words = 0;
  for (std::sregex_iterator it(head.begin(), head.end(), word), end; it != end; ++it, ++words) {
    EXPECT_LE(it->length(), 75) << it->str();
  }
  EXPECT_GE(words, 3);
  // Header lines stay within the recommended 78 characters once folded.
  std::istringstream lines(head);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 79u) << line;  // 78 and the CR
  Part message = ParsePart(mime);
  EXPECT_EQ(DecodeHeader(message.Header("Subject")), m.subject);
  EXPECT_EQ(DecodeHeader(message.Header("To")), "Ren\u00e9e O\u2019Brien <dee@alphaton.example>");
  EXPECT_EQ(DecodeHeader(message.Header("X-Letterpress-Inspection")), "ynys-m\u00f4n");
}

TEST(BuildMime, EncodedWordsNeverSplitACharacter) {
  // Every split point of a long run of two-, three- and four-byte characters.
  for (const std::string& ch : {std::string("\u00e9"), std::string("\u2019"), std::string("\U0001F600")}) {
    for (int n = 1; n < 60; n += 7) {
      mail::Message m = SampleMessage();
      m.subject.clear();
      for (int i = 0; i < n; ++i) m.subject += ch;
      Part message = ParsePart(*mail::BuildMime(m));
      std::string subject = message.Header("Subject");
      std::regex word("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");
      for (std::sregex_iterator it(subject.begin(), subject.end(), word), end; it != end; ++it) {
        std::string decoded = Base64Decode((*it)[1].str());
        EXPECT_EQ(FindInvalidUtf8(decoded), std::nullopt) << "encoded word splits a character: " << it->str();
      }
      EXPECT_EQ(DecodeHeader(subject), m.subject);
    }
  }
}

TEST(FormatAddress, QuotesNamesAndEncodesNonAscii) {
  EXPECT_EQ(mail::FormatAddress("", "a@b.example"), "<a@b.example>");
  EXPECT_EQ(mail::FormatAddress("Dee One", "a@b.example"), "\"Dee One\" <a@b.example>");
  EXPECT_EQ(mail::FormatAddress("Dee \"DJ\" One\\", "a@b.example"), "\"Dee \\\"DJ\\\" One\\\\\" <a@b.example>");
  EXPECT_EQ(mail::FormatAddress("Ren\u00e9e", "a@b.example"), "=?UTF-8?B?UmVuw6ll?= <a@b.example>");
}

}  // namespace
}  // namespace lp
