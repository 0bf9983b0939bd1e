#pragma once
// publish/publisher: a built site -> a target, by content diff, in link-safe order.
//
//   read the target (listing + manifest) -> weigh them (plan::ResolveRemote) -> probe what the manifest
//   cannot vouch for -> plan (plan::MakePlan) -> create folders -> upload step by step -> verify (optional)
//   -> write the manifest -> delete, only if every upload succeeded and the deletions are within the cap.
//
// A publish that stops anywhere (a failure, Ctrl-C, kill -9) leaves every page a reader can reach linking
// only to files on the target, and the next publish finishes the job: it trusts the target's listing over
// the manifest, so it finds every file the stopped run added or replaced.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "publish/plan.h"
#include "publish/target.h"

namespace lp::publish {

struct SiteFile {
  LocalFile file;
  std::filesystem::path source;  // where it is in the release
};

// The site a `build --out DIR` made: the release DIR links to, and its manifest.
struct LocalSite {
  std::filesystem::path release;
  std::string key;
  std::vector<SiteFile> files;  // sorted by path
  std::uint64_t bytes() const;
};

// Reads the release `dir` points at (the link is followed once, so a build finishing meanwhile does not
// change what is published) from its .letterpress/manifest.json. nullopt with `error` when `dir` is not a
// built site.
std::optional<LocalSite> LoadSite(const std::filesystem::path& dir, std::string& error);

struct PublishOptions {
  bool dry_run = false;
  bool verify = false;
  int max_deletes = 10;  // negative: no cap
  bool yes = false;      // allow any number of deletions
  bool full_listing = false;  // list the whole target even when its manifest is complete
  // Asked, when there are more deletions than max_deletes and not `yes`, whether to go ahead anyway (an
  // interactive yes/no). Empty: refuse.
  std::function<bool(std::size_t deletions)> confirm_deletes;
};

enum class Action { kUpload, kDelete, kVerify };

struct FileEvent {
  Action action = Action::kUpload;
  std::string path;
  std::string reason;  // "new", "content differs", ... for uploads; "not in site" for deletions
  std::uint64_t size = 0;
  bool ok = false;
  std::string error;
  int tries = 0;
};

struct Progress {
  std::size_t files_done = 0, files_total = 0;
  std::uint64_t bytes_done = 0, bytes_total = 0;
};

class PublishObserver {
 public:
  virtual ~PublishObserver() = default;
  virtual void OnPlan(const PublishPlan& plan) { (void)plan; }
  virtual void OnFile(const FileEvent& event) { (void)event; }
  virtual void OnProgress(const Progress& progress) { (void)progress; }
};

struct PublishReport {
  std::string target;
  bool dry_run = false;
  std::size_t site_files = 0;
  std::uint64_t site_bytes = 0;
  std::string error;  // the target could not be read or prepared: nothing was changed
  bool from_manifest = false;   // the target's state was read from its manifest alone (no listing)
  std::string listing_reason;   // why the whole target was listed instead
  PublishPlan plan;
  std::vector<FileEvent> uploads;      // every upload tried, in the order they finished
  std::vector<std::string> not_tried;  // uploads of steps after a failed one
  // Uploads held back because they may link to a file the server refused as too large (path, that file).
  std::vector<std::pair<std::string, std::string>> held_back;
  std::vector<FileEvent> deletes;
  bool deletes_skipped = false;        // planned, but an upload, the verification or the manifest failed
  std::size_t verified = 0;
  std::vector<FileEvent> verify_failures;
  bool manifest_written = false;
  std::string manifest_error;
  TransferStats stats;
  double seconds = 0;

  std::size_t uploads_failed() const;
  std::size_t deletes_failed() const;
  // The target now holds exactly the site (nothing failed, refused or skipped).
  bool complete() const;
};

PublishReport Publish(const LocalSite& site, Target& target, const PublishOptions& options, PublishObserver& observer);

}  // namespace lp::publish
