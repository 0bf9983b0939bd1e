#include "publish/target_url.h"

#include <algorithm>
#include <cctype>

#include "base/text.h"

namespace lp::publish {
namespace {

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string Encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strips leading and trailing '/' and refuses "." and ".." segments, which S3 keys could hold but every
// static host would read as a climb out of the folder.
std::optional<std::string> CleanPrefix(std::string_view path, std::string* error) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "." || part == "..") {
      *error = "the path may not contain '.' or '..' segments";
      return std::nullopt;
    }
    if (!part.empty()) out += (out.empty() ? "" : "/") + std::string(part);
    start = end + 1;
  }
  return out;
}

// "host[:port]" with a host of letters, digits, '.', '-' (or a bracketed IPv6 address) and a numeric port.
bool ValidAuthority(std::string_view authority) {
  if (authority.empty()) return false;
  std::string_view host = authority;
  std::string_view port;
  if (host.front() == '[') {
    std::size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    port = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!port.empty() && port.front() != ':') return false;
    if (!port.empty()) port.remove_prefix(1);
    if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; })) return false;
  } else {
    std::size_t colon = host.rfind(':');
    if (colon != std::string_view::npos) {
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
      if (port.empty()) return false;
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; })) return false;
  }
  if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  return port.empty() || std::stoi(std::string(port)) <= 65535;
}

}  // namespace

std::string EncodePath(std::string_view path) { return Encode(path, true); }
std::string EncodeQueryValue(std::string_view value) { return Encode(value, false); }

std::optional<std::string> DecodePercent(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::optional<TargetSpec> ParseTargetUrl(std::string_view url, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<TargetSpec> {
    // A URL refused for holding credentials must not print them back.
    *error = "--to '" + MaskUrlCredentials(url) + "': " + why;
    return std::nullopt;
  };
  if (url.empty()) return fail("is empty");
  std::size_t scheme_end = url.find("://");
  bool has_scheme = scheme_end != std::string_view::npos &&
                    std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(scheme_end), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
                    });
  TargetSpec spec;
  if (!has_scheme) {
    spec.kind = TargetKind::kLocal;
    spec.local_path = std::string(url);
    return spec;
  }
  std::string scheme(url.substr(0, scheme_end));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view rest = url.substr(scheme_end + 3);
  if (scheme == "file") {
    // file:///abs/path or file://localhost/abs/path (RFC 8089); a remote host is not a local directory.
    std::size_t slash = rest.find('/');
    std::string_view host = rest.substr(0, slash);
    if (!host.empty() && host != "localhost") return fail("a file:// URL names a local directory; its host must be empty or localhost");
    if (slash == std::string_view::npos) return fail("a file:// URL needs an absolute path, as in file:///srv/site");
    std::optional<std::string> path = DecodePercent(rest.substr(slash));
    if (!path) return fail("has a malformed %-escape");
    spec.kind = TargetKind::kLocal;
    spec.local_path = *path;
    return spec;
  }
  if (rest.find_first_of("?#") != std::string_view::npos) return fail("may not have a query or fragment");
  if (scheme == "s3") {
    std::size_t slash = rest.find('/');
    std::string bucket(rest.substr(0, slash));
    // S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending
    // with a letter or digit.
    bool valid = bucket.size() >= 3 && bucket.size() <= 63 &&
                 std::all_of(bucket.begin(), bucket.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'; }) &&
                 std::isalnum(static_cast<unsigned char>(bucket.front())) && std::isalnum(static_cast<unsigned char>(bucket.back()));
    if (bucket.find('@') != std::string::npos || bucket.find(':') != std::string::npos) {
      return fail("credentials do not belong in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    if (!valid) return fail("'" + bucket + "' is not a valid bucket name (3-63 lower-case letters, digits, '.' and '-')");
    std::string prefix_error;
    std::optional<std::string> prefix = CleanPrefix(slash == std::string_view::npos ? "" : rest.substr(slash + 1), &prefix_error);
    if (!prefix) return fail(prefix_error);
    spec.kind = TargetKind::kS3;
    spec.bucket = bucket;
    spec.prefix = *prefix;
    return spec;
  }
  if (scheme == "webdav+http" || scheme == "webdav+https") {
    std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (authority.find('@') != std::string_view::npos) {
      return fail("credentials do not belong in the URL; set LETTERPRESS_WEBDAV_USER and LETTERPRESS_WEBDAV_PASSWORD");
    }
    if (!ValidAuthority(authority)) return fail("'" + std::string(authority) + "' is not a host[:port]");
    std::string prefix_error;
    std::optional<std::string> decoded = DecodePercent(slash == std::string_view::npos ? "" : rest.substr(slash));
    if (!decoded) return fail("has a malformed %-escape");
    std::optional<std::string> path = CleanPrefix(*decoded, &prefix_error);
    if (!path) return fail(prefix_error);
    spec.kind = TargetKind::kWebDav;
    spec.base_url = scheme.substr(7) + "://" + std::string(authority) + "/" + EncodePath(*path) + (path->empty() ? "" : "/");
    return spec;
  }
  if (scheme == "http" || scheme == "https") {
    return fail("say which protocol to publish with: webdav+" + scheme + "://... for a WebDAV server, or s3://bucket/prefix with --endpoint for an S3-compatible one");
  }
  return fail("unsupported scheme '" + scheme + "://'; use s3://bucket/prefix, webdav+https://host/path, file:///path or a plain path");
}

std::optional<std::string> ParseEndpoint(std::string_view url, std::string* error) {
  std::string_view rest;
  std::string scheme;
  if (url.rfind("http://", 0) == 0) {
    scheme = "http";
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    scheme = "https";
    rest = url.substr(8);
  } else {
    *error = "endpoint '" + MaskUrlCredentials(url) + "' must be an http:// or https:// URL";
    return std::nullopt;
  }
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find_first_of("/?#@") != std::string_view::npos || !ValidAuthority(rest)) {
    *error = "endpoint '" + MaskUrlCredentials(url) + "' must be scheme://host[:port] with no path or credentials";
    return std::nullopt;
  }
  return scheme + "://" + std::string(rest);
}

}  // namespace lp::publish
