#include "publish/local_target.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "base/text.h"
#include "publish/manifest.h"

namespace lp::publish {
namespace {
namespace fs = std::filesystem;

// Files being written are named with this prefix; a publish killed mid-write leaves one behind, and the
// next publish removes it.
constexpr std::string_view kTempPrefix = ".letterpress-tmp-";

bool ReadAll(const fs::path& path, std::string& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream out;
  out << in.rdbuf();
  bytes = std::move(out).str();
  return !in.bad();
}

// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
std::string WriteAtomically(const fs::path& path, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return "cannot create " + path.parent_path().string() + ": " + ec.message();
  fs::path temp = path.parent_path() / (std::string(kTempPrefix) + std::to_string(::getpid()) + "-" + path.filename().string());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(temp, ec);
      return "cannot write " + temp.string();
    }
  }
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return "cannot move the new file into place at " + path.string() + ": " + ec.message();
  }
  return {};
}

std::int64_t MtimeNs(const fs::path& path, std::error_code& ec) {
  auto t = fs::last_write_time(path, ec);
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

class LocalTarget final : public Target {
 public:
  explicit LocalTarget(const TargetSpec& spec) : root_(fs::absolute(spec.local_path).lexically_normal()) {
    if (root_.filename().empty()) root_ = root_.parent_path();
  }

  std::string Name() const override { return root_.string(); }
  bool StoresHeaders() const override { return false; }
  bool CoarseClock() const override { return false; }

  bool ReadState(TargetState& state, std::string& error) override {
    std::error_code ec;
    fs::file_status status = fs::status(root_, ec);
    if (!fs::exists(status)) {
      state.root_exists = false;
      return true;
    }
    if (!fs::is_directory(status)) {
      error = root_.string() + " exists and is not a directory";
      return false;
    }
    for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string rel = fs::relative(it->path(), root_, ec).generic_string();
      if (it->is_directory(ec)) {
        state.folders.push_back(rel);
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      if (it->path().filename().string().rfind(kTempPrefix, 0) == 0) {
        fs::remove(it->path(), ec);  // left by a publish that was killed mid-write
        ec.clear();
        continue;
      }
      ListedFile f;
      f.path = rel;
      f.size = it->file_size(ec);
      f.mtime = MtimeNs(it->path(), ec);
      if (f.path == kManifestPath) state.manifest_mtime = f.mtime;
      state.files.push_back(std::move(f));
    }
    if (ec) {
      error = "cannot list " + root_.string() + ": " + ec.message();
      return false;
    }
    std::sort(state.files.begin(), state.files.end(), [](const ListedFile& a, const ListedFile& b) { return a.path < b.path; });
    std::sort(state.folders.begin(), state.folders.end());
    if (state.manifest_mtime) {
      std::string text;
      if (ReadAll(root_ / std::string(kManifestPath), text)) state.manifest = std::move(text);
    }
    return true;
  }

  std::optional<std::string> ReadManifest() override {
    std::string text;
    if (!ReadAll(root_ / std::string(kManifestPath), text)) return std::nullopt;
    return text;
  }

  bool PrepareFolders(const std::vector<std::string>&, const TargetState&, std::string& error) override {
    // The marker goes first, before any file of the site: from now on this folder is public.
    fs::path marker = root_ / std::string(kPublicSiteMarker);
    std::error_code ec;
    if (fs::is_regular_file(marker, ec)) return true;
    error = WriteAtomically(marker, "This folder is a public site, published by letterpress publish.\n"
                                    "Restricted documents (draft, prepub, corrections) are refused inside it.\n");
    return error.empty();
  }

  void Probe(const std::vector<ListedFile*>& files) override {
    // Reading a local file is as cheap as asking about it: hash it.
    for (ListedFile* f : files) {
      std::string bytes;
      if (ReadAll(root_ / f->path, bytes)) f->sha256 = Sha256Hex(bytes);
    }
  }

  std::vector<OpResult> Put(const std::vector<PutItem>& items, const Done& done, const Tick&) override {
    std::vector<OpResult> out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      OpResult r;
      r.tries = 1;
      std::string bytes;
      r.error = ReadReleaseFile(items[i], bytes);
      if (r.error.empty()) r.error = WriteAtomically(root_ / items[i].path, bytes);
      r.ok = r.error.empty();
      if (done) done(i, r);
      out.push_back(std::move(r));
    }
    return out;
  }

  std::vector<OpResult> Fetch(const std::vector<std::string>& paths, const Done& done, const Tick&) override {
    std::vector<OpResult> out;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      OpResult r;
      r.tries = 1;
      std::string bytes;
      r.ok = ReadAll(root_ / paths[i], bytes);
      if (r.ok) {
        r.sha256 = Sha256Hex(bytes);
        r.size = bytes.size();
      } else {
        r.error = "cannot read " + (root_ / paths[i]).string();
      }
      if (done) done(i, r);
      out.push_back(std::move(r));
    }
    return out;
  }

  std::vector<OpResult> Remove(const std::vector<std::string>& paths, const Done& done) override {
    std::vector<OpResult> out;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      OpResult r;
      r.tries = 1;
      std::error_code ec;
      fs::remove(root_ / paths[i], ec);
      r.ok = !ec;
      if (ec) r.error = "cannot remove " + (root_ / paths[i]).string() + ": " + ec.message();
      if (done) done(i, r);
      out.push_back(std::move(r));
    }
    return out;
  }

  void RemoveFolders(const std::vector<std::string>& folders) override {
    std::vector<std::string> deepest_first = folders;
    std::sort(deepest_first.begin(), deepest_first.end(), std::greater<>());
    for (const std::string& f : deepest_first) {
      std::error_code ec;
      fs::remove(root_ / f, ec);  // removes only an empty folder
    }
  }

  bool WriteManifest(const std::string& text, std::string& error) override {
    error = WriteAtomically(root_ / std::string(kManifestPath), text);
    return error.empty();
  }

 private:
  fs::path root_;
};

}  // namespace

std::unique_ptr<Target> MakeLocalTarget(const TargetSpec& spec, const TargetConfig&) {
  return std::make_unique<LocalTarget>(spec);
}

}  // namespace lp::publish
