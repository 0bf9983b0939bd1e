// The files a site's releases folder holds and Letterpress reads back: the release manifest
// (<release>/.letterpress/manifest.json, read by build, rollback and publish) and the release history
// (OUT.releases/history, which decides what build prunes and rollback may switch to). The first byte picks
// which. Invariants: nothing throws; a refusal always says why; what is accepted is safe to act on (every
// manifest path inside the release, every history line a release id, no repeats).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "site/release.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  lp::Diagnostics diags;
  if (data[0] % 2 == 0) {
    auto manifest = lp::site::ParseReleaseManifest(text, "manifest.json", diags);
    if (!manifest) {
      if (!diags.has_errors()) std::abort();
      (void)diags.FormatAll();
      return 0;
    }
    if (diags.has_errors()) std::abort();
    std::set<std::string> paths;
    for (const lp::site::ManifestEntry& e : manifest->files) {
      std::filesystem::path p(e.path);
      if (e.path.empty() || p.is_absolute() || !paths.insert(e.path).second) std::abort();
      for (const auto& part : p) {
        if (part == ".." || part == ".") std::abort();
      }
    }
  } else {
    auto history = lp::site::ParseHistory(text, "history", diags);
    if (!history) {
      if (!diags.has_errors()) std::abort();
      (void)diags.FormatAll();
      return 0;
    }
    std::set<std::string> ids;
    for (const std::string& id : *history) {
      if (!lp::site::IsReleaseId(id) || !ids.insert(id).second) std::abort();
    }
  }
  return 0;
}
