// validate: documents against the real schemas in schemas/, reported at the line and column of the mistake.

#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "inline_corpus.h"
#include "load/corpus_files.h"
#include "model/build.h"
#include "rules/rules.h"
#include "validate/schema_validator.h"

namespace lp::validate {
namespace {

class Validate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    schemas_ = new SchemaSet();
    Diagnostics diags;
    bool loaded = schemas_->Load(LETTERPRESS_SOURCE_DIR "/schemas", diags);
    ASSERT_TRUE(loaded) << diags.FormatAll();
  }
  static void TearDownTestSuite() {
    delete schemas_;
    schemas_ = nullptr;
  }

  // Validates one in-memory document; returns every diagnostic, formatted.
  static std::string Check(load::DocType type, const std::string& bytes, bool expect_valid = false) {
    load::SourceSet set;
    const load::SourceDocument& doc = set.Add(type, "alpha-2025", "findings.xml", bytes);
    Diagnostics diags;
    bool valid = schemas_->Validate(doc, diags);
    EXPECT_EQ(valid, expect_valid) << diags.FormatAll();
    EXPECT_EQ(valid, !diags.has_errors()) << "the result and the diagnostics disagree";
    return diags.FormatAll();
  }
  static std::string Findings(const std::string& bytes) { return Check(load::DocType::kFindings, bytes); }

  static SchemaSet* schemas_;
};

SchemaSet* Validate::schemas_ = nullptr;

const char kHead[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<findings inspection=\"alpha-2025\" format=\"1\">\n";

TEST_F(Validate, AValidDocumentPasses) {
  EXPECT_EQ(Check(load::DocType::kFindings,
                  std::string(kHead) +
                      "  <finding id=\"str-1\" kind=\"strength\" agencies=\"health\">\n"
                      "    <body>Health visitors are persistent.</body>\n"
                      "  </finding>\n"
                      "</findings>\n",
                  /*expect_valid=*/true),
            "");
}

TEST_F(Validate, EveryDocumentOfTheInlineTestCorpusIsValid) {
  // The model and rules tests build on these documents; they must be what validation lets through.
  const test::InlineCorpus corpus;
  for (const test::InlineDocument& d : corpus.documents()) {
    EXPECT_EQ(Check(d.type, d.bytes, /*expect_valid=*/true), "") << d.path;
  }
}

TEST_F(Validate, LoadingFromAFolderWithoutSchemasFails) {
  SchemaSet schemas;
  Diagnostics diags;
  EXPECT_FALSE(schemas.Load(LETTERPRESS_SOURCE_DIR "/no-such-folder", diags));
  EXPECT_EQ(diags.Sorted().size(), 8u);  // one per document type, the published record included
  EXPECT_EQ(diags.Sorted()[0].message, "cannot load schema (is --resources pointing at the Letterpress folder?)");
}

// ---------------------------------------------------------------------------------------------
// Malformed XML

TEST_F(Validate, AMismatchedClosingTagIsReportedWhereItIs) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"str-1\" kind=\"strength\" agencies=\"health\">\n"
                     "    <body>Text.</body>\n"
                     "  </findng>\n"
                     "</findings>\n"),
            "findings.xml:5:3: error: malformed XML: closing tag </findng> does not match <finding> (opened at line 3); "
            "is </finding> missing or misspelt?\n"
            "      </findng>\n"
            "      ^\n");
}

TEST_F(Validate, ABareAmpersandIsReportedAtTheAmpersand) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"str-1\" kind=\"strength\" agencies=\"health\">\n"
                     "    <body>Risk & need.</body>\n"
                     "  </finding>\n"
                     "</findings>\n"),
            "findings.xml:4:16: error: malformed XML: a '&' on its own must be written '&amp;'\n"
            "        <body>Risk & need.</body>\n"
            "                   ^\n");
}

TEST_F(Validate, ColumnsOfMalformedXmlCountCharactersNotBytes) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"str-1\" kind=\"strength\" agencies=\"health\" title=\"Café – Ü\" title=\"x\">\n"
                     "    <body>Text.</body>\n"
                     "  </finding>\n"
                     "</findings>\n"),
            "findings.xml:3:74: error: malformed XML: attribute 'title' is given twice\n"
            "      <finding id=\"str-1\" kind=\"strength\" agencies=\"health\" title=\"Café – Ü\" title=\"x\">\n"
            "    " + std::string(73, ' ') + "^\n");
}

TEST_F(Validate, ATruncatedFileNamesTheElementLeftOpen) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"str-1\" kind=\"strength\" agencies=\"health\">\n"
                     "    <body>Text.</body>\n"),
            "findings.xml:4:23: error: malformed XML: the file ends before <finding> (opened at line 3) is closed; is "
            "it truncated?\n"
            "        <body>Text.</body>\n"
            "                          ^\n");
}

// ---------------------------------------------------------------------------------------------
// DOCTYPE

TEST_F(Validate, ADoctypeIsRefusedBeforeAnythingIsExpanded) {
  EXPECT_EQ(Findings("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<!DOCTYPE findings [\n"
                     "  <!ENTITY a \"aaaaaaaaaa\">\n"
                     "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                     "  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
                     "]>\n"
                     "<findings inspection=\"alpha-2025\" format=\"1\">&c;</findings>\n"),
            "findings.xml:2:1: error: DOCTYPE declarations are not allowed\n"
            "    <!DOCTYPE findings [\n"
            "    ^\n");
}

TEST_F(Validate, AnExternalDoctypeIsRefusedToo) {
  EXPECT_EQ(Findings("<!-- a comment first -->\n<!DOCTYPE findings SYSTEM \"file:///etc/passwd\">\n"
                     "<findings inspection=\"alpha-2025\" format=\"1\"/>\n"),
            "findings.xml:2:1: error: DOCTYPE declarations are not allowed\n"
            "    <!DOCTYPE findings SYSTEM \"file:///etc/passwd\">\n"
            "    ^\n");
}

// ---------------------------------------------------------------------------------------------
// Schema errors in our words

TEST_F(Validate, AnEnumerationTypoInAnAttributeSuggestsTheValueOnce) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"afi-1\" kind=\"area-for-improvment\" agencies=\"health\" priority=\"1\">\n"
                     "    <body>Text.</body>\n"
                     "  </finding>\n"
                     "</findings>\n"),
            "findings.xml:3:23: error: Element 'finding', attribute 'kind': 'area-for-improvment' is not one of "
            "area-for-priority-action, area-for-improvement, strength, main-finding, practice-study-effective, "
            "practice-study-improvement; did you mean 'area-for-improvement'?\n"
            "      <finding id=\"afi-1\" kind=\"area-for-improvment\" agencies=\"health\" priority=\"1\">\n"
            "                          ^\n");
}

TEST_F(Validate, AnEnumerationTypoInElementTextSuggestsTheValue) {
  std::string inspection = test::kInspectionXml;
  inspection.replace(inspection.find("<status>published</status>"), 26, "<status>publised</status>");
  EXPECT_EQ(Check(load::DocType::kInspection, inspection),
            "findings.xml:5:3: error: Element 'status': 'publised' is not one of fieldwork, moderated, draft-issued, "
            "corrections-decided, pre-publication, published, withdrawn; did you mean 'published'?\n"
            "      <status>publised</status>\n"
            "      ^\n");
}

TEST_F(Validate, AnUnexpectedElementSaysWhatWasExpected) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <findng id=\"str-1\" kind=\"strength\" agencies=\"health\">\n"
                     "    <body>Text.</body>\n"
                     "  </findng>\n"
                     "</findings>\n"),
            "findings.xml:3:3: error: Element 'findng': not expected here; expected one of letter, context, headline-findings, "
            "finding; did you mean 'finding'?\n"
            "      <findng id=\"str-1\" kind=\"strength\" agencies=\"health\">\n"
            "      ^\n");
}

TEST_F(Validate, AnElementOutOfOrderSaysWhatWasExpected) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"str-1\" kind=\"strength\" agencies=\"health\">\n"
                     "    <body>Text.</body>\n"
                     "    <moderation by=\"ofsted\" on=\"2025-03-20\"/>\n"
                     "  </finding>\n"
                     "</findings>\n"),
            "findings.xml:5:5: error: Element 'moderation': not expected here\n"
            "        <moderation by=\"ofsted\" on=\"2025-03-20\"/>\n"
            "        ^\n");
}

TEST_F(Validate, AnAttributeErrorPointsAtTheAttribute) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"Afi_1\" kind=\"area-for-improvement\" agencies=\"health\" priority=\"first\">\n"
                     "    <body>Text.</body>\n"
                     "  </finding>\n"
                     "</findings>\n"),
            "findings.xml:3:12: error: Element 'finding', attribute 'id': 'Afi_1' is not an id: use lower-case "
            "letters, digits and single hyphens; did you mean 'afi-1'?\n"
            "      <finding id=\"Afi_1\" kind=\"area-for-improvement\" agencies=\"health\" priority=\"first\">\n"
            "               ^\n"
            "findings.xml:3:69: error: Element 'finding', attribute 'priority': 'first' is not a whole number of 1 or "
            "more\n"
            "      <finding id=\"Afi_1\" kind=\"area-for-improvement\" agencies=\"health\" priority=\"first\">\n"
            "                                                                        ^\n");
}

TEST_F(Validate, AnAttributeColumnCountsCharactersNotBytes) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding title=\"Café – Zoë\" id=\"ps-1\" kind=\"practice-study\" agencies=\"health\">\n"
                     "    <body>Text.</body>\n"
                     "  </finding>\n"
                     "</findings>\n"),
            "findings.xml:3:41: error: Element 'finding', attribute 'kind': 'practice-study' is not one of "
            "area-for-priority-action, area-for-improvement, strength, main-finding, practice-study-effective, "
            "practice-study-improvement\n"
            "      <finding title=\"Café – Zoë\" id=\"ps-1\" kind=\"practice-study\" agencies=\"health\">\n"
            "                                            ^\n");
}

TEST_F(Validate, AnAttributeErrorInAStartTagOverSeveralLinesPointsAtTheAttributesLine) {
  // Long start tags are often wrapped; libxml2 gives the line where the tag ends.
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"afi-1\"\n"
                     "           kind=\"area-for-improvment\"\n"
                     "           agencies=\"health\"\n"
                     "           priority=\"1\">\n"
                     "    <body>Text.</body>\n"
                     "  </finding>\n"
                     "</findings>\n"),
            "findings.xml:4:12: error: Element 'finding', attribute 'kind': 'area-for-improvment' is not one of "
            "area-for-priority-action, area-for-improvement, strength, main-finding, practice-study-effective, "
            "practice-study-improvement; did you mean 'area-for-improvement'?\n"
            "               kind=\"area-for-improvment\"\n"
            "               ^\n");
}

TEST_F(Validate, AnUnknownAttributePointsAtTheAttributeAndSuggestsTheKnownOne) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"afi-1\" kind=\"area-for-improvement\" agencies=\"health\" priorty=\"1\">\n"
                     "    <body>Text.</body>\n"
                     "  </finding>\n"
                     "</findings>\n"),
            "findings.xml:3:69: error: Element 'finding': unknown attribute 'priorty'; did you mean 'priority'?\n"
            "      <finding id=\"afi-1\" kind=\"area-for-improvement\" agencies=\"health\" priorty=\"1\">\n"
            "                                                                        ^\n");
}

TEST_F(Validate, AMissingRequiredAttributePointsAtItsElement) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"str-1\" agencies=\"health\">\n"
                     "    <body>Text.</body>\n"
                     "  </finding>\n"
                     "</findings>\n"),
            "findings.xml:3:3: error: Element 'finding': missing required attribute 'kind'\n"
            "      <finding id=\"str-1\" agencies=\"health\">\n"
            "      ^\n");
}

TEST_F(Validate, AMissingChildElementIsNamed) {
  EXPECT_EQ(Findings(std::string(kHead) +
                     "  <finding id=\"str-1\" kind=\"strength\" agencies=\"health\">\n"
                     "    <moderation by=\"ofsted\" on=\"2025-03-20\"/>\n"
                     "  </finding>\n"
                     "</findings>\n"),
            "findings.xml:3:3: error: Element 'finding': missing child element body\n"
            "      <finding id=\"str-1\" kind=\"strength\" agencies=\"health\">\n"
            "      ^\n");
}

TEST_F(Validate, TheWrongRootElementIsNamed) {
  EXPECT_EQ(Findings("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<responses inspection=\"alpha-2025\" format=\"1\"/>\n"),
            "findings.xml:2:1: error: the root element must be <findings>, not <responses>\n"
            "    <responses inspection=\"alpha-2025\" format=\"1\"/>\n"
            "    ^\n");
}

TEST_F(Validate, EveryErrorInADocumentIsReportedInOrder) {
  std::string out = Findings(std::string(kHead) +
                             "  <finding id=\"str-1\" kind=\"strenght\" agencies=\"health\">\n"
                             "    <body>Text.</body>\n"
                             "  </finding>\n"
                             "  <finding id=\"str-2\" kind=\"strength\" agencies=\"Health\">\n"
                             "    <moderation by=\"ofsted\" on=\"2025-3-20\"/>\n"
                             "    <body>Text.</body>\n"
                             "  </finding>\n"
                             "</findings>\n");
  std::vector<std::string> firsts;
  for (std::size_t start = 0; start < out.size();) {
    std::size_t end = out.find('\n', start);
    std::string line = out.substr(start, end - start);
    if (line.rfind("findings.xml:", 0) == 0) firsts.push_back(line);
    start = end + 1;
  }
  EXPECT_EQ(firsts, (std::vector<std::string>{
                        "findings.xml:3:23: error: Element 'finding', attribute 'kind': 'strenght' is not one of "
                        "area-for-priority-action, area-for-improvement, strength, main-finding, "
                        "practice-study-effective, practice-study-improvement; did you mean 'strength'?",
                        "findings.xml:6:39: error: Element 'finding', attribute 'agencies': 'Health' is not an id: use "
                        "lower-case letters, digits and single hyphens; did you mean 'health'?",
                        "findings.xml:7:29: error: Element 'moderation', attribute 'on': '2025-3-20' is not a date; "
                        "write dates as YYYY-MM-DD; did you mean '2025-03-20'?",
                    }));
}

TEST_F(Validate, ValidateAllMarksDocumentsWithAProblemOfStructureUnusable) {
  test::InlineCorpus c;
  c.Replace(test::kThemePath, "<title>Neglect</title>", "<titel>Neglect</titel>");
  load::SourceSet sources = c.Sources();
  Diagnostics diags;
  ValidateAll(*schemas_, sources, diags);
  for (const load::SourceDocument& d : sources.documents()) {
    EXPECT_EQ(d.usable, d.file->path() != test::kThemePath) << d.file->path();
  }
  EXPECT_EQ(test::Brief(diags).substr(0, 60), "corpus/themes/neglect.xml:3:3: error: Element 'titel': not e");
}

TEST_F(Validate, ABadValueLeavesTheDocumentUsableWithThatValueRefused) {
  test::InlineCorpus c;
  c.Replace(test::kThemePath, "<title>Neglect</title>", "<title></title>");
  c.Replace(test::kInspectionPath, R"(<fieldwork start="2025-03-03")", R"(<fieldwork start="2025-03-32")");
  load::SourceSet sources = c.Sources();
  Diagnostics diags;
  ValidateAll(*schemas_, sources, diags);
  EXPECT_EQ(test::Brief(diags),
            "corpus/inspections/alpha-2025/inspection.xml:27:16: error: Element 'fieldwork', attribute 'start': "
            "'2025-03-32' is not a real date\n"
            "corpus/themes/neglect.xml:3:3: error: Element 'title': must not be empty\n");
  for (const load::SourceDocument& d : sources.documents()) {
    EXPECT_TRUE(d.usable) << d.file->path();
    if (d.file->path() == test::kInspectionPath) {
      ASSERT_EQ(d.refused_values.size(), 1u);
      EXPECT_EQ(d.file->bytes().substr(*d.refused_values.begin(), 6), "start=");
    } else if (d.file->path() == test::kThemePath) {
      ASSERT_EQ(d.refused_values.size(), 1u);
      EXPECT_EQ(d.file->bytes().substr(*d.refused_values.begin(), 7), "<title>");
    } else {
      EXPECT_TRUE(d.refused_values.empty()) << d.file->path();
    }
  }
  Diagnostics model_diags;
  Corpus corpus = model::BuildCorpus(sources, model_diags);
  EXPECT_EQ(model_diags.FormatAll(), "") << "a refused value is reported once, by validation";
  ASSERT_EQ(corpus.inspections.size(), 1u);
  EXPECT_FALSE(corpus.inspections[0].dates.fieldwork_start_known);
  EXPECT_TRUE(corpus.inspections[0].dates.fieldwork_end_known);
  EXPECT_EQ(corpus.inspections[0].dates.fieldwork_end.Iso(), "2025-03-07");
}

// Every typed value of the inline corpus (dates, whole numbers, booleans, words from a list), made invalid
// one at a time: validation reports it, and the model and rules add no error of their own: a bad value
// is read as missing, and the rules that need it skip quietly instead of reporting follow-on errors.
TEST_F(Validate, ABadValueInAnyFieldGivesItsOwnDiagnosticAndNoFollowOnErrors) {
  static const std::regex kAttribute(R"re( ([a-z-]+)="([^"]*)")re");
  static const std::regex kText(R"re(<([a-z-]+)>([^<]*)</\1>)re");
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
  static const std::regex kNumber(R"(\d+)");
  static const std::set<std::string> kWords = {"kind", "type", "status", "outcome", "reason", "audience", "lead",
                                               "letter-context", "layout"};
  int mutations = 0;
  const test::InlineCorpus original;
  for (const test::InlineDocument& doc : original.documents()) {
    if (doc.type == load::DocType::kCalendar) continue;
    struct Spot {
      std::size_t at, size;
      std::string name;
    };
    std::vector<Spot> spots;
    for (const std::regex* re : {&kAttribute, &kText}) {
      for (std::sregex_iterator it(doc.bytes.begin(), doc.bytes.end(), *re), end; it != end; ++it) {
        const std::smatch& m = *it;
        spots.push_back({static_cast<std::size_t>(m.position(2)), static_cast<std::size_t>(m.length(2)), m[1].str()});
      }
    }
    for (const Spot& spot : spots) {
      std::string value = doc.bytes.substr(spot.at, spot.size);
      std::string bad;
      if (std::regex_match(value, kDate)) bad = "2025-02-30";
      else if (std::regex_match(value, kNumber)) bad = "12x";
      else if (kWords.count(spot.name)) bad = "nonsense";
      else continue;
      test::InlineCorpus c;
      std::string& text = c.Text(doc.path);
      text.replace(spot.at, spot.size, bad);
      load::SourceSet sources = c.Sources();
      Diagnostics validation;
      ValidateAll(*schemas_, sources, validation);
      if (!validation.has_errors()) continue;  // the schema takes any text there
      ++mutations;
      Diagnostics later;
      Corpus corpus = model::BuildCorpus(sources, later);
      rules::CheckCorpus(corpus, sources, later);
      EXPECT_EQ(later.error_count(), 0u) << doc.path << ": " << spot.name << "=\"" << bad << "\"\n"
                                         << test::Brief(validation) << "then:\n" << test::Brief(later);
    }
  }
  EXPECT_GT(mutations, 40);
}

}  // namespace
}  // namespace lp::validate
