#pragma once
// The HTTP headers a published file is served with: its Content-Type and its Cache-Control policy.
// Both are decided from the site path alone (plus the first bytes of an XML file, to tell a feed from a
// sitemap), so the same site always publishes with the same headers.

#include <string>
#include <string_view>

namespace lp::publish {

// "text/html; charset=utf-8" for a page, "application/atom+xml" for an Atom feed, and so on;
// "application/octet-stream" when the extension says nothing. `head` is the start of the file (a few hundred
// bytes are enough); it only matters for ".xml".
std::string ContentTypeFor(std::string_view path, std::string_view head = {});

// True for files whose name carries a hash of their content, so a changed file always gets a new name:
// fingerprinted assets (`assets/name.<10 hex>.ext`) and Pagefind's hashed index, fragment and metadata files.
bool IsContentAddressed(std::string_view path);

// Cache-Control for a site file: a year and `immutable` for content-addressed files, five minutes for the rest
// (pages, feeds, the sitemap, PDFs), whose content changes under the same name.
std::string CacheControlFor(std::string_view path);

inline constexpr std::string_view kImmutableCacheControl = "public, max-age=31536000, immutable";
inline constexpr std::string_view kShortCacheControl = "public, max-age=300";
// The publish manifest is read by the next publish, never by a reader: never cached.
inline constexpr std::string_view kManifestCacheControl = "no-cache";

}  // namespace lp::publish
