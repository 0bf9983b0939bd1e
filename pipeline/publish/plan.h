#pragma once
// publish/plan: what the target holds and what a site needs -> an ordered list of uploads and deletes, each
// with its reason. Pure: no network, no disk, no clock; every decision about a publish is made here.
//
// The order is what keeps a half-published site whole. At no moment may a page that a reader can reach link
// to a file that is not yet on the target:
//   1. new files that nothing on the target links to yet, leaves first (assets, PDFs, search index), then
//      report pages, then index pages;
//   2. new entry points (the feed, the home page, the 404 page, the sitemap, robots.txt), one at a time, each
//      after everything it links to;
//   3. files that replace a version already on the target, in the same order: by now every file they link
//      to is there;
//   4. then the manifest, then deletions (pages before the assets they use), only when every upload succeeded.
// Each step ends before the next begins.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lp::publish {

// A file of the site being published.
struct LocalFile {
  std::string path;  // relative, '/'-separated
  std::uint64_t size = 0;
  std::string sha256;
  std::optional<std::string> md5;  // when known; compared with an S3 ETag when the manifest cannot vouch
  std::string content_type;
  std::string cache_control;
};

// A file as the target lists it.
struct ListedFile {
  std::string path;
  std::uint64_t size = 0;
  std::string token;                       // the target's version tag (an S3 ETag); empty when it has none
  std::optional<std::int64_t> mtime;       // last modified, in the target's clock and unit
  std::optional<std::string> md5;          // content MD5 when the target reveals it (a single-part S3 ETag)
  std::optional<std::string> content_type;   // when the target was asked (S3 HEAD)
  std::optional<std::string> cache_control;
  std::optional<std::string> sha256;         // when the target could hash it cheaply (a local directory)
};

// One entry of the publish manifest kept on the target: what the last publish put there.
struct ManifestFile {
  std::string path;
  std::uint64_t size = 0;
  std::string sha256;
  std::string content_type;
  std::string cache_control;
  std::string token;  // the target's version tag right after the upload, when it gave one
};

// What is known of one file on the target after weighing the listing against the manifest.
struct RemoteFile {
  std::string path;
  std::uint64_t size = 0;
  std::string token;
  std::optional<std::string> sha256;
  std::optional<std::string> md5;
  std::optional<std::string> content_type;
  std::optional<std::string> cache_control;
  bool vouched = false;  // the manifest's entry describes the file as it is now
};

// The listing is the truth about which files exist; the manifest only adds what the listing cannot say
// (the SHA-256 and headers), and only for files untouched since it was written: the size must match, the
// version tag must match where the target has one, and the file must be older than the manifest where the
// target has times. A file that an interrupted publish or anyone else changed after the manifest was written
// is therefore never taken on the manifest's word. `manifest_mtime` is the manifest file's own last-modified
// time (nullopt when there is no manifest). Paths under ".letterpress/" are left out. Sorted by path.
std::vector<RemoteFile> ResolveRemote(const std::vector<ListedFile>& listed, const std::vector<ManifestFile>& manifest,
                                      std::optional<std::int64_t> manifest_mtime);

// Why a file is uploaded.
enum class UploadReason {
  kNew,             // not on the target
  kContentDiffers,  // on the target with other content
  kHeadersDiffer,   // same content, other Content-Type or Cache-Control
  kUnconfirmed,     // on the target, but its content or headers cannot be confirmed without a download
};
const char* ReasonText(UploadReason reason);

// Where a file sits in the link-safe order (see the top of this file).
enum class Group {
  kLeaf,    // links to nothing a reader follows: assets, PDFs, search index, data files
  kReport,  // pages under inspections/
  kIndex,   // every other page
  kEntry,   // what readers and crawlers open without following a link: feed, home page, 404, sitemap, robots
};
Group GroupOf(const std::string& path);
// Among entry points, the order in which new ones go up: each after what it links to.
int EntryRank(const std::string& path);

struct Upload {
  std::string path;
  UploadReason reason = UploadReason::kNew;
  std::uint64_t size = 0;
};

// A set of uploads that may run at once; it completes before the next step starts.
struct Step {
  std::string title;  // "new assets, PDFs and search index"
  std::vector<Upload> uploads;
};

struct Delete {
  std::string path;
  std::uint64_t size = 0;
};

// Deletions that may run at once: pages go before the assets they use, so a reader holding an old page
// never finds it half-dressed.
struct DeleteStep {
  std::string title;  // "old index pages"
  std::vector<Delete> deletes;
};

struct PlanOptions {
  bool headers_matter = true;  // the target stores Content-Type and Cache-Control per file (S3)
  int max_deletes = 10;        // more deletions than this are refused...
  bool allow_any_deletes = false;  // ...unless the user said --yes or confirmed
};

struct PublishPlan {
  std::vector<Step> steps;
  std::vector<DeleteStep> delete_steps;  // files on the target that the site no longer has ("not in site")
  bool deletes_refused = false;          // more than max_deletes and not allowed: none will run
  std::size_t unchanged = 0;
  std::size_t upload_count() const;
  std::uint64_t upload_bytes() const;
  std::size_t delete_count() const;
};

// Compares the site with what the target holds. Files under ".letterpress/" on either side are Letterpress's
// own and never planned.
PublishPlan MakePlan(const std::vector<LocalFile>& site, const std::vector<RemoteFile>& target, const PlanOptions& options);

}  // namespace lp::publish
