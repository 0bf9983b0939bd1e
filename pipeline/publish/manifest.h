#pragma once
// The publish manifest, kept on the target as ".letterpress/publish-manifest.json" under the prefix:
// every file the last publish knew to be there, with its size, SHA-256, headers and the target's version
// tag. It is written only at the end of a publish, and plan::ResolveRemote trusts an entry only while the
// target's listing agrees with it, so a stale or edited manifest costs uploads, never correctness.
//
//   {"format": 1, "generator": "letterpress 0.1.0", "site": "<release key>",
//    "files": [{"path", "size", "sha256", "content_type", "cache_control", "token"}]}

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "publish/plan.h"

namespace lp::publish {

inline constexpr std::string_view kManifestPath = ".letterpress/publish-manifest.json";

struct PublishManifest {
  std::string site_key;  // the key of the release that was published
  std::vector<ManifestFile> files;
  // false while a publish is changing the target (written so before its first change, "complete": false), and
  // when it ended with work left (a failure, refused deletions). Only a complete manifest is taken as the
  // target's state without listing it; an incomplete one sends the next publish to the full listing.
  bool complete = true;
};

// The manifest's text: sorted by path, one file per line, so two publishes of one site write the same bytes.
std::string SerializeManifest(const PublishManifest& manifest);

// Reads a manifest; nullopt (and `error` says why) when the text is not one Letterpress can read.
std::optional<PublishManifest> ParseManifest(std::string_view text, std::string* error);

}  // namespace lp::publish
