// The publish manifest kept on a target (which a hostile or broken server controls); the release manifest
// and history of a build's output are fuzz_release's. Invariant: a manifest that parses serialises to text
// that parses to the same files.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "publish/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto manifest = lp::publish::ParseManifest(text, &error);
  if (!manifest) {
    if (error.empty()) std::abort();
    return 0;
  }
  std::string again_error;
  auto again = lp::publish::ParseManifest(lp::publish::SerializeManifest(*manifest), &again_error);
  if (!again || again->files.size() != manifest->files.size() || again->site_key != manifest->site_key) std::abort();
  return 0;
}
