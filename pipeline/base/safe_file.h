#pragma once
// Writing inside a folder without ever following a symbolic link: every folder from `root` down to the
// file is opened with O_NOFOLLOW (a link anywhere on the way is refused, not followed), and so is the file.
// `root` itself is the folder the user named (a corpus's inspection folder, a --out folder) and may be
// reached through links; nothing below it is.

#include <filesystem>
#include <string>
#include <string_view>

namespace lp {

// Replaces root/relative whole with `bytes` (a temporary file beside it, then a rename), creating the
// missing folders. Returns empty on success, else why not ("drafts is a symbolic link", ...).
std::string WriteFileInside(const std::filesystem::path& root, const std::filesystem::path& relative, std::string_view bytes);

// Appends `bytes` to root/relative (created if missing) with O_APPEND, so a log is only ever added to.
std::string AppendFileInside(const std::filesystem::path& root, const std::filesystem::path& relative, std::string_view bytes);

}  // namespace lp
