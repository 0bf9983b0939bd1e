#include "site/assets.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "base/text.h"

namespace lp::site {

std::string FingerprintedPath(const std::string& name, const std::string& bytes) {
  std::string hash = Sha256Hex(bytes).substr(0, 10);
  std::size_t dot = name.rfind('.');
  if (dot == std::string::npos) return "assets/" + name + "." + hash;
  return "assets/" + name.substr(0, dot) + "." + hash + name.substr(dot);
}

std::vector<Asset> LoadAssets(const std::filesystem::path& dir, Diagnostics& diags) {
  std::vector<Asset> assets;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    assets.push_back({name, FingerprintedPath(name, bytes.str()), bytes.str()});
  }
  if (ec) diags.FileError(dir.string(), "cannot read site assets: " + ec.message());
  std::sort(assets.begin(), assets.end(), [](const Asset& a, const Asset& b) { return a.name < b.name; });
  return assets;
}

std::map<std::string, std::string> AssetPaths(const std::vector<Asset>& assets) {
  std::map<std::string, std::string> out;
  for (const Asset& a : assets) out[a.name] = a.path;
  return out;
}

}  // namespace lp::site
