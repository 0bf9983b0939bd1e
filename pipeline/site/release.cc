#include "site/release.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/text.h"

namespace lp::site {
namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = ".letterpress/manifest.json";
constexpr const char* kHistory = "history";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Replaces `path` in one step: written beside it, then renamed over it.
bool ReplaceAll(const fs::path& path, const std::string& bytes);

bool WriteAll(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  return out.good();
}

bool ReplaceAll(const fs::path& path, const std::string& bytes) {
  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid());
  if (!WriteAll(tmp, bytes)) return false;
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
  return !ec;
}

bool WriteHistory(const fs::path& releases, const std::vector<std::string>& ids) {
  std::string text;
  for (const std::string& id : ids) text += id + "\n";
  return ReplaceAll(releases / kHistory, text);
}

// The release history; none yet is an empty one. A malformed history is reported and gives nullopt: it
// decides which release folders are kept, so a build or rollback must not act on a guess.
std::optional<std::vector<std::string>> ReadHistory(const fs::path& releases, Diagnostics& diags) {
  fs::path path = releases / kHistory;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec))) return std::vector<std::string>{};
  if (!fs::is_regular_file(fs::symlink_status(path, ec))) {
    diags.FileError(path.string(), "the release history is not a regular file; remove it and build again");
    return std::nullopt;
  }
  return ParseHistory(ReadAll(path), path.string(), diags);
}

// Points `out` at `target` atomically: a new link renamed over the old one.
bool SwitchLink(const fs::path& out, const fs::path& target, Diagnostics& diags) {
  fs::path tmp = out.parent_path() / ("." + out.filename().string() + ".link-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_directory_symlink(target, tmp, ec);
  if (!ec) fs::rename(tmp, out, ec);
  if (ec) {
    fs::remove(tmp);
    diags.FileError(out.string(), "cannot switch the site to the new release: " + ec.message());
    return false;
  }
  return true;
}

// A build killed part-way (kill -9, power loss) leaves its staging folder behind, named after its process.
// A folder whose process is gone is removed; a live process's folder is another build's work in progress.
void RemoveAbandonedStaging(const fs::path& releases) {
  std::error_code ec;
  std::vector<fs::path> abandoned;
  for (const auto& entry : fs::directory_iterator(releases, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(".staging-", 0) != 0) continue;
    char* end = nullptr;
    long pid = std::strtol(name.c_str() + 9, &end, 10);
    if (end == name.c_str() + 9 || *end != '\0' || pid <= 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) abandoned.push_back(entry.path());
  }
  for (const fs::path& dir : abandoned) fs::remove_all(dir, ec);
}

// A build killed between rewriting the history and deleting the releases it pruned leaves release folders
// that the history no longer names: they are removed by the next build (never the live one).
void RemoveOrphanReleases(const fs::path& releases, const std::string& current,
                          const std::vector<std::string>& history) {
  std::error_code ec;
  std::vector<fs::path> orphans;
  for (const auto& entry : fs::directory_iterator(releases, ec)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || !entry.is_directory(ec) || name == current) continue;
    if (std::find(history.begin(), history.end(), name) == history.end()) orphans.push_back(entry.path());
  }
  for (const fs::path& dir : orphans) fs::remove_all(dir, ec);
}

std::string CurrentId(const fs::path& out) {
  std::error_code ec;
  if (!fs::is_symlink(out, ec)) return {};
  return fs::read_symlink(out, ec).filename().string();
}

}  // namespace

ReleaseWriter::ReleaseWriter(fs::path out, int releases_kept)
    : out_(fs::absolute(std::move(out)).lexically_normal()), releases_kept_(std::max(1, releases_kept)) {
  if (out_.filename().empty()) out_ = out_.parent_path();
  releases_ = out_.parent_path() / (out_.filename().string() + ".releases");
}

ReleaseWriter::~ReleaseWriter() {
  if (!committed_) Abandon();
}

void ReleaseWriter::Abandon() {
  std::error_code ec;
  if (!staging_.empty()) fs::remove_all(staging_, ec);
  staging_.clear();
  // A first build that fails leaves no trace: OUT.releases (with its lock file) goes too.
  if (created_releases_) fs::remove_all(releases_, ec);
  created_releases_ = false;
}

bool ReleaseWriter::Prepare(Diagnostics& diags) {
  std::error_code ec;
  fs::file_status status = fs::symlink_status(out_, ec);
  if (fs::is_symlink(status)) {
    fs::path target = fs::read_symlink(out_, ec);
    if (target.parent_path().filename() != releases_.filename()) {
      diags.FileError(out_.string(), "is a symbolic link that Letterpress did not make; choose another --out");
      return false;
    }
    current_ = releases_ / target.filename();
  } else if (fs::exists(status)) {
    if (!fs::is_directory(status) || !fs::is_empty(out_, ec)) {
      diags.FileError(out_.string(), "exists and is not a Letterpress site; remove it or choose another --out");
      return false;
    }
  }
  created_releases_ = !fs::exists(releases_, ec);
  fs::create_directories(releases_, ec);
  if (ec) {
    diags.FileError(releases_.string(), "cannot create the releases folder: " + ec.message());
    return false;
  }
  if (!lock_.Acquire(out_, diags)) {
    created_releases_ = false;  // another process's folder now
    return false;
  }
  std::optional<std::vector<std::string>> history = ReadHistory(releases_, diags);
  if (!history) {
    diags.FileError(out_.string(), "cannot build into a site whose release history is malformed; fix or remove " +
                                       (releases_ / kHistory).string());
    return false;
  }
  RemoveAbandonedStaging(releases_);
  RemoveOrphanReleases(releases_, current_.empty() ? std::string() : current_.filename().string(), *history);
  if (!current_.empty()) {
    Diagnostics ignored;
    for (ManifestEntry& e : ReadManifest(current_, ignored)) current_files_[e.path] = std::move(e);
  }
  staging_ = releases_ / (".staging-" + std::to_string(::getpid()));
  fs::remove_all(staging_, ec);
  fs::create_directories(staging_, ec);
  if (ec) {
    diags.FileError(staging_.string(), "cannot create the staging folder: " + ec.message());
    return false;
  }
  return true;
}

std::optional<std::string> ReleaseWriter::CurrentKey() const {
  if (current_.empty()) return std::nullopt;
  Diagnostics ignored;  // an unreadable manifest only means the next build cannot be skipped
  std::optional<ReleaseManifest> manifest =
      ParseReleaseManifest(ReadAll(current_ / kManifest), (current_ / kManifest).string(), ignored);
  if (!manifest || manifest->key.empty()) return std::nullopt;
  return manifest->key;
}

std::optional<fs::path> ReleaseWriter::CurrentFile(const std::string& path) const {
  if (current_.empty()) return std::nullopt;
  fs::path p = current_ / path;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  return p;
}

std::optional<std::string> ReleaseWriter::CurrentRendered(const std::string& path) const {
  auto it = current_files_.find(path);
  if (it == current_files_.end()) return std::nullopt;
  return it->second.rendered.empty() ? it->second.sha256 : it->second.rendered;
}

bool ReleaseWriter::Written(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = staged_.find(path);
  return it != staged_.end() && it->second.written;
}

std::optional<std::string> ReleaseWriter::StageFile(const std::string& path, std::string_view bytes,
                                                    std::vector<std::string> sources, Diagnostics& diags) {
  fs::path target = staging_ / path;
  std::string hash = Sha256Hex(bytes);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  bool written = true;
  auto old = current_files_.find(path);
  if (old != current_files_.end() && old->second.sha256 == hash) {
    fs::create_hard_link(current_ / path, target, ec);
    written = ec.value() != 0;
  }
  if (written && !WriteAll(target, bytes)) {
    diags.FileError(target.string(), "cannot write output file");
    return std::nullopt;
  }
  std::lock_guard lock(mutex_);
  ++(written ? written_ : linked_);
  Staged& staged = staged_[path];
  staged.size = bytes.size();
  staged.sha256 = hash;
  staged.sources = std::move(sources);
  staged.written = written;
  return hash;
}

bool ReleaseWriter::Replace(const std::string& path, const std::string& bytes, Diagnostics& diags) {
  fs::path target = staging_ / path;
  fs::path tmp = staging_ / (path + ".replace");
  std::string hash = Sha256Hex(bytes);
  std::error_code ec;
  bool written = true;
  auto old = current_files_.find(path);
  if (old != current_files_.end() && old->second.sha256 == hash) {
    fs::create_hard_link(current_ / path, tmp, ec);
    written = ec.value() != 0;
  }
  if (written && !WriteAll(tmp, bytes)) {
    diags.FileError(target.string(), "cannot write output file");
    return false;
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    diags.FileError(target.string(), "cannot replace output file");
    return false;
  }
  std::lock_guard lock(mutex_);
  Staged& staged = staged_[path];
  if (staged.rendered.empty()) staged.rendered = staged.sha256;
  if (staged.written != written) {
    --(staged.written ? written_ : linked_);
    ++(written ? written_ : linked_);
  }
  staged.size = bytes.size();
  staged.sha256 = hash;
  staged.written = written;
  return true;
}

bool ReleaseWriter::Commit(const std::string& key, Diagnostics& diags) {
  // The manifest lists every file in the release, including those added after staging (PDFs, search index).
  std::vector<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(staging_)) {
    if (!entry.is_regular_file()) continue;
    std::string rel = fs::relative(entry.path(), staging_).generic_string();
    if (rel.rfind(".letterpress/", 0) == 0) continue;
    paths.push_back(rel);
  }
  std::sort(paths.begin(), paths.end());
  nlohmann::json files = nlohmann::json::array();
  for (const std::string& rel : paths) {
    auto it = staged_.find(rel);
    if (it != staged_.end()) {
      nlohmann::json entry = {{"path", rel}, {"size", it->second.size}, {"sha256", it->second.sha256},
                              {"sources", it->second.sources}};
      if (!it->second.rendered.empty() && it->second.rendered != it->second.sha256) entry["rendered"] = it->second.rendered;
      files.push_back(std::move(entry));
      continue;
    }
    // Files derived after staging (the search index, PDFs) are written afresh by their tool; one whose bytes
    // equal the current release's becomes a hard link to it, like every other unchanged file.
    std::string bytes = ReadAll(staging_ / rel);
    std::string hash = Sha256Hex(bytes);
    auto old = current_files_.find(rel);
    std::error_code ec;
    if (old != current_files_.end() && old->second.sha256 == hash && !fs::equivalent(current_ / rel, staging_ / rel, ec)) {
      fs::path tmp = staging_ / (rel + ".link");
      fs::create_hard_link(current_ / rel, tmp, ec);
      if (!ec) fs::rename(tmp, staging_ / rel, ec);
      if (ec) fs::remove(tmp, ec);
    }
    files.push_back({{"path", rel}, {"size", bytes.size()}, {"sha256", hash}, {"sources", std::vector<std::string>{}}});
  }
  nlohmann::json manifest = {{"format", 1}, {"key", key}, {"files", files}};
  if (!WriteAll(staging_ / kManifest, manifest.dump(1) + "\n")) {
    diags.FileError((staging_ / kManifest).string(), "cannot write the manifest");
    return false;
  }
  release_id_ = key.substr(0, 16);
  fs::path release = releases_ / release_id_;
  std::error_code ec;
  if (fs::exists(release, ec)) {
    // The same content was released before (a rollback and rebuild): reuse it.
    fs::remove_all(staging_, ec);
  } else {
    fs::rename(staging_, release, ec);
    if (ec) {
      diags.FileError(release.string(), "cannot move the new release into place: " + ec.message());
      return false;
    }
  }
  committed_ = true;
  CrashPoint("after-release-rename");
  // The order makes a kill at any instant safe: the history names the new (complete) release before the
  // link points at it; the history drops pruned releases before their folders are deleted (a kill in
  // between leaves orphans, which the next build removes).
  std::optional<std::vector<std::string>> read = ReadHistory(releases_, diags);
  if (!read) return false;
  std::vector<std::string> history = std::move(*read);
  history.erase(std::remove(history.begin(), history.end(), release_id_), history.end());
  history.push_back(release_id_);
  if (!WriteHistory(releases_, history)) {
    diags.FileError((releases_ / kHistory).string(), "cannot record the release history");
    return false;
  }
  CrashPoint("after-history-add");
  // An empty folder at OUT (checked by Prepare) gives way to the link.
  if (!fs::is_symlink(fs::symlink_status(out_, ec)) && fs::is_directory(out_, ec)) fs::remove(out_, ec);
  if (!SwitchLink(out_, fs::path(releases_.filename()) / release_id_, diags)) return false;
  CrashPoint("after-link-switch");
  // Keep the newest releases; the current one always survives.
  std::vector<std::string> pruned;
  while (static_cast<int>(history.size()) > releases_kept_) {
    pruned.push_back(history.front());
    history.erase(history.begin());
  }
  if (!pruned.empty()) {
    WriteHistory(releases_, history);
    CrashPoint("after-history-prune");
    for (const std::string& id : pruned) {
      fs::remove_all(releases_ / id, ec);
      CrashPoint("during-prune");
    }
  }
  return true;
}

bool OutLock::Acquire(const fs::path& out_arg, Diagnostics& diags) {
  fs::path releases = ReleasesDir(out_arg);
  std::error_code ec;
  fs::create_directories(releases, ec);
  fs::path path = releases / "lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    diags.FileError(path.string(), "cannot open the lock file: " + std::string(std::strerror(errno)));
    return false;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    std::string holder = ReadAll(path);
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    ::close(fd);
    diags.FileError(out_arg.string(), "is in use by another Letterpress process" + (holder.empty() ? std::string() : " (" + holder + ")") +
                        "; try again when it has finished");
    return false;
  }
  std::string me = "pid " + std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    ssize_t n = ::pwrite(fd, me.data(), me.size(), 0);
    (void)n;
  }
  fd_ = fd;
  return true;
}

OutLock::~OutLock() {
  if (fd_ >= 0) ::close(fd_);
}

void CrashPoint(const char* step) {
#ifdef LETTERPRESS_CRASH_POINTS
  const char* at = std::getenv("LETTERPRESS_CRASH_AT");
  if (at && std::string(at) == step) ::kill(::getpid(), SIGKILL);
#else
  (void)step;
#endif
}

bool VerifyRelease(const fs::path& release, Diagnostics& diags) {
  Diagnostics manifest_diags;
  std::vector<ManifestEntry> entries = ReadManifest(release, manifest_diags);
  if (manifest_diags.error_count() > 0) {
    diags.Append(manifest_diags);
    return false;
  }
  std::size_t bad = 0;
  for (const ManifestEntry& e : entries) {
    fs::path p = release / e.path;
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(p, ec))) {
      if (bad++ < 10) diags.FileError(p.string(), "is missing from the release (its manifest lists it)");
      continue;
    }
    std::string bytes = ReadAll(p);
    if (bytes.size() != e.size || Sha256Hex(bytes) != e.sha256) {
      if (bad++ < 10) diags.FileError(p.string(), "differs from the release's manifest");
    }
  }
  if (bad > 10) diags.FileError(release.string(), std::to_string(bad) + " files in all are missing or differ");
  return bad == 0;
}

fs::path ReleasesDir(const fs::path& out_arg) {
  fs::path out = fs::absolute(out_arg).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  return out.parent_path() / (out.filename().string() + ".releases");
}

bool IsReleaseId(std::string_view id) {
  return id.size() == 16 &&
         std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<std::vector<std::string>> ParseHistory(std::string_view text, const std::string& shown,
                                                     Diagnostics& diags) {
  SourceFile file(shown, std::string(text));
  std::vector<std::string> ids;
  bool ok = true;
  for (int line = 1; line <= file.line_count(); ++line) {
    std::string_view id = file.LineText(line);
    if (id.empty()) continue;
    if (!IsReleaseId(id)) {
      std::string quoted = id.size() > 40 ? std::string(id.substr(0, 40)) + "..." : std::string(id);
      diags.Error({&file, file.LineStart(line)},
                  "'" + quoted + "' is not a release id (16 characters 0-9 and a-f); fix or remove the line");
      ok = false;
      continue;
    }
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
      diags.Error({&file, file.LineStart(line)}, "release '" + std::string(id) + "' is listed twice");
      ok = false;
      continue;
    }
    ids.emplace_back(id);
  }
  if (!ok) return std::nullopt;
  return ids;
}

std::optional<ReleaseManifest> ParseReleaseManifest(std::string_view text, const std::string& shown,
                                                    Diagnostics& diags) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    SourceFile file(shown, std::string(text));
    std::size_t at = e.byte > 0 ? std::min<std::size_t>(e.byte - 1, text.size()) : 0;
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ...; last read: '...'":
    // the position is shown by the diagnostic, and what was read by its source line.
    std::string what = e.what();
    if (std::size_t colon = what.find(": ", what.find("column")); colon != std::string::npos) what = what.substr(colon + 2);
    if (std::size_t last = what.find("; last read"); last != std::string::npos) what.resize(last);
    diags.Error({&file, at}, "the release manifest is not valid JSON (" + what + ")");
    return std::nullopt;
  }
  auto bad = [&](const std::string& message) {
    diags.FileError(shown, "malformed release manifest: " + message);
    return std::nullopt;
  };
  if (!json.is_object()) return bad("it is not a JSON object");
  ReleaseManifest manifest;
  if (auto key = json.find("key"); key != json.end()) {
    if (!key->is_string()) return bad("\"key\" is not a string");
    manifest.key = key->get<std::string>();
  }
  auto files = json.find("files");
  if (files == json.end()) return bad("it has no \"files\"");
  if (!files->is_array()) return bad("\"files\" is not an array");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < files->size(); ++i) {
    const nlohmann::json& f = (*files)[i];
    std::string where = "files[" + std::to_string(i) + "]";
    if (!f.is_object()) return bad(where + " is not an object");
    auto path = f.find("path");
    auto size = f.find("size");
    auto sha = f.find("sha256");
    if (path == f.end() || !path->is_string()) return bad(where + ".path is missing or not a string");
    if (size == f.end() || !size->is_number_unsigned()) return bad(where + ".size is missing or not a whole number");
    if (sha == f.end() || !sha->is_string()) return bad(where + ".sha256 is missing or not a string");
    ManifestEntry entry;
    entry.path = path->get<std::string>();
    entry.size = size->get<std::uintmax_t>();
    entry.sha256 = sha->get<std::string>();
    fs::path rel(entry.path);
    bool inside = !entry.path.empty() && rel.is_relative() && entry.path.find('\0') == std::string::npos &&
                  entry.path.find('\\') == std::string::npos;
    for (const fs::path& part : rel) inside = inside && part != ".." && part != "." && !part.empty();
    inside = inside && rel.lexically_normal().generic_string() == entry.path;  // written as the writer writes it
    if (!inside) return bad(where + ".path '" + entry.path.substr(0, 80) + "' is not a path inside the release");
    if (!seen.insert(entry.path).second) return bad(where + ".path '" + entry.path.substr(0, 80) + "' is listed twice");
    if (auto rendered = f.find("rendered"); rendered != f.end()) {
      if (!rendered->is_string()) return bad(where + ".rendered is not a string");
      entry.rendered = rendered->get<std::string>();
    }
    if (auto sources = f.find("sources"); sources != f.end()) {
      if (!sources->is_array()) return bad(where + ".sources is not an array");
      for (const nlohmann::json& source : *sources) {
        if (!source.is_string()) return bad(where + ".sources holds something other than a string");
        entry.sources.push_back(source.get<std::string>());
      }
    }
    manifest.files.push_back(std::move(entry));
  }
  return manifest;
}

std::vector<ManifestEntry> ReadManifest(const fs::path& release, Diagnostics& diags) {
  fs::path path = release / kManifest;
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(path, ec))) {
    diags.FileError(path.string(), "missing or unreadable manifest");
    return {};
  }
  std::optional<ReleaseManifest> manifest = ParseReleaseManifest(ReadAll(path), path.string(), diags);
  if (!manifest) return {};
  return std::move(manifest->files);
}

ReleaseList ListReleases(const fs::path& out_arg, Diagnostics* diags) {
  fs::path out = fs::absolute(out_arg).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  fs::path releases = out.parent_path() / (out.filename().string() + ".releases");
  Diagnostics ignored;
  std::optional<std::vector<std::string>> history = ReadHistory(releases, diags ? *diags : ignored);
  return {history ? std::move(*history) : std::vector<std::string>{}, CurrentId(out)};
}

bool Rollback(const fs::path& out_arg, const std::string& id, Diagnostics& diags, std::string* switched_to) {
  fs::path out = fs::absolute(out_arg).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  fs::path releases = out.parent_path() / (out.filename().string() + ".releases");
  OutLock lock;
  if (!lock.Acquire(out, diags)) return false;
  Diagnostics history_diags;
  ReleaseList list = ListReleases(out, &history_diags);
  if (history_diags.has_errors()) {
    diags.Append(history_diags);
    return false;
  }
  std::string target = id;
  if (target.empty()) {
    auto it = std::find(list.ids.begin(), list.ids.end(), list.current);
    if (it == list.ids.end() || it == list.ids.begin()) {
      diags.FileError(out.string(), "there is no earlier release to roll back to");
      return false;
    }
    target = *(it - 1);
  }
  std::error_code ec;
  if (std::find(list.ids.begin(), list.ids.end(), target) == list.ids.end() || !fs::is_directory(releases / target, ec)) {
    diags.FileError(out.string(), "no release '" + target + "'; releases: " + Join(list.ids, ", "));
    return false;
  }
  if (!VerifyRelease(releases / target, diags)) {
    diags.FileError(out.string(), "release '" + target + "' is incomplete; refusing to switch to it");
    return false;
  }
  if (!SwitchLink(out, fs::path(releases.filename()) / target, diags)) return false;
  *switched_to = target;
  return true;
}

}  // namespace lp::site
