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
    AccessibilityStatement();
    Privacy();
    NotFound();
    Feeds();
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
            {"summary", InspectionSummary(in)},
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
    view["whats_new"] = WhatsNew("");
    view["has_whats_new"] = !view["whats_new"].empty();
    Add("", "home", view);
  }

  // The newest public events, newest first: reports published, changes to them, partner responses, action
  // plans and overview reports, each on its own date (all public on the as-of date, by the plan).
  json WhatsNew(const std::string& from) const {
    struct Event {
      Date date;
      int order;
      std::string what, title, url;
    };
    std::vector<Event> events;
    std::string root = RelativeRoot(from);
    for (const plan::PublicInspection& p : plan_.inspections) {
      const Inspection& in = *p.inspection;
      std::string letter = root + plan::InspectionPath(in.id);
      events.push_back({p.published, 0, "Letter of findings published", in.area_name, letter});
      for (const ChangeNote* n : p.change_notes) {
        events.push_back({n->date, 1, n->major ? "Letter updated" : "Letter corrected (minor change)",
                          in.area_name + ": " + n->text, letter + "#history"});
      }
      for (const PartnerResponse* r : p.responses) {
        events.push_back({r->date, 2, "Partner response published", in.area_name,
                          root + plan::ResponsesPath(in.id) + "#response-" + r->id});
      }
      if (p.action_plan) {
        events.push_back({p.action_plan->date, 3, "Written statement of action published", in.area_name,
                          root + plan::ResponsesPath(in.id) + "#action-plan-heading"});
      }
    }
    for (const plan::PublicTheme& t : plan_.themes) {
      if (t.overview_public) {
        events.push_back({t.theme->overview->publication, 4, "Overview report published", t.theme->title,
                          root + plan::OverviewPath(t.theme->id)});
      }
    }
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return std::tie(b.date, a.order, a.title) < std::tie(a.date, b.order, b.title);
    });
    if (events.size() > 8) events.resize(8);
    json list = json::array();
    for (const Event& e : events) {
      list.push_back({{"date", e.date.Long()}, {"iso", e.date.Iso()}, {"what", e.what}, {"title", e.title}, {"url", e.url}});
    }
    return list;
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

  // Areas A to Z: one heading per initial letter, and a row of letters linking to them (letters with no
  // area are shown but not linked), so a reader finds one of England's 150-odd areas quickly.
  void Areas() {
    json view = views_.Frame("areas/", "Areas A to Z", "Every local area with a published joint inspection, A to Z.");
    view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", view["root"]}}});
    std::vector<const plan::PublicArea*> sorted;
    for (const plan::PublicArea& a : plan_.areas) sorted.push_back(&a);
    auto key = [](const std::string& name) {
      std::string k;
      for (char c : name) k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return k;
    };
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](const plan::PublicArea* a, const plan::PublicArea* b) { return key(a->name) < key(b->name); });
    std::map<char, json> by_letter;
    for (const plan::PublicArea* a : sorted) {
      char initial = static_cast<char>(std::toupper(static_cast<unsigned char>(a->name.empty() ? '#' : a->name[0])));
      if (initial < 'A' || initial > 'Z') initial = '#';
      const plan::PublicInspection& newest = *a->letters.front();
      by_letter[initial].push_back({{"name", a->name},
                                    {"url", plan::AreaPath(a->slug).substr(6)},
                                    {"count", a->letters.size()},
                                    {"count_label", std::to_string(a->letters.size()) +
                                                        (a->letters.size() == 1 ? " report" : " reports")},
                                    {"latest", newest.published.Long()},
                                    {"latest_iso", newest.published.Iso()}});
    }
    json letters = json::array(), groups = json::array();
    for (char c = 'A'; c <= 'Z'; ++c) {
      std::string l(1, c);
      letters.push_back({{"letter", l}, {"id", "letter-" + l}, {"has_areas", by_letter.count(c) > 0}});
    }
    for (auto& [c, areas] : by_letter) {
      std::string l = c == '#' ? std::string("Other") : std::string(1, c);
      groups.push_back({{"letter", l}, {"id", "letter-" + l}, {"areas", areas}});
    }
    view["letters"] = letters;
    view["groups"] = groups;
    view["area_count"] = plan_.areas.size();
    view["has_areas"] = !plan_.areas.empty();
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
      v["feed_url"] = "feed.xml";
      v["page_feeds"] = json::array({{{"title", corpus_.site.title + ": " + a.name}, {"url", "feed.xml"}}});
      Add(path, "area", v, AreaSources(a));
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
      v["feed_url"] = "feed.xml";
      v["page_feeds"] = json::array({{{"title", corpus_.site.title + ": " + t.theme->title}, {"url", "feed.xml"}}});
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
    // The filters match the type and theme each document gives search (Views::Publication, the overview).
    // The prioritised recommendations page repeats the letter's improvements and the action plan, so it is
    // not indexed (templates/recommendations.mustache has no data-pagefind-body) and is not a type here.
    view["search_types"] = json::array({"Letter of findings", "Partner responses and action plan", "Overview report"});
    json themes = json::array();
    for (const plan::PublicTheme& t : plan_.themes) themes.push_back(t.theme->title);
    view["search_themes"] = themes;
    view["has_search_themes"] = !themes.empty();
    Add("search/", "search", view);
  }

  // The accessibility statement public-sector websites must publish (the GOV.UK model statement's parts),
  // from site configuration and the browser tests' own recorded results: nothing here reads the clock.
  void AccessibilityStatement() {
    const SiteConfig& site = corpus_.site;
    const AccessibilityConfig& a = site.accessibility;
    json view = views_.Frame("accessibility/", "Accessibility statement", "How accessible this website is, how it was tested and how to report a problem.");
    view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", view["root"]}}});
    view["contact_name"] = a.contact_email.empty() ? site.contact_name : a.contact_name;
    view["contact_email"] = a.contact_email.empty() ? site.contact_email : a.contact_email;
    view["wcag"] = "WCAG " + a.wcag_version + " " + a.wcag_level;
    view["wcag_version"] = a.wcag_version;
    view["wcag_level"] = a.wcag_level;
    json issues = json::array();
    for (const std::string& i : a.known_issues) issues.push_back(i);
    view["known_issues"] = issues;
    view["has_known_issues"] = !issues.empty();
    json checks = json::array();
    std::optional<Date> last;
    int problems = 0;
    for (const AccessibilityCheck& c : a.checks) {
      if (!last || c.tested > *last) last = c.tested;
      problems += c.problems;
      checks.push_back({{"tool", c.tool},
                        {"description", c.description},
                        {"tested", c.tested.Long()},
                        {"tested_iso", c.tested.Iso()},
                        {"pages", c.pages},
                        {"result", c.problems == 0 ? std::string("no problems found")
                                                   : std::to_string(c.problems) + (c.problems == 1 ? " problem" : " problems") + " found"}});
    }
    view["checks"] = checks;
    view["tested"] = !checks.empty();
    view["last_tested"] = last ? last->Long() : "";
    view["last_tested_iso"] = last ? last->Iso() : "";
    // Fully compliant only when every recorded check passed and no known issue is declared.
    view["fully_compliant"] = !checks.empty() && problems == 0 && issues.empty();
    view["partially_compliant"] = !checks.empty() && !(problems == 0 && issues.empty());
    Add("accessibility/", "accessibility", view);
  }

  void Privacy() {
    json view = views_.Frame("privacy/", "Privacy", "This website sets no cookies and does not track you.");
    view["breadcrumbs"] = json::array({{{"title", "Home"}, {"url", view["root"]}}});
    Add("privacy/", "privacy", view);
  }

  void NotFound() {
    json view = views_.Frame("404.html", "Page not found", "The page you asked for is not here.");
    Add("404.html", "not_found", view);
  }

  // An Atom feed of the given reports (and, for the whole site or a theme, its published overviews) at
  // `path`: a new report, or a major amendment, is an entry update; a minor change is not.
  void Feed(const std::string& path, const std::string& title, const std::string& subtitle, const std::string& alternate,
            const std::vector<const plan::PublicInspection*>& letters, const std::string& overview_theme,
            std::vector<std::string> sources) {
    json entries = json::array();
    std::string newest;
    for (const plan::PublicInspection* pp : letters) {
      const plan::PublicInspection& p = *pp;
      const Inspection& in = *p.inspection;
      Date updated = p.last_major_update.value_or(p.published);
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
                         {"summary", InspectionSummary(in)},
                         {"change_notes", notes},
                         {"has_change_notes", !notes.empty()}});
    }
    for (const plan::PublicTheme& t : plan_.themes) {
      if (!t.overview_public) continue;
      if (overview_theme.empty() || (overview_theme != "*" && t.theme->id != overview_theme)) continue;
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
                 {"title", title},
                 {"subtitle", subtitle},
                 {"base", corpus_.site.BaseUrl()},
                 {"self", corpus_.site.BaseUrl() + path},
                 {"alternate", corpus_.site.BaseUrl() + alternate},
                 // The site feed's id is the site itself, as it always was: readers keep their subscription.
                 {"id", path == "feed.xml" ? corpus_.site.BaseUrl() : corpus_.site.BaseUrl() + path},
                 {"updated", newest.empty() ? plan_.as_of.Iso() + "T00:00:00Z" : newest},
                 {"entries", entries}};
    recorded_.push_back({path, "feed", view});
    pages_.push_back({path, templates_.Render("feed", view), std::move(sources), false, ""});
  }

  void Feeds() {
    Feed("feed.xml", corpus_.site.title, "New and updated letters of findings", "", All(), "*", {});
    for (const plan::PublicArea& a : plan_.areas) {
      Feed(plan::AreaPath(a.slug) + "feed.xml", corpus_.site.title + ": " + a.name,
           "New and updated letters of findings for " + a.name, plan::AreaPath(a.slug), a.letters, "", AreaSources(a));
    }
    for (const plan::PublicTheme& t : plan_.themes) {
      Feed(plan::ThemePath(t.theme->id) + "feed.xml", corpus_.site.title + ": " + t.theme->title,
           "New and updated letters of findings, and the overview report, of the round on " + t.theme->title,
           plan::ThemePath(t.theme->id), t.letters, t.theme->id, {});
    }
  }

  std::vector<std::string> AreaSources(const plan::PublicArea& a) const {
    std::vector<std::string> sources;
    for (const plan::PublicInspection* p : a.letters) {
      for (const std::string& s : InspectionSources(*p->inspection)) sources.push_back(s);
    }
    return sources;
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
