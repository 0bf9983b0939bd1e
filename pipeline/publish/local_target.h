#pragma once
// publish/local_target: a directory on this machine as a publish target (a plain path or file:// URL).
// Each file is written beside its final name and renamed into place, so a reader (or a web server serving
// the directory) sees the old file or the new one, never a part.

#include <string_view>

#include "publish/target.h"

namespace lp::publish {

// Written into a local target before anything else, and kept: this folder is served to the public. Restricted
// documents (`draft`, `prepub`, `corrections --out`) are refused inside a folder that has it, as they are
// inside a build's output, even when a first publish stopped before writing its manifest.
inline constexpr std::string_view kPublicSiteMarker = ".letterpress/public-site";

std::unique_ptr<Target> MakeLocalTarget(const TargetSpec& spec, const TargetConfig& config);

}  // namespace lp::publish
