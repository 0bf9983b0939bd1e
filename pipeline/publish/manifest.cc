#include "publish/manifest.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace lp::publish {

std::string SerializeManifest(const PublishManifest& manifest) {
  std::vector<ManifestFile> files = manifest.files;
  std::sort(files.begin(), files.end(), [](const ManifestFile& a, const ManifestFile& b) { return a.path < b.path; });
  std::string out = "{\"format\":1,\"generator\":\"letterpress 0.1.0\",\"site\":" + nlohmann::json(manifest.site_key).dump() +
                    (manifest.complete ? "" : ",\"complete\":false") + ",\"files\":[";
  for (std::size_t i = 0; i < files.size(); ++i) {
    const ManifestFile& f = files[i];
    nlohmann::ordered_json entry = {{"path", f.path},
                                    {"size", f.size},
                                    {"sha256", f.sha256},
                                    {"content_type", f.content_type},
                                    {"cache_control", f.cache_control},
                                    {"token", f.token}};
    out += (i ? ",\n" : "\n") + entry.dump();
  }
  out += "\n]}\n";
  return out;
}

std::optional<PublishManifest> ParseManifest(std::string_view text, std::string* error) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  auto fail = [&](std::string why) -> std::optional<PublishManifest> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  if (json.is_discarded() || !json.is_object()) return fail("not JSON");
  if (!json.contains("format") || !json["format"].is_number_integer() || json["format"].get<int>() != 1) {
    return fail("not a format-1 publish manifest");
  }
  if (!json.contains("files") || !json["files"].is_array()) return fail("no \"files\" array");
  PublishManifest manifest;
  if (json.contains("site") && json["site"].is_string()) manifest.site_key = json["site"].get<std::string>();
  if (json.contains("complete")) manifest.complete = json["complete"].is_boolean() && json["complete"].get<bool>();
  for (const auto& f : json["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("size") ||
        !f["size"].is_number_unsigned() || !f.contains("sha256") || !f["sha256"].is_string()) {
      return fail("an entry lacks path, size or sha256");
    }
    auto text_field = [&](const char* name) {
      return f.contains(name) && f[name].is_string() ? f[name].get<std::string>() : std::string();
    };
    manifest.files.push_back({f["path"].get<std::string>(), f["size"].get<std::uint64_t>(), f["sha256"].get<std::string>(),
                              text_field("content_type"), text_field("cache_control"), text_field("token")});
  }
  return manifest;
}

}  // namespace lp::publish
