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

class ReleaseWriter {
 public:
  ReleaseWriter(std::filesystem::path out, int releases_kept);
  ~ReleaseWriter();  // removes an uncommitted staging directory

  // Checks that OUT is absent, empty, or a Letterpress site; reports and returns false otherwise.
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
};

// The folder beside OUT that holds its releases (OUT.releases).
std::filesystem::path ReleasesDir(const std::filesystem::path& out);

// Reads a release's manifest.
std::vector<ManifestEntry> ReadManifest(const std::filesystem::path& release, Diagnostics& diags);

// Release ids of OUT, oldest first, and which one is current.
struct ReleaseList {
  std::vector<std::string> ids;
  std::string current;
};
ReleaseList ListReleases(const std::filesystem::path& out);

// Switches OUT to release `id` (default: the one before the current). Reports and returns false when
// there is no such release.
bool Rollback(const std::filesystem::path& out, const std::string& id, Diagnostics& diags, std::string* switched_to);

}  // namespace lp::site
