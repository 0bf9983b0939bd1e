// render: the letter, recommendations, responses and agency views of the examples corpus, and the site
// pages around them, checked the way a reader, a printer and a browser would see them.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "base/text.h"
#include "frontend/front_end.h"
#include "markdown/markdown.h"
#include "plan/plan.h"
#include "render/html.h"
#include "render/render.h"
#include "render/restricted.h"
#include "render/site_pages.h"
#include "render/templates.h"
#include "site/assets.h"

namespace lp::render {
namespace {
using nlohmann::json;

Date D(int year, int month, int day) {
  std::optional<Date> d = Date::FromYmd(year, month, day);
  EXPECT_TRUE(d.has_value()) << year << "-" << month << "-" << day;
  return d.value_or(Date());
}

// The date the golden site is built for: every example letter but the embargoed ones is public.
Date AsOf() { return D(2026, 11, 23); }

// ---------------------------------------------------------------------------------------------
// The examples corpus and the templates, loaded once.

struct Examples {
  Examples() : fe(frontend::LoadCorpus(LETTERPRESS_SOURCE_DIR "/examples", LETTERPRESS_SOURCE_DIR, diags)) {
    templates.Load(LETTERPRESS_SOURCE_DIR "/templates", diags);
  }
  Diagnostics diags;
  frontend::FrontEnd fe;
  TemplateSet templates;
};

const Examples& Ex() {
  static const Examples* examples = new Examples;
  return *examples;
}
const Corpus& ExampleCorpus() {
  EXPECT_EQ(Ex().diags.error_count(), 0u) << Ex().diags.FormatAll();
  return Ex().fe.corpus;
}
const TemplateSet& Templates() { return Ex().templates; }

// Render options as `letterpress build` sets them, with the site's real assets.
RenderOptions Options(bool pdf = false) {
  Diagnostics diags;
  RenderOptions options;
  options.pdf = pdf;
  options.assets = site::AssetPaths(site::LoadAssets(LETTERPRESS_SOURCE_DIR "/site/assets", diags));
  EXPECT_EQ(diags.FormatAll(), "");
  EXPECT_TRUE(options.assets.count("search.js"));
  return options;
}

Inspection& Mutable(Corpus& corpus, const std::string& id) {
  for (Inspection& in : corpus.inspections) {
    if (in.id == id) return in;
  }
  ADD_FAILURE() << "no inspection " << id;
  static Inspection none;
  return none;
}

Finding& MutableFinding(Inspection& in, const std::string& id) {
  for (Finding& f : in.findings) {
    if (f.id == id) return f;
  }
  ADD_FAILURE() << "no finding " << id << " in " << in.id;
  static Finding none;
  return none;
}

// Every page for `corpus` on `as_of`, by output path: the inspection documents, then the site pages.
std::map<std::string, std::string> RenderSite(const Corpus& corpus, Date as_of, const RenderOptions& options = Options()) {
  plan::Plan plan = plan::MakePlan(corpus, as_of);
  std::map<std::string, std::string> pages;
  for (Page& p : RenderInspectionDocuments(corpus, plan, Templates(), options)) pages[p.path] = std::move(p.content);
  for (Page& p : RenderSitePages(corpus, plan, Templates(), options)) pages[p.path] = std::move(p.content);
  return pages;
}

// One inspection document ("" = the letter, "recommendations/", "responses/", "agencies/police/").
std::string Document(const Corpus& corpus, const std::string& id, const std::string& document = "",
                     Date as_of = AsOf(), const RenderOptions& options = Options()) {
  plan::Plan plan = plan::MakePlan(corpus, as_of);
  std::string path = plan::InspectionPath(id) + document + "index.html";
  for (Page& p : RenderInspectionDocuments(corpus, plan, Templates(), options)) {
    if (p.path == path) return p.content;
  }
  ADD_FAILURE() << "no page " << path << " on " << as_of.Iso();
  return "";
}

// ---------------------------------------------------------------------------------------------
// Reading HTML.

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Decodes the character references our escapers and cmark produce, plus numeric ones (ASCII only).
std::string Unescape(const std::string& s) {
  static const std::map<std::string, std::string> kNamed = {{"amp", "&"},  {"lt", "<"},   {"gt", ">"},  {"quot", "\""},
                                                            {"apos", "'"}, {"nbsp", " "}, {"Tab", "\t"}, {"NewLine", "\n"},
                                                            {"colon", ":"}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t semi = s[i] == '&' ? s.find(';', i) : std::string::npos;
    if (semi == std::string::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    std::string ref = s.substr(i + 1, semi - i - 1);
    if (auto it = kNamed.find(ref); it != kNamed.end()) {
      out += it->second;
    } else if (bool hex = ref.size() > 2 && (ref[1] == 'x' || ref[1] == 'X');
               ref.size() > 1 && ref[0] == '#' &&
               ref.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789", hex ? 2 : 1) == std::string::npos) {
      unsigned long code = std::stoul(ref.substr(hex ? 2 : 1), nullptr, hex ? 16 : 10);
      out += code < 0x80 ? static_cast<char>(code) : '?';
    } else {
      out += s[i];
      continue;
    }
    i = semi;
  }
  return out;
}

// The text of some HTML: tags removed, references decoded.
std::string Text(const std::string& html) {
  return Unescape(std::regex_replace(html, std::regex("<[^>]*>"), ""));
}

std::string Between(const std::string& s, const std::string& from, const std::string& to) {
  std::size_t a = s.find(from);
  if (a == std::string::npos) return "";
  std::size_t b = s.find(to, a + from.size());
  return s.substr(a, b == std::string::npos ? std::string::npos : b + to.size() - a);
}

// The element with this id, from its start tag to its matching end tag.
std::string ElementById(const std::string& html, const std::string& id) {
  std::size_t at = html.find(" id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  std::size_t start = html.rfind('<', at);
  std::size_t name_end = html.find_first_of(" >", start);
  std::string name = html.substr(start + 1, name_end - start - 1);
  int depth = 0;
  for (std::size_t i = start; i < html.size(); ++i) {
    if (html.compare(i, name.size() + 1, "<" + name) == 0 &&
        (html[i + name.size() + 1] == ' ' || html[i + name.size() + 1] == '>')) {
      ++depth;
    } else if (html.compare(i, name.size() + 3, "</" + name + ">") == 0 && --depth == 0) {
      return html.substr(start, i + name.size() + 3 - start);
    }
  }
  return html.substr(start);
}

// "h1 Title", "h2 Context", ... in document order.
std::vector<std::string> Headings(const std::string& html, const std::string& levels = "12") {
  std::vector<std::string> out;
  static const std::regex kHeading(R"re(<h([1-6])[^>]*>([\s\S]*?)</h\1>)re");
  for (std::sregex_iterator m(html.begin(), html.end(), kHeading), end; m != end; ++m) {
    if (levels.find((*m)[1].str()) != std::string::npos) out.push_back("h" + (*m)[1].str() + " " + Text((*m)[2]));
  }
  return out;
}

// The captured group of every match, in order.
std::vector<std::string> All(const std::string& html, const std::string& pattern) {
  std::vector<std::string> out;
  std::regex re(pattern);
  for (std::sregex_iterator m(html.begin(), html.end(), re), end; m != end; ++m) out.push_back((*m)[1]);
  return out;
}

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

std::string Article(const std::string& page) { return Between(page, "<article", "</article>"); }
std::string Main(const std::string& page) { return Between(page, "<main", "</main>"); }

// ---------------------------------------------------------------------------------------------
// Active content: what a browser would run or fetch from a page. One line per finding; empty when safe.

struct Tag {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;  // lower-case name, unescaped value
  std::string source;
};

// Start tags, read as a browser tokenizer reads them (quotes respected).
std::vector<Tag> StartTags(const std::string& html) {
  std::vector<Tag> tags;
  std::size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while ((i = html.find('<', i)) != std::string::npos) {
    std::size_t start = i++;
    if (i >= html.size() || !std::isalpha(static_cast<unsigned char>(html[i]))) continue;
    Tag tag;
    while (i < html.size() && !is_space(html[i]) && html[i] != '>' && html[i] != '/') tag.name += html[i++];
    tag.name = Lower(tag.name);
    while (i < html.size() && html[i] != '>') {
      if (is_space(html[i]) || html[i] == '/') {
        ++i;
        continue;
      }
      std::string name;
      while (i < html.size() && !is_space(html[i]) && html[i] != '>' && html[i] != '=' && html[i] != '/') name += html[i++];
      while (i < html.size() && is_space(html[i])) ++i;
      std::string value;
      if (i < html.size() && html[i] == '=') {
        ++i;
        while (i < html.size() && is_space(html[i])) ++i;
        if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
          char quote = html[i++];
          std::size_t close = html.find(quote, i);
          if (close == std::string::npos) close = html.size();
          value = html.substr(i, close - i);
          i = close + 1;
        } else {
          while (i < html.size() && !is_space(html[i]) && html[i] != '>') value += html[i++];
        }
      }
      tag.attributes.emplace_back(Lower(name), Unescape(value));
    }
    tag.source = html.substr(start, std::min(i + 1, html.size()) - start);
    tags.push_back(std::move(tag));
  }
  return tags;
}

std::vector<std::string> ActiveContent(const std::string& page) {
  std::vector<std::string> found;
  // The site's own scripts, from its fingerprinted assets, are the one script a page may have.
  static const std::regex kSiteScript(R"re(<script src="(\.\./)*assets/[a-z]+\.[0-9a-f]+\.js" defer></script>)re");
  std::string html = std::regex_replace(page, kSiteScript, "");
  std::string lower = Lower(html);
  for (const char* element : {"<script", "<iframe", "<svg", "<object", "<embed", "<math"}) {
    if (lower.find(element) != std::string::npos) found.push_back(std::string("element ") + element);
  }
  for (const Tag& tag : StartTags(html)) {
    for (const auto& [name, value] : tag.attributes) {
      if (name.size() > 2 && name.compare(0, 2, "on") == 0) found.push_back("event handler in " + tag.source);
      std::string url;
      for (char c : value) {
        if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F) url += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      bool is_url = name == "href" || name == "src" || name == "action" || name == "formaction" || name == "xlink:href";
      if (is_url && (url.rfind("javascript:", 0) == 0 || url.rfind("vbscript:", 0) == 0 || url.rfind("data:", 0) == 0)) {
        found.push_back("script or data URL in " + tag.source);
      }
      if (name == "src" && (url.rfind("http", 0) == 0 || url.rfind("//", 0) == 0)) {
        found.push_back("resource from outside the site in " + tag.source);
      }
    }
  }
  return found;
}

TEST(RenderActiveContentCheck, FindsWhatABrowserWouldRunOrFetch) {
  EXPECT_EQ(Join(ActiveContent("<p>plain <a href=\"../x/\">link</a> <img src=\"img/a.png\" alt=\"\"></p>"), "\n"), "");
  EXPECT_EQ(Join(ActiveContent("<p title=\"onerror=x &lt;script&gt;\">&lt;svg onload=x&gt;</p>"), "\n"), "");
  EXPECT_EQ(Join(ActiveContent("<SCRIPT>x</SCRIPT>"), "\n"), "element <script");
  EXPECT_EQ(Join(ActiveContent("<script src=\"../assets/search.0a1b.js\" defer></script>"), "\n"), "");
  EXPECT_EQ(Join(ActiveContent("<script src=\"../assets/search.0a1b.js\" defer>alert(1)</script>"), "\n"), "element <script");
  EXPECT_EQ(Join(ActiveContent("<script src=\"https://evil.example/assets/x.1.js\" defer></script>"), "\n"),
            "element <script\nresource from outside the site in <script src=\"https://evil.example/assets/x.1.js\" defer>");
  EXPECT_EQ(Join(ActiveContent("<div class=a OnClick='x'>"), "\n"), "event handler in <div class=a OnClick='x'>");
  EXPECT_EQ(Join(ActiveContent("<a href=\"&#106;ava&#x09;script:x\">y</a>"), "\n"),
            "script or data URL in <a href=\"&#106;ava&#x09;script:x\">");
  EXPECT_EQ(Join(ActiveContent("<a href=DATA:text/html,x>y</a>"), "\n"), "script or data URL in <a href=DATA:text/html,x>");
  EXPECT_EQ(Join(ActiveContent("<img alt=\"x\" src=\"https://evil.example/x.png\">"), "\n"),
            "resource from outside the site in <img alt=\"x\" src=\"https://evil.example/x.png\">");
}

// ---------------------------------------------------------------------------------------------
// Every template against a fully populated view.

// What RenderPage adds to a view before rendering the content template and the layout around it.
json AsRendered(json view) {
  view["has_breadcrumbs"] = view.contains("breadcrumbs") && !view["breadcrumbs"].empty();
  view["has_print_header"] = view.contains("print_header") && !view["print_header"].get<std::string>().empty();
  if (!view.contains("has_alternate_json")) {
    view["has_alternate_json"] = false;
    view["alternate_json"] = "";
  }
  view["content"] = "<p>content</p>";
  // Only the search page has scripts, and the home and 404 pages have no breadcrumbs: give every page
  // both, so the names in the layout's sections for them are checked too.
  if (view.contains("scripts") && view["scripts"].empty()) view["scripts"] = json::array({{{"src", "x.js"}}});
  if (view.contains("breadcrumbs") && view["breadcrumbs"].empty()) {
    view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", "../"}}});
    view["has_breadcrumbs"] = true;
  }
  return view;
}

std::string Unresolved(const std::string& content_template, const json& view) {
  json v = AsRendered(view);
  std::vector<std::string> names = Templates().UnresolvedNames(content_template, v);
  for (const std::string& n : Templates().UnresolvedNames("layout", v)) names.push_back("layout:" + n);
  return Join(names, " ");
}

// A copy of the examples in which merrowgate-2025 has every optional part a document can show: a
// priority action as well as improvements, change notes, responses with improvement activity, an action
// plan with progress, and a withdrawal notice.
Corpus KitchenSink() {
  Corpus corpus = ExampleCorpus();
  Inspection& m = Mutable(corpus, "merrowgate-2025");
  Finding priority = *ExampleCorpus().FindInspection("saltmouth-2025")->FindFinding("api-1");
  m.findings.insert(m.findings.begin(), priority);
  m.status = Status::kWithdrawn;
  m.withdrawn_on = D(2026, 6, 1);
  m.withdrawal_notice = "This report was withdrawn because it was replaced by a new inspection.";
  corpus.site.accessibility.known_issues.push_back("Some older PDFs are not tagged for screen readers.");
  if (corpus.site.accessibility.checks.empty()) {
    corpus.site.accessibility.checks.push_back({"axe", "axe-core", "Every page type", D(2026, 11, 20), 16, 0});
  }
  return corpus;
}

// The first line at which two texts differ, for readable failures.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  if (expected == actual) return "";
  std::size_t line = 1, i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) {
    if (expected[i] == '\n') ++line;
    ++i;
  }
  auto context = [&](const std::string& s) {
    std::size_t start = s.rfind('\n', i == 0 ? 0 : i - 1);
    start = start == std::string::npos ? 0 : start + 1;
    return s.substr(start, s.find('\n', i) - start);
  };
  return "line " + std::to_string(line) + "\n  expected: " + context(expected) + "\n  actual:   " + context(actual);
}


// Which list-valued keys of a view are empty everywhere they occur (a section over them is never checked).
void ListKeys(const json& j, const std::string& path, std::map<std::string, bool>& populated) {
  if (j.is_array()) {
    populated[path] = populated[path] || !j.empty();
    for (const json& item : j) ListKeys(item, path + "[]", populated);
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) ListKeys(it.value(), path + "." + it.key(), populated);
  }
}

std::string EmptyLists(const json& view) {
  std::map<std::string, bool> populated;
  ListKeys(view, "", populated);
  std::vector<std::string> empty;
  for (const auto& [path, any] : populated) {
    if (!any) empty.push_back(path);
  }
  return Join(empty, " ");
}

void ExpectResolves(const std::string& content_template, const json& view) {
  // A document has no feed of its own (area and theme pages do, checked with the site pages).
  std::string empty = EmptyLists(AsRendered(view));
  EXPECT_EQ(empty == ".page_feeds" ? std::string() : empty, "")
      << content_template << ": some lists are empty, so the names inside them are not checked";
  EXPECT_EQ(Unresolved(content_template, view), "") << content_template;
}

TEST(RenderTemplatesResolve, InspectionDocumentTemplatesAgainstAFullyPopulatedView) {
  ASSERT_EQ(Ex().diags.FormatAll(), "");
  Corpus corpus = KitchenSink();
  plan::Plan plan = plan::MakePlan(corpus, AsOf());
  RenderOptions options = Options(/*pdf=*/true);
  Views views(corpus, plan, options);
  const Inspection& in = *corpus.FindInspection("merrowgate-2025");
  const plan::PublicInspection* pub = plan.Find(in.id);
  ASSERT_NE(pub, nullptr);
  ASSERT_TRUE(pub->withdrawn);
  ExpectResolves("letter", views.Letter(in, pub, LetterMode::kPublic));
  ExpectResolves("letter_2016", views.Letter(in, pub, LetterMode::kPublic));
  ExpectResolves("recommendations", views.Recommendations(in, pub));
  ExpectResolves("responses", views.Responses(in, *pub));
  ExpectResolves("agency", views.AgencyView(in, *in.FindAgency("police"), pub));
}

TEST(RenderTemplatesResolve, SitePageTemplatesAgainstFullyPopulatedViews) {
  Corpus corpus = KitchenSink();
  plan::Plan plan = plan::MakePlan(corpus, AsOf());
  ASSERT_EQ(plan.themes.size(), 2u);
  // Every page's real view; each template's lists must be populated in at least one of its views, so
  // the names inside them are checked too.
  std::map<std::string, json> by_template;
  for (const SitePageView& page : SitePageViews(corpus, plan, Templates(), Options())) {
    by_template[page.template_name].push_back(AsRendered(page.view));
    // The area and theme feeds use the site feed's template; the site feed's view is the fullest of them
    // (some area has no change note to list), so the names are checked against it.
    if (page.template_name == "feed" && page.path != "feed.xml") continue;
    EXPECT_EQ(Join(Templates().UnresolvedNames(page.template_name, page.view), " "), "") << page.path;
  }
  for (const char* name : {"home", "reports", "areas", "area", "themes", "theme", "search", "not_found", "feed", "sitemap",
                           "accessibility", "privacy"}) {
    ASSERT_TRUE(by_template.count(name)) << name;
  }
  for (const auto& [name, views] : by_template) {
    // Lists of the shared frame that only some pages fill: scripts (checked on the search page), the page's
    // own feeds (on area and theme pages) and what search reads (on document pages, in the test above).
    std::vector<std::string> empty;
    std::istringstream words(EmptyLists(views));
    for (std::string w; words >> w;) {
      if (w == "[].scripts" && name != "search") continue;
      if (w == "[].page_feeds" && name != "area" && name != "theme") continue;
      if (w == "[].publication.search") continue;
      empty.push_back(w);
    }
    EXPECT_EQ(Join(empty, " "), "") << name;
  }
}

TEST(RenderTemplatesResolve, AMisspeltNameIsReported) {
  TemplateSet templates = Templates();
  templates.Add("broken", "<p>{{area}} and {{aera}}</p>{{#documents}}{{titel}}{{/documents}}{{> _missing}}");
  json view = {{"area", "Merrowgate"}, {"documents", json::array({{{"title", "x"}}})}};
  EXPECT_EQ(Join(templates.UnresolvedNames("broken", view), " "), ">_missing aera titel");
}

TEST(RenderTemplatesResolve, AMisspeltNameInARealTemplateIsReported) {
  TemplateSet templates = Templates();
  std::string letter = templates.texts().at("letter");
  letter.replace(letter.find("{{salutation}}"), 14, "{{salutaton}}");
  templates.Add("letter", letter);
  Corpus corpus = KitchenSink();
  plan::Plan plan = plan::MakePlan(corpus, AsOf());
  RenderOptions options;
  Views views(corpus, plan, options);
  const Inspection& in = *corpus.FindInspection("merrowgate-2025");
  EXPECT_EQ(Join(templates.UnresolvedNames("letter", AsRendered(views.Letter(in, plan.Find(in.id), LetterMode::kPublic))), " "),
            "salutaton");
}

// The views the tests check are the views the site really renders.
TEST(RenderSitePages, ViewsRenderTheSiteByteForByte) {
  const Corpus& corpus = ExampleCorpus();
  plan::Plan plan = plan::MakePlan(corpus, AsOf());
  RenderOptions options = Options();
  std::map<std::string, std::string> pages = RenderSite(corpus, AsOf(), options);
  std::vector<GlossaryTerm> glossary = Glossary(corpus);
  std::vector<SitePageView> views = SitePageViews(corpus, plan, Templates(), options);
  ASSERT_GT(views.size(), 10u);
  for (const SitePageView& page : views) {
    ASSERT_TRUE(pages.count(page.path)) << page.path;
    std::string rendered = page.template_name == "feed" || page.template_name == "sitemap"
                               ? Templates().Render(page.template_name, page.view)
                               : RenderPage(Templates(), page.template_name, page.view, glossary);
    EXPECT_EQ(FirstDifference(pages.at(page.path), rendered), "") << page.path;
  }
}

// ---------------------------------------------------------------------------------------------
// The letter.

TEST(RenderLetter, ACurrentFormatLetterHasItsSectionsInOrder) {
  EXPECT_EQ(Join(Headings(Article(Document(ExampleCorpus(), "merrowgate-2025"))), "\n"),
            "h1 Joint targeted area inspection of Merrowgate\n"
            "h2 Contents\n"
            "h2 Documents\n"
            "h2 Context\n"
            "h2 Headline findings\n"
            "h2 What needs to improve?\n"
            "h2 Strengths\n"
            "h2 Main findings\n"
            "h2 Practice study: highly effective practice\n"
            "h2 Practice study: practice that needs to improve\n"
            "h2 Next steps\n"
            "h2 Updates to this page");
}

TEST(RenderLetter, AreasForPriorityActionComeBeforeWhatNeedsToImprove) {
  EXPECT_EQ(Join(Headings(Article(Document(ExampleCorpus(), "saltmouth-2025"))), "\n"),
            "h1 Joint targeted area inspection of Saltmouth\n"
            "h2 Contents\n"
            "h2 Documents\n"
            "h2 Context\n"
            "h2 Headline findings\n"
            "h2 Areas for priority action\n"
            "h2 What needs to improve?\n"
            "h2 Strengths\n"
            "h2 Main findings\n"
            "h2 Practice study: highly effective practice\n"
            "h2 Practice study: practice that needs to improve\n"
            "h2 Next steps\n"
            "h2 Updates to this page");
}

TEST(RenderLetter, OnlyALetterWithAPriorityActionHasThatHeading) {
  std::vector<std::string> with_heading;
  plan::Plan plan = plan::MakePlan(ExampleCorpus(), AsOf());
  ASSERT_EQ(plan.inspections.size(), 5u);
  for (const plan::PublicInspection& p : plan.inspections) {
    std::string letter = Document(ExampleCorpus(), p.inspection->id);
    if (letter.find("Areas for priority action") != std::string::npos) with_heading.push_back(p.inspection->id);
  }
  EXPECT_EQ(Join(with_heading, " "), "saltmouth-2025");
}

TEST(RenderLetter, The2016LayoutHasItsOwnSectionsInOrder) {
  Corpus corpus = ExampleCorpus();
  Mutable(corpus, "saltmouth-2025").layout = LetterLayout::k2016;
  std::string article = Article(Document(corpus, "saltmouth-2025"));
  EXPECT_NE(article.find("<article class=\"document letter layout-2016\""), std::string::npos);
  EXPECT_EQ(Join(Headings(article), "\n"),
            "h1 Joint targeted area inspection of the multi-agency response to children affected by serious youth "
            "violence in Saltmouth\n"
            "h2 Contents\n"
            "h2 Documents\n"
            "h2 Key strengths\n"
            "h2 Case study: highly effective practice\n"
            "h2 Areas for priority action\n"
            "h2 Areas for improvement\n"
            "h2 Case study: area for improvement\n"
            "h2 Next steps\n"
            "h2 Updates to this page");
  // The 2016-20 letters had no "Main findings" heading; their findings still print, after the case studies.
  EXPECT_NE(article.find("id=\"finding-mf-1\""), std::string::npos);
  EXPECT_NE(Text(article).find("Dear local partnership"), std::string::npos);
  // The context and headline findings run on from the opening, without headings of their own.
  std::size_t opening = article.find("carried out a joint inspection of the multi-agency response");
  std::size_t context = article.find("<p>Saltmouth is a coastal unitary authority");
  std::size_t headline = article.find("<p>Leaders in Saltmouth understand many of the challenges");
  std::size_t strengths = article.find("<h2 id=\"key-strengths\">");
  EXPECT_LT(opening, context);
  EXPECT_LT(context, headline);
  EXPECT_LT(headline, strengths);
  EXPECT_NE(strengths, std::string::npos);
}

std::string ImprovementIds(const std::string& letter) {
  return Join(All(Between(letter, "<ul class=\"findings improvements\">", "</ul>"), R"re(<li id="finding-([a-z0-9-]+)")re"), " ");
}

TEST(RenderLetter, ImprovementsAreInPriorityOrderWhateverTheFileOrder) {
  EXPECT_EQ(ImprovementIds(Document(ExampleCorpus(), "merrowgate-2025")), "afi-1 afi-2 afi-3 afi-4 afi-5 afi-6");
  Corpus corpus = ExampleCorpus();
  Inspection& m = Mutable(corpus, "merrowgate-2025");
  std::reverse(m.findings.begin(), m.findings.end());
  MutableFinding(m, "afi-1").priority = 6;
  MutableFinding(m, "afi-6").priority = 1;
  MutableFinding(m, "afi-3").priority = 2;
  MutableFinding(m, "afi-2").priority = 3;
  EXPECT_EQ(ImprovementIds(Document(corpus, "merrowgate-2025")), "afi-6 afi-3 afi-2 afi-4 afi-5 afi-1");
}

// The letter prints what was published: attribution stays on the agency pages and the recommendations.
TEST(RenderLetter, TheLetterShowsNoAgencyAttributionButTheOtherDocumentsDo) {
  plan::Plan plan = plan::MakePlan(ExampleCorpus(), AsOf());
  int checked = 0;
  for (const plan::PublicInspection& p : plan.inspections) {
    const Inspection& in = *p.inspection;
    std::string letter = Article(Document(ExampleCorpus(), in.id));
    EXPECT_EQ(letter.find("class=\"agencies\""), std::string::npos) << in.id;
    EXPECT_EQ(Text(letter).find("Concerns:"), std::string::npos) << in.id;
    std::string recommendations = Document(ExampleCorpus(), in.id, "recommendations/");
    for (const Finding* f : in.FindingsOfKind(FindingKind::kAreaForImprovement)) {
      std::vector<std::string> names;
      for (const std::string& id : f->agencies) names.push_back(in.FindAgency(id)->name);
      EXPECT_NE(Text(ElementById(recommendations, "finding-" + f->id)).find("Agencies: " + JoinEnglish(names)),
                std::string::npos)
          << in.id << " " << f->id;
      ++checked;
    }
  }
  EXPECT_GT(checked, 15);
}

TEST(RenderLetter, ImprovementsAreBulletsNotNumbers) {
  std::string letter = Article(Document(ExampleCorpus(), "merrowgate-2025"));
  EXPECT_NE(letter.find("<ul class=\"findings improvements\">"), std::string::npos);
  EXPECT_EQ(letter.find("<ol class=\"findings improvements\">"), std::string::npos);
  EXPECT_EQ(letter.find("class=\"para-number\""), std::string::npos);
}

// What the findings document says around the findings replaces the layout's wording, placeholders filled in.
TEST(RenderLetter, TheLettersOwnWordingReplacesTheDefaults) {
  Corpus corpus = ExampleCorpus();
  Inspection& in = Mutable(corpus, "merrowgate-2025");
  in.letter.title = "Joint targeted area inspection of the City of Merrowgate";
  in.letter.salutation = "Dear Merrowgate Safeguarding Children Partnership";
  in.letter.opening.text = "Between 1 and 5 May, we inspected {area}.[^1]\n\n[^1]: Under section 20.\n";
  in.letter.next_steps.text =
      "{principal-authority} should send the written statement of action to {mailbox} by "
      "{written-statement-due}.[^n]\n\n[^n]: The regulations say who writes it.\n";
  in.letter.headings = {{"improvements", "Areas for improvement"}, {"strengths", "Early help strengths"}};
  std::string article = Article(Document(corpus, "merrowgate-2025"));
  std::string text = Text(article);
  EXPECT_EQ(Headings(article)[0], "h1 Joint targeted area inspection of the City of Merrowgate");
  EXPECT_NE(text.find("Dear Merrowgate Safeguarding Children Partnership"), std::string::npos);
  EXPECT_NE(text.find("Between 1 and 5 May, we inspected Merrowgate.1"), std::string::npos) << text;
  EXPECT_EQ(text.find("This letter summarises"), std::string::npos);
  std::optional<Date> due = ActionPlanDue(in, corpus);
  ASSERT_TRUE(due.has_value());
  EXPECT_NE(text.find(in.principal_authority + " should send the written statement of action to " +
                      corpus.site.contact_email + " by " + due->Long() + ".2"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("We have determined that"), std::string::npos);
  std::vector<std::string> headings = Headings(article);
  EXPECT_NE(std::find(headings.begin(), headings.end(), "h2 Areas for improvement"), headings.end());
  EXPECT_NE(std::find(headings.begin(), headings.end(), "h2 Early help strengths"), headings.end());
  // Two blocks' footnotes number on through the page, each with its own anchors.
  EXPECT_NE(article.find("<ol start=\"2\">"), std::string::npos);
  EXPECT_EQ(Count(article, "id=\"fn-"), 2u);
  EXPECT_NE(article.find("id=\"fn-b1-1\""), std::string::npos);
  EXPECT_NE(article.find("id=\"fn-b2-n\""), std::string::npos);
}

TEST(RenderLetter, TheDefaultWordingIsEachLayoutsPublishedWording) {
  Corpus corpus = ExampleCorpus();
  Inspection& in = Mutable(corpus, "merrowgate-2025");
  std::optional<Date> due = ActionPlanDue(in, corpus);
  ASSERT_TRUE(due.has_value());
  std::string current = Text(Article(Document(corpus, "merrowgate-2025")));
  EXPECT_NE(current.find("Dear " + in.partnership_name), std::string::npos);
  EXPECT_NE(current.find("This letter summarises the findings of the joint targeted area inspection (JTAI) of"),
            std::string::npos);
  EXPECT_NE(current.find("We have determined that " + in.principal_authority + " is the principal authority and "
                         "should prepare a written statement of proposed action"),
            std::string::npos);
  EXPECT_NE(current.find("The local safeguarding partners should oversee implementation of the action plan"),
            std::string::npos);
  EXPECT_NE(current.find(in.principal_authority + " should send the written statement of action to"),
            std::string::npos);
  EXPECT_NE(current.find("by " + due->Long() + ". This statement will inform the lines of enquiry"), std::string::npos);
  in.layout = LetterLayout::k2016;
  std::string old = Text(Article(Document(corpus, "merrowgate-2025")));
  EXPECT_NE(old.find("Dear local partnership"), std::string::npos);
  EXPECT_NE(old.find("Between "), std::string::npos);
  EXPECT_NE(old.find("This letter to all the service leaders in the area outlines our findings"), std::string::npos);
  EXPECT_NE(old.find("The local authority should coordinate the preparation of a written statement of proposed "
                     "action"),
            std::string::npos);
  EXPECT_EQ(old.find("We have determined that"), std::string::npos);
}

// "Her Majesty's" before 8 September 2022, "His Majesty's" after: from letterpress.xml, by the letter's date.
TEST(RenderLetter, InspectoratesAreNamedAsOnTheLettersDate) {
  Corpus corpus = ExampleCorpus();
  for (InspectorateInfo& i : corpus.site.inspectorates) {
    if (i.id == "hmicfrs") {
      i.earlier_names.push_back({*Date::ParseIso("2022-09-08"),
                                 "Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services", ""});
    }
  }
  Inspection& in = Mutable(corpus, "merrowgate-2025");
  plan::Plan plan = plan::MakePlan(corpus, AsOf());
  RenderOptions options;
  Views views(corpus, plan, options);
  EXPECT_NE(views.Opening(in).find("His Majesty's Inspectorate of Constabulary"), std::string::npos)
      << views.Opening(in);
  in.dates.publication = *Date::ParseIso("2022-07-18");
  EXPECT_NE(views.Opening(in).find("Her Majesty's Inspectorate of Constabulary"), std::string::npos)
      << views.Opening(in);
}

TEST(RenderLetter, AddresseesAndSignaturesPrintAsWritten) {
  Corpus corpus = ExampleCorpus();
  Inspection& in = Mutable(corpus, "merrowgate-2025");
  in.addressees[0].printed = "Jo Bloggs QPM, Chief Constable of Merrowgate Police";
  in.inspectorates[0].signatory.title = "His Majesty's Inspector of Constabulary | His Majesty's Inspector of Fire";
  in.inspectorates[0].signatory.organisation = "-";
  std::string article = Article(Document(corpus, "merrowgate-2025"));
  EXPECT_NE(article.find("<li>Jo Bloggs QPM, Chief Constable of Merrowgate Police</li>"), std::string::npos);
  std::string first = Between(article, "<ul class=\"signatories\">", "</li>");
  EXPECT_EQ(Count(first, "class=\"signatory-title\""), 2u) << first;
  EXPECT_EQ(first.find("signatory-body"), std::string::npos) << first;
}

TEST(RenderLetter, AGroupPrintsAsASubHeadingBeforeItsRun) {
  Corpus corpus = ExampleCorpus();
  Inspection& in = Mutable(corpus, "merrowgate-2025");
  MutableFinding(in, "afi-1").group = "Leadership and management";
  MutableFinding(in, "afi-2").group = "Leadership and management";
  MutableFinding(in, "afi-3").group = "The front door";
  std::string letter = Article(Document(corpus, "merrowgate-2025"));
  EXPECT_EQ(Join(Headings(letter, "3"), "|").find("h3 Leadership and management|h3 The front door"), 0u)
      << Join(Headings(letter, "3"), "|");
  EXPECT_EQ(Count(letter, "Leadership and management"), 1u);
}

TEST(RenderRecommendations, AnUnrankedListSaysSo) {
  EXPECT_EQ(Text(Document(ExampleCorpus(), "merrowgate-2025", "recommendations/")).find("not ranked"),
            std::string::npos);
  Corpus corpus = ExampleCorpus();
  for (Finding& f : Mutable(corpus, "merrowgate-2025").findings) f.priority = 0;
  EXPECT_NE(Text(Document(corpus, "merrowgate-2025", "recommendations/"))
                .find("The letter did not rank these: the list is in the letter's order, not in order of priority."),
            std::string::npos);
}

TEST(RenderLetter, OpeningGivesTheFieldworkDatesAndNamesEachInspectorateWithTheRightArticle) {
  const Corpus& corpus = ExampleCorpus();
  plan::Plan plan = plan::MakePlan(corpus, AsOf());
  RenderOptions options;
  Views views(corpus, plan, options);
  EXPECT_EQ(views.Opening(*corpus.FindInspection("merrowgate-2025")),
            "<p>This letter summarises the findings of the joint targeted area inspection (JTAI) of the multi-agency "
            "response to children affected by serious youth violence in Merrowgate.</p>\n"
            "<p>This inspection took place from 15 to 19 September 2025. It was carried out by inspectors from the "
            "Office for Standards in Education, Children's Services and Skills (Ofsted), the Care Quality Commission "
            "(CQC), His Majesty's Inspectorate of Constabulary and Fire &amp; Rescue Services (HMICFRS) and His "
            "Majesty's Inspectorate of Probation (HMI Probation).</p>\n");
  EXPECT_NE(Text(Document(corpus, "brackenholt-2026"))
                .find("This inspection took place from 7 to 11 September 2026. It was carried out by inspectors from the Office for "
                      "Standards in Education, Children's Services and Skills (Ofsted), the Care Quality Commission (CQC) "
                      "and His Majesty's Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)."),
            std::string::npos);
}

TEST(RenderLetter, FieldworkDatesAreWrittenAsARange) {
  struct Case {
    Date start, end;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{{D(2025, 9, 15), D(2025, 9, 19), "from 15 to 19 September 2025"},
                                         {D(2025, 9, 29), D(2025, 10, 3), "from 29 September to 3 October 2025"},
                                         {D(2025, 12, 29), D(2026, 1, 2), "from 29 December 2025 to 2 January 2026"}}) {
    Corpus corpus = ExampleCorpus();
    Inspection& m = Mutable(corpus, "merrowgate-2025");
    m.dates.fieldwork_start = c.start;
    m.dates.fieldwork_end = c.end;
    EXPECT_NE(Text(Document(corpus, "merrowgate-2025")).find("This inspection took place " + c.expected + ". It was"),
              std::string::npos)
        << c.expected;
  }
}

TEST(RenderLetter, DatesAreWrittenInFullWithoutLeadingZeros) {
  std::string letter = Document(ExampleCorpus(), "greywold-2026");
  EXPECT_NE(letter.find("<p class=\"date-line\">9 March 2026</p>"), std::string::npos);
  EXPECT_NE(letter.find("<dt>Published</dt><dd><time datetime=\"2026-03-09\">9 March 2026</time></dd>"), std::string::npos);
  EXPECT_EQ(Count(letter, "09 March"), 0u);
}

std::string NextSteps(const std::string& letter) { return Text(Between(letter, "<h2 id=\"next-steps\">", "</section>")); }

TEST(RenderLetter, TheWrittenStatementIsDueSeventyWorkingDaysAfterPublication) {
  // Counted by hand from the published bank holidays.
  struct Case {
    std::string id, due;
  };
  for (const Case& c : std::vector<Case>{
           {"merrowgate-2025", "13 February 2026"},  // 4 November 2025, over Christmas and New Year
           {"saltmouth-2025", "16 April 2026"},      // 6 January 2026, over Easter
           {"brackenholt-2026", "5 February 2027"},  // 27 October 2026, over a substitute Boxing Day
       }) {
    EXPECT_NE(NextSteps(Document(ExampleCorpus(), c.id))
                  .find("should send the written statement of action to enquiries@inspections.example.org by " + c.due +
                        ". This statement"),
              std::string::npos)
        << c.id << ":\n" << NextSteps(Document(ExampleCorpus(), c.id));
  }
}

TEST(RenderLetter, AWorkingDayDeadlineSkipsChristmasAndNewYear) {
  Corpus corpus = ExampleCorpus();
  corpus.site.action_plan_working_days = 5;
  Inspection& m = Mutable(corpus, "merrowgate-2025");
  m.dates.publication = D(2025, 12, 22);  // 23, 24, 29, 30, 31 December
  EXPECT_NE(NextSteps(Document(corpus, "merrowgate-2025")).find(" by 31 December 2025."), std::string::npos);
  m.dates.publication = D(2025, 12, 23);  // 24, 29, 30, 31 December, 2 January
  EXPECT_NE(NextSteps(Document(corpus, "merrowgate-2025")).find(" by 2 January 2026."), std::string::npos);
  m.dates.action_plan_due = D(2026, 3, 2);  // an override wins
  EXPECT_NE(NextSteps(Document(corpus, "merrowgate-2025")).find(" by 2 March 2026."), std::string::npos);
}

std::vector<std::string> Signatories(const std::string& letter) {
  std::vector<std::string> out;
  std::string list = Between(letter, "<ul class=\"signatories\">", "</ul>");
  for (const std::string& li : All(list, R"re((<li>[\s\S]*?</li>))re")) out.push_back(Text(li));
  return out;
}

TEST(RenderLetter, IsSignedOncePerInspectorate) {
  EXPECT_EQ(Join(Signatories(Document(ExampleCorpus(), "merrowgate-2025")), "\n"),
            "Helena Marchbank Deputy Director, Social Care Office for Standards in Education, Children's Services and Skills\n"
            "Dr Tobias Anstruther Chief Inspector of Primary Medical Services and Integrated Care Care Quality Commission\n"
            "Rebecca Thursfield His Majesty's Inspector of Constabulary His Majesty's Inspectorate of Constabulary and "
            "Fire & Rescue Services\n"
            "Martin Fallowes HM Chief Inspector of Probation His Majesty's Inspectorate of Probation");
  EXPECT_EQ(Signatories(Document(ExampleCorpus(), "brackenholt-2026")).size(), 3u);
  Corpus corpus = ExampleCorpus();
  Inspection& m = Mutable(corpus, "merrowgate-2025");
  m.inspectorates.resize(2);
  EXPECT_EQ(Signatories(Document(corpus, "merrowgate-2025")).size(), 2u);
}

// ---------------------------------------------------------------------------------------------
// Abbreviations.

TEST(RenderAbbreviations, MarkTheFirstWholeWordUseOutsideHeadingsAndLinks) {
  std::vector<GlossaryTerm> glossary = {{"MASH", "multi-agency safeguarding hub"}, {"ED", "emergency department"}};
  EXPECT_EQ(AddAbbreviations("<h2>The MASH</h2><p>See <a href=\"#m\">the MASH</a>; MASHED, MASH-led and the MASH, "
                             "then the MASH.</p><p>MASH and ED.</p>",
                             glossary),
            "<h2>The MASH</h2><p>See <a href=\"#m\">the MASH</a>; MASHED, MASH-led and the <abbr title=\"multi-agency "
            "safeguarding hub\">MASH</abbr>, then the MASH.</p><p>MASH and <abbr title=\"emergency "
            "department\">ED</abbr>.</p>");
}

// Text outside headings, links, titles and tags, with `marker` where the term's <abbr> was.
std::string TextWhereAbbreviationsMayGo(std::string html, const std::string& abbr_element, const std::string& marker) {
  if (std::size_t at = html.find(abbr_element); at != std::string::npos) html.replace(at, abbr_element.size(), marker);
  html = std::regex_replace(html, std::regex(R"re(<(h[1-6]|a|title)[\s>][\s\S]*?</\1>)re"), " ");
  return Text(html);
}

bool HasWord(const std::string& text, const std::string& word, std::size_t before = std::string::npos) {
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
  for (std::size_t at = text.find(word); at != std::string::npos && at < before; at = text.find(word, at + 1)) {
    bool left = at == 0 || !word_char(text[at - 1]);
    bool right = at + word.size() >= text.size() || !word_char(text[at + word.size()]);
    if (left && right) return true;
  }
  return false;
}

TEST(RenderAbbreviations, EveryPageExplainsEachTermOnceAtItsFirstUse) {
  const Corpus& corpus = ExampleCorpus();
  std::map<std::string, std::string> pages = RenderSite(corpus, AsOf());
  int explained = 0;
  for (const auto& [path, page] : pages) {
    if (path.size() < 5 || path.compare(path.size() - 5, 5, ".html") != 0) continue;
    std::string main = Main(page);
    EXPECT_EQ(All(main, R"re(<(?:h[1-6]|a)[\s>](?:(?!</(?:h[1-6]|a)>)[\s\S])*?(<abbr))re").size(), 0u)
        << path << ": an <abbr> inside a heading or link";
    for (const GlossaryTerm& term : Glossary(corpus)) {
      std::string element = "<abbr title=\"" + Escape(term.expansion) + "\">" + Escape(term.abbr) + "</abbr>";
      std::size_t uses = Count(main, element);
      EXPECT_LE(uses, 1u) << path << ": " << term.abbr << " explained more than once";
      std::string text = TextWhereAbbreviationsMayGo(main, element, "\x01");
      std::size_t marker = text.find('\x01');
      if (uses == 1) {
        ++explained;
        EXPECT_FALSE(HasWord(text, term.abbr, marker)) << path << ": " << term.abbr << " used before it is explained";
      } else {
        EXPECT_FALSE(HasWord(text, term.abbr)) << path << ": " << term.abbr << " used but never explained";
      }
    }
  }
  EXPECT_GT(explained, 100);
}

TEST(RenderAbbreviations, TheLetterExplainsEmergencyDepartmentInTheContextWhereItFirstAppears) {
  std::string letter = Document(ExampleCorpus(), "merrowgate-2025");
  std::string element = "<abbr title=\"emergency department\">ED</abbr>";
  EXPECT_EQ(Count(letter, element), 1u);
  EXPECT_NE(Between(letter, "<h2 id=\"context\">", "</section>").find("emergency department (" + element + ")"),
            std::string::npos);
  EXPECT_NE(Between(letter, "<h2 id=\"headline-findings\">", "</section>").find("attend the ED at Merrowgate"),
            std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Prioritised recommendations.

std::string RecommendationIds(const std::string& page) {
  return Join(All(page, R"re(<li class="recommendation[^"]*" id="finding-([a-z0-9-]+)")re"), " ");
}

TEST(RenderRecommendations, PriorityActionsComeFirstThenImprovementsByPriority) {
  std::string page = Document(ExampleCorpus(), "saltmouth-2025", "recommendations/");
  EXPECT_EQ(RecommendationIds(page), "api-1 afi-1 afi-2 afi-3 afi-4 afi-5 afi-6");
  EXPECT_EQ(Join(All(page, R"re(<span class="rank">([0-9]+)\.</span>)re"), " "), "1 2 3 4 5 6 7");
  EXPECT_EQ(Join(All(page, R"re(<li class="recommendation priority-action" id="finding-([a-z0-9-]+)")re"), " "), "api-1");
  EXPECT_EQ(Count(page, "<span class=\"tag tag-priority\">Priority action</span>"), 1u);

  Corpus corpus = ExampleCorpus();
  Inspection& s = Mutable(corpus, "saltmouth-2025");
  std::reverse(s.findings.begin(), s.findings.end());
  MutableFinding(s, "afi-1").priority = 5;
  MutableFinding(s, "afi-5").priority = 1;
  EXPECT_EQ(RecommendationIds(Document(corpus, "saltmouth-2025", "recommendations/")),
            "api-1 afi-5 afi-2 afi-3 afi-4 afi-1 afi-6");
}

std::string ActionsOf(const std::string& recommendation) {
  std::vector<std::string> rows;
  for (const std::string& row : All(recommendation, R"re((<tr><td[^>]*>[\s\S]*?</tr>))re")) {
    rows.push_back(Join(All(row, R"re(href="[^"]*#action-(act-[0-9]+)")re"), "") + " " +
                   Join(All(row, R"re(<span class="status status-[a-z-]+">([^<]*)</span>)re"), ""));
  }
  return Join(rows, ", ");
}

TEST(RenderRecommendations, ListTheActionsAnsweringEachWithTheirStatusOnceThePlanIsPublic) {
  std::string page = Document(ExampleCorpus(), "merrowgate-2025", "recommendations/");
  std::vector<std::string> actions;
  for (int i = 1; i <= 6; ++i) {
    actions.push_back(ActionsOf(ElementById(page, "finding-afi-" + std::to_string(i))));
  }
  EXPECT_EQ(Join(actions, "\n"),
            "act-1 Complete, act-2 Complete\n"
            "act-3 Complete, act-4 In progress\n"
            "act-5 Complete\n"
            "act-6 In progress\n"
            "act-7 In progress\n"
            "act-8 In progress");
  std::string row = Between(ElementById(page, "finding-afi-2"), "#action-act-4", "</tr>");
  EXPECT_NE(Text(row).find("Merrowgate and Vale Integrated Care Board and health providersNamed GP for Safeguarding "
                           "Children30 September 2026In progress"),
            std::string::npos)
      << row;
  EXPECT_EQ(Count(page, "No action yet"), 0u);
  EXPECT_EQ(Count(page, "is due by"), 0u);
}

TEST(RenderRecommendations, ActionsPastTheirDueDateAndNotCompleteAreOverdueOnTheAsOfDate) {
  // act-6 (afi-4) is in progress and due 31 July 2026; act-2 (afi-1) is complete.
  auto flagged = [](Date as_of, const std::string& document) {
    std::string page = Document(ExampleCorpus(), "merrowgate-2025", document, as_of);
    return Count(page, "class=\"tag tag-overdue\"");
  };
  EXPECT_EQ(flagged(D(2026, 7, 31), "recommendations/"), 0u);  // due today: not yet overdue
  EXPECT_EQ(flagged(D(2026, 8, 1), "recommendations/"), 1u);   // the day after
  EXPECT_EQ(flagged(D(2026, 8, 1), "responses/"), 1u);
  std::string page = Document(ExampleCorpus(), "merrowgate-2025", "recommendations/", D(2026, 8, 1));
  EXPECT_NE(Text(ElementById(page, "finding-afi-4")).find("Overdue: 1 action is overdue"), std::string::npos);
  EXPECT_EQ(Text(ElementById(page, "finding-afi-1")).find("Overdue"), std::string::npos);
  // Complete actions are never overdue, whatever the date.
  Corpus corpus = ExampleCorpus();
  for (Action& a : Mutable(corpus, "merrowgate-2025").action_plan->actions) a.status = ActionStatus::kComplete;
  EXPECT_EQ(Count(Document(corpus, "merrowgate-2025", "responses/", D(2027, 1, 4)), "Overdue"), 0u);
}

TEST(RenderRecommendations, TheActionPlanSaysWhenItsProgressWasReported) {
  std::string page = Document(ExampleCorpus(), "merrowgate-2025", "responses/");
  EXPECT_NE(Text(page).find("Progress as at 11 February 2026."), std::string::npos);  // the plan's own date
  Corpus corpus = ExampleCorpus();
  Mutable(corpus, "merrowgate-2025").action_plan->progress_as_at = D(2026, 10, 1);
  EXPECT_NE(Text(Document(corpus, "merrowgate-2025", "responses/", D(2026, 10, 1))).find("Progress as at 1 October 2026."),
            std::string::npos);
  // An update dated after the as-of date is not reported yet.
  EXPECT_NE(Text(Document(corpus, "merrowgate-2025", "responses/", D(2026, 9, 30))).find("Progress as at 11 February 2026."),
            std::string::npos);
  EXPECT_NE(Text(Document(corpus, "merrowgate-2025", "recommendations/", D(2026, 10, 1)))
                .find("Action statuses are as reported at 1 October 2026."),
            std::string::npos);
}

TEST(RenderRecommendations, ARecommendationWithNoActionIsFlagged) {
  Corpus corpus = ExampleCorpus();
  std::vector<Action>& actions = Mutable(corpus, "merrowgate-2025").action_plan->actions;
  actions.erase(std::remove_if(actions.begin(), actions.end(), [](const Action& a) { return a.id == "act-6"; }),
                actions.end());
  std::string page = Document(corpus, "merrowgate-2025", "recommendations/");
  EXPECT_EQ(Count(page, "class=\"flag no-action\""), 1u);
  EXPECT_NE(Text(ElementById(page, "finding-afi-4"))
                .find("No action yet: the published action plan has no action that answers this recommendation."),
            std::string::npos);
  EXPECT_EQ(ActionsOf(ElementById(page, "finding-afi-4")), "");
}

TEST(RenderRecommendations, BeforeTheActionPlanIsPublicThePageSaysWhenItIsDue) {
  std::string page = Document(ExampleCorpus(), "merrowgate-2025", "recommendations/", D(2026, 2, 10));
  EXPECT_NE(page.find("<p class=\"notice\">The partnership's written statement of action is due by 13 February "
                      "2026. Actions will appear here once it is published.</p>"),
            std::string::npos);
  EXPECT_EQ(Count(page, "<table"), 0u);
  EXPECT_EQ(Count(page, "No action yet"), 0u);
  // The day it is published, the actions replace the notice.
  page = Document(ExampleCorpus(), "merrowgate-2025", "recommendations/", D(2026, 2, 11));
  EXPECT_EQ(Count(page, "is due by"), 0u);
  EXPECT_EQ(Count(page, "<table class=\"actions stack\">"), 6u);
}

// ---------------------------------------------------------------------------------------------
// Every document shows when it was published, and links its own PDF when there is one.

TEST(RenderDocuments, EachPublicDocumentShowsItsPublicationDate) {
  for (std::string document : {"", "recommendations/", "responses/", "agencies/police/"}) {
    std::string page = Document(ExampleCorpus(), "merrowgate-2025", document);
    EXPECT_NE(page.find("<dt>Published</dt><dd><time datetime=\"2025-11-04\">4 November 2025</time></dd>"),
              std::string::npos)
        << "'" << document << "'";
    // The newest change note, minor as well as major: the change list below it must never be newer.
    EXPECT_NE(page.find("<dt>Last updated</dt><dd><time datetime=\"2025-12-02\">2 December 2025</time>"),
              std::string::npos)
        << "'" << document << "'";
  }
}

TEST(RenderDocuments, LastUpdatedIsTheNewestChangeNotePublicOnTheAsOfDate) {
  // merrowgate-2025 has a major change note on 19 November 2025 and a minor one on 2 December 2025.
  auto last_updated = [](Date as_of) {
    std::string page = Document(ExampleCorpus(), "merrowgate-2025", "", as_of);
    std::vector<std::string> found = All(page, R"re(<dt>Last updated</dt><dd><time datetime="([0-9-]+)")re");
    return Join(found, " ");
  };
  EXPECT_EQ(last_updated(D(2025, 11, 18)), "");            // no change public yet
  EXPECT_EQ(last_updated(D(2025, 11, 19)), "2025-11-19");  // the major change, on its day
  EXPECT_EQ(last_updated(D(2025, 12, 1)), "2025-11-19");   // the minor one is not public yet
  EXPECT_EQ(last_updated(D(2025, 12, 2)), "2025-12-02");   // the minor one is the newest
  // The date shown is never older than a change the page lists.
  std::string page = Document(ExampleCorpus(), "merrowgate-2025", "", D(2026, 1, 5));
  std::vector<std::string> listed = All(ElementById(page, "history"), R"re(<time datetime="([0-9-]+)")re");
  ASSERT_FALSE(listed.empty());
  EXPECT_EQ(*std::max_element(listed.begin(), listed.end()), last_updated(D(2026, 1, 5)));
}

TEST(RenderDocuments, TheFeedCountsOnlyMajorChangesAsUpdates) {
  std::map<std::string, std::string> pages = RenderSite(ExampleCorpus(), D(2026, 1, 5));
  const std::string& feed = pages.at("feed.xml");
  std::size_t entry = feed.find("inspections/merrowgate-2025/</id>");
  ASSERT_NE(entry, std::string::npos);
  EXPECT_NE(feed.substr(entry, 300).find("<updated>2025-11-19T00:00:00Z</updated>"), std::string::npos)
      << feed.substr(entry, 300);
}

TEST(RenderDocuments, EachPrintableDocumentLinksItsPdf) {
  std::map<std::string, std::string> pages = RenderSite(ExampleCorpus(), AsOf(), Options(/*pdf=*/true));
  auto pdf_links = [&](const std::string& path) {
    return Join(All(pages.at(path), R"re(<a href="([^"]*)" type="application/pdf">)re"), " ");
  };
  // Every document lists the inspection's documents as attachments, each printable one with its PDF, whose
  // format, size and page count are filled in once the PDF exists (site/pdf_facts).
  auto all = [](const std::string& root) {
    std::string folder = root + "inspections/merrowgate-2025/";
    return folder + "merrowgate-2025.pdf " + folder + "merrowgate-2025-recommendations.pdf " + folder +
           "merrowgate-2025-responses.pdf";
  };
  EXPECT_EQ(pdf_links("inspections/merrowgate-2025/index.html"), all("../../"));
  EXPECT_EQ(pdf_links("inspections/merrowgate-2025/recommendations/index.html"), all("../../../"));
  EXPECT_EQ(pdf_links("inspections/merrowgate-2025/responses/index.html"), all("../../../"));
  EXPECT_EQ(pdf_links("inspections/merrowgate-2025/agencies/police/index.html"), all("../../../../"));
  EXPECT_EQ(Count(pages.at("inspections/merrowgate-2025/index.html"),
                  PdfFactsMarker("inspections/merrowgate-2025/merrowgate-2025-responses.pdf")),
            1u);
  // Without --pdf there is nothing to link to.
  for (const auto& [path, page] : RenderSite(ExampleCorpus(), AsOf())) {
    EXPECT_EQ(Count(page, "application/pdf"), 0u) << path;
  }
}

TEST(RenderDocuments, EveryLinkWithinAPageHasItsTarget) {
  Corpus corpus = KitchenSink();  // change notes, a withdrawal: every optional part that adds links
  int links = 0;
  for (const auto& [path, page] : RenderSite(corpus, AsOf(), Options(/*pdf=*/true))) {
    for (const std::string& target : All(page, R"re(href="#([^"]*)")re")) {
      EXPECT_NE(page.find(" id=\"" + target + "\""), std::string::npos) << path << ": #" << target;
      ++links;
    }
  }
  EXPECT_GT(links, 60);
}

// ---------------------------------------------------------------------------------------------
// Responses and agency views.

TEST(RenderResponses, ShowEachResponseWithItsDateAndTheActionPlan) {
  std::string page = Document(ExampleCorpus(), "merrowgate-2025", "responses/");
  EXPECT_EQ(Join(All(page, R"re(<h2 id="response-[a-z-]+-heading">([^<]*)</h2>)re"), "\n"),
            "Response from Merrowgate and Vale Integrated Care Board and health providers\n"
            "Response from Merrowgate and Vale Police\n"
            "Response from Merrowgate City Council children&apos;s social care");
  EXPECT_NE(page.find("<p class=\"response-date\">Dated <time datetime=\"2025-11-11\">11 November 2025</time></p>"),
            std::string::npos);
  std::string act1 = ElementById(page, "action-act-1");
  EXPECT_NE(act1.find("<a href=\"../../../inspections/merrowgate-2025/recommendations/#finding-afi-1\">Area for "
                      "improvement 1</a>"),
            std::string::npos)
      << act1;
  EXPECT_NE(Text(act1).find("Progress: The protocol was signed off"), std::string::npos) << act1;
  EXPECT_EQ(Count(page, "<tr id=\"action-"), 8u);
}

TEST(RenderAgencyView, ShowsOnlyTheAgencysFindingsAndNamesItsInspectorate) {
  std::string page = Document(ExampleCorpus(), "saltmouth-2025", "agencies/police/");
  EXPECT_NE(Text(page).find("that concern Eastmere Constabulary, inspected by His Majesty's Inspectorate of Constabulary "
                            "and Fire & Rescue Services (HMICFRS)."),
            std::string::npos);
  EXPECT_NE(Text(Document(ExampleCorpus(), "saltmouth-2025", "agencies/health/"))
                .find("that concern Eastmere Coast Integrated Care Board and health providers, inspected by the Care "
                      "Quality Commission (CQC)."),
            std::string::npos);
  EXPECT_EQ(Join(All(page, R"re(id="finding-([a-z0-9-]+)")re"), " "),
            "api-1 afi-1 afi-4 str-3 mf-2 mf-3 mf-6 ps-1 ps-2");
  EXPECT_EQ(Join(Headings(Article(page)), "\n"),
            "h1 Findings for Eastmere Constabulary\n"
            "h2 Contents\n"
            "h2 Documents\n"
            "h2 Areas for priority action\n"
            "h2 What needs to improve\n"
            "h2 Strengths\n"
            "h2 Main findings\n"
            "h2 Practice studies: highly effective practice\n"
            "h2 Practice studies: practice that needs to improve\n"
            "h2 Updates to this page");
}

// ---------------------------------------------------------------------------------------------
// Hostile content: whatever reaches the renderer, no page runs script or fetches from outside the site.

struct HostileInput {
  std::string text;
  std::string context_html;  // what the letter's context section shows of it as Markdown
};

const std::vector<HostileInput>& HostileInputs() {
  static const std::vector<HostileInput> inputs = {
      {"<script>alert(1)</script>", ""},
      {"<img src=x onerror=alert(1)>", ""},
      {"[x](javascript:alert(1))", "<p>x</p>\n"},
      {"[x](JaVaScRiPt:alert(1))", "<p>x</p>\n"},
      {"[x](java&#x09;script:alert(1))", "<p>x</p>\n"},
      {"[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>\n"},
      {"![x](https://evil.example/x.png)", "<p>x</p>\n"},
      {"![x](//evil.example/x.png)", "<p>x</p>\n"},
      {"<a href=\"javascript:x\">y</a>", "<p>y</p>\n"},
      {"<iframe src=\"https://evil.example/\"></iframe>", ""},
      {"<svg onload=alert(1)>", ""},
      {"Text <svg/onload=alert(1)> more", "<p>Text &lt;svg/onload=alert(1)&gt; more</p>\n"},  // not a tag to cmark
      {"&lt;script&gt;alert(1)&lt;/script&gt;", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
      {"[[x](javascript:y)](z)", "<p>[x](z)</p>\n"},
      {"<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n"},
      {"[x][r]\n\n[r]: javascript:alert(1)", "<p>x</p>\n"},
      {"\" onmouseover=\"alert(1)", "<p>&quot; onmouseover=&quot;alert(1)</p>\n"},
      {"</style><script>alert(1)</script>", "<p>alert(1)</p>\n"},  // inline tags go, their text stays
  };
  return inputs;
}

// A copy of the examples with `text` in every Markdown field and every plain-text field the pages show,
// as if it had got past `letterpress check`.
Corpus WithHostileContent(const std::string& text) {
  Corpus corpus = ExampleCorpus();
  for (Inspection& in : corpus.inspections) {
    in.area_name = text;
    in.partnership_name = text;
    in.principal_authority = text;
    if (in.context) in.context->body.text = text;
    if (in.headline) in.headline->body.text = text;
    for (Finding& f : in.findings) {
      f.body.text = text;
      f.title = text;
      bool study = f.kind == FindingKind::kPracticeStudyEffective || f.kind == FindingKind::kPracticeStudyImprovement;
      (study ? f.heading : f.group) = text;
    }
    for (Agency& a : in.agencies) a.name = text;
    for (Addressee& a : in.addressees) a.name = text;
    for (Participation& p : in.inspectorates) p.signatory.name = text;
    for (ChangeNote& n : in.change_notes) n.text = text;
    for (PartnerResponse& r : in.responses) {
      r.statement.text = text;
      r.improvement_activity.text = text;
      for (ResponseSignatory& s : r.signatories) s.name = text;
    }
    if (in.action_plan) {
      for (Action& a : in.action_plan->actions) {
        a.description.text = text;
        a.progress.text = text;
        a.owner_role = text;
      }
    }
  }
  for (Theme& t : corpus.themes) {
    t.title = text;
    t.description.text = text;
  }
  return corpus;
}

// The escaping Mustache applies to {{name}}.
std::string MustacheEscape(const std::string& text) {
  std::string out = Escape(text);
  for (std::size_t at = out.find("&#39;"); at != std::string::npos; at = out.find("&#39;", at)) out.replace(at, 5, "&apos;");
  return out;
}

TEST(RenderHostileContent, NoPageRunsScriptOrFetchesFromOutsideTheSite) {
  for (const HostileInput& input : HostileInputs()) {
    SCOPED_TRACE(input.text);
    Corpus corpus = WithHostileContent(input.text);
    std::map<std::string, std::string> pages = RenderSite(corpus, AsOf(), Options(/*pdf=*/true));
    ASSERT_GT(pages.size(), 60u);
    for (const auto& [path, page] : pages) {
      EXPECT_EQ(Join(ActiveContent(page), "\n"), "") << path;
      // A style element must not be closable from inside: the print header is the only text in one.
      EXPECT_EQ(Between(page, "<style>", "</style>").find('<', 1), Between(page, "<style>", "</style>").rfind('<'))
          << path;
    }
    // The feed carries HTML inside XML: unescaped once, it must be as safe as a page.
    for (const std::string& content : All(pages.at("feed.xml"), R"re(<content type="html">([\s\S]*?)</content>)re")) {
      EXPECT_EQ(Join(ActiveContent(Unescape(content)), "\n"), "") << content;
    }

    // The visible text survives, escaped: as Markdown in the context, as plain text in titles and names.
    std::string letter = pages.at("inspections/merrowgate-2025/index.html");
    EXPECT_EQ(Between(letter, "<h2 id=\"context\">Context</h2>\n", "</section>"),
              "<h2 id=\"context\">Context</h2>\n" + input.context_html + "\n</section>");
    std::string escaped = MustacheEscape(input.text);
    EXPECT_NE(letter.find("<h1 id=\"document-title\">Joint targeted area inspection of " + escaped + "</h1>"),
              std::string::npos);
    EXPECT_NE(letter.find("-heading\">" + escaped + "</h2>"), std::string::npos) << "a practice study's heading";
    EXPECT_NE(letter.find("<li class=\"group-heading\"><h3>" + escaped + "</h3></li>"), std::string::npos) << "a group";
    EXPECT_NE(letter.find("<p class=\"salutation\">Dear " + escaped + "</p>"), std::string::npos);
    // A name is one line: in the opening's Markdown a line break in it prints as a space.
    std::string one_line = input.text;
    std::replace(one_line.begin(), one_line.end(), '\n', ' ');
    EXPECT_NE(letter.find(" in " + Escape(one_line) + ".</p>"), std::string::npos) << "the opening";
    EXPECT_NE(pages.at("areas/index.html").find(">" + escaped + "</a>"), std::string::npos);
  }
}


TEST(RenderAbbreviations, LeaveScriptsStylesAndFormControlsAlone) {
  std::vector<GlossaryTerm> glossary = {{"GP", "general practitioner"}, {"ICB", "integrated care board"}};
  std::string html =
      "<script>if (a < b) { x = \"GP\"; }</script><select><option>GP note</option></select>"
      "<textarea>ICB</textarea><style>.GP{}</style><p>The GP and the ICB.</p>";
  EXPECT_EQ(AddAbbreviations(html, glossary),
            "<script>if (a < b) { x = \"GP\"; }</script><select><option>GP note</option></select>"
            "<textarea>ICB</textarea><style>.GP{}</style><p>The <abbr title=\"general practitioner\">GP</abbr> and the "
            "<abbr title=\"integrated care board\">ICB</abbr>.</p>");
}


TEST(DecisionLogCsv, CellsThatWouldRunAsFormulasAreNeutralised) {
  CorrectionSet set;
  set.agency = "@health";
  set.draft_version = "v1";
  set.submitted = D(2026, 3, 2);
  set.submitter_name = "=HYPERLINK(\"http://evil.example\",\"open\")";
  FactualAccuracyCorrection c;
  c.id = "c-1";
  c.paragraph = "4.2";
  c.decision = Decision{CorrectionOutcome::kDeclined, DeclineReason::kOther, "+lead", D(2026, 3, 5), "-1 day", {}};
  set.corrections.push_back(c);
  workflow::CorrectionReview review;
  review.set = &set;
  review.correction = &set.corrections.front();
  std::string csv = DecisionLogCsv({review});
  std::string row = csv.substr(csv.find("\r\n") + 2);
  EXPECT_EQ("c-1,\"'@health\",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\",2026-03-02,v1,4.2,,declined,other,"
            "\"'-1 day\",\"'+lead\",2026-03-05\r\n",
            row);
}

// The specification of abbreviation marking in its plainest form (what AddAbbreviations did before it was
// made linear): in each text run, repeatedly take the earliest whole-word use of any term not yet used,
// the earliest-listed term where several start at one place. Quadratic, so only for small inputs.
std::string ReferenceAbbreviations(const std::string& html, const std::vector<GlossaryTerm>& glossary) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
  std::vector<std::pair<std::string, const GlossaryTerm*>> pending;
  for (const GlossaryTerm& t : glossary) pending.emplace_back(Escape(t.abbr), &t);
  std::string out;
  std::size_t i = 0;
  int skip = 0;
  while (i < html.size()) {
    if (html[i] == '<') {
      std::size_t gt = html.find('>', i);
      std::string name;
      for (std::size_t j = i + 1; j < gt && (std::isalnum(static_cast<unsigned char>(html[j])) || html[j] == '/'); ++j) {
        name += html[j];
      }
      bool closing = !name.empty() && name[0] == '/';
      std::string bare = closing ? name.substr(1) : name;
      if (bare == "abbr" || bare == "a" || bare == "h2") skip += closing ? -1 : 1;
      out.append(html, i, gt - i + 1);
      i = gt + 1;
      continue;
    }
    std::size_t next = std::min(html.find('<', i), html.size());
    std::string text = html.substr(i, next - i);
    std::size_t pos = 0;
    while (skip == 0 && pos < text.size()) {
      std::size_t best = std::string::npos, best_k = 0;
      for (std::size_t k = 0; k < pending.size(); ++k) {
        const std::string& n = pending[k].first;
        for (std::size_t at = text.find(n, pos); at != std::string::npos; at = text.find(n, at + 1)) {
          if ((at == 0 || !word(text[at - 1])) && (at + n.size() >= text.size() || !word(text[at + n.size()]))) {
            if (at < best) best = at, best_k = k;
            break;
          }
        }
      }
      if (best == std::string::npos) break;
      out += text.substr(pos, best - pos) + "<abbr title=\"" + Escape(pending[best_k].second->expansion) + "\">" +
             pending[best_k].first + "</abbr>";
      pos = best + pending[best_k].first.size();
      pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(best_k));
    }
    out += text.substr(pos);
    i = next;
  }
  return out;
}

TEST(RenderAbbreviations, MarkTheSameUsesAsTheSpecificationOnRandomText) {
  // Terms share prefixes, contain '&' (escaped in HTML), repeat (a glossary term and an inspectorate may
  // share an abbreviation) and sit next to word characters, hyphens and each other's prefixes.
  std::uint32_t seed = 12345;
  auto next = [&](std::uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % n;
  };
  const std::string letters = "ABA&";
  for (int round = 0; round < 2000; ++round) {
    std::vector<GlossaryTerm> glossary;
    for (std::uint32_t t = 0, n = 1 + next(6); t < n; ++t) {
      std::string abbr(1, "AB"[next(2)]);
      for (std::uint32_t c = 0, len = 1 + next(3); c < len; ++c) abbr += letters[next(4)];
      glossary.push_back({abbr, "term " + std::to_string(t)});
    }
    std::string html;
    for (std::uint32_t piece = 0, n = next(30); piece < n; ++piece) {
      switch (next(9)) {
        case 0: html += "<p>"; break;
        case 1: html += "<a href=\"#\">A</a>"; break;
        case 2: html += "<h2>AB</h2>"; break;
        case 3: html += " "; break;
        case 4: html += "-"; break;
        case 5: html += "&amp;"; break;
        case 6: html += "x"; break;
        default: html += Escape(glossary[next(static_cast<std::uint32_t>(glossary.size()))].abbr); break;
      }
    }
    ASSERT_EQ(AddAbbreviations(html, glossary), ReferenceAbbreviations(html, glossary)) << "round " << round << ": " << html;
  }
}

TEST(RenderAbbreviations, SixteenThousandTermsUsedInOneBodyAreEachExplainedOnce) {
  // The glossary a hostile or careless letterpress.xml could hold: matching was once cubic in it (16,000
  // terms did not finish in 300 s); it is now one pass over the page. Timing is in bench/, not here.
  std::vector<GlossaryTerm> glossary;
  std::string html = "<p>", expected = "<p>";
  for (int k = 0; k < 16000; ++k) {
    std::string abbr = "T";
    for (int n = k; n > 0 || abbr.size() == 1; n /= 26) abbr += static_cast<char>('A' + n % 26);
    glossary.push_back({abbr, "term " + std::to_string(k)});
  }
  for (int k = 16000; k-- > 0;) {
    html += glossary[static_cast<std::size_t>(k)].abbr + " and " + glossary[static_cast<std::size_t>(k)].abbr + ", ";
    expected += "<abbr title=\"term " + std::to_string(k) + "\">" + glossary[static_cast<std::size_t>(k)].abbr +
                "</abbr> and " + glossary[static_cast<std::size_t>(k)].abbr + ", ";
  }
  html += "</p>";
  expected += "</p>";
  EXPECT_EQ(AddAbbreviations(html, glossary), expected);
}

}  // namespace
}  // namespace lp::render
