#include "site/link_check.h"

#include "base/text.h"

#include <algorithm>
#include <optional>
#include <tuple>

namespace lp::site {
namespace {

// Values of attribute `name` ("href", "src", "id") in generated HTML, which always quotes with '"'.
std::vector<std::string> AttributeValues(const std::string& html, const std::string& name) {
  std::vector<std::string> values;
  std::string needle = " " + name + "=\"";
  for (std::size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
    std::size_t start = at + needle.size();
    std::size_t end = html.find('"', start);
    if (end == std::string::npos) break;
    values.push_back(html.substr(start, end - start));
  }
  return values;
}

std::string Unescape(std::string s) {
  const std::pair<const char*, const char*> kEntities[] = {{"&amp;", "&"}, {"&#39;", "'"}, {"&quot;", "\""}};
  for (const auto& [entity, ch] : kEntities) {
    for (std::size_t at = s.find(entity); at != std::string::npos; at = s.find(entity, at)) {
      s.replace(at, std::string(entity).size(), ch);
      ++at;
    }
  }
  return s;
}

bool HasScheme(const std::string& ref) {
  std::size_t colon = ref.find(':');
  if (colon == std::string::npos) return false;
  std::size_t slash = ref.find_first_of("/?#");
  return slash == std::string::npos || colon < slash;
}

}  // namespace

std::vector<BrokenLink> CheckLinks(const std::map<std::string, const std::string*>& files, const std::string& base_path) {
  std::map<std::string, std::set<std::string>> ids;
  for (const auto& [path, bytes] : files) {
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".html") == 0) {
      for (const std::string& id : AttributeValues(*bytes, "id")) ids[path].insert(Unescape(id));
    }
  }
  std::vector<BrokenLink> broken;
  for (const auto& [page, bytes] : files) {
    if (!ids.count(page)) continue;
    std::vector<std::string> refs = AttributeValues(*bytes, "href");
    for (const std::string& s : AttributeValues(*bytes, "src")) refs.push_back(s);
    for (const std::string& raw : refs) {
      std::string ref = Unescape(raw);
      if (ref.empty() || HasScheme(ref) || ref.rfind("//", 0) == 0) continue;
      std::string fragment;
      if (std::size_t hash = ref.find('#'); hash != std::string::npos) {
        fragment = ref.substr(hash + 1);
        ref = ref.substr(0, hash);
      }
      if (std::size_t query = ref.find('?'); query != std::string::npos) ref = ref.substr(0, query);
      std::optional<std::string> resolved;
      if (ref.empty()) {
        resolved = page;
      } else if (ref[0] == '/') {
        if (ref.rfind(base_path, 0) != 0) {
          broken.push_back({page, raw, "points outside the site's base path " + base_path});
          continue;
        }
        resolved = ResolveUrlPath("", ref.substr(base_path.size()));
      } else {
        resolved = ResolveUrlPath(page, ref);
      }
      if (!resolved) {
        broken.push_back({page, raw, "climbs out of the site"});
        continue;
      }
      std::string target = *resolved;
      if (target.empty() || target.back() == '/') target += "index.html";
      auto file = files.find(target);
      if (file == files.end()) {
        broken.push_back({page, raw, "no such file: " + target});
        continue;
      }
      if (!fragment.empty() && !ids[target].count(fragment)) {
        broken.push_back({page, raw, "no element with id '" + fragment + "' in " + target});
      }
    }
  }
  std::sort(broken.begin(), broken.end(), [](const BrokenLink& a, const BrokenLink& b) {
    return std::tie(a.page, a.link) < std::tie(b.page, b.link);
  });
  return broken;
}

}  // namespace lp::site
