// base: source positions, diagnostics and the small text utilities every stage shares.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "base/csv.h"
#include "base/diagnostics.h"
#include "base/gzip.h"
#include "base/source.h"
#include "base/text.h"

namespace lp {
namespace {

std::string At(const SourceFile& file, std::size_t offset) {
  LineCol p = file.Position(offset);
  return std::to_string(p.line) + ":" + std::to_string(p.col);
}

// ---------------------------------------------------------------------------------------------
// SourceFile

TEST(SourceFile, PositionsCountLinesAndColumnsFromOne) {
  SourceFile f("a.xml", "ab\ncd\n\nef");
  EXPECT_EQ(f.line_count(), 4);
  EXPECT_EQ(At(f, 0), "1:1");
  EXPECT_EQ(At(f, 1), "1:2");
  EXPECT_EQ(At(f, 2), "1:3");  // the newline itself
  EXPECT_EQ(At(f, 3), "2:1");
  EXPECT_EQ(At(f, 4), "2:2");
  EXPECT_EQ(At(f, 6), "3:1");
  EXPECT_EQ(At(f, 7), "4:1");
  EXPECT_EQ(At(f, 8), "4:2");
}

TEST(SourceFile, ColumnsCountCodePointsNotBytes) {
  // "é" is two bytes, "€" three and "😀" four; each is one column.
  SourceFile f("a.xml", "é€😀x\n\xC3\xA9y");
  EXPECT_EQ(At(f, 2), "1:2");   // after é
  EXPECT_EQ(At(f, 5), "1:3");   // after €
  EXPECT_EQ(At(f, 9), "1:4");   // the x
  EXPECT_EQ(At(f, 13), "2:2");  // the y
}

TEST(SourceFile, ATabIsOneColumn) {
  SourceFile f("a.xml", "\t\tx");
  EXPECT_EQ(At(f, 2), "1:3");
}

TEST(SourceFile, CrlfLineEndsAreOneLineBreakAndNotPartOfTheLineText) {
  SourceFile f("a.xml", "ab\r\ncd\r\n");
  EXPECT_EQ(f.line_count(), 3);
  EXPECT_EQ(At(f, 4), "2:1");
  EXPECT_EQ(At(f, 5), "2:2");
  EXPECT_EQ(f.LineText(1), "ab");
  EXPECT_EQ(f.LineText(2), "cd");
  EXPECT_EQ(f.LineText(3), "");
}

TEST(SourceFile, ALoneCrEndsALineAsXmlReadsIt) {
  // Old Mac line endings: the whole file was once line 1, with every line in the source line shown.
  SourceFile f("a.xml", "ab\rcd\r\ref");
  EXPECT_EQ(f.line_count(), 4);
  EXPECT_EQ(At(f, 3), "2:1");
  EXPECT_EQ(At(f, 4), "2:2");
  EXPECT_EQ(At(f, 7), "4:1");
  EXPECT_EQ(f.LineText(1), "ab");
  EXPECT_EQ(f.LineText(2), "cd");
  EXPECT_EQ(f.LineText(3), "");
  EXPECT_EQ(f.LineText(4), "ef");
}

TEST(SourceFile, MixedLineEndingsEachCountOnce) {
  SourceFile f("a.xml", "a\r\nb\nc\rd\r");
  EXPECT_EQ(f.line_count(), 5);
  EXPECT_EQ(At(f, 3), "2:1");
  EXPECT_EQ(At(f, 5), "3:1");
  EXPECT_EQ(At(f, 7), "4:1");
  EXPECT_EQ(f.LineText(3), "c");
  EXPECT_EQ(f.LineText(4), "d");
  EXPECT_EQ(f.LineText(5), "");
}

TEST(SourceFile, LastLineWithoutANewlineIsALine) {
  SourceFile f("a.xml", "first\nlast");
  EXPECT_EQ(f.line_count(), 2);
  EXPECT_EQ(f.LineText(2), "last");
  EXPECT_EQ(f.LineStart(2), 6u);
  EXPECT_EQ(At(f, 10), "2:5");  // end of file
}

TEST(SourceFile, OffsetsPastTheEndAreClampedToTheEnd) {
  SourceFile f("a.xml", "ab\ncd");
  EXPECT_EQ(At(f, 5), "2:3");
  EXPECT_EQ(At(f, 6), "2:3");
  EXPECT_EQ(At(f, std::string::npos), "2:3");
}

TEST(SourceFile, EmptyFileHasOneEmptyLine) {
  SourceFile f("a.xml", "");
  EXPECT_EQ(f.line_count(), 1);
  EXPECT_EQ(At(f, 0), "1:1");
  EXPECT_EQ(At(f, 3), "1:1");
  EXPECT_EQ(f.LineText(1), "");
}

TEST(SourceFile, LineStartAndLineTextOutsideTheFile) {
  SourceFile f("a.xml", "ab\ncd");
  EXPECT_EQ(f.LineStart(0), 0u);
  EXPECT_EQ(f.LineStart(1), 0u);
  EXPECT_EQ(f.LineStart(2), 3u);
  EXPECT_EQ(f.LineStart(3), 5u);  // past the last line: end of file
  EXPECT_EQ(f.LineText(0), "");
  EXPECT_EQ(f.LineText(3), "");
  EXPECT_EQ(f.LineText(-1), "");
}

// ---------------------------------------------------------------------------------------------
// Diagnostic::Format

TEST(DiagnosticFormat, PrintsPathLineColumnSourceLineAndCaret) {
  SourceFile f("corpus/letterpress.xml", "<site>\n  <title/>\n</site>\n");
  Diagnostics d;
  d.Error({&f, 9}, "element 'title' is empty");
  EXPECT_EQ(d.FormatAll(),
            "corpus/letterpress.xml:2:3: error: element 'title' is empty\n"
            "      <title/>\n"
            "      ^\n");
}

TEST(DiagnosticFormat, WarningsSayWarning) {
  SourceFile f("a.xml", "x\n");
  Diagnostics d;
  d.Warning({&f, 0}, "usually more");
  EXPECT_EQ(d.FormatAll(), "a.xml:1:1: warning: usually more\n    x\n    ^\n");
}

TEST(DiagnosticFormat, CaretKeepsTabsSoItLinesUpInATerminal) {
  SourceFile f("a.xml", "\t<a>\t<b/>\n");
  Diagnostics d;
  d.Error({&f, 5}, "here");  // the '<' of <b/>
  EXPECT_EQ(d.FormatAll(), "a.xml:1:6: error: here\n    \t<a>\t<b/>\n    \t   \t^\n");
}

TEST(DiagnosticFormat, CaretCountsMultiByteCharactersAsOneColumn) {
  SourceFile f("a.xml", "<t>Café £5 <x/></t>\n");
  Diagnostics d;
  d.Error({&f, 13}, "here");  // the '<' of <x/>: 13 bytes, 11 characters in
  EXPECT_EQ(d.FormatAll(), "a.xml:1:12: error: here\n    <t>Café £5 <x/></t>\n               ^\n");
}

TEST(DiagnosticFormat, FileDiagnosticHasNoPositionAndNoSourceLine) {
  Diagnostics d;
  d.FileError("corpus/themes/x.xml", "file is empty");
  EXPECT_EQ(d.FormatAll(), "corpus/themes/x.xml: error: file is empty\n");
}

TEST(DiagnosticFormat, ControlCharactersAndInvalidBytesInTheSourceLineShowAsQuestionMarks) {
  SourceFile f("a.xml", std::string("a\x01" "b\xFF" "c\x7F" "d\n", 8));
  Diagnostics d;
  d.Error({&f, 6}, "here");  // the d
  EXPECT_EQ(d.FormatAll(), "a.xml:1:7: error: here\n    a?b?c?d\n          ^\n");
}

TEST(DiagnosticFormat, AVeryLongLineIsCutToAWindowWithTheCaretStillUnderItsCharacter) {
  // A generated or hostile file may have one enormous line; print enough to see the place, not all of it.
  const std::string line = std::string(4999, 'a') + "X" + std::string(5000, 'b');
  SourceFile f("a.xml", line + "\n");
  Diagnostics d;
  d.Error({&f, 4999}, "here");
  const std::string out = d.FormatAll();
  const std::size_t first_newline = out.find('\n');
  ASSERT_NE(first_newline, std::string::npos);
  EXPECT_EQ(out.substr(0, first_newline), "a.xml:1:5000: error: here");
  const std::size_t second_newline = out.find('\n', first_newline + 1);
  ASSERT_NE(second_newline, std::string::npos);
  const std::string shown = out.substr(first_newline + 1, second_newline - first_newline - 1);
  const std::string caret = out.substr(second_newline + 1);
  EXPECT_LT(shown.size(), 1000u);
  EXPECT_EQ(shown.substr(0, 7), "    ...");
  EXPECT_EQ(shown.substr(shown.size() - 3), "...");
  ASSERT_EQ(caret.back(), '\n');
  const std::size_t at = caret.find('^');
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(caret.find_first_not_of(' '), at);
  ASSERT_LT(at, shown.size());
  EXPECT_EQ(shown[at], 'X');
}

TEST(DiagnosticFormat, ALineOfOrdinaryLengthIsShownWhole) {
  const std::string line = std::string(150, 'a') + "X";
  SourceFile f("a.xml", line);
  Diagnostics d;
  d.Error({&f, 150}, "here");
  EXPECT_EQ(d.FormatAll(), "a.xml:1:151: error: here\n    " + line + "\n    " + std::string(150, ' ') + "^\n");
}

TEST(DiagnosticFormat, PositionAtTheEndOfALinePutsTheCaretAfterTheText) {
  SourceFile f("a.xml", "<a>\n");
  Diagnostics d;
  d.Error({&f, 3}, "unexpected end");
  EXPECT_EQ(d.FormatAll(), "a.xml:1:4: error: unexpected end\n    <a>\n       ^\n");
}

// ---------------------------------------------------------------------------------------------
// Diagnostics: sorting, de-duplication, counts

TEST(Diagnostics, SortedByPathThenLineThenColumnThenMessage) {
  SourceFile a("a.xml", "one\ntwo\nthree\n");
  SourceFile b("b.xml", "one\n");
  Diagnostics d;
  d.Error({&b, 0}, "b first");
  d.Error({&a, 8}, "a line 3");
  d.Error({&a, 5}, "a line 2 col 2, z");
  d.Error({&a, 5}, "a line 2 col 2, m");
  d.Error({&a, 4}, "a line 2 col 1");
  d.FileError("a.xml", "a whole file");
  std::vector<std::string> order;
  for (const Diagnostic& x : d.Sorted()) order.push_back(x.message);
  EXPECT_EQ(order, (std::vector<std::string>{"a whole file", "a line 2 col 1", "a line 2 col 2, m", "a line 2 col 2, z",
                                             "a line 3", "b first"}));
}

TEST(Diagnostics, LineNumbersSortNumericallyNotAsText) {
  std::string text;
  for (int i = 0; i < 12; ++i) text += "x\n";
  SourceFile f("a.xml", text);
  Diagnostics d;
  d.Error({&f, 20}, "line 11");
  d.Error({&f, 2}, "line 2");
  std::vector<Diagnostic> sorted = d.Sorted();
  ASSERT_EQ(sorted.size(), 2u);
  EXPECT_EQ(sorted[0].line, 2);
  EXPECT_EQ(sorted[1].line, 11);
}

TEST(Diagnostics, IdenticalDiagnosticsAreReportedOnce) {
  SourceFile f("a.xml", "x\n");
  Diagnostics d;
  d.Error({&f, 0}, "same");
  d.Error({&f, 0}, "same");
  d.FileError("a.xml", "whole");
  d.FileError("a.xml", "whole");
  d.Warning({&f, 0}, "same");  // a warning is not the same as an error
  EXPECT_EQ(d.Sorted().size(), 3u);
  EXPECT_EQ(d.error_count(), 2u);
  EXPECT_EQ(d.warning_count(), 1u);
  EXPECT_TRUE(d.has_errors());
}

TEST(Diagnostics, WarningsAloneAreNotErrors) {
  SourceFile f("a.xml", "x\n");
  Diagnostics d;
  EXPECT_FALSE(d.has_errors());
  d.Warning({&f, 0}, "hmm");
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(d.warning_count(), 1u);
}

TEST(Diagnostics, AppendMergesAndStillDeduplicates) {
  SourceFile f("a.xml", "x\ny\n");
  Diagnostics a, b;
  a.Error({&f, 0}, "one");
  b.Error({&f, 0}, "one");
  b.Error({&f, 2}, "two");
  a.Append(b);
  EXPECT_EQ(a.FormatAll(),
            "a.xml:1:1: error: one\n    x\n    ^\n"
            "a.xml:2:1: error: two\n    y\n    ^\n");
}

// ---------------------------------------------------------------------------------------------
// FindInvalidUtf8

struct Utf8Case {
  const char* name;
  std::string bytes;
  std::optional<std::size_t> first_invalid;
};

TEST(FindInvalidUtf8, AcceptsValidAndFindsTheFirstInvalidSequence) {
  const std::vector<Utf8Case> cases = {
      {"empty", "", std::nullopt},
      {"ascii", "plain text", std::nullopt},
      {"two, three and four bytes", "é € 😀", std::nullopt},
      {"largest code point U+10FFFF", "\xF4\x8F\xBF\xBF", std::nullopt},
      {"U+FFFF", "\xEF\xBF\xBF", std::nullopt},
      {"last before surrogates U+D7FF", "\xED\x9F\xBF", std::nullopt},
      {"first after surrogates U+E000", "\xEE\x80\x80", std::nullopt},
      {"overlong two-byte '/'", "ab\xC0\xAF", 2},
      {"overlong two-byte C1", "\xC1\xBF", 0},
      {"overlong three-byte", "x\xE0\x80\xAF", 1},
      {"overlong three-byte U+07FF", "\xE0\x9F\xBF", 0},
      {"overlong four-byte", "\xF0\x80\x80\xAF", 0},
      {"overlong four-byte U+FFFF", "\xF0\x8F\xBF\xBF", 0},
      {"high surrogate", "ok\xED\xA0\x80", 2},
      {"low surrogate", "\xED\xBF\xBF", 0},
      {"past U+10FFFF", "\xF4\x90\x80\x80", 0},
      {"F5 lead byte", "\xF5\x80\x80\x80", 0},
      {"FF byte", "a\xFF", 1},
      {"lone continuation byte", "a\x80z", 1},
      {"truncated two-byte at end", "abc\xC3", 3},
      {"truncated three-byte at end", "ab\xE2\x82", 2},
      {"truncated four-byte at end", "\xF0\x9F\x98", 0},
      {"truncated sequence followed by ASCII", "\xE2\x82x", 0},
      {"valid then invalid", "é\xC3(", 2},
  };
  for (const Utf8Case& c : cases) {
    EXPECT_EQ(FindInvalidUtf8(c.bytes), c.first_invalid) << c.name;
  }
}

TEST(CountCodePoints, CountsCharactersNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("é€😀"), 3u);
}

// ---------------------------------------------------------------------------------------------
// Dedent

TEST(Dedent, RemovesCommonIndentationAndSurroundingBlankLines) {
  Dedented d = Dedent("\n      First line.\n\n        Indented more.\n      Last.\n    ");
  EXPECT_EQ(d.text, "First line.\n\n  Indented more.\nLast.");
  EXPECT_EQ(d.first_line, 1);
  EXPECT_EQ(d.indent, 6);
}

TEST(Dedent, FirstLineCountsLeadingBlankLinesIncludingWhitespaceOnlyOnes) {
  Dedented d = Dedent("  \n\t\n\n    text\n");
  EXPECT_EQ(d.text, "text");
  EXPECT_EQ(d.first_line, 3);
  EXPECT_EQ(d.indent, 4);
}

TEST(Dedent, TextOnTheFirstLineIsNotShifted) {
  Dedented d = Dedent("Inline text.");
  EXPECT_EQ(d.text, "Inline text.");
  EXPECT_EQ(d.first_line, 0);
  EXPECT_EQ(d.indent, 0);
}

TEST(Dedent, IndentationIsCountedInBytesSoTabsCountOnce) {
  Dedented d = Dedent("\n\t\tone\n\t\t  two\n");
  EXPECT_EQ(d.text, "one\n  two");
  EXPECT_EQ(d.indent, 2);
}

TEST(Dedent, BlankLinesInsideDoNotLimitTheIndentAndBecomeEmpty) {
  Dedented d = Dedent("\n    a\n  \n    b\n");
  EXPECT_EQ(d.text, "a\n\nb");
  EXPECT_EQ(d.indent, 4);
}

TEST(Dedent, CrlfLineEndsBecomeNewlines) {
  Dedented d = Dedent("\r\n  a\r\n  b\r\n");
  EXPECT_EQ(d.text, "a\nb");
  EXPECT_EQ(d.first_line, 1);
  EXPECT_EQ(d.indent, 2);
}

TEST(Dedent, AllBlankTextGivesNothing) {
  EXPECT_EQ(Dedent("").text, "");
  EXPECT_EQ(Dedent("   \n \t \n").text, "");
  EXPECT_EQ(Dedent("   \n \t \n").indent, 0);
}

TEST(Dedent, MapsEveryLineBackToTheInput) {
  // Line i of the result is line first_line + i of the input, shifted left by indent bytes.
  const std::string input = "\n\n    alpha\n      beta\n    gamma\n  ";
  Dedented d = Dedent(input);
  std::vector<std::string> in_lines, out_lines;
  for (std::size_t s = 0;;) {
    std::size_t e = input.find('\n', s);
    in_lines.push_back(input.substr(s, e == std::string::npos ? std::string::npos : e - s));
    if (e == std::string::npos) break;
    s = e + 1;
  }
  for (std::size_t s = 0;;) {
    std::size_t e = d.text.find('\n', s);
    out_lines.push_back(d.text.substr(s, e == std::string::npos ? std::string::npos : e - s));
    if (e == std::string::npos) break;
    s = e + 1;
  }
  ASSERT_EQ(out_lines.size(), 3u);
  for (std::size_t i = 0; i < out_lines.size(); ++i) {
    EXPECT_EQ(in_lines[static_cast<std::size_t>(d.first_line) + i].substr(static_cast<std::size_t>(d.indent)),
              out_lines[i]);
  }
}

// ---------------------------------------------------------------------------------------------
// Suggestions

TEST(EditDistance, KnownDistances) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("police", "police"), 0u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("flaw", "lawn"), 2u);
  EXPECT_EQ(EditDistance("polcie", "police"), 2u);  // a swap is two edits
}

TEST(ClosestMatch, SuggestsTheNearestCandidateForATypo) {
  const std::vector<std::string> agencies = {"childrens-social-care", "health", "police", "education"};
  EXPECT_EQ(ClosestMatch("polise", agencies), "police");
  EXPECT_EQ(ClosestMatch("helth", agencies), "health");
  EXPECT_EQ(ClosestMatch("childrens-socal-care", agencies), "childrens-social-care");
}

TEST(ClosestMatch, SuggestsNothingForAnExactMatchOrAFarWord) {
  const std::vector<std::string> agencies = {"health", "police"};
  EXPECT_EQ(ClosestMatch("police", agencies), "");
  EXPECT_EQ(ClosestMatch("probation", agencies), "");
  EXPECT_EQ(ClosestMatch("x", {}), "");
}

TEST(ClosestMatch, AllowsOneEditInShortWordsAndAThirdInLongOnes) {
  EXPECT_EQ(ClosestMatch("ab", {"ax"}), "ax");
  EXPECT_EQ(ClosestMatch("ab", {"xy"}), "");
  EXPECT_EQ(ClosestMatch("abcdefghi", {"abcdefxyz"}), "abcdefxyz");  // 3 edits in 9 letters
  EXPECT_EQ(ClosestMatch("abcdefghi", {"abcdewxyz"}), "");           // 4 edits
}

TEST(ClosestMatch, SuggestsNothingWhenTwoCandidatesAreEquallyClose) {
  // 'afi-4' is as close to 'afi-1' as to 'afi-2': a guess would mislead, whatever the order.
  EXPECT_EQ(ClosestMatch("afi-4", {"afi-1", "afi-2"}), "");
  EXPECT_EQ(ClosestMatch("afi-4", {"afi-2", "afi-1"}), "");
  EXPECT_EQ(ClosestMatch("afi-4", {"afi-1", "strength-1"}), "afi-1");
  EXPECT_EQ(ClosestMatch("afi-4", {"afi-1", "afi-1"}), "afi-1");  // the same name twice is no tie
}

TEST(DidYouMean, FormatsASuffixOrNothing) {
  EXPECT_EQ(DidYouMean("polise", {"police", "health"}), "; did you mean 'police'?");
  EXPECT_EQ(DidYouMean("zzz", {"police", "health"}), "");
}

// ---------------------------------------------------------------------------------------------
// Hashing, words and joining

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Hex, HashesEmbeddedNulBytes) {
  EXPECT_NE(Sha256Hex(std::string("a\0b", 3)), Sha256Hex("a"));
  EXPECT_EQ(Sha256Hex(std::string("a\0b", 3)).size(), 64u);
}

TEST(SplitWords, SplitsOnAnyWhitespace) {
  EXPECT_EQ(SplitWords("  health\tpolice\n social-care  "),
            (std::vector<std::string>{"health", "police", "social-care"}));
  EXPECT_TRUE(SplitWords(" \n\t").empty());
  EXPECT_EQ(CountWords("We welcome the findings."), 4u);
}

TEST(JoinEnglish, JoinsWithCommasAndAFinalAnd) {
  EXPECT_EQ(JoinEnglish({}), "");
  EXPECT_EQ(JoinEnglish({"health"}), "health");
  EXPECT_EQ(JoinEnglish({"health", "police"}), "health and police");
  EXPECT_EQ(JoinEnglish({"health", "police", "education"}), "health, police and education");
  EXPECT_EQ(JoinEnglish({"a", "b", "c", "d"}), "a, b, c and d");
}

TEST(Join, UsesTheSeparatorBetweenPartsOnly) {
  EXPECT_EQ(Join({}, ", "), "");
  EXPECT_EQ(Join({"a"}, ", "), "a");
  EXPECT_EQ(Join({"a", "b"}, ", "), "a, b");
}

}  // namespace
}  // namespace lp

namespace lp {
namespace {

TEST(CsvField, PlainTextIsWrittenAsItIs) {
  EXPECT_EQ("Health services", CsvField("Health services"));
  EXPECT_EQ("2025-03-04", CsvField("2025-03-04"));
  EXPECT_EQ("", CsvField(""));
  EXPECT_EQ("a=b", CsvField("a=b"));  // only the first character makes a formula
}

TEST(CsvField, SeparatorsQuotesAndLineBreaksAreQuotedWithQuotesDoubled) {
  EXPECT_EQ("\"a, b\"", CsvField("a, b"));
  EXPECT_EQ("\"say \"\"no\"\"\"", CsvField("say \"no\""));
  EXPECT_EQ("\"line\nbreak\"", CsvField("line\nbreak"));
}

TEST(CsvField, CellsASpreadsheetWouldRunAsAFormulaGetAnApostropheAndQuotes) {
  EXPECT_EQ("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", CsvField("=HYPERLINK(\"http://evil.example\",\"x\")"));
  EXPECT_EQ("\"'+1+1\"", CsvField("+1+1"));
  EXPECT_EQ("\"'-2+3\"", CsvField("-2+3"));
  EXPECT_EQ("\"'@SUM(A1)\"", CsvField("@SUM(A1)"));
  EXPECT_EQ("\"'\t=1\"", CsvField("\t=1"));
  EXPECT_EQ("\"'\r=1\"", CsvField("\r=1"));
}

TEST(CsvWriter, RowsEndInCrlfAndEveryFieldIsNeutralised) {
  CsvWriter csv({"name", "note"});
  csv.Row({"=cmd|' /C calc'!A0", "ok"});
  EXPECT_EQ("name,note\r\n\"'=cmd|' /C calc'!A0\",ok\r\n", csv.text());
}

TEST(MaskUrlCredentials, HidesPasswordsAndTokensInEveryUrlOfAMessage) {
  EXPECT_EQ("--to 'webdav+https://user:***@host/x': bad", MaskUrlCredentials("--to 'webdav+https://user:pw@host/x': bad"));
  EXPECT_EQ("https://***@host/", MaskUrlCredentials("https://ghp_token@host/"));
  EXPECT_EQ("a http://u:***@h:8080 and s3://k:***@b/p?x=@",
            MaskUrlCredentials("a http://u:p@ss@h:8080 and s3://k:s@b/p?x=@"));
  EXPECT_EQ("https://host/path@x", MaskUrlCredentials("https://host/path@x"));  // '@' in a path is no password
  EXPECT_EQ("no url here: a@b", MaskUrlCredentials("no url here: a@b"));
}

TEST(BaseUrlProblem, AcceptsHttpAndHttpsUrlsWithAHostAndAPathEndingInASlash) {
  EXPECT_EQ("", BaseUrlProblem("https://inspections.example.org/"));
  EXPECT_EQ("", BaseUrlProblem("http://127.0.0.1:8000/reports/jtai/"));
  EXPECT_EQ("", BaseUrlProblem("https://[::1]:8443/a%20b/"));
}

TEST(BaseUrlProblem, RefusesCredentialsQueriesFragmentsAndUnsafeCharacters) {
  EXPECT_EQ("may not hold credentials (user:password@): every page would print them",
            BaseUrlProblem("https://editor:hunter2@example.org/"));
  EXPECT_EQ("may not have a query ('?')", BaseUrlProblem("https://example.org/site/?v=1/"));
  EXPECT_EQ("may not have a fragment ('#')", BaseUrlProblem("https://example.org/#top/"));
  EXPECT_EQ("has a character a URL path may not hold unescaped ('\"')", BaseUrlProblem("https://example.org/a\"b/"));
  EXPECT_EQ("must start with https:// or http://", BaseUrlProblem("ftp://example.org/"));
  EXPECT_EQ("has no host", BaseUrlProblem("https:///site/"));
  EXPECT_EQ("has a host with '_' in it; a host is letters, digits, '.' and '-'", BaseUrlProblem("https://a_b.org/"));
  EXPECT_EQ("has an invalid port '99999'", BaseUrlProblem("https://example.org:99999/"));
  EXPECT_EQ("must end in '/'", BaseUrlProblem("https://example.org/site"));
}

TEST(Gzip, RoundTripsAndGivesTheSameBytesForTheSameInputWithNoTimeInTheHeader) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "row " + std::to_string(i * 7919 % 10007) + ",text\r\n";
  std::string gz = Gzip(text);
  EXPECT_EQ(gz, Gzip(text));
  ASSERT_GT(gz.size(), 10u);
  EXPECT_LT(gz.size(), text.size() / 3);
  EXPECT_EQ(std::string("\x1f\x8b\x08", 3), gz.substr(0, 3));
  EXPECT_EQ(0, gz[3] & 0x08);                       // no file name
  EXPECT_EQ(std::string(4, '\0'), gz.substr(4, 4));  // no modification time
  bool ok = false;
  EXPECT_EQ(text, Gunzip(gz, ok));
  EXPECT_TRUE(ok);
  EXPECT_EQ("", Gunzip(Gzip(""), ok));
  EXPECT_TRUE(ok);
  Gunzip(gz.substr(0, gz.size() / 2), ok);
  EXPECT_FALSE(ok);
}

TEST(Gzip, AFileBuiltPieceByPieceEqualsTheOneBuiltFromTheWholeInput) {
  std::string text;
  for (int i = 0; i < 40000; ++i) text += "row " + std::to_string(i * 7919 % 10007) + ",some finding text\r\n";
  for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{100000}, text.size()}) {
    GzipWriter writer;
    for (std::size_t at = 0; at < text.size(); at += piece) writer.Add(std::string_view(text).substr(at, piece));
    EXPECT_EQ(Gzip(text), writer.Finish()) << "pieces of " << piece << " bytes";
  }
  GzipWriter empty;
  EXPECT_EQ(Gzip(""), empty.Finish());
}

}  // namespace
}  // namespace lp
