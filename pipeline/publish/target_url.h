#pragma once
// The --to argument of `letterpress publish`, read into what kind of target it names and where.
//   s3://bucket[/prefix]              an S3 bucket (endpoint and region from options or the environment)
//   webdav+http[s]://host[:port]/path a WebDAV folder
//   file:///path, or a plain path     a local directory (the default kind)

#include <optional>
#include <string>
#include <string_view>

namespace lp::publish {

enum class TargetKind { kLocal, kS3, kWebDav };

struct TargetSpec {
  TargetKind kind = TargetKind::kLocal;
  std::string local_path;  // kLocal
  std::string bucket;      // kS3
  std::string prefix;      // kS3: without leading or trailing '/', may be empty
  std::string base_url;    // kWebDav: "http[s]://host[:port]/path/", always ending in '/'
};

// nullopt with `error` set when the URL cannot name a target (an unknown scheme, a bad bucket name,
// credentials written into the URL).
std::optional<TargetSpec> ParseTargetUrl(std::string_view url, std::string* error);

// An S3 endpoint, "http[s]://host[:port]" with no path; nullopt with `error` set otherwise.
std::optional<std::string> ParseEndpoint(std::string_view url, std::string* error);

// Percent-encodes everything but RFC 3986's unreserved characters and '/', as S3 signs a key and as a URL
// path must carry a file name.
std::string EncodePath(std::string_view path);

// Percent-encodes everything but the unreserved characters (a query value, in S3's canonical form).
std::string EncodeQueryValue(std::string_view value);

// Undoes percent-encoding; nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> DecodePercent(std::string_view text);

}  // namespace lp::publish
