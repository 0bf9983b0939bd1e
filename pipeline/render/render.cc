#include "render/render.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <set>
#include <exception>
#include <mutex>
#include <thread>

#include "base/text.h"
#include "markdown/markdown.h"
#include "render/html.h"
#include "workflow/paragraphs.h"
#include "workflow/published.h"

namespace lp::render {
using nlohmann::json;

namespace {

std::string KindHeading(FindingKind k) {
  switch (k) {
    case FindingKind::kAreaForPriorityAction: return "Area for priority action";
    case FindingKind::kAreaForImprovement: return "Area for improvement";
    case FindingKind::kStrength: return "Strength";
    case FindingKind::kMainFinding: return "Main finding";
    case FindingKind::kPracticeStudyEffective: return "Practice study: highly effective practice";
    case FindingKind::kPracticeStudyImprovement: return "Practice study: practice that needs to improve";
  }
  return "";
}

std::vector<std::string> Split(const std::string& text, const std::string& separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(separator, start)) != std::string::npos; start = at + separator.size()) {
    out.push_back(text.substr(start, at - start));
  }
  out.push_back(text.substr(start));
  return out;
}

// Plain text (an area's name, say) as Markdown that prints exactly that text: every ASCII punctuation
// character backslash-escaped, so nothing in a name becomes a link, markup or emphasis.
std::string EscapeMarkdown(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') c = ' ';  // a name is one line: a break inside it must not start a paragraph
    if (std::ispunct(static_cast<unsigned char>(c))) out += '\\';
    out += c;
  }
  return out;
}

std::string Strip(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string InspectionSummary(const Inspection& in) {
  if (!in.headline) return {};
  std::vector<markdown::Block> blocks = markdown::SplitBlocks(in.headline->body.text);
  return blocks.empty() ? std::string() : blocks.front().text;
}

std::string PdfFactsMarker(const std::string& pdf_path) { return "<!--letterpress:pdf-facts:" + pdf_path + "-->"; }

std::string AddContentsList(const std::string& html) {
  std::size_t marker = html.find(kContentsMarker);
  if (marker == std::string::npos) return html;
  std::size_t after = marker + std::string(kContentsMarker).size();
  // The page's own furniture is not one of its sections.
  static const std::set<std::string> kFurniture = {"documents-heading", "history-heading", "related-heading",
                                                   "contents-heading"};
  std::string items;
  int count = 0;
  for (std::size_t at = html.find("<h2 id=\"", after); at != std::string::npos; at = html.find("<h2 id=\"", at + 1)) {
    std::size_t id_start = at + 8;
    std::size_t id_end = html.find('"', id_start);
    std::size_t text_start = html.find('>', id_end);
    std::size_t text_end = html.find("</h2>", text_start);
    if (id_end == std::string::npos || text_start == std::string::npos || text_end == std::string::npos) break;
    std::string id = html.substr(id_start, id_end - id_start);
    if (kFurniture.count(id)) continue;
    // The heading's text without its markup (abbreviations, tags); it is already escaped HTML text.
    std::string text;
    bool in_tag = false;
    for (std::size_t i = text_start + 1; i < text_end; ++i) {
      char c = html[i];
      if (c == '<') in_tag = true;
      else if (c == '>') in_tag = false;
      else if (!in_tag) text += c;
    }
    items += "<li><a href=\"#" + id + "\">" + text + "</a></li>\n";
    ++count;
  }
  std::string list;
  if (count >= 2) {
    list = "<nav class=\"contents\" aria-labelledby=\"contents-heading\" data-pagefind-ignore>\n"
           "<h2 id=\"contents-heading\">Contents</h2>\n<ol class=\"contents-list\">\n" + items + "</ol>\n</nav>";
  }
  return html.substr(0, marker) + list + html.substr(after);
}

std::string WrapWideTables(const std::string& html) {
  std::string out;
  std::size_t from = 0;
  int n = 0;
  for (std::size_t at = html.find("<table"); at != std::string::npos; at = html.find("<table", from)) {
    std::size_t tag_end = html.find('>', at);
    std::size_t close = html.find("</table>", at);
    if (tag_end == std::string::npos || close == std::string::npos) break;
    std::string tag = html.substr(at, tag_end - at + 1);
    close += 8;
    out += html.substr(from, at - from);
    if (tag.find("stack") != std::string::npos) {
      // Stacked tables reflow on narrow screens instead.
      out += html.substr(at, close - at);
    } else {
      // The region is named by the table's caption, so a screen reader user knows what scrolls.
      std::string label = "Table";
      std::size_t cap = html.find("<caption>", tag_end);
      std::size_t cap_end = html.find("</caption>", tag_end);
      if (cap != std::string::npos && cap < close && cap_end != std::string::npos && cap_end < close) {
        label.clear();
        bool in_tag = false;
        for (std::size_t i = cap + 9; i < cap_end; ++i) {
          if (html[i] == '<') in_tag = true;
          else if (html[i] == '>') in_tag = false;
          else if (!in_tag) label += html[i];
        }
      }
      out += "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"" + label + "\">" +
             html.substr(at, close - at) + "</div>";
    }
    from = close;
    ++n;
  }
  return n == 0 ? html : out + html.substr(from);
}

std::vector<GlossaryTerm> Glossary(const Corpus& corpus) {
  std::vector<GlossaryTerm> terms = corpus.site.glossary;
  for (const InspectorateInfo& i : corpus.site.inspectorates) {
    if (i.abbr != i.name) terms.push_back({i.abbr, i.name});
  }
  return terms;
}

std::vector<std::string> InspectionSources(const Inspection& in) {
  std::vector<std::string> sources = {in.folder + "/inspection.xml"};
  if (in.has_findings) sources.push_back(in.folder + "/findings.xml");
  if (!in.responses.empty() || in.action_plan) sources.push_back(in.folder + "/responses.xml");
  return sources;
}

json Views::Frame(const std::string& page_path, const std::string& title, const std::string& description) const {
  const SiteConfig& s = corpus_.site;
  json frame;
  frame["site"] = {{"title", s.title},
                   {"publisher", s.publisher},
                   {"contact_name", s.contact_name},
                   {"contact_email", s.contact_email},
                   {"licence_name", s.licence_name},
                   {"licence_url", s.licence_url},
                   {"language", s.language}};
  frame["page"] = {{"title", title},
                   {"description", description},
                   {"canonical", corpus_.site.BaseUrl() + page_path},
                   {"path", page_path}};
  frame["root"] = page_path == "404.html" ? corpus_.site.BasePath() : RelativeRoot(page_path);
  json assets = json::object();
  for (const auto& [name, path] : options_.assets) {
    std::string key = name;
    std::replace(key.begin(), key.end(), '.', '_');
    std::replace(key.begin(), key.end(), '-', '_');
    assets[key] = frame["root"].get<std::string>() + path;
  }
  frame["assets"] = assets;
  frame["print_header"] = "";
  frame["breadcrumbs"] = json::array();
  frame["scripts"] = json::array();
  frame["page_feeds"] = json::array();  // Atom feeds of this page's own subject (an area, a theme)
  frame["publication"] = {{"search", json::array()}};  // documents replace it (Views::Publication)
  return frame;
}

std::string InspectorateInText(const InspectorateInfo& info) {
  if (info.abbr == info.name) return info.name;
  // "the Care Quality Commission (CQC)", but "His Majesty's Inspectorate of Probation (HMI Probation)".
  bool article = info.name.rfind("His ", 0) != 0 && info.name.rfind("Her ", 0) != 0;
  return (article ? "the " : "") + info.name + " (" + info.abbr + ")";
}

std::vector<std::string> Views::InspectorateNames(const Inspection& in) const {
  std::vector<std::string> names;
  for (const Participation& p : in.inspectorates) {
    if (const InspectorateInfo* info = corpus_.site.FindInspectorate(p.inspectorate)) {
      names.push_back(InspectorateInText(info->On(in.dates.publication)));
    }
  }
  return names;
}

std::string Views::LetterMarkdown(const Inspection& in, const std::string& text) const {
  std::optional<Date> due = ActionPlanDue(in, corpus_);
  std::vector<std::string> agencies;
  for (const Agency& a : in.agencies) {
    if (a.type != AgencyType::kPartnership) agencies.push_back(a.name);
  }
  const std::pair<std::string, std::string> values[] = {
      {"{principal-authority}", in.principal_authority},
      {"{written-statement-due}", due ? due->Long() : std::string("the date set")},
      {"{mailbox}", corpus_.site.statement_mailbox.empty() ? corpus_.site.contact_email : corpus_.site.statement_mailbox},
      {"{area}", in.area_name},
      {"{partnership}", in.partnership_name},
      {"{agencies}", JoinEnglish(agencies)},
      {"{inspectorates}", JoinEnglish(InspectorateNames(in))},
      {"{fieldwork}", FormatDateRange(in.dates.fieldwork_start, in.dates.fieldwork_end)},
      {"{response-inspected}", [&] {
         const Theme* theme = corpus_.FindTheme(in.theme);
         return theme ? theme->response_inspected : std::string("the multi-agency response to children");
       }()}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '{') {
      for (const auto& [key, value] : values) {
        if (text.compare(i, key.size(), key) == 0) {
          out += EscapeMarkdown(value);
          i += key.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

// The wording each layout's letters used when the findings document does not give its own: the 2016-20
// letters (first round to 2020) and the current ones (2022 onwards), as the inspectorates published them.
std::string Views::Opening(const Inspection& in) const {
  if (!in.letter.opening.empty()) return markdown::RenderHtml(LetterMarkdown(in, in.letter.opening.text), 1);
  std::string text =
      in.layout == LetterLayout::k2016
          ? "Between {fieldwork}, {inspectorates} carried out a joint inspection of {response-inspected} in {area}.\n\n"
            "This letter to all the service leaders in the area outlines our findings about the effectiveness of "
            "partnership working and of the work of individual agencies in {area}.\n"
          : "This letter summarises the findings of the joint targeted area inspection (JTAI) of {response-inspected} "
            "in {area}.\n\nThis inspection took place {fieldwork}. It was carried out by inspectors from "
            "{inspectorates}.\n";
  if (in.layout == LetterLayout::k2016) {
    // "Between 9 and 13 December 2019" rather than "from 9 to 13 December 2019".
    std::string range = FormatDateRange(in.dates.fieldwork_start, in.dates.fieldwork_end);
    if (range.rfind("from ", 0) == 0) {
      range = range.substr(5);
      std::size_t to = range.find(" to ");
      if (to != std::string::npos) range.replace(to, 4, " and ");
    }
    std::size_t at = text.find("{fieldwork}");
    text.replace(at, 11, range);
  }
  return markdown::RenderHtml(LetterMarkdown(in, text), 1);
}

std::string Views::NextSteps(const Inspection& in) const {
  if (!in.letter.next_steps.empty()) return markdown::RenderHtml(LetterMarkdown(in, in.letter.next_steps.text), 2);
  std::string text =
      in.layout == LetterLayout::k2016
          ? "The local authority should coordinate the preparation of a written statement of proposed action "
            "responding to the findings outlined in this letter. This should be a multi-agency response involving "
            "{agencies}. The response should set out the actions for the partnership and, where appropriate, "
            "individual agencies.\n\nThe local authority should send the written statement of action to {mailbox} "
            "by {written-statement-due}. This statement will inform the lines of enquiry at any future joint or "
            "single agency activity by the inspectorates.\n"
          : "We have determined that {principal-authority} is the principal authority and should prepare a written "
            "statement of proposed action responding to the findings outlined in this letter. This should be a "
            "multi-agency response involving the individuals and agencies that this report is addressed to. The "
            "response should set out the actions for the partnership and, when appropriate, individual agencies. "
            "The local safeguarding partners should oversee implementation of the action plan through their local "
            "multi-agency safeguarding arrangements.\n\n{principal-authority} should send the written statement of "
            "action to {mailbox} by {written-statement-due}. This statement will inform the lines of enquiry at "
            "any future joint or single-agency activity by the inspectorates.\n";
  return markdown::RenderHtml(LetterMarkdown(in, text), 2);
}

json Views::AgencyList(const Inspection& in, const std::vector<std::string>& ids) const {
  json list = json::array();
  for (const std::string& id : ids) {
    const Agency* a = in.FindAgency(id);
    list.push_back({{"id", id}, {"name", a ? a->name : id}, {"type", a ? Describe(a->type) : ""}});
  }
  return list;
}

json Views::Finding(const Inspection& in, const lp::Finding& f) const {
  std::vector<std::string> names;
  for (const std::string& id : f.agencies) {
    const Agency* a = in.FindAgency(id);
    names.push_back(a ? a->name : id);
  }
  json sub_themes = json::array();
  if (const Theme* t = corpus_.FindTheme(in.theme)) {
    for (const std::string& s : f.sub_themes) {
      if (const SubTheme* st = t->FindSubTheme(s)) sub_themes.push_back({{"id", st->id}, {"name", st->name}});
    }
  }
  bool bullet = f.kind == FindingKind::kAreaForImprovement || f.kind == FindingKind::kAreaForPriorityAction ||
                f.kind == FindingKind::kStrength;
  std::string html = markdown::RenderHtml(f.body.text, 2);
  // A bullet is one sentence: render it inline rather than as a paragraph inside the list item.
  if (bullet) {
    html = Strip(html);
    if (html.rfind("<p>", 0) == 0 && html.size() > 7 && html.compare(html.size() - 4, 4, "</p>") == 0 &&
        html.find("<p>", 3) == std::string::npos) {
      html = html.substr(3, html.size() - 7);
    }
  }
  return {{"id", f.id},
          {"anchor", "finding-" + f.id},
          {"kind", ToString(f.kind)},
          {"kind_heading", KindHeading(f.kind)},
          {"title", f.title},
          {"has_title", !f.title.empty()},
          {"priority", f.priority},
          {"html", html},
          {"agencies", AgencyList(in, f.agencies)},
          {"agencies_label", JoinEnglish(names)},
          {"sub_themes", sub_themes},
          {"number", ""},
          {"has_number", false}};
}

json Views::Furniture(const plan::PublicInspection& pub) const {
  json notes = json::array();
  for (const ChangeNote* n : pub.change_notes) {
    // Each note links to the redline of the change it describes, once the published record has it.
    const plan::PublicChange* change = pub.ChangeFor(n);
    std::string change_path = change ? plan::ChangePath(pub.inspection->id, change->version) : "";
    notes.push_back({{"date", n->date.Long()}, {"iso", n->date.Iso()}, {"text", n->text}, {"major", n->major},
                     {"has_change", change != nullptr}, {"change_path", change_path},
                     {"change_print_url", change ? corpus_.site.BaseUrl() + change_path : ""}});
  }
  const Inspection& in = *pub.inspection;
  return {{"published", pub.published.Long()},
          {"published_iso", pub.published.Iso()},
          {"has_updated", pub.last_updated.has_value()},
          {"updated", pub.last_updated ? pub.last_updated->Long() : ""},
          {"updated_iso", pub.last_updated ? pub.last_updated->Iso() : ""},
          {"change_notes", notes},
          {"has_change_notes", !notes.empty()},
          {"withdrawn", pub.withdrawn},
          {"withdrawn_on", pub.withdrawn && in.withdrawn_on ? in.withdrawn_on->Long() : ""},
          {"withdrawal_notice", in.withdrawal_notice}};
}

json Views::DocumentLinks(const Inspection& in, const plan::PublicInspection* pub, const std::string& from) const {
  std::string root = RelativeRoot(from);
  json links = json::array();
  // Each document is an attachment: its HTML page and, when PDFs are built, its PDF with format, size and
  // page count (known only once the PDF exists: the marker is filled in by the site stage).
  auto add = [&](const std::string& title, const std::string& path, const std::string& description,
                 const std::string& pdf) {
    bool has_pdf = options_.pdf && pub != nullptr && !pdf.empty();
    links.push_back({{"title", title},
                     {"url", root + path},
                     {"print_url", corpus_.site.BaseUrl() + path},
                     {"description", description},
                     {"current", path == from},
                     {"has_pdf", has_pdf},
                     {"pdf_url", has_pdf ? root + pdf : ""},
                     {"pdf_facts", has_pdf ? PdfFactsMarker(pdf) : ""}});
  };
  for (const plan::DocumentPage& page : plan::InspectionPages(in, pub)) {
    switch (page.kind) {
      case plan::DocumentKind::kLetter:
        add("Letter of findings", page.path, "The inspection's findings in full", plan::PdfPath(in.id, ""));
        break;
      case plan::DocumentKind::kRecommendations:
        add("Prioritised recommendations", page.path, "What must improve, in priority order",
            plan::PdfPath(in.id, "recommendations"));
        break;
      case plan::DocumentKind::kResponses:
        add("Partner responses and action plan", page.path, "How the partnership is responding",
            plan::PdfPath(in.id, "responses"));
        break;
      case plan::DocumentKind::kAgency:
        add("Findings for " + page.agency->name, page.path, "The findings that concern this agency", "");
        break;
      case plan::DocumentKind::kChange:
        break;  // reached from the change notes, not an attachment
    }
  }
  return links;
}

json Views::Publication(const Inspection& in, const std::string& from, const std::string& doc_type, const std::string& title,
                        const std::string& summary) const {
  const Theme* theme = corpus_.FindTheme(in.theme);
  std::vector<std::string> inspectorates;
  for (const Participation& p : in.inspectorates) {
    const InspectorateInfo* info = corpus_.site.FindInspectorate(p.inspectorate);
    inspectorates.push_back(info ? info->name : p.inspectorate);
  }
  // What search shows of each result and filters it by (Pagefind reads these from the page head).
  std::optional<Date> date = in.dates.publication;
  json search = json::array({{{"key", "type"}, {"value", doc_type}, {"filter", true}},
                             {{"key", "area"}, {"value", in.area_name}, {"filter", false}}});
  if (theme) search.push_back({{"key", "theme"}, {"value", theme->title}, {"filter", true}});
  if (date) search.push_back({{"key", "date"}, {"value", date->Long()}, {"filter", false}});
  return {{"doc_type", doc_type},
          {"search", search},
          {"title", title},
          {"summary", summary},
          {"has_summary", !summary.empty()},
          {"from", JoinEnglish(inspectorates)},
          {"area", in.area_name},
          {"area_url", RelativeRoot(from) + plan::AreaPath(in.area_slug)},
          {"area_print_url", corpus_.site.BaseUrl() + plan::AreaPath(in.area_slug)},
          {"theme_print_url", corpus_.site.BaseUrl() + plan::ThemePath(in.theme)},
          {"has_theme", theme != nullptr},
          {"theme", theme ? theme->title : ""},
          {"theme_url", RelativeRoot(from) + plan::ThemePath(in.theme)}};
}

json Views::Letter(const Inspection& in, const plan::PublicInspection* pub, LetterMode mode) const {
  std::string path = plan::InspectionPath(in.id);
  std::string title = !in.letter.title.empty() ? in.letter.title
                      : in.layout == LetterLayout::k2016
                          ? "Joint targeted area inspection of " + [&] {
                              const Theme* t = corpus_.FindTheme(in.theme);
                              return t ? t->response_inspected : std::string("the multi-agency response to children");
                            }() + " in " + in.area_name
                          : "Joint targeted area inspection of " + in.area_name;
  json view = Frame(path, title, "The findings of the joint targeted area inspection in " + in.area_name + ".");
  const Theme* theme = corpus_.FindTheme(in.theme);
  view["print_header"] = CssString(in.area_name + ": letter of findings");
  view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", view["root"].get<std::string>()}},
                                     {{"title", in.area_name}, {"url", view["root"].get<std::string>() + plan::AreaPath(in.area_slug)}}});
  view["area"] = in.area_name;
  view["id"] = in.id;
  view["id"] = in.id;
  view["theme_title"] = theme ? theme->title : "";
  view["theme_url"] = view["root"].get<std::string>() + plan::ThemePath(in.theme);
  std::optional<Date> date = in.dates.publication;
  view["date_line"] = mode == LetterMode::kDraft ? std::string("Draft") : date ? date->Long() : "";
  json addressees = json::array();
  for (const Addressee& a : in.addressees) {
    addressees.push_back({{"line", a.Line()}, {"name", a.name}, {"role", a.role}, {"organisation", a.organisation}});
  }
  view["addressees"] = addressees;
  // The 2016-20 letters wrote to "local partnership"; the current ones to the partnership by name.
  view["salutation"] = !in.letter.salutation.empty() ? in.letter.salutation
                       : in.layout == LetterLayout::k2016 ? std::string("Dear local partnership")
                                                          : "Dear " + in.partnership_name;
  auto heading = [&](const std::string& section, const std::string& current, const std::string& layout_2016) {
    const std::string* h = in.letter.Heading(section);
    return h ? *h : in.layout == LetterLayout::k2016 ? layout_2016 : current;
  };
  view["has_main_findings_heading"] = !heading("main-findings", "Main findings", "").empty();
  view["headings"] = {{"context", heading("context", "Context", "")},
                      {"headline_findings", heading("headline-findings", "Headline findings", "")},
                      {"priority_actions", heading("priority-actions", "Areas for priority action", "Areas for priority action")},
                      {"improvements", heading("improvements", "What needs to improve?", "Areas for improvement")},
                      {"strengths", heading("strengths", "Strengths", "Key strengths")},
                      {"main_findings", heading("main-findings", "Main findings", "")}};
  view["title"] = title;
  view["publication"] = Publication(in, path, mode == LetterMode::kPublic ? "Letter of findings" : "Letter of findings (restricted)",
                                    title, InspectionSummary(in));
  view["opening_html"] = Opening(in);
  // Drafts and pre-publication letters number every paragraph and bullet (e.g. 4.2): factual accuracy
  // corrections refer to these numbers.
  bool numbered = mode != LetterMode::kPublic;
  std::vector<workflow::DraftParagraph> paragraphs;
  if (numbered) paragraphs = workflow::NumberParagraphs(in);
  auto numbered_html = [&](const std::string& finding_id) {
    std::string html;
    for (const workflow::DraftParagraph& p : paragraphs) {
      if (p.finding != finding_id) continue;
      html += "<div class=\"numbered\" id=\"para-" + p.number + "\"><span class=\"para-number\">" + p.number +
              "</span><div class=\"para-body\">" + markdown::RenderHtml(p.markdown, 2) + "</div></div>\n";
    }
    return html;
  };
  auto body_html = [&](const std::string& finding_id, const MarkdownText& body) {
    return numbered ? numbered_html(finding_id) : markdown::RenderHtml(body.text, 2);
  };
  view["has_context"] = in.context.has_value();
  view["context_html"] = in.context ? body_html("context", in.context->body) : "";
  view["has_headline"] = in.headline.has_value();
  view["headline_html"] = in.headline ? body_html("headline-findings", in.headline->body) : "";
  auto list = [&](FindingKind kind) {
    json items = json::array();
    for (const lp::Finding* f : in.FindingsOfKind(kind)) {
      json item = Finding(in, *f);
      if (numbered) {
        bool bullet = kind == FindingKind::kAreaForImprovement || kind == FindingKind::kAreaForPriorityAction ||
                      kind == FindingKind::kStrength;
        if (bullet) {
          for (const workflow::DraftParagraph& p : paragraphs) {
            if (p.finding == f->id) item["number"] = p.number;
          }
          item["has_number"] = true;
        } else {
          item["html"] = numbered_html(f->id);
        }
      }
      // A sub-heading before the first of each run of findings with the same group.
      std::string previous = items.empty() ? std::string() : items.back()["group"].get<std::string>();
      item["group"] = f->group;
      item["starts_group"] = !f->group.empty() && f->group != previous;
      if (f->kind == FindingKind::kPracticeStudyEffective || f->kind == FindingKind::kPracticeStudyImprovement) {
        item["study_heading"] = !f->heading.empty() ? f->heading
                                : in.layout == LetterLayout::k2016
                                    ? (f->kind == FindingKind::kPracticeStudyEffective
                                           ? "Case study: highly effective practice"
                                           : "Case study: area for improvement")
                                    : KindHeading(f->kind);
      }
      items.push_back(item);
    }
    return items;
  };
  view["priority_actions"] = list(FindingKind::kAreaForPriorityAction);
  view["has_priority_actions"] = !view["priority_actions"].empty();
  view["improvements"] = list(FindingKind::kAreaForImprovement);
  view["has_improvements"] = !view["improvements"].empty();
  view["strengths"] = list(FindingKind::kStrength);
  view["has_strengths"] = !view["strengths"].empty();
  view["main_findings"] = list(FindingKind::kMainFinding);
  view["has_main_findings"] = !view["main_findings"].empty();
  // Practice studies in the order the findings document gives them. The 2016-20 letters print an effective
  // case study after the strengths and one that needs to improve after the areas for improvement.
  json effective = list(FindingKind::kPracticeStudyEffective);
  json improving = list(FindingKind::kPracticeStudyImprovement);
  json studies = json::array();
  for (const lp::Finding& f : in.findings) {
    for (const json* group : {&effective, &improving}) {
      for (const json& st : *group) {
        if (st["id"] == f.id) studies.push_back(st);
      }
    }
  }
  view["practice_studies"] = studies;
  view["has_practice_studies"] = !studies.empty();
  view["effective_studies"] = effective;
  view["has_effective_studies"] = !effective.empty();
  view["improvement_studies"] = improving;
  view["has_improvement_studies"] = !improving.empty();
  view["next_steps_html"] = NextSteps(in);
  json signatories = json::array();
  for (const Participation& p : in.inspectorates) {
    const InspectorateInfo* info = corpus_.site.FindInspectorate(p.inspectorate);
    json title_lines = json::array();
    for (const std::string& line : Split(p.signatory.title, " | ")) title_lines.push_back(line);
    std::string organisation = p.signatory.organisation == "-" ? std::string()
                               : !p.signatory.organisation.empty() ? p.signatory.organisation
                               : info ? info->On(in.dates.publication).name : p.inspectorate;
    signatories.push_back({{"name", p.signatory.name},
                           {"title", p.signatory.title},
                           {"title_lines", title_lines},
                           {"inspectorate", organisation},
                           {"has_inspectorate", !organisation.empty()}});
  }
  view["signatories"] = signatories;
  view["documents"] = DocumentLinks(in, pub, path);
  view["has_pdf"] = options_.pdf && mode == LetterMode::kPublic;
  view["pdf_url"] = in.id + ".pdf";
  // Open data: the report's findings as JSON, beside the letter.
  view["has_alternate_json"] = mode == LetterMode::kPublic && pub != nullptr;
  view["alternate_json"] = "data.json";
  view["furniture"] = pub ? Furniture(*pub) : json::object();
  view["public"] = pub != nullptr;
  view["draft"] = mode == LetterMode::kDraft;
  view["embargoed"] = mode == LetterMode::kPrePublication;
  view["embargo_until"] = date ? date->Long() + " at " + corpus_.site.embargo_time : "";
  view["layout_2016"] = in.layout == LetterLayout::k2016;
  // The factual accuracy notice is for issued drafts only (render/restricted.cc fills it in).
  view["has_reply_by"] = false;
  view["version"] = "";
  view["reply_by"] = "";
  view["issued_to"] = "";
  return view;
}

json Views::Recommendations(const Inspection& in, const plan::PublicInspection* pub) const {
  std::string path = plan::RecommendationsPath(in.id);
  json view = Frame(path, "Prioritised recommendations: " + in.area_name,
                    "What must improve after the joint targeted area inspection in " + in.area_name +
                        ", in priority order, with the agencies responsible.");
  std::string root = view["root"];
  view["print_header"] = CssString(in.area_name + ": prioritised recommendations");
  view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", root}},
                                     {{"title", in.area_name}, {"url", root + plan::AreaPath(in.area_slug)}},
                                     {{"title", "Letter of findings"}, {"url", root + plan::InspectionPath(in.id)}}});
  view["area"] = in.area_name;
  view["id"] = in.id;
  const ActionPlan* action_plan = pub ? pub->action_plan : nullptr;
  view["publication"] = Publication(
      in, path, "Prioritised recommendations", "Prioritised recommendations: " + in.area_name,
      "What the safeguarding partnership in " + in.area_name +
          " must improve, in priority order. Areas for priority action come first. Each recommendation names the "
          "agencies responsible" +
          (action_plan ? " and the actions in the partnership's written statement of action that answer it." : "."));
  view["has_action_plan"] = action_plan != nullptr;
  std::optional<Date> due = ActionPlanDue(in, corpus_);
  view["action_plan_due"] = due ? due->Long() : "";
  view["action_plan_overdue"] = due && *due < plan_.as_of;
  json items = json::array();
  int rank = 0;
  for (FindingKind kind : {FindingKind::kAreaForPriorityAction, FindingKind::kAreaForImprovement}) {
    for (const lp::Finding* f : in.FindingsOfKind(kind)) {
      json item = Finding(in, *f);
      item["rank"] = ++rank;
      item["priority_action"] = kind == FindingKind::kAreaForPriorityAction;
      item["letter_url"] = root + plan::InspectionPath(in.id) + "#finding-" + f->id;
      item["letter_print_url"] = corpus_.site.BaseUrl() + plan::InspectionPath(in.id) + "#finding-" + f->id;
      json actions = json::array();
      if (action_plan) {
        for (const Action& a : action_plan->actions) {
          if (std::find(a.answers.begin(), a.answers.end(), f->id) == a.answers.end()) continue;
          const Agency* lead = in.FindAgency(a.lead_agency);
          actions.push_back({{"id", a.id},
                             {"html", Strip(markdown::RenderHtml(a.description.text, 3))},
                             {"lead_agency", lead ? lead->name : a.lead_agency},
                             {"owner_role", a.owner_role},
                             {"due", a.due.Long()},
                             {"due_iso", a.due.Iso()},
                             {"status", Describe(a.status)},
                             {"status_class", ToString(a.status)},
                             {"overdue", plan::IsActionOverdue(a, plan_.as_of)},
                             {"url", root + plan::ResponsesPath(in.id) + "#action-" + a.id},
                             {"print_url", corpus_.site.BaseUrl() + plan::ResponsesPath(in.id) + "#action-" + a.id}});
        }
      }
      int overdue = 0;
      for (const json& a : actions) overdue += a["overdue"].get<bool>() ? 1 : 0;
      item["actions"] = actions;
      item["has_actions"] = !actions.empty();
      item["has_overdue_actions"] = overdue > 0;
      item["overdue_label"] = overdue == 1 ? std::string("1 action is overdue") : std::to_string(overdue) + " actions are overdue";
      item["no_action_yet"] = action_plan && actions.empty();
      items.push_back(item);
    }
  }
  view["recommendations"] = items;
  // Grouped as the letter groups them: areas for priority action first, then what needs to improve.
  json groups = json::array();
  json priority = json::array(), improvements = json::array();
  for (const json& item : items) (item["priority_action"].get<bool>() ? priority : improvements).push_back(item);
  if (!priority.empty()) {
    groups.push_back({{"id", "areas-for-priority-action"}, {"heading", "Areas for priority action"}, {"items", priority}});
  }
  if (!improvements.empty()) {
    groups.push_back({{"id", "what-needs-to-improve"}, {"heading", "What needs to improve"}, {"items", improvements}});
  }
  view["groups"] = groups;
  view["progress_as_at"] = action_plan ? pub->progress_as_at.Long() : "";
  view["progress_as_at_iso"] = action_plan ? pub->progress_as_at.Iso() : "";
  // Letters of 2016-20 listed their improvements unranked: the page then says so rather than implying an order.
  view["ranked"] = std::any_of(in.findings.begin(), in.findings.end(), [](const lp::Finding& f) { return f.priority != 0; });
  view["documents"] = DocumentLinks(in, pub, path);
  view["has_pdf"] = options_.pdf && pub != nullptr;
  view["pdf_url"] = root + plan::PdfPath(in.id, "recommendations");
  view["furniture"] = pub ? Furniture(*pub) : json::object();
  view["public"] = pub != nullptr;
  return view;
}

json Views::Responses(const Inspection& in, const plan::PublicInspection& pub) const {
  std::string path = plan::ResponsesPath(in.id);
  json view = Frame(path, "Partner responses and action plan: " + in.area_name,
                    "How the safeguarding partnership in " + in.area_name + " is responding to the inspection.");
  std::string root = view["root"];
  view["print_header"] = CssString(in.area_name + ": partner responses");
  view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", root}},
                                     {{"title", in.area_name}, {"url", root + plan::AreaPath(in.area_slug)}},
                                     {{"title", "Letter of findings"}, {"url", root + plan::InspectionPath(in.id)}}});
  view["area"] = in.area_name;
  view["id"] = in.id;
  view["publication"] = Publication(in, path, "Partner responses and action plan",
                                    "Partner responses and action plan: " + in.area_name,
                                    "How the safeguarding partnership in " + in.area_name +
                                        " is responding to the inspection: the partners' own responses and the "
                                        "written statement of action, with each action's progress.");
  json responses = json::array();
  for (const PartnerResponse* r : pub.responses) {
    const Agency* agency = in.FindAgency(r->agency);
    json signatories = json::array();
    for (const ResponseSignatory& s : r->signatories) {
      signatories.push_back({{"name", s.name}, {"role", s.role}, {"organisation", s.organisation}});
    }
    responses.push_back({{"id", r->id},
                         {"heading", r->joint ? "Joint response from the partnership"
                                              : "Response from " + (agency ? agency->name : r->agency)},
                         {"date", r->date.Long()},
                         {"date_iso", r->date.Iso()},
                         {"html", markdown::RenderHtml(r->statement.text, 3)},
                         {"has_improvement_activity", !r->improvement_activity.empty()},
                         {"improvement_activity_html", markdown::RenderHtml(r->improvement_activity.text, 4)},
                         {"signatories", signatories}});
  }
  view["responses"] = responses;
  view["has_responses"] = !responses.empty();
  view["has_action_plan"] = pub.action_plan != nullptr;
  json actions = json::array();
  if (pub.action_plan) {
    view["action_plan_date"] = pub.action_plan->date.Long();
    view["progress_as_at"] = pub.progress_as_at.Long();
    view["progress_as_at_iso"] = pub.progress_as_at.Iso();
    for (const Action& a : pub.action_plan->actions) {
      json answers = json::array();
      for (const std::string& id : a.answers) {
        const lp::Finding* f = in.FindFinding(id);
        answers.push_back({{"id", id},
                           {"label", f ? KindHeading(f->kind) + " " + std::to_string(f->priority) : id},
                           {"url", root + plan::RecommendationsPath(in.id) + "#finding-" + id}});
      }
      const Agency* lead = in.FindAgency(a.lead_agency);
      actions.push_back({{"id", a.id},
                         {"anchor", "action-" + a.id},
                         {"html", Strip(markdown::RenderHtml(a.description.text, 3))},
                         {"has_progress", !a.progress.empty()},
                         {"progress_html", Strip(markdown::RenderHtml(a.progress.text, 3))},
                         {"answers", answers},
                         {"lead_agency", lead ? lead->name : a.lead_agency},
                         {"owner_role", a.owner_role},
                         {"due", a.due.Long()},
                         {"due_iso", a.due.Iso()},
                         {"status", Describe(a.status)},
                         {"status_class", ToString(a.status)},
                         {"overdue", plan::IsActionOverdue(a, plan_.as_of)}});
    }
  } else {
    view["action_plan_date"] = "";
    view["progress_as_at"] = "";
    view["progress_as_at_iso"] = "";
  }
  int overdue = 0;
  for (const json& a : actions) overdue += a["overdue"].get<bool>() ? 1 : 0;
  view["overdue_count"] = overdue;
  view["has_overdue"] = overdue > 0;
  view["overdue_label"] = overdue == 1 ? std::string("1 action is overdue") : std::to_string(overdue) + " actions are overdue";
  std::optional<Date> due = ActionPlanDue(in, corpus_);
  view["action_plan_due"] = due ? due->Long() : "";
  view["action_plan_overdue"] = due && *due < plan_.as_of;
  view["actions"] = actions;
  view["documents"] = DocumentLinks(in, &pub, path);
  view["has_pdf"] = options_.pdf;
  view["pdf_url"] = root + plan::PdfPath(in.id, "responses");
  view["furniture"] = Furniture(pub);
  view["public"] = true;
  return view;
}

json Views::AgencyView(const Inspection& in, const Agency& agency, const plan::PublicInspection* pub) const {
  std::string path = plan::AgencyPath(in.id, agency.id);
  json view = Frame(path, "Findings for " + agency.name + ": " + in.area_name,
                    "The findings of the joint targeted area inspection in " + in.area_name + " that concern " +
                        agency.name + ".");
  std::string root = view["root"];
  view["print_header"] = CssString(in.area_name + ": findings for " + agency.name);
  view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", root}},
                                     {{"title", in.area_name}, {"url", root + plan::AreaPath(in.area_slug)}},
                                     {{"title", "Letter of findings"}, {"url", root + plan::InspectionPath(in.id)}}});
  view["area"] = in.area_name;
  view["id"] = in.id;
  view["agency"] = {{"id", agency.id}, {"name", agency.name}, {"type", Describe(agency.type)}};
  const InspectorateInfo* inspectorate = corpus_.site.FindInspectorate(agency.inspectorate);
  view["inspectorate"] = inspectorate ? InspectorateInText(*inspectorate) : "";
  view["has_inspectorate"] = inspectorate != nullptr;
  view["publication"] = Publication(in, path, "Findings for one agency", "Findings for " + agency.name,
                                    "The findings of the joint targeted area inspection in " + in.area_name +
                                        " that concern " + agency.name +
                                        (inspectorate ? ", inspected by " + InspectorateInText(*inspectorate) : "") + ".");
  json sections = json::array();
  for (FindingKind kind : {FindingKind::kAreaForPriorityAction, FindingKind::kAreaForImprovement,
                           FindingKind::kStrength, FindingKind::kMainFinding, FindingKind::kPracticeStudyEffective,
                           FindingKind::kPracticeStudyImprovement}) {
    json items = json::array();
    for (const lp::Finding* f : in.FindingsOfKind(kind)) {
      if (std::find(f->agencies.begin(), f->agencies.end(), agency.id) == f->agencies.end()) continue;
      json item = Finding(in, *f);
      item["letter_url"] = root + plan::InspectionPath(in.id) + "#finding-" + f->id;
      item["letter_print_url"] = corpus_.site.BaseUrl() + plan::InspectionPath(in.id) + "#finding-" + f->id;
      items.push_back(item);
    }
    if (items.empty()) continue;
    static const std::map<FindingKind, std::string> kHeadings = {
        {FindingKind::kAreaForPriorityAction, "Areas for priority action"},
        {FindingKind::kAreaForImprovement, "What needs to improve"},
        {FindingKind::kStrength, "Strengths"},
        {FindingKind::kMainFinding, "Main findings"},
        {FindingKind::kPracticeStudyEffective, "Practice studies: highly effective practice"},
        {FindingKind::kPracticeStudyImprovement, "Practice studies: practice that needs to improve"}};
    bool bullets = kind == FindingKind::kAreaForPriorityAction || kind == FindingKind::kAreaForImprovement ||
                   kind == FindingKind::kStrength;
    static const std::map<FindingKind, std::string> kIds = {
        {FindingKind::kAreaForPriorityAction, "areas-for-priority-action"},
        {FindingKind::kAreaForImprovement, "what-needs-to-improve"},
        {FindingKind::kStrength, "strengths"},
        {FindingKind::kMainFinding, "main-findings"},
        {FindingKind::kPracticeStudyEffective, "practice-studies-effective"},
        {FindingKind::kPracticeStudyImprovement, "practice-studies-improvement"}};
    sections.push_back({{"id", kIds.at(kind)}, {"heading", kHeadings.at(kind)}, {"findings", items}, {"bullets", bullets}});
  }
  view["sections"] = sections;
  view["has_sections"] = !sections.empty();
  view["documents"] = DocumentLinks(in, pub, path);
  view["has_pdf"] = false;  // agency views are not printed as documents of their own
  view["pdf_url"] = "";
  view["furniture"] = pub ? Furniture(*pub) : json::object();
  view["public"] = pub != nullptr;
  return view;
}

json Views::Change(const Inspection& in, const plan::PublicInspection& pub, const plan::PublicChange& change) const {
  std::string path = plan::ChangePath(in.id, change.version);
  std::string title = "Changes to the letter of findings: " + in.area_name + ", " + change.date.Long();
  json view = Frame(path, title, "What changed in the letter of findings for " + in.area_name + " on " + change.date.Long() +
                                     ", word by word.");
  std::string root = view["root"];
  view["print_header"] = CssString(in.area_name + ": changes of " + change.date.Long());
  view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", root}},
                                     {{"title", in.area_name}, {"url", root + plan::AreaPath(in.area_slug)}},
                                     {{"title", "Letter of findings"}, {"url", root + plan::InspectionPath(in.id)}}});
  view["area"] = in.area_name;
  view["id"] = in.id;
  view["letter_url"] = root + plan::InspectionPath(in.id);
  view["letter_print_url"] = corpus_.site.BaseUrl() + plan::InspectionPath(in.id);
  view["title"] = title;
  view["date"] = change.date.Long();
  view["date_iso"] = change.date.Iso();
  view["before_date"] = change.before->date.Long();
  view["before_date_iso"] = change.before->date.Iso();
  view["before_version"] = change.before->version;
  view["version"] = change.version;
  view["first_publication"] = change.before->version == 1;
  json notes = json::array();
  bool major = false;
  for (const ChangeNote* n : change.notes) {
    notes.push_back({{"date", n->date.Long()}, {"iso", n->date.Iso()}, {"text", n->text}, {"major", n->major}});
    major = major || n->major;
  }
  view["notes"] = notes;
  view["major"] = major;
  // The reader's text, compared word by word: the version before, and the version the change made (the
  // letter as it stands when the record does not have it yet).
  std::vector<workflow::DraftParagraph> before = workflow::RecordedText(change.before->paragraphs);
  std::vector<workflow::DraftParagraph> after =
      change.after ? workflow::RecordedText(change.after->paragraphs) : workflow::PublicText(in);
  json paragraphs = json::array();
  for (const workflow::RedlineParagraph& p : workflow::ChangedParagraphs(before, after, workflow::CompareOn::kText)) {
    bool text_same = p.change == workflow::ParagraphChange::kChanged && p.before == p.after;
    std::string label = p.change == workflow::ParagraphChange::kInserted  ? "New paragraph"
                        : p.change == workflow::ParagraphChange::kDeleted ? "Paragraph removed"
                        : text_same                                       ? "Formatting changed; the words are the same"
                                                                          : "Paragraph changed";
    paragraphs.push_back({{"number", p.number},
                          {"section", workflow::SectionTitle(p.section)},
                          {"label", label},
                          {"renumbered", !p.old_number.empty() && p.old_number != p.number},
                          {"old_number", p.old_number},
                          {"html", workflow::SegmentsHtml(p.segments, true)}});
  }
  view["paragraphs"] = paragraphs;
  view["has_paragraphs"] = !paragraphs.empty();
  view["changed_count"] = paragraphs.size() == 1 ? std::string("1 paragraph") : std::to_string(paragraphs.size()) + " paragraphs";
  view["furniture"] = Furniture(pub);
  view["public"] = true;
  return view;
}

std::string RenderPage(const TemplateSet& templates, const std::string& content_template, json view,
                       const std::vector<GlossaryTerm>& glossary) {
  view["has_breadcrumbs"] = view.contains("breadcrumbs") && !view["breadcrumbs"].empty();
  view["has_print_header"] = view.contains("print_header") && !view["print_header"].get<std::string>().empty();
  if (!view.contains("has_alternate_json")) {
    view["has_alternate_json"] = false;
    view["alternate_json"] = "";
  }
  return templates.RenderInLayout("layout", content_template, view, [&](std::string content) {
    return AddAbbreviations(WrapWideTables(AddContentsList(NumberFootnotes(content))), glossary);
  });
}

namespace {

std::vector<Page> RenderOneInspection(const Views& views, const plan::PublicInspection& pub, const TemplateSet& templates,
                                      const std::vector<GlossaryTerm>& glossary) {
  const Inspection& in = *pub.inspection;
  std::vector<std::string> sources = InspectionSources(in);
  std::vector<Page> pages;
  std::string letter_template = in.layout == LetterLayout::k2016 ? "letter_2016" : "letter";
  for (const plan::DocumentPage& page : plan::InspectionPages(in, &pub)) {
    std::string content;
    switch (page.kind) {
      case plan::DocumentKind::kLetter:
        content = RenderPage(templates, letter_template, views.Letter(in, &pub, LetterMode::kPublic), glossary);
        break;
      case plan::DocumentKind::kRecommendations:
        content = RenderPage(templates, "recommendations", views.Recommendations(in, &pub), glossary);
        break;
      case plan::DocumentKind::kResponses:
        content = RenderPage(templates, "responses", views.Responses(in, pub), glossary);
        break;
      case plan::DocumentKind::kAgency:
        content = RenderPage(templates, "agency", views.AgencyView(in, *page.agency, &pub), glossary);
        break;
      case plan::DocumentKind::kChange:
        content = RenderPage(templates, "change", views.Change(in, pub, *page.change), glossary);
        break;
    }
    pages.push_back({OutputFile(page.path), std::move(content), sources, page.printable, page.pdf_path});
  }
  return pages;
}

}  // namespace

void RenderInspectionDocuments(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                               const RenderOptions& options, int jobs, const std::function<void(std::size_t, std::vector<Page>&&)>& sink) {
  Views views(corpus, plan, options);
  std::vector<GlossaryTerm> glossary = Glossary(corpus);
  std::size_t count = plan.inspections.size();
  std::atomic<std::size_t> next{0};
  // No exception may escape a worker thread (that aborts the process): the first one stops the work and
  // is thrown again on the calling thread once every worker has finished.
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto worker = [&] {
    try {
      for (std::size_t i; (i = next++) < count;) sink(i, RenderOneInspection(views, plan.inspections[i], templates, glossary));
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = count;
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::max(1, jobs); ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

std::vector<Page> RenderInspectionDocuments(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                                            const RenderOptions& options, int jobs) {
  // Each inspection's pages in plan order, whatever order the workers finish in (each slot is written by
  // one worker only).
  std::vector<std::vector<Page>> slots(plan.inspections.size());
  RenderInspectionDocuments(corpus, plan, templates, options, jobs,
                            [&](std::size_t i, std::vector<Page>&& pages) { slots[i] = std::move(pages); });
  std::vector<Page> pages;
  for (std::vector<Page>& slot : slots) {
    for (Page& p : slot) pages.push_back(std::move(p));
  }
  return pages;
}

}  // namespace lp::render
