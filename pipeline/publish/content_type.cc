#include "publish/content_type.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace lp::publish {
namespace {

std::string_view FileName(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string LowerExtension(std::string_view path) {
  std::string_view name = FileName(path);
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

bool IsLowerHex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Charsets are named for text types: without one a browser guesses, and guesses differ.
constexpr std::array<std::pair<std::string_view, std::string_view>, 29> kTypes = {{
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"atom", "application/atom+xml"},
    {"rss", "application/rss+xml"},
    {"pdf", "application/pdf"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"wasm", "application/wasm"},
    {"zip", "application/zip"},
    // A .csv.gz is served as the gzip file it is (no Content-Encoding), so it downloads as a file a person keeps.
    {"gz", "application/gzip"},
    {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
}};

}  // namespace

std::string ContentTypeFor(std::string_view path, std::string_view head) {
  std::string ext = LowerExtension(path);
  if (ext == "xml") {
    // An Atom feed is XML whose root is <feed> in the Atom namespace; feed readers and browsers treat
    // application/atom+xml as a subscription, plain XML as a document.
    std::string_view start = head.substr(0, 1024);
    if (start.find("<feed") != std::string_view::npos && start.find("http://www.w3.org/2005/Atom") != std::string_view::npos) {
      return "application/atom+xml";
    }
    if (start.find("<rss") != std::string_view::npos) return "application/rss+xml";
    return "application/xml";
  }
  for (const auto& [extension, type] : kTypes) {
    if (ext == extension) return std::string(type);
  }
  // Pagefind's index files (.pf_fragment, .pf_index, .pf_meta, .pagefind) are compressed binary.
  return "application/octet-stream";
}

bool IsContentAddressed(std::string_view path) {
  std::string_view name = FileName(path);
  if (path.rfind("assets/", 0) == 0 && path.find('/', 7) == std::string_view::npos) {
    // site::FingerprintedPath: "name.<10 hex>.ext", or "name.<10 hex>" when the asset has no extension.
    std::size_t last = name.rfind('.');
    if (last == std::string_view::npos || last == 0) return false;
    if (name.size() - last - 1 == 10 && IsLowerHex(name.substr(last + 1))) return true;
    std::size_t before = name.rfind('.', last - 1);
    if (before == std::string_view::npos || before == 0) return false;
    return last - before - 1 == 10 && IsLowerHex(name.substr(before + 1, 10));
  }
  if (path.rfind("pagefind/", 0) == 0) {
    // Pagefind names its index chunks, fragments and metadata "<lang>_<hash>.<ext>" (the metadata file
    // "pagefind.<lang>_<hash>.pf_meta"); its scripts, stylesheets and wasm keep fixed names.
    std::string ext = LowerExtension(name);
    if (ext != "pf_fragment" && ext != "pf_index" && ext != "pf_meta") return false;
    std::string_view stem = name.substr(0, name.size() - ext.size() - 1);
    std::size_t underscore = stem.rfind('_');
    return underscore != std::string_view::npos && stem.size() - underscore - 1 >= 6 && IsLowerHex(stem.substr(underscore + 1));
  }
  return false;
}

std::string CacheControlFor(std::string_view path) {
  return std::string(IsContentAddressed(path) ? kImmutableCacheControl : kShortCacheControl);
}

}  // namespace lp::publish
