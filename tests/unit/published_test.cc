// The published record: a published letter changes only with a change note (the rule check and build run),
// the record's own format (written, validated against schemas/published.xsd, read back), which changes the
// public may see, and the public page of each change.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "inline_corpus.h"
#include "plan/plan.h"
#include "render/render.h"
#include "render/templates.h"
#include "validate/schema_validator.h"
#include "workflow/paragraphs.h"
#include "workflow/published.h"
#include "workflow/redline.h"

namespace lp {
namespace {

using test::Build;
using test::InlineCorpus;
using test::kFindingsPath;
using test::kInspectionPath;

const std::string kVersion1Path = "corpus/inspections/alpha-2025/published/version-1.xml";
const std::string kVersion2Path = "corpus/inspections/alpha-2025/published/version-2.xml";

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

const Inspection& Alpha(const test::Built& b) { return *b.corpus.FindInspection("alpha-2025"); }

// The record of the inline letter as it stands, as `letterpress changes alpha-2025 record` writes it.
std::string RecordOf(const InlineCorpus& c, int version, const char* date) {
  auto built = Build(c);
  const Inspection& in = Alpha(*built);
  return workflow::PublishedVersionXml(in.id, version, D(date), in.change_notes, workflow::PublicText(in));
}

// The inline corpus with version 1 of its record: the letter as published on 24 April 2025, carrying the
// change note it has (the record keeps the notes a version carried).
InlineCorpus Recorded() {
  InlineCorpus c;
  c.Add(load::DocType::kPublished, "alpha-2025", kVersion1Path, RecordOf(c, 1, "2025-04-24"));
  return c;
}

// The rule's diagnostics, briefly (path:line:col: severity: message).
std::string Check(const InlineCorpus& c, const char* today = "2025-06-02") {
  auto built = Build(c);
  EXPECT_EQ(built->diagnostics, "");
  Diagnostics diags;
  workflow::CheckPublishedRecord(built->corpus, D(today), diags);
  return test::Brief(diags);
}

const char kNewNote[] =
    R"(<change-note date="2025-05-01" kind="minor">Corrected a typing error.</change-note>
    <change-note date="2025-06-02" kind="minor">Corrected the number of children visited.</change-note>)";
const char kNewMajorNote[] =
    R"(<change-note date="2025-05-01" kind="minor">Corrected a typing error.</change-note>
    <change-note date="2025-06-02" kind="major">Corrected how often social workers visit.</change-note>)";
const char kOldNote[] = R"(<change-note date="2025-05-01" kind="minor">Corrected a typing error.</change-note>)";

TEST(PublishedRecord, AnUnchangedLetterPasses) { EXPECT_EQ(Check(Recorded()), ""); }

TEST(PublishedRecord, WithoutARecordNothingIsChecked) {
  InlineCorpus c;
  c.Replace(kFindingsPath, "Social workers visit children regularly.", "Social workers visit children weekly.");
  EXPECT_EQ(Check(c), "");
}

TEST(PublishedRecord, AChangedParagraphWithoutANoteIsAnErrorAtTheParagraphWithTheNoteToAdd) {
  InlineCorpus c = Recorded();
  c.Replace(kFindingsPath, "Social workers visit children regularly.", "Social workers visit children weekly.");
  EXPECT_EQ(Check(c, "2025-06-02"),
            "corpus/inspections/alpha-2025/findings.xml:42:7: error: paragraph 6.1 (Main findings) has changed since it was "
            "published as version 1 on 24 April 2025, and no change note says so; a published letter changes only with a "
            "note: add one to <change-notes> in corpus/inspections/alpha-2025/inspection.xml: <change-note "
            "date=\"2025-06-02\" kind=\"minor\">What changed, in a sentence.</change-note> (kind=\"major\" when it "
            "corrects a fact or figure a reader relies on), then record the new version with `letterpress changes "
            "alpha-2025 record`\n");
}

TEST(PublishedRecord, EveryChangedParagraphIsNamedInOneRun) {
  InlineCorpus c = Recorded();
  c.Replace(kFindingsPath, "- Managers oversee plans well.", "- Managers oversee most plans well.");
  c.Replace(kFindingsPath, "<body>Health visitors are persistent.</body>", "<body>Health visitors are very persistent.</body>");
  c.Replace(kFindingsPath, "Practice is improving but remains *inconsistent*.", "Practice is improving but remains **inconsistent**.");
  std::string out = Check(c);
  EXPECT_NE(out.find("findings.xml:12:7: error: paragraph 2.2 (Headline findings) has changed"), std::string::npos) << out;
  EXPECT_NE(out.find("error: paragraph 5.3 (Strengths) has changed"), std::string::npos) << out;
  EXPECT_NE(out.find("findings.xml:45:9: error: paragraph 6.3 (Main findings) has changed"), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 3) << out;
}

TEST(PublishedRecord, NewAndRemovedParagraphsAreChangesToo) {
  InlineCorpus c = Recorded();
  c.Replace(kFindingsPath, "<body>Child A was helped quickly.</body>", "<body>Child A was helped quickly.\n\nHer family too.</body>");
  std::string out = Check(c);
  EXPECT_NE(out.find("error: paragraph 7.2 (Practice studies) is new since it was published"), std::string::npos) << out;
  InlineCorpus d = Recorded();
  d.Replace(kFindingsPath, "\n\n        - Plans are reviewed.\n        - Managers oversee plans well.", "");
  out = Check(d);
  EXPECT_NE(out.find("error: paragraph 6.2 (Main findings) was removed since it was published"), std::string::npos) << out;
  EXPECT_NE(out.find("error: paragraph 6.3 (Main findings) was removed since it was published"), std::string::npos) << out;
}

TEST(PublishedRecord, AChangeWithANewMinorNoteIsAllowedAndAsksToBeRecorded) {
  InlineCorpus c = Recorded();
  c.Replace(kFindingsPath, "Social workers visit children regularly.", "Social workers visit children weekly.");
  c.Replace(kInspectionPath, kOldNote, kNewNote);
  EXPECT_EQ(Check(c),
            "corpus/inspections/alpha-2025/inspection.xml:34:5: warning: the letter has changed since it was published as "
            "version 1 on 24 April 2025 (paragraph 6.1), as this change note says, but the new version is not in the "
            "published record yet; once it is published, record it with `letterpress changes alpha-2025 record`\n");
}

TEST(PublishedRecord, AChangeWithANewMajorNoteIsAllowedToo) {
  InlineCorpus c = Recorded();
  c.Replace(kFindingsPath, "Social workers visit children regularly.", "Social workers visit children weekly.");
  c.Replace(kInspectionPath, kOldNote, kNewMajorNote);
  std::string out = Check(c);
  EXPECT_EQ(out.find("error"), std::string::npos) << out;
  EXPECT_NE(out.find("warning: the letter has changed since it was published as version 1"), std::string::npos) << out;
}

TEST(PublishedRecord, ANoteTheRecordAlreadyCarriesIsNotANewNote) {
  // The letter carried "Corrected a typing error" when version 1 was recorded: it cannot cover a later change.
  InlineCorpus c = Recorded();
  c.Replace(kFindingsPath, "<body>The quality of assessments.</body>", "<body>The quality of plans.</body>");
  std::string out = Check(c);
  EXPECT_NE(out.find("error: paragraph 4.2 (What needs to improve?) has changed since it was published as version 1"),
            std::string::npos)
      << out;
}

TEST(PublishedRecord, OnceRecordedTheNextChangeIsCheckedAgainstTheNewVersion) {
  InlineCorpus c = Recorded();
  c.Replace(kFindingsPath, "Social workers visit children regularly.", "Social workers visit children weekly.");
  c.Replace(kInspectionPath, kOldNote, kNewNote);
  c.Add(load::DocType::kPublished, "alpha-2025", kVersion2Path, RecordOf(c, 2, "2025-06-02"));
  EXPECT_EQ(Check(c), "");
  c.Replace(kFindingsPath, "Social workers visit children weekly.", "Social workers visit children fortnightly.");
  std::string out = Check(c, "2025-07-01");
  EXPECT_NE(out.find("error: paragraph 6.1 (Main findings) has changed since it was published as version 2 on 2 June 2025"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("<change-note date=\"2025-07-01\" kind=\"minor\">"), std::string::npos) << out;
}

TEST(PublishedRecord, VersionsAreNumberedOneTwoThree) {
  InlineCorpus c = Recorded();
  std::string third = RecordOf(c, 3, "2025-06-02");
  c.Add(load::DocType::kPublished, "alpha-2025", "corpus/inspections/alpha-2025/published/version-3.xml", third);
  EXPECT_EQ(Check(c),
            "corpus/inspections/alpha-2025/published/version-3.xml:3:44: error: version 3 of the published record of "
            "alpha-2025 should be version 2: versions are numbered 1, 2, 3... as `letterpress changes alpha-2025 record` "
            "writes them\n");
}

TEST(PublishedRecord, TheRecordIsValidAndReadsBackExactly) {
  InlineCorpus c = Recorded();
  // Markdown a record must keep byte for byte: markup characters, quotes and indented list lines.
  c.Replace(kFindingsPath, "<body>The quality of assessments.</body>", "<body>The quality of &lt;b&gt; &amp; \"plans\".</body>");
  c.Replace(kInspectionPath, kOldNote, kNewNote);
  std::string xml = RecordOf(c, 2, "2025-06-02");
  EXPECT_EQ(xml, RecordOf(c, 2, "2025-06-02"));
  validate::SchemaSet schemas;
  Diagnostics diags;
  ASSERT_TRUE(schemas.Load(LETTERPRESS_SOURCE_DIR "/schemas", diags)) << diags.FormatAll();
  load::SourceSet set;
  const load::SourceDocument& doc = set.Add(load::DocType::kPublished, "alpha-2025", kVersion2Path, xml);
  EXPECT_TRUE(schemas.Validate(doc, diags)) << diags.FormatAll() << xml;
  c.Add(load::DocType::kPublished, "alpha-2025", kVersion2Path, xml);
  auto built = Build(c);
  ASSERT_EQ(built->diagnostics, "");
  const Inspection& in = Alpha(*built);
  ASSERT_EQ(in.published.size(), 2u);
  const PublishedVersion& v = in.published[1];
  EXPECT_EQ(v.version, 2);
  EXPECT_EQ(v.date, D("2025-06-02"));
  ASSERT_EQ(v.change_notes.size(), 2u);
  EXPECT_FALSE(v.change_notes[1].major);
  EXPECT_EQ(v.change_notes[1].text, "Corrected the number of children visited.");
  std::vector<workflow::DraftParagraph> now = workflow::PublicText(in);
  std::vector<workflow::DraftParagraph> recorded = workflow::RecordedText(v.paragraphs);
  ASSERT_EQ(now.size(), recorded.size());
  for (std::size_t i = 0; i < now.size(); ++i) {
    EXPECT_EQ(recorded[i].number, now[i].number);
    EXPECT_EQ(recorded[i].markdown, now[i].markdown) << now[i].number;
  }
  EXPECT_NE(xml.find(">The quality of &lt;b&gt; &amp; \"plans\".</paragraph>"), std::string::npos) << xml;
}

// ---------------------------------------------------------------------------------------------
// What the public sees

TEST(PublicChanges, AChangeIsPublicOnlyOnceItsNoteIs) {
  InlineCorpus c = Recorded();
  c.Replace(kFindingsPath, "Social workers visit children regularly.", "Social workers visit children weekly.");
  c.Replace(kInspectionPath, kOldNote, kNewMajorNote);
  auto built = Build(c);
  plan::Plan before = plan::MakePlan(built->corpus, D("2025-06-01"));
  EXPECT_TRUE(before.Find("alpha-2025")->changes.empty());
  for (const plan::DocumentPage& p : plan::InspectionPages(Alpha(*built), before.Find("alpha-2025"))) {
    EXPECT_NE(p.kind, plan::DocumentKind::kChange) << p.path;
  }
  plan::Plan on = plan::MakePlan(built->corpus, D("2025-06-02"));
  const plan::PublicInspection& pub = *on.Find("alpha-2025");
  ASSERT_EQ(pub.changes.size(), 1u);
  EXPECT_EQ(pub.changes[0].version, 2);
  EXPECT_EQ(pub.changes[0].after, nullptr);  // not yet recorded: the letter as it stands
  ASSERT_EQ(pub.changes[0].notes.size(), 1u);
  EXPECT_EQ(pub.changes[0].notes[0]->text, "Corrected how often social workers visit.");
  // The note the record already carried describes no change it can show.
  EXPECT_EQ(pub.ChangeFor(&Alpha(*built).change_notes[0]), nullptr);
  std::vector<std::string> paths;
  for (const plan::DocumentPage& p : plan::InspectionPages(Alpha(*built), &pub)) {
    if (p.kind == plan::DocumentKind::kChange) paths.push_back(p.path);
  }
  EXPECT_EQ(paths, std::vector<std::string>{"inspections/alpha-2025/changes/2/"});
}

TEST(PublicChanges, RecordedVersionsGiveOneChangeEach) {
  InlineCorpus c = Recorded();
  c.Replace(kFindingsPath, "Social workers visit children regularly.", "Social workers visit children weekly.");
  c.Replace(kInspectionPath, kOldNote, kNewNote);
  c.Add(load::DocType::kPublished, "alpha-2025", kVersion2Path, RecordOf(c, 2, "2025-06-02"));
  auto built = Build(c);
  plan::Plan p = plan::MakePlan(built->corpus, D("2025-07-01"));
  const plan::PublicInspection& pub = *p.Find("alpha-2025");
  ASSERT_EQ(pub.changes.size(), 1u);
  EXPECT_EQ(pub.changes[0].before->version, 1);
  ASSERT_NE(pub.changes[0].after, nullptr);
  EXPECT_EQ(pub.changes[0].after->version, 2);
}

TEST(PublicChanges, TheChangePageShowsEachChangeAccessiblyAndTheLetterLinksToIt) {
  InlineCorpus c = Recorded();
  c.Replace(kFindingsPath, "Social workers visit children regularly.", "Social workers visit 11,800 children weekly.");
  c.Replace(kInspectionPath, kOldNote, kNewMajorNote);
  auto built = Build(c);
  plan::Plan p = plan::MakePlan(built->corpus, D("2025-06-02"));
  Diagnostics diags;
  render::TemplateSet templates;
  ASSERT_TRUE(templates.Load(LETTERPRESS_SOURCE_DIR "/templates", diags)) << diags.FormatAll();
  render::RenderOptions options;
  std::map<std::string, std::string> pages;
  for (render::Page& page : render::RenderInspectionDocuments(built->corpus, p, templates, options)) {
    pages[page.path] = page.content;
  }
  ASSERT_EQ(pages.count("inspections/alpha-2025/changes/2/index.html"), 1u);
  const std::string& change = pages["inspections/alpha-2025/changes/2/index.html"];
  EXPECT_NE(change.find("Paragraph 6.1, Main findings: Paragraph changed"), std::string::npos) << change;
  EXPECT_NE(change.find("Social workers visit <ins><span class=\"visually-hidden\">[inserted text: </span>11,800 "
                        "<span class=\"visually-hidden\">, end of inserted text]</span></ins>children "
                        "<del><span class=\"visually-hidden\">[deleted text: </span>regularly<span "
                        "class=\"visually-hidden\">, end of deleted text]</span></del><ins><span "
                        "class=\"visually-hidden\">[inserted text: </span>weekly<span class=\"visually-hidden\">, end "
                        "of inserted text]</span></ins>."),
            std::string::npos)
      << change;
  EXPECT_NE(change.find("Corrected how often social workers visit."), std::string::npos);
  const std::string& letter = pages["inspections/alpha-2025/index.html"];
  EXPECT_NE(letter.find("Corrected how often social workers visit. <a href=\"../../inspections/alpha-2025/changes/2/\""),
            std::string::npos)
      << letter;
  // The older note (carried by version 1) has no redline to link to.
  EXPECT_NE(letter.find("Corrected a typing error. (minor change)</li>"), std::string::npos) << letter;
}

TEST(Redline, SegmentsAsTerminalTextKeepNumbersWhole) {
  std::vector<workflow::RedlineSegment> s =
      workflow::RedlineSegments("About 11,800 children on 2025-04-07.", "About 10,900 children on 2025-04-08.");
  EXPECT_EQ(workflow::SegmentsText(s, false), "About [-11,800-]{+10,900+} children on [-2025-04-07-]{+2025-04-08+}.");
  EXPECT_EQ(workflow::SegmentsText(s, true),
            "About \x1b[31m[-11,800-]\x1b[0m\x1b[32m{+10,900+}\x1b[0m children on \x1b[31m[-2025-04-07-]\x1b[0m"
            "\x1b[32m{+2025-04-08+}\x1b[0m.");
  EXPECT_EQ(workflow::SegmentsHtml(s, false), workflow::RedlineHtml("About 11,800 children on 2025-04-07.",
                                                                    "About 10,900 children on 2025-04-08."));
}

}  // namespace
}  // namespace lp
