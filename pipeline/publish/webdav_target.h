#pragma once
// publish/webdav_target: a folder on a WebDAV server (RFC 4918) as a publish target: PROPFIND (Depth 1,
// folder by folder: many servers refuse Depth infinity) to list, MKCOL to create folders before the files
// that go in them, PUT, GET and DELETE. Basic authentication from LETTERPRESS_WEBDAV_USER and
// LETTERPRESS_WEBDAV_PASSWORD.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "publish/target.h"

namespace lp::publish {

struct DavEntry {
  std::string path;  // relative to the listed base folder, decoded, no trailing '/'; "" is the base itself
  bool folder = false;
  std::uint64_t size = 0;
  std::optional<std::int64_t> mtime;  // getlastmodified, seconds since the epoch
  std::string etag;
};

// The entries of a 207 Multi-Status answer to PROPFIND that lie under `base_path` (the percent-encoded
// path of the base folder, ending in '/'). Hrefs may be paths or absolute URLs. nullopt when the body is
// not a multistatus document.
std::optional<std::vector<DavEntry>> ParseMultistatus(std::string_view xml, std::string_view base_path);

std::unique_ptr<Target> MakeWebDavTarget(const TargetSpec& spec, const TargetConfig& config);

}  // namespace lp::publish
