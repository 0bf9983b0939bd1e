#include "publish/plan.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace lp::publish {
namespace {

bool IsOwn(const std::string& path) { return path.rfind(".letterpress/", 0) == 0; }

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

constexpr std::string_view kEntryPoints[] = {"feed.xml", "index.html", "404.html", "sitemap.xml", "robots.txt"};

}  // namespace

const char* ReasonText(UploadReason reason) {
  switch (reason) {
    case UploadReason::kNew: return "new";
    case UploadReason::kContentDiffers: return "content differs";
    case UploadReason::kHeadersDiffer: return "headers differ";
    case UploadReason::kUnconfirmed: return "unconfirmed on target";
  }
  return "?";
}

int EntryRank(const std::string& path) {
  // The feed links only to reports; the home page links to the feed; the 404 page to the home page; the
  // sitemap names every page; robots.txt names the sitemap.
  for (std::size_t i = 0; i < std::size(kEntryPoints); ++i) {
    if (path == kEntryPoints[i]) return static_cast<int>(i);
  }
  return -1;
}

Group GroupOf(const std::string& path) {
  if (EntryRank(path) >= 0) return Group::kEntry;
  if (!EndsWith(path, ".html") && !EndsWith(path, ".htm")) return Group::kLeaf;
  if (path.rfind("inspections/", 0) == 0) return Group::kReport;
  return Group::kIndex;
}

std::vector<RemoteFile> ResolveRemote(const std::vector<ListedFile>& listed, const std::vector<ManifestFile>& manifest,
                                      std::optional<std::int64_t> manifest_mtime) {
  std::map<std::string, const ManifestFile*> recorded;
  for (const ManifestFile& m : manifest) recorded[m.path] = &m;
  std::vector<RemoteFile> out;
  for (const ListedFile& l : listed) {
    if (IsOwn(l.path)) continue;
    RemoteFile r{l.path, l.size, l.token, l.sha256, l.md5, l.content_type, l.cache_control, false};
    auto it = recorded.find(l.path);
    if (it != recorded.end()) {
      const ManifestFile& m = *it->second;
      // Something must tie the entry to the file as it is now: the version tag, or a time older than the
      // manifest. A file modified at or after the moment the manifest was written may have been changed by
      // someone else, or by a publish that was interrupted before it could write its own manifest; times
      // equal to the manifest's are suspect too, as the target's clock may count whole seconds.
      bool vouched = m.size == l.size;
      bool tied = false;
      if (!l.token.empty() && !m.token.empty()) {
        vouched = vouched && m.token == l.token;
        tied = true;
      }
      if (l.mtime) {
        vouched = vouched && manifest_mtime && *l.mtime < *manifest_mtime;
        tied = true;
      }
      vouched = vouched && tied;
      if (vouched) {
        r.vouched = true;
        if (!r.sha256) r.sha256 = m.sha256;
        if (!r.content_type) r.content_type = m.content_type;
        if (!r.cache_control) r.cache_control = m.cache_control;
      }
    }
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const RemoteFile& a, const RemoteFile& b) { return a.path < b.path; });
  return out;
}

std::size_t PublishPlan::upload_count() const {
  std::size_t n = 0;
  for (const Step& s : steps) n += s.uploads.size();
  return n;
}

std::uint64_t PublishPlan::upload_bytes() const {
  std::uint64_t n = 0;
  for (const Step& s : steps) {
    for (const Upload& u : s.uploads) n += u.size;
  }
  return n;
}

std::size_t PublishPlan::delete_count() const {
  std::size_t n = 0;
  for (const DeleteStep& s : delete_steps) n += s.deletes.size();
  return n;
}

PublishPlan MakePlan(const std::vector<LocalFile>& site, const std::vector<RemoteFile>& target, const PlanOptions& options) {
  std::map<std::string, const RemoteFile*> remote;
  for (const RemoteFile& r : target) {
    if (!IsOwn(r.path)) remote[r.path] = &r;
  }
  // Step keys: (replaces an existing file, group, entry rank). New entry points go up one at a time, since
  // a reader can open each the moment it exists; replacements only need every file they link to to exist.
  std::map<std::tuple<bool, Group, int>, std::vector<Upload>> steps;
  PublishPlan plan;
  std::map<std::string, bool> in_site;
  for (const LocalFile& f : site) {
    if (IsOwn(f.path)) continue;
    in_site[f.path] = true;
    auto it = remote.find(f.path);
    std::optional<UploadReason> reason;
    if (it == remote.end()) {
      reason = UploadReason::kNew;
    } else {
      const RemoteFile& r = *it->second;
      bool same_content = false;
      if (r.size != f.size) {
        reason = UploadReason::kContentDiffers;
      } else if (r.sha256) {
        if (*r.sha256 == f.sha256) same_content = true;
        else reason = UploadReason::kContentDiffers;
      } else if (r.md5 && f.md5) {
        if (*r.md5 == *f.md5) same_content = true;
        else reason = UploadReason::kContentDiffers;
      } else {
        reason = UploadReason::kUnconfirmed;
      }
      if (same_content && options.headers_matter) {
        if (!r.content_type || !r.cache_control) {
          reason = UploadReason::kUnconfirmed;
        } else if (*r.content_type != f.content_type || *r.cache_control != f.cache_control) {
          reason = UploadReason::kHeadersDiffer;
        }
      }
    }
    if (!reason) {
      ++plan.unchanged;
      continue;
    }
    bool replaces = *reason != UploadReason::kNew;
    Group group = GroupOf(f.path);
    int rank = group == Group::kEntry && !replaces ? EntryRank(f.path) : 0;
    steps[{replaces, group, rank}].push_back({f.path, *reason, f.size});
  }
  static constexpr const char* kNewTitles[] = {"new assets, PDFs and search index", "new report pages",
                                               "new index pages", "new entry point"};
  static constexpr const char* kReplacedTitles[] = {"changed assets, PDFs and search index", "changed report pages",
                                                    "changed index pages", "changed entry points"};
  for (auto& [key, uploads] : steps) {
    auto [replaces, group, rank] = key;
    std::sort(uploads.begin(), uploads.end(), [](const Upload& a, const Upload& b) { return a.path < b.path; });
    std::string title = (replaces ? kReplacedTitles : kNewTitles)[static_cast<int>(group)];
    if (!replaces && group == Group::kEntry) title += " " + uploads.front().path;
    plan.steps.push_back({title, std::move(uploads)});
  }

  std::map<Group, std::vector<Delete>> deletes;
  for (const auto& [path, r] : remote) {
    if (!in_site.count(path)) deletes[GroupOf(path)].push_back({path, r->size});
  }
  static constexpr Group kDeleteOrder[] = {Group::kEntry, Group::kIndex, Group::kReport, Group::kLeaf};
  static constexpr const char* kDeleteTitles[] = {"old assets, PDFs and search index", "old report pages",
                                                  "old index pages", "old entry points"};
  for (Group g : kDeleteOrder) {
    auto it = deletes.find(g);
    if (it != deletes.end()) plan.delete_steps.push_back({kDeleteTitles[static_cast<int>(g)], std::move(it->second)});
  }
  std::size_t delete_count = plan.delete_count();
  plan.deletes_refused = !options.allow_any_deletes && options.max_deletes >= 0 &&
                         delete_count > static_cast<std::size_t>(options.max_deletes);
  return plan;
}

}  // namespace lp::publish
