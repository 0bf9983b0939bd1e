#pragma once
// Every internal link and anchor in the output must resolve. Pure: works on what each output file links to
// and which ids it defines (PageLinks), so a build keeps that compact record rather than every page's bytes.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lp::site {

struct BrokenLink {
  std::string page;  // output path of the page holding the link
  std::string link;  // the href or src as written
  std::string reason;
};

// What the link check needs of one output file: for an .html file, the href and src values it holds (as
// written, each once) and the ids it defines; nothing for other files, which are only link targets.
struct PageLinks {
  bool html = false;
  std::vector<std::string> links;  // in order of first appearance, without repeats
  std::vector<std::string> ids;    // sorted, unique, entities decoded
};

// Reads the links and ids of the output file at `path` (an .html file; other files give an empty record).
PageLinks ExtractLinks(const std::string& path, std::string_view bytes);

// Checks the links of every .html file in `files` (path -> its links and ids) against the file set and the ids
// of the target pages. `base_path` is the path part of the site's base URL ("/" usually), for root-absolute
// links. Links with a scheme (http:, mailto:) are not checked. Sorted by page, then link.
std::vector<BrokenLink> CheckLinks(const std::map<std::string, PageLinks>& files, const std::string& base_path);

// The same over whole files in memory (path -> bytes).
std::vector<BrokenLink> CheckLinks(const std::map<std::string, const std::string*>& files, const std::string& base_path);

}  // namespace lp::site
