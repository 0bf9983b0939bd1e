#include "site/link_check.h"

#include "base/text.h"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

namespace lp::site {
namespace {

// Calls `each` with every value of attribute `name` ("href", "src", "id") in generated HTML, which always
// quotes with '"'.
template <typename Each>
void ForEachAttributeValue(std::string_view html, std::string_view name, Each each) {
  std::string needle = " " + std::string(name) + "=\"";
  for (std::size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
    std::size_t start = at + needle.size();
    std::size_t end = html.find('"', start);
    if (end == std::string::npos) break;
    each(html.substr(start, end - start));
  }
}

bool IsHtml(const std::string& path) { return path.size() > 5 && path.compare(path.size() - 5, 5, ".html") == 0; }

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

PageLinks ExtractLinks(const std::string& path, std::string_view bytes) {
  PageLinks out;
  if (!IsHtml(path)) return out;
  out.html = true;
  std::set<std::string_view> seen;
  auto add_link = [&](std::string_view value) {
    if (seen.insert(value).second) out.links.emplace_back(value);
  };
  ForEachAttributeValue(bytes, "href", add_link);
  ForEachAttributeValue(bytes, "src", add_link);
  std::set<std::string> ids;
  ForEachAttributeValue(bytes, "id", [&](std::string_view value) { ids.insert(Unescape(std::string(value))); });
  out.ids.assign(ids.begin(), ids.end());
  return out;
}

std::vector<BrokenLink> CheckLinks(const std::map<std::string, const std::string*>& files, const std::string& base_path) {
  std::map<std::string, PageLinks> links;
  for (const auto& [path, bytes] : files) links[path] = ExtractLinks(path, *bytes);
  return CheckLinks(links, base_path);
}

std::vector<BrokenLink> CheckLinks(const std::map<std::string, PageLinks>& files, const std::string& base_path) {
  std::vector<BrokenLink> broken;
  for (const auto& [page, record] : files) {
    if (!record.html) continue;
    for (const std::string& raw : record.links) {
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
      if (!fragment.empty() && !std::binary_search(file->second.ids.begin(), file->second.ids.end(), fragment)) {
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
