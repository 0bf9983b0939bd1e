#pragma once
// The site's own pages: home, areas, themes, the filterable reports index, search, 404, Atom feed,
// sitemap and robots.txt. Pure, like the rest of render.

#include <vector>

#include "render/render.h"

namespace lp::render {

std::vector<Page> RenderSitePages(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                                  const RenderOptions& options);

// The view each site page is rendered from, with its output path and template: the very views
// RenderSitePages uses, so tests can check every template name against them.
struct SitePageView {
  std::string path;
  std::string template_name;
  nlohmann::json view;
};
std::vector<SitePageView> SitePageViews(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                                        const RenderOptions& options);

}  // namespace lp::render
