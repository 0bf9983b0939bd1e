#pragma once
// Static assets from site/assets, fingerprinted by content hash so they can be cached forever.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/diagnostics.h"

namespace lp::site {

struct Asset {
  std::string name;  // logical name, e.g. "letterpress.css"
  std::string path;  // output path, e.g. "assets/letterpress.1a2b3c4d5e.css"
  std::string bytes;
};

// Reads every file in `dir` (sorted by name).
std::vector<Asset> LoadAssets(const std::filesystem::path& dir, Diagnostics& diags);

// The fingerprinted output path for a logical name and its bytes.
std::string FingerprintedPath(const std::string& name, const std::string& bytes);

// Logical name -> output path, as render wants it.
std::map<std::string, std::string> AssetPaths(const std::vector<Asset>& assets);

}  // namespace lp::site
