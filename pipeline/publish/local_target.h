#pragma once
// publish/local_target: a directory on this machine as a publish target (a plain path or file:// URL).
// Each file is written beside its final name and renamed into place, so a reader (or a web server serving
// the directory) sees the old file or the new one, never a part.

#include "publish/target.h"

namespace lp::publish {

std::unique_ptr<Target> MakeLocalTarget(const TargetSpec& spec, const TargetConfig& config);

}  // namespace lp::publish
