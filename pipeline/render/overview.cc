#include "render/overview.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/text.h"
#include "markdown/markdown.h"
#include "render/html.h"

namespace lp::render {
using nlohmann::json;

namespace {

constexpr AgencyType kAgencyOrder[] = {AgencyType::kChildrensSocialCare, AgencyType::kHealth, AgencyType::kPolice,
                                       AgencyType::kEducation, AgencyType::kYouthJustice, AgencyType::kPartnership};

std::string Capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::set<AgencyType> TypesOf(const Inspection& in, const Finding& f) {
  std::set<AgencyType> types;
  for (const std::string& id : f.agencies) {
    if (const Agency* a = in.FindAgency(id)) types.insert(a->type);
  }
  return types;
}

std::string Number(int n) {
  static const char* kWords[] = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
  return n >= 0 && n <= 10 ? kWords[n] : std::to_string(n);
}

}  // namespace

RoundFigures ComputeRoundFigures(const Corpus& corpus, const plan::PublicTheme& theme) {
  RoundFigures f;
  std::set<std::string> inspectorates;
  std::set<AgencyType> types;
  std::map<std::pair<std::string, AgencyType>, RecurringImprovement> recurring;
  for (const plan::PublicInspection* p : theme.letters) {
    const Inspection& in = *p->inspection;
    ++f.inspections;
    if (f.inspections == 1 || in.dates.fieldwork_start < f.first_fieldwork) f.first_fieldwork = in.dates.fieldwork_start;
    if (f.inspections == 1 || in.dates.fieldwork_end > f.last_fieldwork) f.last_fieldwork = in.dates.fieldwork_end;
    if (f.inspections == 1 || p->published < f.first_published) f.first_published = p->published;
    if (f.inspections == 1 || p->published > f.last_published) f.last_published = p->published;
    for (const Participation& part : in.inspectorates) inspectorates.insert(part.inspectorate);
    for (const Agency& a : in.agencies) types.insert(a.type);
    f.children_identified += in.children_identified.value_or(0);
    f.children_audited += in.children_audited.value_or(0);
    // An area counts once per agency (and sub-theme) however many findings it has there.
    std::set<AgencyType> strong, weak;
    std::set<std::pair<std::string, AgencyType>> strong_sub, weak_sub;
    for (const Finding& finding : in.findings) {
      bool strength = finding.kind == FindingKind::kStrength;
      bool improvement = finding.kind == FindingKind::kAreaForImprovement ||
                         finding.kind == FindingKind::kAreaForPriorityAction;
      if (finding.kind == FindingKind::kPracticeStudyEffective) f.effective_practice.push_back({&in, &finding});
      if (!strength && !improvement) continue;
      for (AgencyType t : TypesOf(in, finding)) {
        (strength ? strong : weak).insert(t);
        for (const std::string& sub : finding.sub_themes) {
          (strength ? strong_sub : weak_sub).insert({sub, t});
          if (improvement) {
            RecurringImprovement& r = recurring[{sub, t}];
            r.sub_theme_id = sub;
            r.agency = t;
            r.findings.push_back({&in, &finding});
          }
        }
      }
    }
    for (AgencyType t : strong) ++f.by_agency[t].with_strengths;
    for (AgencyType t : weak) ++f.by_agency[t].with_improvements;
    for (const auto& k : strong_sub) ++f.by_sub_theme_and_agency[k].with_strengths;
    for (const auto& k : weak_sub) ++f.by_sub_theme_and_agency[k].with_improvements;
  }
  for (const InspectorateInfo& i : corpus.site.inspectorates) {
    if (inspectorates.count(i.id)) f.inspectorates.push_back(i.id);
  }
  for (AgencyType t : kAgencyOrder) {
    if (types.count(t)) f.agency_types.push_back(t);
  }
  for (auto& [key, r] : recurring) {
    std::set<std::string> areas;
    for (const FindingRef& ref : r.findings) areas.insert(ref.inspection->id);
    r.areas = static_cast<int>(areas.size());
    if (const SubTheme* s = theme.theme->FindSubTheme(r.sub_theme_id)) r.sub_theme = s->name;
    if (r.areas >= 2) f.recurring.push_back(std::move(r));
  }
  std::stable_sort(f.recurring.begin(), f.recurring.end(), [&](const RecurringImprovement& a, const RecurringImprovement& b) {
    auto order = [&](const std::string& id) {
      for (std::size_t i = 0; i < theme.theme->sub_themes.size(); ++i) {
        if (theme.theme->sub_themes[i].id == id) return i;
      }
      return theme.theme->sub_themes.size();
    };
    return std::make_tuple(-a.areas, order(a.sub_theme_id), static_cast<int>(a.agency)) <
           std::make_tuple(-b.areas, order(b.sub_theme_id), static_cast<int>(b.agency));
  });
  return f;
}

std::string BarChartSvg(const std::string& id, const std::string& title, const std::string& description,
                        const std::vector<std::string>& labels, const std::vector<ChartSeries>& series, int max_value) {
  // Fixed geometry in whole units so the bytes never depend on floating-point formatting.
  const int label_width = 220, bar_area = 420, bar_height = 18, bar_gap = 4, group_gap = 14, top = 34;
  const int value_width = 40;
  const int group_height = static_cast<int>(series.size()) * (bar_height + bar_gap) + group_gap;
  const int axis_height = 46;  // the scale: tick labels and its title ("out of 4 areas")
  const int bars_bottom = top + static_cast<int>(labels.size()) * group_height;
  const int height = bars_bottom + axis_height;
  const int width = label_width + bar_area + value_width;
  int scale_max = std::max(1, max_value);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height) + "\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) + "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id +
                    "-desc\">\n";
  svg += "<title id=\"" + id + "-title\">" + Escape(title) + "</title>\n";
  svg += "<desc id=\"" + id + "-desc\">" + Escape(description) + "</desc>\n";
  svg += "<defs>\n";
  svg += "<pattern id=\"" + id + "-p0\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#1d3b5c\"/></pattern>\n";
  svg += "<pattern id=\"" + id + "-p1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><path d=\"M0 6 L6 0\" stroke=\"#8f2100\" stroke-width=\"2\"/></pattern>\n";
  svg += "<pattern id=\"" + id + "-p2\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><circle cx=\"3\" cy=\"3\" r=\"1.5\" fill=\"#0b0c0c\"/></pattern>\n";
  svg += "</defs>\n";
  // Legend: pattern swatch and name for each series.
  int x = label_width;
  for (std::size_t s = 0; s < series.size(); ++s) {
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"8\" width=\"16\" height=\"16\" fill=\"url(#" + id + "-p" +
           std::to_string(s % 3) + ")\" stroke=\"#0b0c0c\"/>";
    svg += "<text x=\"" + std::to_string(x + 22) + "\" y=\"21\" font-size=\"13\" fill=\"#0b0c0c\">" + Escape(series[s].name) +
           "</text>\n";
    x += 22 + static_cast<int>(series[s].name.size()) * 8 + 20;
  }
  for (std::size_t g = 0; g < labels.size(); ++g) {
    int y0 = top + static_cast<int>(g) * group_height;
    int label_y = y0 + (static_cast<int>(series.size()) * (bar_height + bar_gap)) / 2 + 4;
    svg += "<text x=\"" + std::to_string(label_width - 8) + "\" y=\"" + std::to_string(label_y) +
           "\" font-size=\"13\" text-anchor=\"end\" fill=\"#0b0c0c\">" + Escape(labels[g]) + "</text>\n";
    for (std::size_t s = 0; s < series.size(); ++s) {
      int value = g < series[s].values.size() ? series[s].values[g] : 0;
      int w = value * bar_area / scale_max;
      int y = y0 + static_cast<int>(s) * (bar_height + bar_gap);
      svg += "<rect class=\"bar\" data-series=\"" + Escape(series[s].name) + "\" data-label=\"" + Escape(labels[g]) +
             "\" data-value=\"" + std::to_string(value) + "\" x=\"" + std::to_string(label_width) + "\" y=\"" +
             std::to_string(y) + "\" width=\"" + std::to_string(std::max(w, 1)) + "\" height=\"" +
             std::to_string(bar_height) + "\" fill=\"url(#" + id + "-p" + std::to_string(s % 3) +
             ")\" stroke=\"#0b0c0c\"/>";
      svg += "<text x=\"" + std::to_string(label_width + std::max(w, 1) + 6) + "\" y=\"" + std::to_string(y + 13) +
             "\" font-size=\"12\" fill=\"#0b0c0c\">" + std::to_string(value) + "</text>\n";
    }
  }
  // The scale: an axis with a tick at every whole number (every other one past ten) and its title.
  svg += "<line x1=\"" + std::to_string(label_width) + "\" y1=\"" + std::to_string(bars_bottom) + "\" x2=\"" +
         std::to_string(label_width + bar_area) + "\" y2=\"" + std::to_string(bars_bottom) +
         "\" stroke=\"#0b0c0c\"/>\n";
  int step = scale_max <= 10 ? 1 : (scale_max + 9) / 10;
  for (int v = 0; v <= scale_max; v += step) {
    int tx = label_width + v * bar_area / scale_max;
    svg += "<line x1=\"" + std::to_string(tx) + "\" y1=\"" + std::to_string(bars_bottom) + "\" x2=\"" +
           std::to_string(tx) + "\" y2=\"" + std::to_string(bars_bottom + 5) + "\" stroke=\"#0b0c0c\"/>";
    svg += "<text x=\"" + std::to_string(tx) + "\" y=\"" + std::to_string(bars_bottom + 19) +
           "\" font-size=\"12\" text-anchor=\"middle\" fill=\"#0b0c0c\">" + std::to_string(v) + "</text>\n";
  }
  svg += "<text class=\"axis-title\" x=\"" + std::to_string(label_width + bar_area / 2) + "\" y=\"" +
         std::to_string(bars_bottom + 38) + "\" font-size=\"13\" text-anchor=\"middle\" fill=\"#0b0c0c\">Number of areas (out of " +
         std::to_string(max_value) + (max_value == 1 ? " area" : " areas") + ")</text>\n";
  svg += "</svg>";
  return svg;
}

json OverviewView(const Corpus& corpus, const plan::Plan& plan, const plan::PublicTheme& pt, const RenderOptions& options) {
  const Theme& theme = *pt.theme;
  const Overview& ov = *theme.overview;
  std::string path = plan::OverviewPath(theme.id);
  Views views(corpus, plan, options);
  json view = views.Frame(path, theme.title + ": overview report",
                          "What the joint targeted area inspections on " + theme.title + " found across the round.");
  std::string root = view["root"];
  // Links print with their absolute URL after them: the canonical URL is the base URL followed by the path.
  std::string canonical = view["page"]["canonical"];
  std::string base = canonical.substr(0, canonical.size() - path.size());
  view["print_header"] = CssString(theme.title + ": overview");
  view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", root}},
                                     {{"title", "Themes"}, {"url", root + "themes/"}},
                                     {{"title", theme.title}, {"url", root + plan::ThemePath(theme.id)}}});
  RoundFigures f = ComputeRoundFigures(corpus, pt);
  view["title"] = theme.title;
  view["summary"] = "What the " + std::to_string(f.inspections) + " joint targeted area inspections of " +
                    theme.response_inspected + " found across the round: the figures, the improvements that recur, "
                    "examples of highly effective practice and recommendations.";
  view["publication"] = {{"search", json::array({{{"key", "type"}, {"value", "Overview report"}, {"filter", true}},
                                                  {{"key", "area"}, {"value", "England"}, {"filter", false}},
                                                  {{"key", "theme"}, {"value", theme.title}, {"filter", true}},
                                                  {{"key", "date"}, {"value", ov.publication.Long()}, {"filter", false}}})}};
  view["published"] = ov.publication.Long();
  view["published_iso"] = ov.publication.Iso();
  std::vector<std::string> inspectorates;
  for (const std::string& id : f.inspectorates) {
    if (const InspectorateInfo* i = corpus.site.FindInspectorate(id)) inspectorates.push_back(InspectorateInText(*i));
  }
  std::vector<std::string> agencies;
  for (AgencyType t : f.agency_types) {
    if (t != AgencyType::kPartnership) agencies.push_back(Describe(t));
  }
  std::string intro = "This report draws together the findings of " + Number(f.inspections) +
                      " joint targeted area inspections of " + Escape(theme.response_inspected) +
                      ", carried out " + Escape(FormatDateRange(f.first_fieldwork, f.last_fieldwork)) +
                      " and published between " + Escape(f.first_published.Long()) + " and " +
                      Escape(f.last_published.Long()) + ". The inspections were carried out jointly by " +
                      Escape(JoinEnglish(inspectorates)) + ". They looked at the work of " + Escape(JoinEnglish(agencies)) +
                      ", and of the local safeguarding partnership in each area.";
  if (f.children_identified > 0) {
    intro += " Across the round, inspectors sampled the experiences of " + std::to_string(f.children_identified) +
             " children and audited the records of " + std::to_string(f.children_audited) + " of them jointly with the partnerships.";
  }
  view["intro_html"] = "<p>" + intro + "</p>";
  view["inspection_count"] = f.inspections;
  json areas = json::array();
  for (const plan::PublicInspection* p : pt.letters) {
    areas.push_back({{"name", p->inspection->area_name},
                     {"url", root + plan::InspectionPath(p->inspection->id)},
                     {"print_url", base + plan::InspectionPath(p->inspection->id)},
                     {"published", p->published.Long()}});
  }
  view["areas"] = areas;
  view["executive_summary_html"] = markdown::RenderHtml(ov.executive_summary.text, 2);
  view["main_findings_html"] = markdown::RenderHtml(ov.main_findings.text, 2);

  // Figures by agency: a chart and the same numbers as a table.
  std::vector<std::string> labels;
  ChartSeries strengths{"areas with strengths", {}}, improvements{"areas with improvements needed", {}};
  json agency_rows = json::array();
  for (AgencyType t : f.agency_types) {
    AreaCounts c = f.by_agency.count(t) ? f.by_agency.at(t) : AreaCounts{};
    labels.push_back(Capitalised(Describe(t)));
    strengths.values.push_back(c.with_strengths);
    improvements.values.push_back(c.with_improvements);
    agency_rows.push_back({{"agency", Capitalised(Describe(t))},
                           {"strengths", c.with_strengths},
                           {"improvements", c.with_improvements}});
  }
  view["agency_chart_svg"] = BarChartSvg(
      "chart-agencies", "Strengths and areas for improvement by agency, " + theme.title,
      "For each agency, the number of the " + std::to_string(f.inspections) +
          " areas inspected whose letter records at least one strength, and at least one area for improvement, for that agency.",
      labels, {strengths, improvements}, f.inspections);
  view["agency_rows"] = agency_rows;

  // By sub-theme and agency.
  json sub_rows = json::array();
  json agency_headers = json::array();
  for (AgencyType t : f.agency_types) agency_headers.push_back({{"name", Capitalised(Describe(t))}});
  for (const SubTheme& s : theme.sub_themes) {
    json cells = json::array();
    for (AgencyType t : f.agency_types) {
      auto it = f.by_sub_theme_and_agency.find({s.id, t});
      AreaCounts c = it == f.by_sub_theme_and_agency.end() ? AreaCounts{} : it->second;
      // In words, not "S: 1, I: 1": what a reader would say aloud.
      auto in_areas = [](int n) { return std::to_string(n) + (n == 1 ? " area" : " areas"); };
      std::string words;
      if (c.with_strengths == 0 && c.with_improvements == 0) {
        words = "No findings";
      } else {
        std::vector<std::string> parts;
        if (c.with_strengths) parts.push_back("strengths in " + in_areas(c.with_strengths));
        if (c.with_improvements) parts.push_back("improvement needed in " + in_areas(c.with_improvements));
        words = Capitalised(JoinEnglish(parts));
      }
      cells.push_back({{"strengths", c.with_strengths}, {"improvements", c.with_improvements}, {"words", words}});
    }
    sub_rows.push_back({{"sub_theme", s.name}, {"cells", cells}});
  }
  view["agency_headers"] = agency_headers;
  view["sub_theme_rows"] = sub_rows;

  json recurring = json::array();
  for (const RecurringImprovement& r : f.recurring) {
    // Each area once under its heading, with its findings beneath it, in the order the areas first appear.
    json areas_json = json::array();
    std::vector<std::string> order;
    std::map<std::string, json> by_area;
    for (const FindingRef& ref : r.findings) {
      const std::string& id = ref.inspection->id;
      if (!by_area.count(id)) {
        order.push_back(id);
        by_area[id] = {{"area", ref.inspection->area_name},
                       {"url", root + plan::InspectionPath(id)},
                       {"print_url", base + plan::InspectionPath(id)},
                       {"findings", json::array()}};
      }
      by_area[id]["findings"].push_back(
          {{"url", root + plan::InspectionPath(id) + "#finding-" + ref.finding->id},
           {"print_url", base + plan::InspectionPath(id) + "#finding-" + ref.finding->id},
           {"html", markdown::RenderHtml(ref.finding->body.text, 3)}});
    }
    for (const std::string& id : order) areas_json.push_back(by_area[id]);
    recurring.push_back({{"summary", Capitalised(Describe(r.agency)) + ": " + r.sub_theme},
                         {"count", std::to_string(r.areas) + " of " + std::to_string(f.inspections) + " areas"},
                         {"areas", areas_json}});
  }
  view["recurring"] = recurring;
  view["has_recurring"] = !recurring.empty();

  json practice = json::array();
  for (const FindingRef& ref : f.effective_practice) {
    std::vector<markdown::Block> blocks = markdown::SplitBlocks(ref.finding->body.text);
    practice.push_back({{"area", ref.inspection->area_name},
                        {"title", ref.finding->title},
                        {"excerpt", blocks.empty() ? "" : blocks.front().text},
                        {"url", root + plan::InspectionPath(ref.inspection->id) + "#finding-" + ref.finding->id},
                        {"print_url", base + plan::InspectionPath(ref.inspection->id) + "#finding-" + ref.finding->id}});
  }
  view["good_practice"] = practice;
  view["has_good_practice"] = !practice.empty();

  json parts = json::array();
  for (const OverviewPart& part : ov.parts) {
    json examples = json::array();
    for (const plan::PublicInspection* p : pt.letters) {
      for (const Finding& finding : p->inspection->findings) {
        if (finding.kind != FindingKind::kStrength) continue;
        if (std::find(finding.sub_themes.begin(), finding.sub_themes.end(), part.sub_theme) == finding.sub_themes.end()) continue;
        examples.push_back({{"area", p->inspection->area_name},
                            {"html", markdown::RenderHtml(finding.body.text, 3)},
                            {"url", root + plan::InspectionPath(p->inspection->id) + "#finding-" + finding.id},
                            {"print_url", base + plan::InspectionPath(p->inspection->id) + "#finding-" + finding.id}});
      }
    }
    parts.push_back({{"id", "part-" + part.sub_theme},
                     {"title", part.title},
                     {"html", markdown::RenderHtml(part.body.text, 2)},
                     {"examples", examples},
                     {"has_examples", !examples.empty()}});
  }
  view["parts"] = parts;
  view["national_html"] = markdown::RenderHtml(ov.national_recommendations.text, 2);
  view["local_html"] = markdown::RenderHtml(ov.local_recommendations.text, 2);
  view["has_pdf"] = options.pdf;
  view["pdf_url"] = theme.id + "-overview.pdf";
  view["theme_url"] = root + plan::ThemePath(theme.id);
  view["theme_print_url"] = corpus.site.BaseUrl() + plan::ThemePath(theme.id);
  return view;
}

std::vector<Page> RenderOverviews(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                                  const RenderOptions& options) {
  std::vector<Page> pages;
  std::vector<GlossaryTerm> glossary = Glossary(corpus);
  for (const plan::PublicTheme& pt : plan.themes) {
    if (!pt.overview_public) continue;
    std::vector<std::string> sources = {pt.theme->loc.file ? pt.theme->loc.file->path() : pt.theme->id};
    for (const plan::PublicInspection* p : pt.letters) {
      for (const std::string& s : InspectionSources(*p->inspection)) sources.push_back(s);
    }
    std::string path = plan::OverviewPath(pt.theme->id);
    pages.push_back({path + "index.html", RenderPage(templates, "overview", OverviewView(corpus, plan, pt, options), glossary),
                     sources, true, path + pt.theme->id + "-overview.pdf"});
  }
  return pages;
}

}  // namespace lp::render
