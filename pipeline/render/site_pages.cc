#include "render/site_pages.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/text.h"
#include "markdown/markdown.h"
#include "render/html.h"

namespace lp::render {
using nlohmann::json;

namespace {

// The first paragraph of the headline findings as plain text: the summary feeds and lists show.
std::string Summary(const Inspection& in) {
  if (!in.headline) return {};
  std::vector<markdown::Block> blocks = markdown::SplitBlocks(in.headline->body.text);
  return blocks.empty() ? std::string() : blocks.front().text;
}

class SitePages {
 public:
  SitePages(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates, const RenderOptions& options)
      : corpus_(corpus), plan_(plan), templates_(templates), options_(options), views_(corpus, plan, options),
        glossary_(Glossary(corpus)) {}

  std::vector<Page> Run() {
    Home();
    Reports();
    Areas();
    Themes();
    Search();
    NotFound();
    Feed();
    Robots();
    Sitemap();  // last: it lists every page
    return std::move(pages_);
  }

 private:
  json Report(const plan::PublicInspection& p, const std::string& from) const {
    const Inspection& in = *p.inspection;
    const Theme* theme = corpus_.FindTheme(in.theme);
    std::string root = RelativeRoot(from);
    std::set<std::string> types;
    for (const Agency& a : in.agencies) {
      if (a.type != AgencyType::kPartnership) types.insert(Describe(a.type));
    }
    return {{"title", "Joint targeted area inspection of " + in.area_name},
            {"url", root + plan::InspectionPath(in.id)},
            {"area", in.area_name},
            {"area_url", root + plan::AreaPath(in.area_slug)},
            {"theme", theme ? theme->title : ""},
            {"theme_url", root + plan::ThemePath(in.theme)},
            {"published", p.published.Long()},
            {"published_iso", p.published.Iso()},
            {"has_updated", p.last_updated.has_value()},
            {"updated", p.last_updated ? p.last_updated->Long() : ""},
            {"summary", Summary(in)},
            {"agencies", JoinEnglish(std::vector<std::string>(types.begin(), types.end()))},
            {"withdrawn", p.withdrawn}};
  }

  json ReportList(const std::vector<const plan::PublicInspection*>& letters, const std::string& from) const {
    json list = json::array();
    for (const plan::PublicInspection* p : letters) list.push_back(Report(*p, from));
    return list;
  }

  std::vector<const plan::PublicInspection*> All() const {
    std::vector<const plan::PublicInspection*> all;
    for (const plan::PublicInspection& p : plan_.inspections) all.push_back(&p);
    return all;
  }

  void Add(const std::string& path, const std::string& content_template, json view,
           std::vector<std::string> sources = {}) {
    view["has_breadcrumbs"] = !view["breadcrumbs"].empty();
    recorded_.push_back({OutputFile(path), content_template, view});
    pages_.push_back({OutputFile(path), RenderPage(templates_, content_template, std::move(view), glossary_),
                      std::move(sources), false, ""});
    html_paths_.push_back(path);
  }

  void Home() {
    json view = views_.Frame("", corpus_.site.title, "Published letters of findings from joint targeted area inspections of children's services.");
    std::vector<const plan::PublicInspection*> latest = All();
    if (latest.size() > 10) latest.resize(10);
    view["reports"] = ReportList(latest, "");
    view["has_reports"] = !latest.empty();
    json themes = json::array();
    for (const plan::PublicTheme& t : plan_.themes) {
      themes.push_back({{"title", t.theme->title},
                        {"url", plan::ThemePath(t.theme->id)},
                        {"count", t.letters.size()},
                        {"count_label", std::to_string(t.letters.size()) + (t.letters.size() == 1 ? " report" : " reports")},
                        {"overview_public", t.overview_public}});
    }
    view["themes"] = themes;
    view["has_themes"] = !themes.empty();
    view["report_count"] = plan_.inspections.size();
    Add("", "home", view);
  }

  // The index of every report, with static filter pages by year, theme and agency, so filtering works
  // without JavaScript.
  void Reports() {
    std::map<std::string, std::vector<const plan::PublicInspection*>> by_year, by_theme, by_agency;
    for (const plan::PublicInspection& p : plan_.inspections) {
      by_year[std::to_string(p.published.year())].push_back(&p);
      by_theme[p.inspection->theme].push_back(&p);
      std::set<AgencyType> types;
      for (const Agency& a : p.inspection->agencies) types.insert(a.type);
      for (AgencyType t : types) {
        if (t != AgencyType::kPartnership) by_agency[ToString(t)].push_back(&p);
      }
    }
    auto filters = [&](const std::string& from, const std::string& current) {
      std::string root = RelativeRoot(from);
      json years = json::array(), themes = json::array(), agencies = json::array();
      for (auto it = by_year.rbegin(); it != by_year.rend(); ++it) {
        std::string path = "reports/" + it->first + "/";
        years.push_back({{"label", it->first}, {"url", root + path}, {"count", it->second.size()}, {"current", path == current}});
      }
      for (const auto& [id, list] : by_theme) {
        const Theme* t = corpus_.FindTheme(id);
        std::string path = "reports/theme/" + id + "/";
        themes.push_back({{"label", t ? t->title : id}, {"url", root + path}, {"count", list.size()}, {"current", path == current}});
      }
      for (const auto& [type, list] : by_agency) {
        std::string label = "children's social care";
        for (AgencyType t : {AgencyType::kChildrensSocialCare, AgencyType::kHealth, AgencyType::kPolice,
                             AgencyType::kEducation, AgencyType::kYouthJustice}) {
          if (type == ToString(t)) label = Describe(t);
        }
        std::string path = "reports/agency/" + type + "/";
        agencies.push_back({{"label", label}, {"url", root + path}, {"count", list.size()}, {"current", path == current}});
      }
      return json{{"years", years}, {"themes", themes}, {"agencies", agencies}, {"all_url", root + "reports/"},
                  {"all_current", current == "reports/"}};
    };
    auto page = [&](const std::string& path, const std::string& heading, const std::string& description,
                    const std::vector<const plan::PublicInspection*>& list) {
      json view = views_.Frame(path, heading, description);
      std::string root = view["root"];
      view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", root}}});
      if (path != "reports/") view["breadcrumbs"].push_back({{"title", "All reports"}, {"url", root + "reports/"}});
      view["heading"] = heading;
      view["description"] = description;
      view["filters"] = filters(path, path);
      view["reports"] = ReportList(list, path);
      view["count"] = list.size();
      view["count_label"] = std::to_string(list.size()) + (list.size() == 1 ? " report" : " reports");
      view["has_reports"] = !list.empty();
      Add(path, "reports", view);
    };
    page("reports/", "All reports", "Every published letter of findings, newest first.", All());
    for (const auto& [year, list] : by_year) {
      page("reports/" + year + "/", "Reports published in " + year, "Letters of findings published in " + year + ".", list);
    }
    for (const auto& [id, list] : by_theme) {
      const Theme* t = corpus_.FindTheme(id);
      std::string title = t ? t->title : id;
      page("reports/theme/" + id + "/", "Reports: " + title, "Letters of findings from the round on " + title + ".", list);
    }
    for (const auto& [type, list] : by_agency) {
      std::string label;
      for (AgencyType t : {AgencyType::kChildrensSocialCare, AgencyType::kHealth, AgencyType::kPolice,
                           AgencyType::kEducation, AgencyType::kYouthJustice}) {
        if (type == ToString(t)) label = Describe(t);
      }
      page("reports/agency/" + type + "/", "Reports inspecting " + label,
           "Letters of findings from inspections that included " + label + ".", list);
    }
  }

  void Areas() {
    json view = views_.Frame("areas/", "Areas inspected", "Every local area with a published joint inspection.");
    view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", view["root"]}}});
    json areas = json::array();
    for (const plan::PublicArea& a : plan_.areas) {
      areas.push_back({{"name", a.name}, {"url", plan::AreaPath(a.slug).substr(6)}, {"count", a.letters.size()}});
    }
    view["areas"] = areas;
    view["has_areas"] = !areas.empty();
    Add("areas/", "areas", view);
    for (const plan::PublicArea& a : plan_.areas) {
      std::string path = plan::AreaPath(a.slug);
      json v = views_.Frame(path, a.name, "Joint targeted area inspections of children's services in " + a.name + ".");
      std::string root = v["root"];
      v["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", root}}, {{"title", "Areas"}, {"url", root + "areas/"}}});
      v["name"] = a.name;
      v["reports"] = ReportList(a.letters, path);
      const Inspection& newest = *a.letters.front()->inspection;
      v["la_code"] = newest.la_code;
      std::vector<std::string> sources;
      for (const plan::PublicInspection* p : a.letters) {
        for (const std::string& s : InspectionSources(*p->inspection)) sources.push_back(s);
      }
      Add(path, "area", v, sources);
    }
  }

  void Themes() {
    json view = views_.Frame("themes/", "Themes", "Each round of joint inspections shares a 'deep dive' theme.");
    view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", view["root"]}}});
    json themes = json::array();
    for (const plan::PublicTheme& t : plan_.themes) {
      themes.push_back({{"title", t.theme->title}, {"url", t.theme->id + "/"}, {"count", t.letters.size()},
                        {"overview_public", t.overview_public}});
    }
    view["themes"] = themes;
    view["has_themes"] = !themes.empty();
    Add("themes/", "themes", view);
    for (const plan::PublicTheme& t : plan_.themes) {
      std::string path = plan::ThemePath(t.theme->id);
      json v = views_.Frame(path, t.theme->title, "The round of joint targeted area inspections on " + t.theme->title + ".");
      std::string root = v["root"];
      v["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", root}}, {{"title", "Themes"}, {"url", root + "themes/"}}});
      v["title"] = t.theme->title;
      v["description_html"] = markdown::RenderHtml(t.theme->description.text, 1);
      v["reports"] = ReportList(t.letters, path);
      v["count"] = t.letters.size();
      v["overview_public"] = t.overview_public;
      v["overview_url"] = root + plan::OverviewPath(t.theme->id);
      Add(path, "theme", v);
    }
  }

  void Search() {
    json view = views_.Frame("search/", "Search reports", "Search the text of every published report.");
    view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", view["root"]}}});
    auto it = options_.assets.find("search.js");
    if (it != options_.assets.end()) {
      view["scripts"] = json::array({{{"src", view["root"].get<std::string>() + it->second}}});
    }
    Add("search/", "search", view);
  }

  void NotFound() {
    json view = views_.Frame("404.html", "Page not found", "The page you asked for is not here.");
    Add("404.html", "not_found", view);
  }

  void Feed() {
    json entries = json::array();
    std::string newest;
    for (const plan::PublicInspection& p : plan_.inspections) {
      const Inspection& in = *p.inspection;
      // A new report, or a major amendment, is an entry update; a minor change is not.
      Date updated = p.last_updated.value_or(p.published);
      if (p.withdrawn && in.withdrawn_on && *in.withdrawn_on > updated) updated = *in.withdrawn_on;
      std::string stamp = updated.Iso() + "T00:00:00Z";
      newest = std::max(newest, stamp);
      json notes = json::array();
      for (const ChangeNote* n : p.change_notes) {
        // The content is HTML carried inside XML: escape once for HTML here, once for XML by the template.
        if (n->major) notes.push_back({{"date", n->date.Long()}, {"text", Escape(n->text)}});
      }
      entries.push_back({{"title", (p.withdrawn ? "Withdrawn: " : "") + std::string("Joint targeted area inspection of ") + in.area_name},
                         {"url", corpus_.site.BaseUrl() + plan::InspectionPath(in.id)},
                         {"id", corpus_.site.BaseUrl() + plan::InspectionPath(in.id)},
                         {"published", p.published.Iso() + "T00:00:00Z"},
                         {"updated", stamp},
                         {"updated_sort", stamp + in.id},
                         {"summary", Summary(in)},
                         {"change_notes", notes},
                         {"has_change_notes", !notes.empty()}});
    }
    for (const plan::PublicTheme& t : plan_.themes) {
      if (!t.overview_public) continue;
      std::string stamp = t.theme->overview->publication.Iso() + "T00:00:00Z";
      newest = std::max(newest, stamp);
      entries.push_back({{"title", t.theme->title + ": overview report"},
                         {"url", corpus_.site.BaseUrl() + plan::OverviewPath(t.theme->id)},
                         {"id", corpus_.site.BaseUrl() + plan::OverviewPath(t.theme->id)},
                         {"published", stamp},
                         {"updated", stamp},
                         {"updated_sort", stamp + t.theme->id},
                         {"summary", "What the " + std::to_string(t.letters.size()) +
                                         " joint targeted area inspections of the round found, drawn together."},
                         {"change_notes", json::array()},
                         {"has_change_notes", false}});
    }
    std::sort(entries.begin(), entries.end(), [](const json& a, const json& b) {
      return a["updated_sort"].get<std::string>() > b["updated_sort"].get<std::string>();
    });
    json view = {{"site", {{"title", corpus_.site.title}, {"publisher", corpus_.site.publisher}}},
                 {"base", corpus_.site.BaseUrl()},
                 {"updated", newest.empty() ? plan_.as_of.Iso() + "T00:00:00Z" : newest},
                 {"entries", entries}};
    recorded_.push_back({"feed.xml", "feed", view});
    pages_.push_back({"feed.xml", templates_.Render("feed", view), {}, false, ""});
  }

  void Robots() {
    pages_.push_back({"robots.txt", "User-agent: *\nAllow: /\n\nSitemap: " + corpus_.site.BaseUrl() + "sitemap.xml\n", {}, false, ""});
  }

  void Sitemap() {
    std::vector<std::string> urls;
    for (const std::string& p : html_paths_) {
      if (p != "404.html") urls.push_back(p);
    }
    for (const std::string& p : extra_sitemap_) urls.push_back(p);
    std::sort(urls.begin(), urls.end());
    json list = json::array();
    for (const std::string& u : urls) list.push_back({{"loc", corpus_.site.BaseUrl() + u}});
    json view = {{"urls", list}};
    recorded_.push_back({"sitemap.xml", "sitemap", view});
    pages_.push_back({"sitemap.xml", templates_.Render("sitemap", view), {}, false, ""});
  }

 public:
  // Pages rendered elsewhere (inspection documents) that the sitemap must list.
  std::vector<std::string> extra_sitemap_;
  // Every page's view, as rendered.
  std::vector<SitePageView> recorded_;

 private:
  const Corpus& corpus_;
  const plan::Plan& plan_;
  const TemplateSet& templates_;
  const RenderOptions& options_;
  Views views_;
  std::vector<GlossaryTerm> glossary_;
  std::vector<Page> pages_;
  std::vector<std::string> html_paths_;
};

}  // namespace

namespace {

// The site pages of a plan, with the other pages the sitemap must list.
SitePages MakeSitePages(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                        const RenderOptions& options) {
  SitePages pages(corpus, plan, templates, options);
  for (const plan::PublicInspection& p : plan.inspections) {
    for (const plan::DocumentPage& page : plan::InspectionPages(*p.inspection, &p)) {
      pages.extra_sitemap_.push_back(page.path);
    }
  }
  for (const plan::PublicTheme& t : plan.themes) {
    if (t.overview_public) pages.extra_sitemap_.push_back(plan::OverviewPath(t.theme->id));
  }
  pages.extra_sitemap_.push_back("data/");
  return pages;
}

}  // namespace

std::vector<Page> RenderSitePages(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                                  const RenderOptions& options) {
  return MakeSitePages(corpus, plan, templates, options).Run();
}

std::vector<SitePageView> SitePageViews(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                                        const RenderOptions& options) {
  SitePages pages = MakeSitePages(corpus, plan, templates, options);
  pages.Run();
  return std::move(pages.recorded_);
}

}  // namespace lp::render
