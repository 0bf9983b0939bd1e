#include "render/open_data.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

#include "base/csv.h"
#include "base/gzip.h"
#include "base/text.h"
#include "markdown/markdown.h"
#include "render/overview.h"

namespace lp::render {
using ojson = nlohmann::ordered_json;

namespace {

std::string SchemaUrl(const Corpus& corpus, const std::string& name) { return corpus.site.BaseUrl() + "schemas/" + name; }

ojson Finding(const lp::Finding& f) {
  ojson j = {{"id", f.id}, {"kind", ToString(f.kind)}, {"agencies", f.agencies}};
  if (f.priority) j["priority"] = f.priority;
  j["sub_themes"] = f.sub_themes;
  if (!f.title.empty()) j["title"] = f.title;
  j["text_markdown"] = f.body.text;
  j["text_html"] = markdown::RenderHtml(f.body.text);
  return j;
}

ojson InspectionData(const Corpus& corpus, const plan::PublicInspection& p) {
  const Inspection& in = *p.inspection;
  const Theme* theme = corpus.FindTheme(in.theme);
  ojson j;
  j["$schema"] = SchemaUrl(corpus, "inspection.schema.json");
  j["id"] = in.id;
  j["url"] = corpus.site.BaseUrl() + plan::InspectionPath(in.id);
  j["title"] = "Joint targeted area inspection of " + in.area_name;
  j["area"] = {{"name", in.area_name}, {"slug", in.area_slug}, {"la_code", in.la_code}};
  j["theme"] = {{"id", in.theme}, {"title", theme ? theme->title : ""}};
  ojson inspectorates = ojson::array();
  for (const Participation& part : in.inspectorates) {
    const InspectorateInfo* info = corpus.site.FindInspectorate(part.inspectorate);
    inspectorates.push_back({{"id", part.inspectorate},
                             {"name", info ? info->name : ""},
                             {"abbreviation", info ? info->abbr : ""},
                             {"lead", part.lead}});
  }
  j["inspectorates"] = inspectorates;
  ojson agencies = ojson::array();
  for (const Agency& a : in.agencies) agencies.push_back({{"id", a.id}, {"name", a.name}, {"type", ToString(a.type)}});
  j["agencies"] = agencies;
  j["partnership"] = in.partnership_name;
  j["principal_authority"] = in.principal_authority;
  ojson dates = {{"fieldwork_start", in.dates.fieldwork_start.Iso()},
                 {"fieldwork_end", in.dates.fieldwork_end.Iso()},
                 {"published", p.published.Iso()}};
  if (p.last_updated) dates["last_updated"] = p.last_updated->Iso();
  std::optional<Date> due = ActionPlanDue(in, corpus);
  dates["written_statement_due"] = due ? due->Iso() : "";
  if (p.withdrawn && in.withdrawn_on) dates["withdrawn"] = in.withdrawn_on->Iso();
  j["dates"] = dates;
  j["status"] = p.withdrawn ? "withdrawn" : "published";
  if (in.children_identified) {
    j["case_sample"] = {{"children_identified", *in.children_identified}, {"children_audited", in.children_audited.value_or(0)}};
  }
  ojson findings = ojson::array();
  if (in.context) {
    findings.push_back({{"id", "context"}, {"kind", "context"}, {"agencies", ojson::array()}, {"sub_themes", ojson::array()},
                        {"text_markdown", in.context->body.text}, {"text_html", markdown::RenderHtml(in.context->body.text)}});
  }
  if (in.headline) {
    findings.push_back({{"id", "headline-findings"}, {"kind", "headline-findings"}, {"agencies", ojson::array()},
                        {"sub_themes", ojson::array()}, {"text_markdown", in.headline->body.text},
                        {"text_html", markdown::RenderHtml(in.headline->body.text)}});
  }
  for (const lp::Finding& f : in.findings) findings.push_back(Finding(f));
  j["findings"] = findings;
  ojson recommendations = ojson::array();
  int rank = 0;
  for (FindingKind kind : {FindingKind::kAreaForPriorityAction, FindingKind::kAreaForImprovement}) {
    for (const lp::Finding* f : in.FindingsOfKind(kind)) {
      ojson actions = ojson::array();
      if (p.action_plan) {
        for (const Action& a : p.action_plan->actions) {
          if (std::find(a.answers.begin(), a.answers.end(), f->id) == a.answers.end()) continue;
          actions.push_back({{"id", a.id}, {"lead_agency", a.lead_agency}, {"owner_role", a.owner_role},
                             {"due", a.due.Iso()}, {"status", ToString(a.status)}, {"text_markdown", a.description.text}});
        }
      }
      recommendations.push_back({{"rank", ++rank}, {"finding", f->id}, {"actions", actions}});
    }
  }
  j["recommendations"] = recommendations;
  if (p.action_plan) j["action_plan_published"] = p.action_plan->date.Iso();
  ojson notes = ojson::array();
  for (const ChangeNote* n : p.change_notes) {
    notes.push_back({{"date", n->date.Iso()}, {"kind", n->major ? "major" : "minor"}, {"text", n->text}});
  }
  j["change_notes"] = notes;
  j["licence"] = {{"name", corpus.site.licence_name}, {"url", corpus.site.licence_url}};
  return j;
}

ojson ThemeFigures(const Corpus& corpus, const plan::PublicTheme& pt) {
  RoundFigures f = ComputeRoundFigures(corpus, pt);
  ojson j;
  j["$schema"] = SchemaUrl(corpus, "theme-figures.schema.json");
  j["theme"] = pt.theme->id;
  j["title"] = pt.theme->title;
  j["published"] = pt.theme->overview->publication.Iso();
  ojson ids = ojson::array();
  for (const plan::PublicInspection* p : pt.letters) ids.push_back(p->inspection->id);
  j["inspections"] = ids;
  j["children_identified"] = f.children_identified;
  j["children_audited"] = f.children_audited;
  ojson by_agency = ojson::array();
  for (AgencyType t : f.agency_types) {
    AreaCounts c = f.by_agency.count(t) ? f.by_agency.at(t) : AreaCounts{};
    by_agency.push_back({{"agency_type", ToString(t)}, {"areas_with_strengths", c.with_strengths},
                         {"areas_with_improvements", c.with_improvements}});
  }
  j["by_agency"] = by_agency;
  ojson by_sub = ojson::array();
  for (const SubTheme& s : pt.theme->sub_themes) {
    for (AgencyType t : f.agency_types) {
      auto it = f.by_sub_theme_and_agency.find({s.id, t});
      AreaCounts c = it == f.by_sub_theme_and_agency.end() ? AreaCounts{} : it->second;
      by_sub.push_back({{"sub_theme", s.id}, {"agency_type", ToString(t)}, {"areas_with_strengths", c.with_strengths},
                        {"areas_with_improvements", c.with_improvements}});
    }
  }
  j["by_sub_theme"] = by_sub;
  ojson recurring = ojson::array();
  for (const RecurringImprovement& r : f.recurring) {
    ojson refs = ojson::array();
    for (const FindingRef& ref : r.findings) {
      refs.push_back({{"inspection", ref.inspection->id}, {"finding", ref.finding->id},
                      {"url", corpus.site.BaseUrl() + plan::InspectionPath(ref.inspection->id) + "#finding-" + ref.finding->id}});
    }
    recurring.push_back({{"sub_theme", r.sub_theme_id}, {"agency_type", ToString(r.agency)}, {"areas", r.areas}, {"findings", refs}});
  }
  j["recurring_improvements"] = recurring;
  return j;
}

// The two finding tables: each finding's text once, and which agencies each finding concerns.
const std::string& FindingsHeader() {
  static const std::string header = CsvRow({"inspection_id", "area", "la_code", "theme", "published", "finding_id", "kind",
                                            "priority", "agencies", "sub_themes", "text"});
  return header;
}
const std::string& FindingAgenciesHeader() {
  static const std::string header = CsvRow({"inspection_id", "finding_id", "agency_id", "agency_name", "agency_type"});
  return header;
}
struct FindingTables {
  std::string findings = FindingsHeader();
  std::string agencies = FindingAgenciesHeader();
};
// The whole corpus's tables, compressed as rows arrive: only one copy of the text (each year's) is held.
struct CompressedFindingTables {
  CompressedFindingTables() {
    findings.Add(FindingsHeader());
    agencies.Add(FindingAgenciesHeader());
  }
  GzipWriter findings, agencies;
};

void AddFindingRows(const plan::PublicInspection& p, FindingTables& tables, CompressedFindingTables& all) {
  const Inspection& in = *p.inspection;
  for (const lp::Finding& f : in.findings) {
    std::string row = CsvRow({in.id, in.area_name, in.la_code, in.theme, p.published.Iso(), f.id, ToString(f.kind),
                              f.priority ? std::to_string(f.priority) : "", Join(f.agencies, " "), Join(f.sub_themes, " "),
                              f.body.text});
    all.findings.Add(row);
    tables.findings += row;
    for (const std::string& agency_id : f.agencies) {
      const Agency* a = in.FindAgency(agency_id);
      row = CsvRow({in.id, f.id, agency_id, a ? a->name : "", a ? ToString(a->type) : ""});
      all.agencies.Add(row);
      tables.agencies += row;
    }
  }
}

// One downloadable data file.
struct DataFile {
  std::string path;    // "data/findings-2025.csv"
  std::string schema;  // the schema of one row
  std::string description;
  std::string year;    // for a year's file
  std::string bytes;
};

bool IsGzip(const std::string& path) { return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0; }

// "980 bytes", "12 kB", "4.5 MB" (SI units, as a download size is read).
std::string SizeInWords(std::size_t bytes) {
  if (bytes < 1000) return std::to_string(bytes) + " bytes";
  const char* units[] = {"kB", "MB", "GB"};
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1000 && unit < 2) {
    value /= 1000;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  return buffer;
}

// The whole corpus's finding tables gzipped, then each year's as plain CSV, newest year first.
std::vector<DataFile> FindingTableFiles(CompressedFindingTables& all, std::map<int, FindingTables>& by_year) {
  std::vector<DataFile> out;
  out.push_back({"data/findings.csv.gz", "findings-csv.schema.json",
                 "Every published finding, once, with its text (gzip-compressed CSV).", "", all.findings.Finish()});
  out.push_back({"data/finding-agencies.csv.gz", "finding-agencies-csv.schema.json",
                 "Which agencies every published finding concerns, one row per finding per agency (gzip-compressed CSV).",
                 "", all.agencies.Finish()});
  for (auto it = by_year.rbegin(); it != by_year.rend(); ++it) {
    std::string year = std::to_string(it->first);
    out.push_back({"data/findings-" + year + ".csv", "findings-csv.schema.json",
                   "The findings of the reports published in " + year + ", once each, with their text.", year,
                   std::move(it->second.findings)});
    out.push_back({"data/finding-agencies-" + year + ".csv", "finding-agencies-csv.schema.json",
                   "Which agencies the findings of " + year + "'s reports concern.", year, std::move(it->second.agencies)});
  }
  return out;
}

}  // namespace


std::string ActionsCsv(const plan::Plan& plan) {
  std::string csv = CsvRow({"inspection_id", "area", "la_code", "action_plan_date", "progress_as_at", "action_id",
                            "answers", "lead_agency_id", "lead_agency_name", "owner_role", "due", "status", "overdue",
                            "description", "progress"});
  // Oldest report first, then the plan's own order, like the other CSVs.
  std::vector<const plan::PublicInspection*> ordered;
  for (const plan::PublicInspection& p : plan.inspections) ordered.push_back(&p);
  std::sort(ordered.begin(), ordered.end(), [](const plan::PublicInspection* a, const plan::PublicInspection* b) {
    return std::tie(a->published, a->inspection->id) < std::tie(b->published, b->inspection->id);
  });
  for (const plan::PublicInspection* p : ordered) {
    if (!p->action_plan) continue;  // the action plan is public from its own date
    const Inspection& in = *p->inspection;
    for (const Action& a : p->action_plan->actions) {
      const Agency* lead = in.FindAgency(a.lead_agency);
      csv += CsvRow({in.id, in.area_name, in.la_code, p->action_plan->date.Iso(), p->progress_as_at.Iso(), a.id,
                     Join(a.answers, " "), a.lead_agency, lead ? lead->name : "", a.owner_role, a.due.Iso(),
                     ToString(a.status), plan::IsActionOverdue(a, plan.as_of) ? "yes" : "no", a.description.text,
                     a.progress.text});
    }
  }
  return csv;
}

std::string InspectionDataPath(const std::string& id) { return plan::InspectionPath(id) + "data.json"; }

void RenderOpenData(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates, const RenderOptions& options,
                    const std::map<std::string, std::string>& schemas, const std::function<void(Page&&)>& sink) {
  std::string base = corpus.site.BaseUrl();
  ojson index_inspections = ojson::array();
  CsvWriter inspections_csv({"inspection_id", "area", "la_code", "theme", "fieldwork_start", "fieldwork_end", "published",
                             "last_updated", "status", "written_statement_due", "children_identified", "children_audited",
                             "priority_actions", "improvements", "strengths", "url", "data"});
  CompressedFindingTables all_findings;
  std::map<int, FindingTables> findings_by_year;  // by year of publication
  // Oldest first in the CSVs and index: rows are appended over time, so a diff of two releases reads well.
  std::vector<const plan::PublicInspection*> ordered;
  for (const plan::PublicInspection& p : plan.inspections) ordered.push_back(&p);
  std::sort(ordered.begin(), ordered.end(), [](const plan::PublicInspection* a, const plan::PublicInspection* b) {
    return std::tie(a->published, a->inspection->id) < std::tie(b->published, b->inspection->id);
  });
  for (const plan::PublicInspection* p : ordered) {
    const Inspection& in = *p->inspection;
    ojson data = InspectionData(corpus, *p);
    sink(Page{InspectionDataPath(in.id), data.dump(1) + "\n", InspectionSources(in), false, ""});
    index_inspections.push_back({{"id", in.id},
                                 {"area", in.area_name},
                                 {"la_code", in.la_code},
                                 {"theme", in.theme},
                                 {"published", p->published.Iso()}});
    if (p->last_updated) index_inspections.back()["last_updated"] = p->last_updated->Iso();
    index_inspections.back()["status"] = p->withdrawn ? "withdrawn" : "published";
    index_inspections.back()["url"] = base + plan::InspectionPath(in.id);
    index_inspections.back()["data"] = base + InspectionDataPath(in.id);
    index_inspections.back()["findings"] = in.findings.size();
    AddFindingRows(*p, findings_by_year[p->published.year()], all_findings);
    std::optional<Date> due = ActionPlanDue(in, corpus);
    auto count = [&](FindingKind k) { return std::to_string(in.FindingsOfKind(k).size()); };
    inspections_csv.Row({in.id, in.area_name, in.la_code, in.theme, in.dates.fieldwork_start.Iso(), in.dates.fieldwork_end.Iso(),
                         p->published.Iso(), p->last_updated ? p->last_updated->Iso() : "",
                         p->withdrawn ? "withdrawn" : "published", due ? due->Iso() : "",
                         in.children_identified ? std::to_string(*in.children_identified) : "",
                         in.children_audited ? std::to_string(*in.children_audited) : "",
                         count(FindingKind::kAreaForPriorityAction), count(FindingKind::kAreaForImprovement),
                         count(FindingKind::kStrength), base + plan::InspectionPath(in.id), base + InspectionDataPath(in.id)});
  }
  ojson themes = ojson::array();
  for (const plan::PublicTheme& t : plan.themes) {
    ojson ids = ojson::array();
    for (const plan::PublicInspection* p : t.letters) ids.push_back(p->inspection->id);
    std::string figures_path = plan::OverviewPath(t.theme->id) + "figures.json";
    themes.push_back({{"id", t.theme->id},
                      {"title", t.theme->title},
                      {"inspections", ids},
                      {"overview_published", t.overview_public ? ojson(t.theme->overview->publication.Iso()) : ojson(nullptr)},
                      {"figures", t.overview_public ? ojson(base + figures_path) : ojson(nullptr)}});
    if (t.overview_public) {
      std::vector<std::string> sources = {t.theme->loc.file ? t.theme->loc.file->path() : t.theme->id};
      sink(Page{figures_path, ThemeFigures(corpus, t).dump(1) + "\n", sources, false, ""});
    }
  }
  // The downloadable tables: the whole corpus compressed, and each year's uncompressed, each with its size.
  std::vector<DataFile> tables = FindingTableFiles(all_findings, findings_by_year);
  findings_by_year.clear();  // the files hold their own bytes now
  tables.insert(tables.begin(), DataFile{"data/inspections.csv", "inspections-csv.schema.json",
                                         "One row per published inspection: area, local authority code, theme, fieldwork and publication dates, the "
                                         "written statement of action deadline, the case sample, and counts of findings by kind.",
                                         "", inspections_csv.Take()});
  tables.insert(tables.begin() + 1, DataFile{"data/actions.csv", "actions-csv.schema.json",
                                              "One row per action of every published action plan, with its status and whether it is overdue.",
                                              "", ActionsCsv(plan)});
  ojson files = ojson::array(
      {{{"url", base + "data/index.json"}, {"schema", SchemaUrl(corpus, "index.schema.json")}, {"description", "This index."}}});
  nlohmann::json downloads = nlohmann::json::array();
  for (const DataFile& f : tables) {
    ojson entry = {{"url", base + f.path}, {"schema", SchemaUrl(corpus, f.schema)}, {"description", f.description},
                   {"bytes", f.bytes.size()}};
    if (!f.year.empty()) entry["year"] = f.year;
    if (IsGzip(f.path)) entry["compression"] = "gzip";
    files.push_back(entry);
    downloads.push_back({{"name", f.path.substr(std::string("data/").size())},
                         {"url", f.path.substr(std::string("data/").size())},
                         {"description", f.description},
                         {"size", SizeInWords(f.bytes.size())},
                         {"gzip", IsGzip(f.path)},
                         {"year", f.year}});
  }
  ojson index = {{"$schema", SchemaUrl(corpus, "index.schema.json")},
                 {"site", corpus.site.title},
                 {"licence", {{"name", corpus.site.licence_name}, {"url", corpus.site.licence_url}}},
                 {"inspections", index_inspections},
                 {"themes", themes},
                 {"files", files}};
  sink(Page{"data/index.json", index.dump(1) + "\n", {}, false, ""});
  for (DataFile& f : tables) sink(Page{f.path, std::move(f.bytes), {}, false, ""});
  for (const auto& [name, bytes] : schemas) sink(Page{"schemas/" + name, bytes, {"schemas/data/" + name}, false, ""});

  Views views(corpus, plan, options);
  nlohmann::json view = views.Frame("data/", "Open data", "Every published report's findings as JSON and CSV, with schemas.");
  view["breadcrumbs"] = nlohmann::json::array({{{"title", "Home"}, {"url", view["root"]}}});
  nlohmann::json schema_list = nlohmann::json::array();
  for (const auto& [name, bytes] : schemas) schema_list.push_back({{"name", name}, {"url", "../schemas/" + name}});
  view["schemas"] = schema_list;
  view["inspection_count"] = ordered.size();
  view["example_data_url"] = ordered.empty() ? "" : "../" + InspectionDataPath(ordered.back()->inspection->id);
  view["has_example"] = !ordered.empty();
  view["downloads"] = downloads;
  sink(Page{"data/index.html", RenderPage(templates, "data", view, Glossary(corpus)), {}, false, ""});
}

std::vector<Page> RenderOpenData(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                                 const RenderOptions& options, const std::map<std::string, std::string>& schemas) {
  std::vector<Page> pages;
  RenderOpenData(corpus, plan, templates, options, schemas, [&](Page&& p) { pages.push_back(std::move(p)); });
  return pages;
}

}  // namespace lp::render
