#pragma once
// site: pages + assets -> a release directory, switched into place in one step.
//
// Layout: OUT is a symbolic link to OUT.releases/<id>/, where <id> comes from the content of the release.
// A build writes a new release beside the old ones (hard-linking every file that did not change), then
// renames a fresh link over OUT: readers see the old site or the new one, never a mix. A failed or
// interrupted build leaves OUT as it was. A build whose output equals the current release writes nothing.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"

namespace lp::site {

struct OutputFile {
  std::string path;                  // relative, '/'-separated
  std::string bytes;
  std::vector<std::string> sources;  // input documents it was built from
};

// The record of one release, kept in <release>/.letterpress/manifest.json.
struct ManifestEntry {
  std::string path;
  std::uintmax_t size = 0;
  std::string sha256;
  std::vector<std::string> sources;
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

class ReleaseWriter {
 public:
  ReleaseWriter(std::filesystem::path out, int releases_kept);
  ~ReleaseWriter();  // removes an uncommitted staging directory

  // Checks that OUT is absent, empty, or a Letterpress site, and takes the lock on OUT; reports and returns
  // false otherwise. Removes what a killed build left behind (staging folders, releases not in the history).
  bool Prepare(Diagnostics& diags);
  // The key of the current release, if there is one.
  std::optional<std::string> CurrentKey() const;
  // Writes `files` into a new staging directory; unchanged files are hard links to the current release.
  bool Stage(const std::vector<OutputFile>& files, Diagnostics& diags);
  const std::filesystem::path& staging() const { return staging_; }
  // Replaces a staged file's bytes (a file derived once later outputs exist, such as a page naming its PDF's
  // size). Never writes through a hard link into the current release.
  bool Replace(const std::string& path, const std::string& bytes, Diagnostics& diags);
  // The files as staged, before any Replace.
  const std::vector<OutputFile>& staged() const { return staged_; }
  // The current release's copy of a file whose content is `sha256`, for reusing derived files (PDFs).
  std::optional<std::filesystem::path> CurrentFile(const std::string& path) const;
  // Records the manifest (every file in staging), moves staging into place as release `key`, switches
  // OUT to it and prunes old releases.
  bool Commit(const std::string& key, Diagnostics& diags);

  std::size_t written() const { return written_; }
  std::size_t linked() const { return linked_; }
  const std::vector<std::string>& written_paths() const { return written_paths_; }
  std::string release_id() const { return release_id_; }

 private:
  std::filesystem::path out_, releases_, current_, staging_;
  int releases_kept_;
  std::size_t written_ = 0, linked_ = 0;
  std::vector<std::string> written_paths_;
  std::vector<OutputFile> staged_;
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
