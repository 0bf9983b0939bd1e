#pragma once
// Every internal link and anchor in the output must resolve. Pure: works on the in-memory file set.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace lp::site {

struct BrokenLink {
  std::string page;  // output path of the page holding the link
  std::string link;  // the href or src as written
  std::string reason;
};

// Checks the href and src attributes of every .html file in `files` (path -> bytes) against the file set
// and the ids of the target pages. `base_path` is the path part of the site's base URL ("/" usually),
// for root-absolute links. Links with a scheme (http:, mailto:) are not checked.
std::vector<BrokenLink> CheckLinks(const std::map<std::string, const std::string*>& files, const std::string& base_path);

}  // namespace lp::site
