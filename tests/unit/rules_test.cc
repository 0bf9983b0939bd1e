// rules: personal data in public text, and the date and workflow rules no schema can express.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inline_corpus.h"
#include "rules/rules.h"

namespace lp::rules {
namespace {

using test::InlineCorpus;
using test::kCalendarPath;
using test::kCorrectionsPath;
using test::kFindingsPath;
using test::kInspectionPath;
using test::kResponsesPath;
using test::kSitePath;
using test::kThemePath;

// ---------------------------------------------------------------------------------------------
// FindPersonalData and IsValidNhsNumber

std::string Found(std::string_view text) {
  std::string out;
  for (const PersonalData& p : FindPersonalData(text)) {
    if (!out.empty()) out += "; ";
    out += p.kind + " '" + p.match + "'";
  }
  return out;
}

TEST(FindPersonalData, FindsWhatIdentifiesAPerson) {
  struct Case {
    const char* text;
    const char* found;
  };
  const Case cases[] = {
      {"Email jo.bloggs@example.org today.", "email address 'jo.bloggs@example.org'"},
      {"Write to J.Smith+case@council.gov.uk.", "email address 'J.Smith+case@council.gov.uk'"},
      {"Ring 01632 960 001 after six.", "phone number '01632 960 001'"},
      {"Ring 01632 960001.", "phone number '01632 960001'"},
      {"Ring 020 7946 0018.", "phone number '020 7946 0018'"},
      {"Ring 0161 496 0000.", "phone number '0161 496 0000'"},
      {"Ring 07700 900123.", "phone number '07700 900123'"},
      {"Ring 07700-900-123.", "phone number '07700-900-123'"},
      {"Ring 07700900123.", "phone number '07700900123'"},
      {"Ring +44 20 7946 0018.", "phone number '+44 20 7946 0018'"},
      {"Ring +44 (0)20 7946 0018.", "phone number '+44 (0)20 7946 0018'"},
      {"Ring +447700900123.", "phone number '+447700900123'"},
      {"Ring +44 7700 900123.", "phone number '+44 7700 900123'"},
      {"NHS number 943 476 5919.", "NHS number '943 476 5919'"},
      {"NHS number 9434765919.", "NHS number '9434765919'"},
      {"NHS number 943-476-5919.", "NHS number '943-476-5919'"},
      {"NHS number 450 000 0070.", "NHS number '450 000 0070'"},
      {"Lives at SW1A 1AA.", "postcode 'SW1A 1AA'"},
      {"Lives in M1 1AE now.", "postcode 'M1 1AE'"},
      {"Lives in B33 8TH now.", "postcode 'B33 8TH'"},
      {"Lives in CR2 6XH now.", "postcode 'CR2 6XH'"},
      {"Lives in DN55 1PT now.", "postcode 'DN55 1PT'"},
      {"Lives in EC1A 1BB now.", "postcode 'EC1A 1BB'"},
      {"Her date of birth is known.", "date of birth 'date of birth'"},
      {"Date of Birth: 1 May 2010.", "date of birth 'Date of Birth'"},
      {"DOB 01/05/2010.", "date of birth 'DOB'"},
      {"d.o.b. 01/05/2010.", "date of birth 'd.o.b'"},
      {"She was born on a Tuesday.", "date of birth 'born on'"},
      {"He was born 3rd May 2010.", "date of birth 'born 3rd May'"},
      {"She was born 14 February.", "date of birth 'born 14 February'"},
      {"Jo (jo@example.org, 07700 900123) at SW1A 1AA",
       "email address 'jo@example.org'; phone number '07700 900123'; postcode 'SW1A 1AA'"},
  };
  for (const Case& c : cases) EXPECT_EQ(Found(c.text), c.found) << c.text;
}

TEST(FindPersonalData, FindsPhoneNumbersWithTheAreaCodeInBrackets) {
  // The usual way to write a UK landline in a letter.
  EXPECT_EQ(Found("Ring (020) 7946 0018."), "phone number '(020) 7946 0018'");
  EXPECT_EQ(Found("Ring (01632) 960001."), "phone number '(01632) 960001'");
}

TEST(FindPersonalData, LeavesOrdinaryNumbersAndWordsAlone) {
  const char* const texts[] = {
      "Around 2,000 children are known to children's social care.",
      "Children aged 0 to 18 were in scope.",
      "Children aged 0-5, 5-11 and 11-18.",
      "Between 2019 and 2025 referrals rose.",
      "Inspectors looked at 10 000 records and 1,234,567 pounds.",
      "Of 30 children, 10 were audited in 2025.",
      "The reference number is 1234567890.",
      "Numbers 9434765918 and 943 476 5918 fail the check digit.",
      "From 2025-03-03 to 2025-03-07, and on 01/04/2024.",
      "0161 is the area code for Manchester.",
      "Section 47 enquiries and Year 10 pupils; COVID 19; the A14 road.",
      "Children were newborn on arrival; a stillborn baby; Dobson was there.",
      "A 3 in 10 chance; 100% of cases; 0.5 per cent.",
      "The phone number is withheld; no email address was given.",
  };
  for (const char* text : texts) EXPECT_EQ(Found(text), "") << text;
}

TEST(FindPersonalData, GivesByteOffsetsInReadingOrder) {
  std::vector<PersonalData> found = FindPersonalData("Café: SW1A 1AA, jo@example.org");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].offset, 7u);  // "Café: " is 7 bytes
  EXPECT_EQ(found[0].kind, "postcode");
  EXPECT_EQ(found[1].offset, 17u);
  EXPECT_EQ(found[1].kind, "email address");
}

TEST(FindPersonalData, APlaceIsReportedOnceEvenIfTwoKindsMatch) {
  // 012 345 6789 is shaped like a phone number and has a valid NHS check digit.
  ASSERT_TRUE(IsValidNhsNumber("0123456789"));
  EXPECT_EQ(Found("Number 012 345 6789 here"), "NHS number '012 345 6789'");
}

TEST(IsValidNhsNumber, ChecksTheModulus11CheckDigit) {
  struct Case {
    const char* digits;
    bool valid;
  };
  const Case cases[] = {
      {"9434765919", true},   {"4010232137", true},  {"4857773457", true},
      {"4500000070", true},   // remainder 0: check digit 0
      {"9434765918", false},  {"4010232136", false}, {"4500000071", false},
      {"4500000020", false},  // remainder 1: check digit would be 10, never valid
      {"4500000029", false},  {"943476591", false},  {"94347659190", false},
      {"943 476 5919", false},  // digits only
      {"943476591a", false},  {"", false},
  };
  for (const Case& c : cases) EXPECT_EQ(IsValidNhsNumber(c.digits), c.valid) << c.digits;
}

// ---------------------------------------------------------------------------------------------
// CheckCorpus

// Every rule broken by the corpus, briefly; the model stage must have accepted it.
std::string Check(const InlineCorpus& c) {
  auto built = test::Build(c);
  EXPECT_EQ(built->diagnostics, "") << "the model stage reported problems; the test changed too much";
  Diagnostics diags;
  CheckCorpus(built->corpus, built->sources, diags);
  return test::Brief(diags);
}

std::string CheckAfter(const std::string& path, const std::string& from, const std::string& to) {
  InlineCorpus c;
  c.Replace(path, from, to);
  return Check(c);
}

void ReplaceAll(InlineCorpus& c, const std::string& path, const std::string& from, const std::string& to) {
  std::string& text = c.Text(path);
  std::size_t count = 0;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
    ++count;
  }
  EXPECT_GT(count, 0u) << from;
}

// An extra bank holiday from letterpress.xml (as for a state funeral).
void AddHoliday(InlineCorpus& c, const std::string& date) {
  c.Replace(kSitePath, "  </glossary>\n",
            "  </glossary>\n  <calendar>\n    <holiday date=\"" + date +
                "\">Bank holiday for a state funeral</holiday>\n  </calendar>\n");
}

const std::string kIn = "corpus/inspections/alpha-2025/inspection.xml";
const std::string kFi = "corpus/inspections/alpha-2025/findings.xml";
const std::string kRe = "corpus/inspections/alpha-2025/responses.xml";
const std::string kCo = "corpus/inspections/alpha-2025/corrections/health.xml";

TEST(CheckCorpus, TheInlineCorpusKeepsEveryRule) { EXPECT_EQ(Check(InlineCorpus()), ""); }

TEST(Rules, FieldworkStartingOnASaturdayIsRefused) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "start=\"2025-03-03\"", "start=\"2025-03-01\""),
            kIn + ":27:5: error: fieldwork start 2025-03-01 is a Saturday; it must be a working day\n");
}

TEST(Rules, FieldworkOverABankHolidayIsRefused) {
  // Monday to Friday around a bank holiday on the Wednesday is only four working days.
  InlineCorpus c;
  AddHoliday(c, "2025-03-05");
  EXPECT_EQ(Check(c), kIn + ":27:5: error: fieldwork must be 5 consecutive working days; 2025-03-03 to 2025-03-07 "
                            "is 4 working days, as the bank holiday 2025-03-05 (Bank holiday for a state funeral) is "
                            "not a working day\n");
}

TEST(Rules, FieldworkEndingOnABankHolidayIsRefused) {
  InlineCorpus c;
  AddHoliday(c, "2025-03-07");
  EXPECT_EQ(Check(c), kIn + ":27:5: error: fieldwork end 2025-03-07 is a bank holiday (Bank holiday for a state "
                            "funeral); it must be a working day\n");
}

TEST(Rules, FiveWorkingDaysAroundABankHolidayAreAccepted) {
  InlineCorpus c;
  AddHoliday(c, "2025-03-05");
  c.Replace(kInspectionPath, "end=\"2025-03-07\"", "end=\"2025-03-10\"");
  EXPECT_EQ(Check(c), "");
}

TEST(Rules, FieldworkMustBeFiveWorkingDays) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "end=\"2025-03-07\"", "end=\"2025-03-06\""),
            kIn + ":27:5: error: fieldwork must be 5 consecutive working days; 2025-03-03 to 2025-03-06 is 4 working "
                  "days\n");
  EXPECT_EQ(CheckAfter(kInspectionPath, "end=\"2025-03-07\"", "end=\"2025-03-10\""),
            kIn + ":27:5: error: fieldwork must be 5 consecutive working days; 2025-03-03 to 2025-03-10 is 6 working "
                  "days\n");
}

TEST(Rules, FieldworkEndingBeforeItStartsIsRefused) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "start=\"2025-03-03\" end=\"2025-03-07\"", "start=\"2025-03-07\" end=\"2025-03-03\""),
            kIn + ":26:5: warning: notification is usually 10 working days before fieldwork; this is 14\n" +
                kIn + ":27:5: error: fieldwork ends (2025-03-03) before it starts (2025-03-07)\n");
}

TEST(Rules, NotificationMustComeBeforeFieldwork) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "<notification>2025-02-17", "<notification>2025-03-03"),
            kIn + ":26:5: error: notification 2025-03-03 must come before fieldwork starts (2025-03-03)\n");
}

TEST(Rules, NotificationIsUsuallyTenWorkingDaysAhead) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "<notification>2025-02-17", "<notification>2025-02-24"),
            kIn + ":26:5: warning: notification is usually 10 working days before fieldwork; this is 5\n");
}

TEST(Rules, NotificationOnAWeekendIsRefused) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "<notification>2025-02-17", "<notification>2025-02-16"),
            kIn + ":26:5: error: notification 2025-02-16 is a Sunday; it must be a working day\n");
}

TEST(Rules, TheDraftIsIssuedAfterFieldworkEnds) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "<draft-issued>2025-03-31", "<draft-issued>2025-03-06"),
            kIn + ":28:5: error: draft issued 2025-03-06 before fieldwork ended (2025-03-07)\n");
}

TEST(Rules, TheDraftIsIssuedOnAWorkingDay) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "<draft-issued>2025-03-31", "<draft-issued>2025-03-29"),
            kIn + ":28:5: error: draft issue date 2025-03-29 is a Saturday; it must be a working day\n");
}

TEST(Rules, AFactualAccuracyDeadlineOnABankHolidayIsRefused) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "    <publication>", "    <corrections-due>2025-04-18</corrections-due>\n    <publication>"),
            kIn + ":29:5: error: factual accuracy deadline 2025-04-18 is a bank holiday (Good Friday); it must be a "
                  "working day\n");
}

TEST(Rules, AFactualAccuracyDeadlineBeforeTheDraftIsRefused) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "    <publication>", "    <corrections-due>2025-03-28</corrections-due>\n    <publication>"),
            kIn + ":29:5: error: factual accuracy deadline must come after the draft is issued\n");
}

TEST(Rules, PublicationComesAfterTheFactualAccuracyDeadline) {
  // Draft issued Monday 31 March; five working days later is Monday 7 April.
  EXPECT_EQ(CheckAfter(kInspectionPath, "<publication>2025-04-24", "<publication>2025-04-07"),
            kIn + ":29:5: error: publication 2025-04-07 must come after the factual accuracy deadline (2025-04-07)\n");
  EXPECT_EQ(CheckAfter(kInspectionPath, "<publication>2025-04-24", "<publication>2025-04-08"), "");
}

TEST(Rules, PublicationComesAfterTheDraftAndFieldwork) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "<publication>2025-04-24", "<publication>2025-03-28"),
            kIn + ":29:5: error: publication 2025-03-28 must come after the draft was issued (2025-03-31)\n");
  EXPECT_EQ(CheckAfter(kInspectionPath, "<publication>2025-04-24", "<publication>2025-03-07"),
            kIn + ":29:5: error: publication 2025-03-07 must come after fieldwork ends (2025-03-07)\n");
}

TEST(Rules, PublicationIsOnAWorkingDay) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "<publication>2025-04-24", "<publication>2025-04-21"),
            kIn + ":29:5: error: publication date 2025-04-21 is a bank holiday (Easter Monday); it must be a working "
                  "day\n");
  EXPECT_EQ(CheckAfter(kInspectionPath, "<publication>2025-04-24", "<publication>2025-04-27"),
            kIn + ":29:5: error: publication date 2025-04-27 is a Sunday; it must be a working day\n");
}

// Real letters gave deadlines off the 70-working-day rule and on weekends: the letter prints what was given,
// and check warns, naming the computed date.
TEST(Rules, AnActionPlanDeadlineOffTheRuleIsAWarningNamingTheComputedDate) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "</publication>\n", "</publication>\n    <action-plan-due>2025-08-30</action-plan-due>\n"),
            kIn + ":30:5: warning: written statement of action deadline 30 August 2025 is not a working day (70 working "
                  "days after publication is 4 August 2025)\n");
  EXPECT_EQ(CheckAfter(kInspectionPath, "</publication>\n", "</publication>\n    <action-plan-due>2025-08-29</action-plan-due>\n"),
            kIn + ":30:5: warning: written statement of action deadline 29 August 2025 is not the computed one (70 "
                  "working days after publication is 4 August 2025)\n");
  EXPECT_EQ(CheckAfter(kInspectionPath, "</publication>\n", "</publication>\n    <action-plan-due>2025-08-04</action-plan-due>\n"), "");
  EXPECT_EQ(CheckAfter(kInspectionPath, "</publication>\n", "</publication>\n    <action-plan-due>2025-04-23</action-plan-due>\n"),
            kIn + ":30:5: error: written statement of action deadline must come after publication\n");
}

// The inspection moved to the end of 2025, with a calendar that ends there too (last-year 2025).
InlineCorpus LateIn2025(bool calendar_ends_in_2025) {
  InlineCorpus c;
  if (calendar_ends_in_2025) c.Replace(kCalendarPath, "last-year=\"2026\"", "last-year=\"2025\"");
  c.Replace(kInspectionPath, "<notification>2025-02-17", "<notification>2025-11-03");
  c.Replace(kInspectionPath, "start=\"2025-03-03\" end=\"2025-03-07\"", "start=\"2025-11-17\" end=\"2025-11-21\"");
  c.Replace(kInspectionPath, "<draft-issued>2025-03-31", "<draft-issued>2025-12-01");
  c.Replace(kInspectionPath, "<publication>2025-04-24", "<publication>2025-12-15");
  c.Replace(kInspectionPath, "change-note date=\"2025-05-01\"", "change-note date=\"2025-12-18\"");
  ReplaceAll(c, kFindingsPath, "on=\"2025-03-2", "on=\"2025-11-2");
  c.Replace(kCorrectionsPath, "submitted=\"2025-04-03\"", "submitted=\"2025-12-03\"");
  ReplaceAll(c, kCorrectionsPath, "on=\"2025-04-10\"", "on=\"2025-12-08\"");
  c.Replace(kResponsesPath, "date=\"2025-04-28\"", "date=\"2025-12-16\"");
  c.Replace(kResponsesPath, "<action-plan date=\"2025-07-01\"", "<action-plan date=\"2025-12-17\"");
  c.Replace(kThemePath, "publication=\"2025-09-01\"", "publication=\"2025-12-19\"");
  return c;
}

TEST(Rules, AnActionPlanDeadlineBeyondTheCalendarIsReported) {
  EXPECT_EQ(Check(LateIn2025(false)), "");
  EXPECT_EQ(Check(LateIn2025(true)),
            kIn + ":29:5: error: the written statement of action deadline (70 working days after publication) is "
                  "outside the working-day calendar; add the next year's bank holidays to <calendar> in "
                  "letterpress.xml\n");
}

TEST(Rules, APublicationDateBeyondTheCalendarIsReported) {
  InlineCorpus c = LateIn2025(true);
  c.Replace(kInspectionPath, "<publication>2025-12-15", "<publication>2026-01-05");
  c.Replace(kInspectionPath, "change-note date=\"2025-12-18\"", "change-note date=\"2026-01-06\"");
  c.Replace(kResponsesPath, "date=\"2025-12-16\"", "date=\"2026-01-06\"");
  c.Replace(kResponsesPath, "<action-plan date=\"2025-12-17\"", "<action-plan date=\"2026-01-06\"");
  c.Replace(kThemePath, "publication=\"2025-12-19\"", "publication=\"2026-01-07\"");
  EXPECT_EQ(Check(c), kIn + ":29:5: error: publication date 2026-01-05 is outside the working-day calendar (2024 to "
                            "2025); add that year's bank holidays to <calendar> in letterpress.xml\n");
}

TEST(Rules, AFactualAccuracyDeadlineBeyondTheCalendarIsReported) {
  InlineCorpus c = LateIn2025(true);
  c.Replace(kInspectionPath, "<status>published</status>", "<status>draft-issued</status>");
  c.Replace(kInspectionPath, "<draft-issued>2025-12-01", "<draft-issued>2025-12-30");
  c.Replace(kInspectionPath, "    <publication>2025-12-15</publication>\n", "");
  c.Replace(kInspectionPath,
            "  <change-notes>\n    <change-note date=\"2025-12-18\" kind=\"minor\">Corrected a typing error.</change-note>\n"
            "  </change-notes>\n",
            "");
  c.Remove(kResponsesPath);
  c.Remove(kCorrectionsPath);
  EXPECT_EQ(Check(c), kIn + ":28:5: error: factual accuracy deadline after 2025-12-30 is outside the working-day "
                            "calendar (2024 to 2025); add that year's bank holidays to <calendar> in letterpress.xml\n");
}

TEST(Rules, AStatusNeedsTheDatesItImplies) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "    <draft-issued>2025-03-31</draft-issued>\n", ""),
            kIn + ":5:3: error: status 'published' needs <draft-issued> in <dates>\n");
  EXPECT_EQ(CheckAfter(kInspectionPath, "    <publication>2025-04-24</publication>\n", ""),
            kIn + ":5:3: error: status 'published' needs <publication> in <dates>\n");
}

TEST(Rules, ADraftDateBeforeTheDraftStatusIsRefused) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<status>published</status>", "<status>moderated</status>");
  c.Replace(kInspectionPath, "    <publication>2025-04-24</publication>\n", "");
  c.Replace(kInspectionPath,
            "  <change-notes>\n    <change-note date=\"2025-05-01\" kind=\"minor\">Corrected a typing error.</change-note>\n"
            "  </change-notes>\n",
            "");
  c.Remove(kResponsesPath);
  c.Remove(kCorrectionsPath);
  EXPECT_EQ(Check(c), kIn + ":28:5: error: draft issue date given but status is 'moderated'; set the status to "
                            "'draft-issued' or remove the date\n");
}

TEST(Rules, WorkAfterPublicationNeedsAPublishedLetter) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "<status>published</status>", "<status>pre-publication</status>"),
            kIn + ":33:5: error: change notes are for amendments after publication; this inspection is not "
                  "published\n" +
                kRe + ":3:13: error: partner responses are made to a published letter; this inspection is "
                      "'pre-publication'\n");
}

TEST(Rules, CorrectionsNeedAnIssuedDraft) {
  InlineCorpus c;
  c.Replace(kInspectionPath, "<status>published</status>", "<status>moderated</status>");
  c.Replace(kInspectionPath, "    <draft-issued>2025-03-31</draft-issued>\n", "");
  c.Replace(kInspectionPath, "    <publication>2025-04-24</publication>\n", "");
  c.Replace(kInspectionPath,
            "  <change-notes>\n    <change-note date=\"2025-05-01\" kind=\"minor\">Corrected a typing error.</change-note>\n"
            "  </change-notes>\n",
            "");
  c.Remove(kResponsesPath);
  EXPECT_EQ(Check(c), kCo + ":2:1: error: corrections to a draft that has not been issued (status 'moderated')\n");
}

TEST(Rules, WithdrawalNeedsItsStatusAndNotice) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "<status>published</status>", "<status>withdrawn</status>"),
            kIn + ":5:3: error: a withdrawn inspection needs a <withdrawal> notice\n");
  EXPECT_EQ(CheckAfter(kInspectionPath, "  </change-notes>\n",
                       "  </change-notes>\n  <withdrawal date=\"2025-06-02\">Withdrawn.</withdrawal>\n"),
            kIn + ":5:3: error: <withdrawal> is given but the status is 'published'\n");
  InlineCorpus before;
  before.Replace(kInspectionPath, "<status>published</status>", "<status>withdrawn</status>");
  before.Replace(kInspectionPath, "  </change-notes>\n",
                 "  </change-notes>\n  <withdrawal date=\"2025-04-23\">Withdrawn.</withdrawal>\n");
  EXPECT_EQ(Check(before), kIn + ":5:3: error: withdrawal date comes before publication\n");
}

TEST(Rules, ChangeNotesFollowPublication) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "change-note date=\"2025-05-01\"", "change-note date=\"2025-04-23\""),
            kIn + ":33:5: error: change note dated 2025-04-23, before publication (2025-04-24)\n");
}

TEST(Rules, LettersAreUsuallyAddressedToFiveToTenPeople) {
  EXPECT_EQ(CheckAfter(kInspectionPath,
                       "    <addressee name=\"Hal Five\" role=\"Independent Scrutineer\" organisation=\"Alphaton "
                       "Partnership\" email=\"hal@alphaton.example\"/>\n",
                       ""),
            kIn + ":2:1: warning: letters are usually addressed to 5 to 10 people; this one has 4\n");
}

TEST(Rules, FindingsAreModeratedBetweenFieldworkAndTheDraft) {
  EXPECT_EQ(CheckAfter(kFindingsPath, "on=\"2025-03-21\"", "on=\"2025-04-01\""),
            kFi + ":20:5: error: finding 'afi-1' moderated on 2025-04-01, after the draft was issued (2025-03-31)\n");
  EXPECT_EQ(CheckAfter(kFindingsPath, "on=\"2025-03-21\"", "on=\"2025-02-28\""),
            kFi + ":20:5: error: finding 'afi-1' moderated on 2025-02-28, before fieldwork started\n");
  EXPECT_EQ(CheckAfter(kFindingsPath, "    <moderation by=\"cqc\" on=\"2025-03-21\"/>\n", ""),
            kFi + ":19:12: error: finding 'afi-1' is not moderated; findings must be moderated before status "
                  "'published'\n");
}

TEST(Rules, AreasForImprovementHaveDistinctPrioritiesWithoutGaps) {
  EXPECT_EQ(CheckAfter(kFindingsPath, " priority=\"3\">", ">"),
            kFi + ":23:12: error: finding 'afi-3' is an area for improvement and needs a priority, as others of its "
                  "kind have one (priority=\"1\" is the most urgent)\n");
  EXPECT_EQ(CheckAfter(kFindingsPath, "priority=\"3\"", "priority=\"2\""),
            kFi + ":23:74: error: priority 2 is also given to 'afi-2'; priorities must be distinct\n");
  EXPECT_EQ(CheckAfter(kFindingsPath, "priority=\"3\"", "priority=\"4\""),
            kFi + ":23:74: error: priority 4 is more than the number of areas for improvement (3)\n");
  // Within that range, a gap goes with a repeat: both are said.
  EXPECT_EQ(CheckAfter(kFindingsPath, "priority=\"2\"", "priority=\"1\""),
            kFi + ":19:76: error: priority 1 is also given to 'afi-2'; priorities must be distinct\n" + kFi +
                ":23:74: error: priorities of areas for improvement must run 1, 2, 3... with no gaps; expected 2, "
                "found 3\n");
  EXPECT_EQ(CheckAfter(kFindingsPath, "kind=\"strength\" agencies=\"social-care\">",
                       "kind=\"strength\" agencies=\"social-care\" priority=\"4\">"),
            kFi + ":27:62: error: finding 'str-1' is a strength; only areas for improvement and priority action have a "
                  "priority\n");
}

// The 2016-20 letters listed their improvements unranked: priority is optional, for the whole list at once.
TEST(Rules, AnUnrankedListOfImprovementsIsAllowed) {
  InlineCorpus c;
  c.Replace(kFindingsPath, " priority=\"1\"", "");
  c.Replace(kFindingsPath, " priority=\"2\"", "");
  c.Replace(kFindingsPath, " priority=\"3\"", "");
  EXPECT_EQ(Check(c), "");
}

// Practice studies need not be about one child ("Places and spaces: ..."), so a title is optional; only
// practice studies have a heading.
TEST(Rules, APracticeStudyMayHaveNoTitleButOnlyPracticeStudiesHaveAHeading) {
  EXPECT_EQ(CheckAfter(kFindingsPath, " title=\"Child A\"", " heading=\"Places and spaces: highly effective practice\""), "");
  EXPECT_EQ(CheckAfter(kFindingsPath, "kind=\"strength\" agencies=\"social-care\">",
                       "kind=\"strength\" agencies=\"social-care\" heading=\"Practice study\">"),
            kFi + ":27:12: error: finding 'str-1' is a strength; only practice studies have a heading (strengths and "
                  "improvements may have a group)\n");
}

// A round whose letters carry the cohort and scope (letter-context="true") cannot issue a draft without it.
TEST(Rules, ALetterOfARoundWithContextNeedsItsContextFromDraftOn) {
  InlineCorpus c;
  c.Replace(kThemePath, "<theme id=\"neglect\" format=\"1\">", "<theme id=\"neglect\" format=\"1\" letter-context=\"true\">");
  EXPECT_EQ(Check(c), "");
  c.Replace(kFindingsPath,
            "  <context>\n    <moderation by=\"ofsted\" on=\"2025-03-20\"/>\n"
            "    <body>This inspection looked at children living with neglect.</body>\n  </context>\n",
            "");
  EXPECT_EQ(Check(c), kFi + ":2:1: error: a letter of theme 'neglect' needs <context> (the cohort and scope) before its "
                            "draft is issued\n");
}

TEST(Rules, AnIssuedDraftHasHeadlineFindings) {
  InlineCorpus c;
  c.Replace(kFindingsPath,
            "  <headline-findings>\n    <moderation by=\"ofsted\" on=\"2025-03-20\"/>\n    <body>\n"
            "      Leaders understand neglect well.\n\n      Practice is improving but remains *inconsistent*.\n"
            "    </body>\n  </headline-findings>\n",
            "");
  EXPECT_EQ(Check(c), kFi + ":2:1: error: a letter needs <headline-findings> before its draft is issued\n");
}

TEST(Rules, UsualNumbersOfFindingsAreWarnings) {
  EXPECT_EQ(CheckAfter(kFindingsPath, "kind=\"strength\" agencies=\"health\"", "kind=\"main-finding\" agencies=\"health\""),
            kFi + ":2:1: warning: letters usually have 3 to 14 strengths; this one has 2\n");
  EXPECT_EQ(CheckAfter(kFindingsPath, "      Leaders understand neglect well.\n\n", ""),
            kFi + ":7:3: warning: headline findings are usually 2 to 5 paragraphs; these are 1\n");
}

TEST(Rules, ResponsesFollowThePublishedLetter) {
  EXPECT_EQ(CheckAfter(kResponsesPath, "date=\"2025-04-28\"", "date=\"2025-04-23\""),
            kRe + ":3:13: error: response dated 2025-04-23, before the letter was published (2025-04-24)\n");
  EXPECT_EQ(CheckAfter(kResponsesPath, "<action-plan date=\"2025-07-01\"", "<action-plan date=\"2025-04-23\""),
            kRe + ":7:3: error: action plan dated 2025-04-23, before the letter was published\n");
}

TEST(Rules, AResponseKeepsToItsWordLimit) {
  EXPECT_EQ(CheckAfter(kResponsesPath, "kind=\"joint\"", "kind=\"joint\" word-limit=\"3\""),
            kRe + ":5:16: error: response 'joint' is 4 words, over its limit of 3\n");
  EXPECT_EQ(CheckAfter(kResponsesPath, "kind=\"joint\"", "kind=\"joint\" word-limit=\"4\""), "");
}

TEST(Rules, TheActionPlanAnswersEveryAreaForImprovement) {
  EXPECT_EQ(CheckAfter(kResponsesPath, "answers=\"afi-2 afi-3\"", "answers=\"afi-2\""),
            kRe + ":7:3: warning: the action plan has no action answering 'afi-3'\n");
}

TEST(Rules, CorrectionsFollowTheDraftAndAreDecided) {
  EXPECT_EQ(CheckAfter(kCorrectionsPath, "submitted=\"2025-04-03\"", "submitted=\"2025-03-28\""),
            kCo + ":2:1: error: corrections submitted 2025-03-28, before the draft was issued (2025-03-31)\n");
  EXPECT_EQ(CheckAfter(kCorrectionsPath, "    <decision outcome=\"accepted\" by=\"Ann Example\" on=\"2025-04-10\"/>\n", ""),
            kCo + ":10:15: error: correction 'c2' is undecided but the status is 'published'\n");
  EXPECT_EQ(CheckAfter(kCorrectionsPath, " reason=\"not-a-factual-matter\"", ""),
            kCo + ":8:5: error: a declined correction needs a reason (reason=\"not-a-factual-matter\", ...)\n");
  EXPECT_EQ(CheckAfter(kCorrectionsPath, "by=\"Ann Example\" on=\"2025-04-10\"/>", "by=\"Ann Example\" on=\"2025-03-28\"/>"),
            kCo + ":14:5: error: decision dated before the draft was issued\n");
  EXPECT_EQ(CheckAfter(kCorrectionsPath,
                       "<proposed>Leaders understand neglect well.</proposed>\n    <evidence>The board minutes.</evidence>",
                       "<proposed></proposed>\n    <evidence> </evidence>"),
            kCo + ":10:15: error: correction 'c2' proposes no text and gives no evidence\n");
}

TEST(Rules, AnOverviewFollowsEveryLetterOfItsRound) {
  EXPECT_EQ(CheckAfter(kThemePath, "publication=\"2025-09-01\"", "publication=\"2025-04-24\""),
            "corpus/themes/neglect.xml:13:3: error: overview publication 2025-04-24 must come after the publication of "
            "every letter in the round; 'alpha-2025' is published 2025-04-24\n");
}

// ---------------------------------------------------------------------------------------------
// Public text: personal data and unsafe Markdown, reported where they are in the source

TEST(Rules, PersonalDataInAFindingIsReportedAtItsPlace) {
  EXPECT_EQ(CheckAfter(kFindingsPath, "<body>The quality of assessments.</body>",
                       "<body>Call 01632 960 001 about assessments.</body>"),
            kFi + ":17:16: error: possible phone number '01632 960 001' in public text; remove details that identify "
                  "a person\n");
}

TEST(Rules, PersonalDataInIndentedMarkdownMapsBackThroughTheIndent) {
  EXPECT_EQ(CheckAfter(kFindingsPath, "      Practice is improving but remains *inconsistent*.",
                       "      Practice is improving; write to jo.bloggs@example.org."),
            kFi + ":12:39: error: possible email address 'jo.bloggs@example.org' in public text; remove details "
                  "that identify a person\n");
}

// The inspectorates' published mailbox for written statements is an organisation's address, not personal data.
TEST(Rules, TheStatementMailboxNamedInTheSiteIsAllowedInPublicText) {
  InlineCorpus c;
  c.Replace(kFindingsPath, "<body>The quality of assessments.</body>",
            "<body>Send it to ProtectionOfChildren@inspectorate.example.org.</body>");
  EXPECT_EQ(Check(c), kFi + ":17:22: error: possible email address 'ProtectionOfChildren@inspectorate.example.org' in "
                            "public text; remove details that identify a person\n");
  c.Replace(test::kSitePath, "embargo-time=\"09:30\"",
            "embargo-time=\"09:30\" statement-mailbox=\"protectionofchildren@inspectorate.example.org\"");
  EXPECT_EQ(Check(c), "");
}

TEST(Rules, PersonalDataAfterAnEntityMapsToTheSourceColumn) {
  // "&amp;" is one character of text but five of source.
  EXPECT_EQ(CheckAfter(kFindingsPath, "<body>The quality of assessments.</body>",
                       "<body>Risk &amp; need: SW1A 1AA.</body>"),
            kFi + ":17:28: error: possible postcode 'SW1A 1AA' in public text; remove details that identify a "
                  "person\n");
}

TEST(Rules, PersonalDataInTitlesAndChangeNotesIsReported) {
  EXPECT_EQ(CheckAfter(kInspectionPath, "Corrected a typing error.", "Phoned 01632 960 001 to confirm."),
            kIn + ":33:5: error: possible phone number '01632 960 001' in public text; remove details that identify a "
                  "person\n");
  EXPECT_EQ(CheckAfter(kFindingsPath, "title=\"Child A\"", "title=\"Child A, born on 3 May\""),
            kFi + ":48:12: error: possible date of birth 'born on' in public text; remove details that identify a "
                  "person\n");
}

TEST(Rules, UnsafeMarkdownIsReportedAtItsSourceColumn) {
  EXPECT_EQ(CheckAfter(kFindingsPath, "      Leaders understand neglect well.",
                       "      Leaders understand &lt;b&gt;neglect&lt;/b&gt; well."),
            kFi + ":10:26: error: raw HTML is not allowed in Markdown; write the text without tags\n" +
                kFi + ":10:42: error: raw HTML is not allowed in Markdown; write the text without tags\n");
  EXPECT_EQ(CheckAfter(kFindingsPath, "      Practice is improving but remains *inconsistent*.",
                       "      Practice is [improving](javascript:alert(1))."),
            kFi + ":12:19: error: link with scheme 'javascript:' is not allowed; use http, https or a page of this "
                  "site\n");
}

TEST(Rules, UnsafeMarkdownOnAContinuationLineIsReportedAtItsColumn) {
  EXPECT_EQ(CheckAfter(kFindingsPath, "      Leaders understand neglect well.",
                       "      Leaders understand neglect\n      &lt;i&gt;well&lt;/i&gt;."),
            kFi + ":11:7: error: raw HTML is not allowed in Markdown; write the text without tags\n" +
                kFi + ":11:20: error: raw HTML is not allowed in Markdown; write the text without tags\n");
}

TEST(Rules, TextOverTheFieldLimitIsRefused) {
  EXPECT_EQ(CheckAfter(kSitePath, "  <inspectorates>\n", "  <limits field-chars=\"90\"/>\n  <inspectorates>\n"),
            kFi + ":42:7: error: text is 98 characters, over the limit of 90 (letterpress.xml <limits field-chars>)\n");
}

TEST(Rules, FilesOverTheCorpusLimitAreRefusedButNotTheBundledCalendar) {
  InlineCorpus c;
  c.Replace(kSitePath, "  <inspectorates>\n", "  <limits file-bytes=\"1400\"/>\n  <inspectorates>\n");
  const std::size_t calendar = c.Text(kCalendarPath).size();
  ASSERT_GT(calendar, 1400u);
  EXPECT_EQ(Check(c), kFi + ": error: file is " + std::to_string(c.Text(kFindingsPath).size()) +
                          " bytes, over the limit of 1400 bytes (letterpress.xml <limits file-bytes>)\n" + kIn +
                          ": error: file is " + std::to_string(c.Text(kInspectionPath).size()) +
                          " bytes, over the limit of 1400 bytes (letterpress.xml <limits file-bytes>)\n");
}

}  // namespace
}  // namespace lp::rules
