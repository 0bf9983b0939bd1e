#pragma once
// site: pages + assets -> a release directory, switched into place in one step.
//
// Layout: OUT is a symbolic link to OUT.releases/<id>/, where <id> comes from the content of the release.
// A build writes a new release beside the old ones (hard-linking every file that did not change), then
// renames a fresh link over OUT: readers see the old site or the new one, never a mix. A failed or
// interrupted build leaves OUT as it was. A build whose output equals the current release writes nothing.

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"

namespace lp::site {

// The record of one release, kept in <release>/.letterpress/manifest.json. `rendered` is set for a file whose
// bytes were filled in after staging (a page naming its PDF's size): the SHA-256 of the bytes as first staged,
// which is what later builds compare with to tell whether the page (and so its PDF) changed.
struct ManifestEntry {
  std::string path;
  std::uintmax_t size = 0;
  std::string sha256;
  std::vector<std::string> sources;
  std::string rendered;
};

// An advisory lock (flock) on OUT, held by build, rollback and publish from that folder, so two of them never
// switch, prune or read a release at the same time. The lock file is OUT.releases/lock; it names the pid
// holding it. Released when destroyed (or when the process dies).
class OutLock {
 public:
  // Takes the lock without waiting; on failure reports which process holds it and returns false.
  bool Acquire(const std::filesystem::path& out, Diagnostics& diags);
  ~OutLock();
  OutLock() = default;
  OutLock(const OutLock&) = delete;
  OutLock& operator=(const OutLock&) = delete;

 private:
  int fd_ = -1;
};

// A test build (LETTERPRESS_CRASH_POINTS) dies with SIGKILL at the step named by $LETTERPRESS_CRASH_AT, so
// tests can check that a kill at each step of a release switch leaves a consistent site. No-op otherwise.
void CrashPoint(const char* step);

// Writes one release. Files are staged one at a time as they are made (from any thread), so a build never
// holds the whole site in memory: the writer keeps only each file's path, size, digest and sources.
class ReleaseWriter {
 public:
  ReleaseWriter(std::filesystem::path out, int releases_kept);
  ~ReleaseWriter();  // Abandon() unless committed

  // Checks that OUT is absent, empty, or a Letterpress site, takes the lock on OUT and creates an empty staging
  // folder; reports and returns false otherwise. Removes what a killed build left behind (staging folders,
  // releases not in the history).
  bool Prepare(Diagnostics& diags);
  // The key of the current release, if there is one.
  std::optional<std::string> CurrentKey() const;
  // Stages one file: a hard link to the current release's copy when its bytes are the same, else written.
  // Safe to call from several threads at once. Returns the bytes' SHA-256, or nothing when writing failed
  // (reported).
  std::optional<std::string> StageFile(const std::string& path, std::string_view bytes, std::vector<std::string> sources,
                                       Diagnostics& diags);
  const std::filesystem::path& staging() const { return staging_; }
  // Replaces a staged file's bytes (a file derived once later outputs exist, such as a page naming its PDF's
  // size); becomes a hard link to the current release's copy when the bytes are the same. Never writes
  // through a hard link into the current release.
  bool Replace(const std::string& path, const std::string& bytes, Diagnostics& diags);
  // The SHA-256 of the current release's file at `path` as it was first staged (before any Replace), if any.
  std::optional<std::string> CurrentRendered(const std::string& path) const;
  // The current release's copy of a file, for reusing derived files (PDFs).
  std::optional<std::filesystem::path> CurrentFile(const std::string& path) const;
  // True when the file staged at `path` was written afresh (not a link to the current release).
  bool Written(const std::string& path) const;
  // Records the manifest (every file in staging), moves staging into place as release `key`, switches
  // OUT to it and prunes old releases.
  bool Commit(const std::string& key, Diagnostics& diags);
  // Discards the staging folder, and the releases folder too when this build created it: a build that fails
  // (or has nothing to release) leaves OUT as it found it.
  void Abandon();

  std::size_t written() const { return written_; }
  std::size_t linked() const { return linked_; }
  std::string release_id() const { return release_id_; }

 private:
  struct Staged {
    std::uintmax_t size = 0;
    std::string sha256, rendered;
    std::vector<std::string> sources;
    bool written = false;
  };
  std::filesystem::path out_, releases_, current_, staging_;
  int releases_kept_;
  bool created_releases_ = false;
  mutable std::mutex mutex_;  // guards staged_ and the counters while files are staged from several threads
  std::size_t written_ = 0, linked_ = 0;
  std::map<std::string, Staged> staged_;
  std::map<std::string, ManifestEntry> current_files_;
  std::string release_id_;
  bool committed_ = false;
  OutLock lock_;
};

// The folder beside OUT that holds its releases (OUT.releases).
std::filesystem::path ReleasesDir(const std::filesystem::path& out);

// A release's manifest as recorded in <release>/.letterpress/manifest.json.
struct ReleaseManifest {
  std::string key;
  std::vector<ManifestEntry> files;
};

// Parses a release manifest's text (`shown` names it in diagnostics). A manifest that is not JSON, lacks a
// field or has one of the wrong type, or lists a path outside the release (absolute, "..", empty) is
// reported (path:line:col for a JSON syntax error, else path: message) and gives nullopt; never throws.
std::optional<ReleaseManifest> ParseReleaseManifest(std::string_view text, const std::string& shown, Diagnostics& diags);

// Parses the release history (OUT.releases/history): one release id per line, oldest first. A line that is
// not a release id (16 characters 0-9 and a-f) is reported at its line and column, and gives nullopt.
std::optional<std::vector<std::string>> ParseHistory(std::string_view text, const std::string& shown, Diagnostics& diags);

// Whether `id` has the form of a release id (16 characters 0-9 and a-f).
bool IsReleaseId(std::string_view id);

// Reads a release's manifest; a missing, unreadable or malformed one is reported and gives no entries.
std::vector<ManifestEntry> ReadManifest(const std::filesystem::path& release, Diagnostics& diags);

// Release ids of OUT, oldest first, and which one is current.
struct ReleaseList {
  std::vector<std::string> ids;
  std::string current;
};
// A malformed history is reported to `diags` when given (and then ids is empty); without `diags` it is
// read as empty.
ReleaseList ListReleases(const std::filesystem::path& out, Diagnostics* diags = nullptr);

// Checks a release against its manifest: every file present, with the recorded size and SHA-256. Reports
// each file that is missing or differs, and returns false then.
bool VerifyRelease(const std::filesystem::path& release, Diagnostics& diags);

// Switches OUT to release `id` (default: the one before the current), under the lock on OUT. Reports and
// returns false when there is no such release or it is incomplete (it does not match its manifest).
bool Rollback(const std::filesystem::path& out, const std::string& id, Diagnostics& diags, std::string* switched_to);

}  // namespace lp::site
