// markdown: what the input rules refuse, and what the renderer may emit whatever the input says.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "markdown/markdown.h"

namespace lp::markdown {
namespace {

std::string Problems(std::string_view text) {
  std::string out;
  for (const Problem& p : FindUnsafeContent(text)) {
    out += std::to_string(p.line) + ":" + std::to_string(p.col) + ": " + p.message + "\n";
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// FindUnsafeContent

TEST(FindUnsafeContent, SafeMarkdownHasNoProblems) {
  EXPECT_EQ(Problems("A paragraph with *emphasis*, a [link](https://example.org/) and `code <b>`.\n\n"
                     "- a list\n- [relative](../x/) and [mail](mailto:a@example.org)\n\n![chart](images/c.png)\n"),
            "");
}

TEST(FindUnsafeContent, ReportsEachInlineTagAtItsColumn) {
  EXPECT_EQ(Problems("Hello <b>bold</b> text"),
            "1:7: raw HTML is not allowed in Markdown; write the text without tags\n"
            "1:14: raw HTML is not allowed in Markdown; write the text without tags\n");
}

TEST(FindUnsafeContent, InlinePositionsOnLaterLinesAreRelativeToTheText) {
  EXPECT_EQ(Problems("First line.\n  more <em>y</em> end"),
            "2:8: raw HTML is not allowed in Markdown; write the text without tags\n"
            "2:13: raw HTML is not allowed in Markdown; write the text without tags\n");
}

TEST(FindUnsafeContent, ReportsAnHtmlBlockOnceAtItsStart) {
  EXPECT_EQ(Problems("Intro.\n\n<div>\n<script>alert(1)</script>\n</div>\n"),
            "3:1: raw HTML is not allowed in Markdown; write the text without tags\n");
}

TEST(FindUnsafeContent, ReportsHtmlComments) {
  EXPECT_EQ(Problems("<!-- reviewer: check this -->\n"),
            "1:1: raw HTML is not allowed in Markdown; write the text without tags\n");
}

TEST(FindUnsafeContent, ReportsDangerousLinksWithTheirScheme) {
  EXPECT_EQ(Problems("Para one.\n\nSee [x](javascript:alert(1)) and [y](data:text/html,hi)"),
            "3:5: link with scheme 'javascript:' is not allowed; use http, https or a page of this site\n"
            "3:34: link with scheme 'data:' is not allowed; use http, https or a page of this site\n");
}

TEST(FindUnsafeContent, SeesThroughDisguisedSchemes) {
  EXPECT_EQ(Problems("[a](JAVASCRIPT:x) [b](<java\tscript:x>) [c](jav&#x61;script:x) [d](java&#10;script:x)"),
            "1:1: link with scheme 'javascript:' is not allowed; use http, https or a page of this site\n"
            "1:19: link with scheme 'javascript:' is not allowed; use http, https or a page of this site\n"
            "1:40: link with scheme 'javascript:' is not allowed; use http, https or a page of this site\n"
            "1:63: link with scheme 'javascript:' is not allowed; use http, https or a page of this site\n");
}

TEST(FindUnsafeContent, ReportsReferenceStyleLinksAtTheLinkNotTheDefinition) {
  EXPECT_EQ(Problems("Click [here][r].\n\n[r]: vbscript:msgbox(1)\n"),
            "1:7: link with scheme 'vbscript:' is not allowed; use http, https or a page of this site\n");
}

TEST(FindUnsafeContent, ReportsImagesFromOutsideTheSite) {
  EXPECT_EQ(Problems("![a](https://e.example/p.png) ![b](img/p.png) ![c](//e.example/q.png)"),
            "1:1: image from outside the site is not allowed: 'https://e.example/p.png'\n"
            "1:47: image from outside the site is not allowed: '//e.example/q.png'\n");
}

TEST(FindUnsafeContent, FindsProblemsInsideQuotesListsAndTables) {
  EXPECT_EQ(Problems("> see [x](javascript:1)\n\n- a [y](javascript:1)\n\n| a | b |\n|---|---|\n| 1 | <i>z</i> |\n"),
            "1:7: link with scheme 'javascript:' is not allowed; use http, https or a page of this site\n"
            "3:5: link with scheme 'javascript:' is not allowed; use http, https or a page of this site\n"
            "7:7: raw HTML is not allowed in Markdown; write the text without tags\n"
            "7:11: raw HTML is not allowed in Markdown; write the text without tags\n");
}

TEST(FindUnsafeContent, ColumnsAreBytesForMappingBackToTheSource) {
  // The rules stage adds the column to a byte offset; "é" is two bytes.
  EXPECT_EQ(Problems("Café <b>x"), "1:7: raw HTML is not allowed in Markdown; write the text without tags\n");
}

TEST(IsSafeLinkUrl, AllowsWebMailAndRelativeLinksOnly) {
  struct Case {
    const char* url;
    bool safe;
  };
  const Case cases[] = {
      {"https://example.org/", true}, {"http://example.org/", true},     {"HTTPS://EXAMPLE.ORG/", true},
      {"mailto:a@example.org", true}, {"/letters/", true},               {"../x/", true},
      {"#top", true},                 {"page?a=b:c", true},              {"a/b:c", true},
      {"", true},                     {"javascript:alert(1)", false},   {"JavaScript:alert(1)", false},
      {" javascript:x", false},       {"java\tscript:x", false},        {"java\nscript:x", false},
      {"\x01javascript:x", false},    {"vbscript:x", false},            {"data:text/html,x", false},
      {"file:///etc/passwd", false},  {"ftp://example.org/", false},    {"tel:01632960000", false},
  };
  for (const Case& c : cases) EXPECT_EQ(IsSafeLinkUrl(c.url), c.safe) << c.url;
}

// ---------------------------------------------------------------------------------------------
// RenderHtml: nothing active, whatever the input

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Decodes the character references cmark may leave in an attribute value (&amp; &quot; &#NN; &#xNN;).
std::string DecodeAttribute(const std::string& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '&') {
      out += v[i];
      continue;
    }
    std::size_t semi = v.find(';', i);
    if (semi == std::string::npos) {
      out += v[i];
      continue;
    }
    std::string name = v.substr(i + 1, semi - i - 1);
    if (name == "amp") out += '&';
    else if (name == "quot") out += '"';
    else if (name == "lt") out += '<';
    else if (name == "gt") out += '>';
    else if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      long code = std::strtol(name.c_str() + (hex ? 2 : 1), nullptr, hex ? 16 : 10);
      out += code > 0 && code < 128 ? static_cast<char>(code) : '?';
    } else {
      out += v.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

// A browser's reading of a URL's scheme: control characters and spaces are skipped.
std::string BrowserScheme(const std::string& url) {
  std::string cleaned;
  for (char ch : url) {
    if (static_cast<unsigned char>(ch) > 0x20 && ch != 0x7F) cleaned += ch;
  }
  std::size_t colon = cleaned.find(':');
  if (colon == std::string::npos || cleaned.find_first_of("/?#") < colon) return "";
  return Lower(cleaned.substr(0, colon));
}

// Every way the HTML could run script, load something from elsewhere or leave the page; empty when none.
// cmark escapes '<' in text, so every '<' in the output starts a tag we can inspect.
std::string ActiveContent(const std::string& html) {
  std::string problems;
  if (Lower(html).find("<script") != std::string::npos) problems += "contains <script; ";
  for (std::size_t lt = html.find('<'); lt != std::string::npos; lt = html.find('<', lt + 1)) {
    std::size_t gt = html.find('>', lt);
    std::string tag = html.substr(lt + 1, gt == std::string::npos ? std::string::npos : gt - lt - 1);
    std::string lower = Lower(tag);
    std::string name = lower.substr(0, lower.find_first_of(" \t\n"));
    if (name.size() > 1 && name.back() == '/') name.pop_back();  // <br/>
    static const std::vector<std::string> kAllowed = {
        "p",  "/p",  "em", "/em", "strong", "/strong", "a",     "/a",     "code",  "/code",  "pre", "/pre", "ul",
        "/ul", "ol", "/ol", "li", "/li",    "blockquote", "/blockquote", "h1", "/h1", "h2", "/h2", "h3", "/h3",
        "h4", "/h4", "h5", "/h5", "h6", "/h6", "hr", "br", "img", "del", "/del", "table", "/table", "thead", "/thead",
        "tbody", "/tbody", "tr", "/tr", "th", "/th", "td", "/td"};
    if (std::find(kAllowed.begin(), kAllowed.end(), name) == kAllowed.end()) problems += "tag <" + tag + ">; ";
    // Attributes: name="value" pairs (cmark always quotes with ").
    for (std::size_t eq = lower.find('='); eq != std::string::npos; eq = lower.find('=', eq + 1)) {
      std::size_t start = lower.find_last_of(" \t\n", eq);
      std::string attr = lower.substr(start + 1, eq - start - 1);
      if (attr.rfind("on", 0) == 0) problems += "event handler " + attr + "; ";
      if (attr == "style" || attr == "srcset" || attr == "formaction") problems += "attribute " + attr + "; ";
      if (eq + 1 >= tag.size() || tag[eq + 1] != '"') continue;
      std::size_t close = tag.find('"', eq + 2);
      std::string value = DecodeAttribute(tag.substr(eq + 2, close - eq - 2));
      std::string scheme = BrowserScheme(value);
      if (attr == "href" && !scheme.empty() && scheme != "http" && scheme != "https" && scheme != "mailto") {
        problems += "href with scheme " + scheme + "; ";
      }
      if (attr == "src") {
        std::string trimmed = value.substr(std::min(value.size(), value.find_first_not_of(" \t\r\n\f")));
        std::replace(trimmed.begin(), trimmed.end(), '\\', '/');
        if (!scheme.empty() || trimmed.rfind("//", 0) == 0) problems += "image from " + value + "; ";
      }
      eq = close == std::string::npos ? eq : close;
    }
  }
  return problems;
}

// Hostile inputs: every trick we know for getting script, handlers or remote requests into a page.
const std::vector<std::string>& HostileInputs() {
  static const std::vector<std::string> kInputs = {
      "<script>alert(1)</script>",
      "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
      "Text <script>alert(1)</script> more",
      "<scr<script>ipt>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "Before <img src=x onerror=alert(1)> after",
      "<IMG SRC=x OnError=alert(1)>",
      "<svg onload=alert(1)>",
      "<svg><script>alert(1)</script></svg>",
      "<iframe src=\"javascript:alert(1)\"></iframe>",
      "<a href=\"javascript:alert(1)\">x</a>",
      "<div style=\"background:url(javascript:alert(1))\">x</div>",
      "<details open ontoggle=alert(1)>",
      "<!-- <script>alert(1)</script> -->",
      "<style>body{background:url(//evil.example/t.png)}</style>",
      "<textarea><script>alert(1)</script></textarea>",
      "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
      "[x](javascript:alert(1))",
      "[x](JAVASCRIPT:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "[x]( javascript:alert(1))",
      "[x](<java\tscript:alert(1)>)",
      "[x](<javascript\t:alert(1)>)",
      "[x](jav&#x61;script:alert(1))",
      "[x](&#106;avascript:alert(1))",
      "[x](java&#10;script:alert(1))",
      "[x](java&#x09;script:alert(1))",
      "[x](java&Tab;script:alert(1))",
      "[x](java&NewLine;script:alert(1))",
      "[x](javascript&colon;alert(1))",
      "[x](&#x1;javascript:alert(1))",
      "[x](vbscript:msgbox(1))",
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "[x](DATA:text/html,<script>alert(1)</script>)",
      "[x][r]\n\n[r]: javascript:alert(1)",
      "[x][r]\n\n[r]: <java\tscript:alert(1)>",
      "<javascript:alert(1)>",
      "<JAVASCRIPT:alert(1)>",
      "<data:text/html,x>",
      "[x](javascript:alert(1) \"title\")",
      "[x](\"onmouseover=alert(1))",
      "[x](https://ok.example/\"onmouseover=\"alert(1))",
      "![x](x\"onerror=\"alert(1))",
      "![x](https://evil.example/track.png)",
      "![x](HTTP://evil.example/track.png)",
      "![x](//evil.example/track.png)",
      "![x](  //evil.example/track.png)",
      "![x](\\\\evil.example/track.png)",
      "![x](/\\evil.example/track.png)",
      "![x](&#x2F;/evil.example/track.png)",
      "![x](data:image/png;base64,iVBORw0KGgo=)",
      "![x](data:image/svg+xml,<svg onload=alert(1)>)",
      "![x](javascript:alert(1))",
      "![x][r]\n\n[r]: http://evil.example/track.png",
      "![x](<https://evil.example/a b.png>)",
      "[![x](https://evil.example/t.png)](javascript:alert(1))",
      "| a | b |\n|---|---|\n| <script>x</script> | [y](javascript:1) |\n| ![i](//evil.example/t.png) | <img src=x onerror=1> |",
      "> <script>alert(1)</script>\n> [x](javascript:1)",
      "- <img src=x onerror=alert(1)>\n- [x](vbscript:1)",
      "# <script>alert(1)</script>",
      "~~<script>alert(1)</script>~~",
      "**[x](javascript:alert(1))**",
      "www.example.org/<script>alert(1)</script>",
      "https://example.org/\"onmouseover=\"alert(1)",
      "<https://example.org/\"onmouseover=\"alert(1)>",
  };
  return kInputs;
}

TEST(RenderHtml, HostileInputsRenderWithoutActiveContent) {
  for (const std::string& input : HostileInputs()) {
    std::string html = RenderHtml(input);
    EXPECT_EQ(ActiveContent(html), "") << "input: " << input << "\noutput: " << html;
  }
}

TEST(RenderHtml, HostileInputsCombinedStillRenderWithoutActiveContent) {
  // Pairs joined inline and as separate blocks, to catch tricks that need context (an unclosed tag, say).
  const std::vector<std::string>& inputs = HostileInputs();
  for (const std::string& a : inputs) {
    for (const std::string& b : inputs) {
      for (const char* joint : {"", "\n", "\n\n"}) {
        std::string input = a + joint + b;
        std::string html = RenderHtml(input);
        ASSERT_EQ(ActiveContent(html), "") << "input: " << input << "\noutput: " << html;
      }
    }
  }
}

TEST(RenderHtml, TheActiveContentCheckRecognisesWhatItLooksFor) {
  // The checker itself must be able to fail, or the tests above prove nothing.
  EXPECT_NE(ActiveContent("<script>x</script>"), "");
  EXPECT_NE(ActiveContent("<p><img src=\"x\" onerror=\"alert(1)\" /></p>"), "");
  EXPECT_NE(ActiveContent("<a href=\"java&#9;script:alert(1)\">x</a>"), "");
  EXPECT_NE(ActiveContent("<a href=\"data:text/html,x\">x</a>"), "");
  EXPECT_NE(ActiveContent("<img src=\"https://evil.example/t.png\" alt=\"\" />"), "");
  EXPECT_NE(ActiveContent("<img src=\"//evil.example/t.png\" alt=\"\" />"), "");
  EXPECT_NE(ActiveContent("<iframe src=\"x\"></iframe>"), "");
  EXPECT_EQ(ActiveContent("<p><a href=\"https://example.org/\">x</a> <img src=\"images/c.png\" alt=\"c\" /></p>\n"), "");
}

TEST(RenderHtml, KeepsTheWordsOfRemovedTagsAndExternalImages) {
  EXPECT_EQ(RenderHtml("Hello <b>bold</b> world"), "<p>Hello bold world</p>\n");
  EXPECT_EQ(RenderHtml("See ![the chart](https://evil.example/c.png)."), "<p>See the chart.</p>\n");
}

TEST(RenderHtml, TurnsADangerousLinkIntoItsText) {
  EXPECT_EQ(RenderHtml("[click](javascript:alert(1))"), "<p>click</p>\n");
  EXPECT_EQ(RenderHtml("see [the *plan*](vbscript:x) now"), "<p>see the <em>plan</em> now</p>\n");
}

TEST(RenderHtml, KeepsSafeLinksAndSiteImages) {
  EXPECT_EQ(RenderHtml("[a](https://example.org/?x=1&y=2) ![c](images/c.png)"),
            "<p><a href=\"https://example.org/?x=1&amp;y=2\">a</a> <img src=\"images/c.png\" alt=\"c\" /></p>\n");
}

TEST(RenderHtml, RendersGfmTables) {
  EXPECT_EQ(RenderHtml("| Agency | Children |\n|:--|--:|\n| Health | 12 |\n"),
            "<table>\n<thead>\n<tr>\n<th align=\"left\">Agency</th>\n<th align=\"right\">Children</th>\n</tr>\n"
            "</thead>\n<tbody>\n<tr>\n<td align=\"left\">Health</td>\n<td align=\"right\">12</td>\n</tr>\n"
            "</tbody>\n</table>\n");
}

TEST(RenderHtml, RendersDoubleTildeStrikethroughOnly) {
  EXPECT_EQ(RenderHtml("~~gone~~ and ~kept~"), "<p><del>gone</del> and ~kept~</p>\n");
}

TEST(RenderHtml, ShiftsHeadingsDownAndCapsThemAtH6) {
  EXPECT_EQ(RenderHtml("# One\n\n## Two\n\n##### Five", 2), "<h3>One</h3>\n<h4>Two</h4>\n<h6>Five</h6>\n");
  EXPECT_EQ(RenderHtml("# One", 0), "<h1>One</h1>\n");
}

TEST(RenderHtml, NeverFailsOnEmptyOrOddInput) {
  EXPECT_EQ(RenderHtml(""), "");
  EXPECT_EQ(RenderHtml(std::string("a\0b", 3)), "<p>a\xEF\xBF\xBD" "b</p>\n");
  EXPECT_EQ(RenderHtml("\xFF"), "<p>\xEF\xBF\xBD</p>\n");  // invalid UTF-8 is replaced, not passed through
}

TEST(PlainText, DropsMarkupAndRemovedContent) {
  EXPECT_EQ(PlainText("Some *emphasis* and [a link](https://example.org/) <b>tag</b>.\n\nSecond."),
            "Some emphasis and a link tag.\n\nSecond.");
}

// ---------------------------------------------------------------------------------------------
// SplitBlocks

TEST(SplitBlocks, CountsParagraphsAndEachListItem) {
  std::vector<Block> blocks = SplitBlocks("Para one.\n\n- item a\n- item b\n\nPara two.\n");
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0].text, "Para one.");
  EXPECT_EQ(blocks[1].text, "item a");
  EXPECT_EQ(blocks[2].text, "item b");
  EXPECT_EQ(blocks[3].text, "Para two.");
  EXPECT_EQ(blocks[0].start_line, 1);
  EXPECT_EQ(blocks[1].start_line, 3);
  EXPECT_EQ(blocks[2].start_line, 4);
  EXPECT_EQ(blocks[3].start_line, 6);
}

TEST(SplitBlocks, ABlockKnowsItsSourceLinesWithoutTrailingBlankLines) {
  std::vector<Block> blocks = SplitBlocks("- a\n- b\n\nPara\nwrapped");
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[1].source, "- b");
  EXPECT_EQ(blocks[1].end_line, 2);
  EXPECT_EQ(blocks[2].source, "Para\nwrapped");
  EXPECT_EQ(blocks[2].start_line, 4);
  EXPECT_EQ(blocks[2].end_line, 5);
}

TEST(SplitBlocks, ListItemHtmlLeavesTheListMarkupToTheCaller) {
  std::vector<Block> blocks = SplitBlocks("1. one\n\n   more one\n2. two\n");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].html, "<p>one</p>\n<p>more one</p>\n");
  EXPECT_EQ(blocks[0].text, "one\n\nmore one");
  EXPECT_EQ(blocks[0].source, "1. one\n\n   more one");
  EXPECT_EQ(blocks[1].html, "<p>two</p>\n");
  EXPECT_EQ(blocks[1].text, "two");
}

TEST(SplitBlocks, HeadingsAndTablesAreBlocksAndRemovedHtmlIsNot) {
  std::vector<Block> blocks = SplitBlocks("## Heading\n\n<div>gone</div>\n\n| a |\n|---|\n| 1 |\n\nEnd.");
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].html, "<h2>Heading</h2>\n");
  EXPECT_EQ(blocks[1].start_line, 5);
  EXPECT_EQ(blocks[1].end_line, 7);
  EXPECT_EQ(blocks[2].text, "End.");
}

TEST(SplitBlocks, EmptyTextHasNoBlocks) { EXPECT_TRUE(SplitBlocks("").empty()); }

// ---------------------------------------------------------------------------------------------
// The policy examples in tests/markdown/policy.txt (cmark spec format)

struct Example {
  int line = 0;  // of the opening fence
  std::string markdown, html;
};

std::string Untab(std::string s) {
  const std::string arrow = "\xE2\x86\x92";  // →, how the spec format writes a tab
  for (std::size_t at = s.find(arrow); at != std::string::npos; at = s.find(arrow, at + 1)) s.replace(at, arrow.size(), "\t");
  return s;
}

std::vector<Example> ReadExamples(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return {};
  }
  const std::string fence(32, '`');
  std::vector<Example> examples;
  std::string line;
  int number = 0;
  enum { kOutside, kMarkdown, kHtml } state = kOutside;
  while (std::getline(in, line)) {
    ++number;
    if (state == kOutside) {
      if (line == fence + " example") {
        examples.push_back({number, "", ""});
        state = kMarkdown;
      }
    } else if (state == kMarkdown) {
      if (line == ".") {
        state = kHtml;
      } else if (line == fence) {
        error = path + ":" + std::to_string(examples.back().line) + ": example has no '.' line";
        return {};
      } else {
        examples.back().markdown += Untab(line) + "\n";
      }
    } else if (line == fence) {
      state = kOutside;
    } else {
      examples.back().html += Untab(line) + "\n";
    }
  }
  if (state != kOutside) error = path + ":" + std::to_string(examples.back().line) + ": example is not closed";
  return examples;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// A line diff (longest common subsequence): "-" lines are expected only, "+" lines actual only.
std::string Diff(const std::string& expected, const std::string& actual) {
  std::vector<std::string> a = Lines(expected), b = Lines(actual);
  std::vector<std::vector<std::size_t>> lcs(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out += "  " + a[i++] + "\n";
      ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out += "- " + a[i++] + "\n";
    } else {
      out += "+ " + b[j++] + "\n";
    }
  }
  return out;
}

TEST(MarkdownPolicy, DiffShowsMissingAndExtraLines) {
  EXPECT_EQ(Diff("<p>a</p>\n<p>b</p>\n", "<p>a</p>\n<p>c</p>\n"), "  <p>a</p>\n- <p>b</p>\n+ <p>c</p>\n");
  EXPECT_EQ(Diff("x\n", "x\n"), "  x\n");
}

TEST(MarkdownPolicy, EveryExampleRendersAsPinned) {
  const std::string path = LETTERPRESS_SOURCE_DIR "/tests/markdown/policy.txt";
  std::string error;
  std::vector<Example> examples = ReadExamples(path, error);
  ASSERT_EQ(error, "");
  // The file pins raw HTML, links, images, tables, autolinks and headings; an empty read would pass vacuously.
  ASSERT_GE(examples.size(), 30u);
  int number = 0;
  for (const Example& e : examples) {
    ++number;
    std::string actual = RenderHtml(e.markdown);
    if (actual != e.html) {
      ADD_FAILURE_AT(path.c_str(), e.line) << "example " << number << " (line " << e.line << ")\n--- markdown\n"
                                           << e.markdown << "--- diff (- expected, + actual)\n"
                                           << Diff(e.html, actual);
    }
  }
}

}  // namespace
}  // namespace lp::markdown
