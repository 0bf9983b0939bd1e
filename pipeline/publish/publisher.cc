#include "publish/publisher.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "publish/content_type.h"
#include "publish/manifest.h"

namespace lp::publish {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

std::string ReadHead(const fs::path& path, std::size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(n, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(n));
  bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  return bytes;
}

std::string ParentFolder(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// Text files can link; the rest (images, PDFs, compressed data, search fragments) cannot.
bool MayHoldLinks(const std::string& path) {
  static constexpr std::string_view kText[] = {".html", ".htm", ".xml", ".json", ".css", ".js", ".mjs", ".svg", ".txt", ".webmanifest"};
  for (std::string_view ext : kText) {
    if (path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0) return true;
  }
  return false;
}

// The first of `missing` that `file` may link to, or empty. Conservative: a link to "data/findings.csv.gz"
// names "findings.csv.gz" whatever folder it is written from, and a link to a folder's index page names the
// folder ("data/"); any page may link to the home page. A false match only holds a page back until the next
// publish.
std::string LinkedMissing(const SiteFile& file, const std::set<std::string>& missing) {
  if (!MayHoldLinks(file.file.path)) return {};
  std::ifstream in(file.source, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string content = std::move(text).str();
  for (const std::string& path : missing) {
    std::size_t slash = path.rfind('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name == "index.html") {
      if (slash == std::string::npos) return path;  // the home page
      std::string folder = ParentFolder(path);
      std::size_t up = folder.rfind('/');
      name = (up == std::string::npos ? folder : folder.substr(up + 1)) + "/";
    }
    if (content.find(name) != std::string::npos) return path;
  }
  return {};
}

// What a person needs to know when the server refuses a file as too large.
std::string TooLargeMessage(const Upload& u, std::uint64_t largest_accepted, const std::string& target) {
  std::string out = "the server refused " + u.path + " (" + std::to_string(u.size) +
                    " bytes) as too large (HTTP 413): its limit on one request body is below " + std::to_string(u.size) + " bytes";
  if (largest_accepted > 0) out += " (it accepted " + std::to_string(largest_accepted) + " bytes in this publish)";
  return out + "; raise the limit on " + target +
         " (nginx: client_max_body_size; Apache: LimitRequestBody) or publish to S3, which takes large files in parts";
}

}  // namespace

std::uint64_t LocalSite::bytes() const {
  std::uint64_t n = 0;
  for (const SiteFile& f : files) n += f.file.size;
  return n;
}

std::optional<LocalSite> LoadSite(const fs::path& dir, std::string& error) {
  std::error_code ec;
  fs::path release = fs::canonical(dir, ec);
  if (ec) {
    error = dir.string() + ": no such site (build it first with: letterpress build --out " + dir.string() + ")";
    return std::nullopt;
  }
  fs::path manifest_path = release / ".letterpress" / "manifest.json";
  std::ifstream in(manifest_path, std::ios::binary);
  if (!in) {
    error = dir.string() + " is not a site built by letterpress (it has no .letterpress/manifest.json); build it with: letterpress build --out " +
            dir.string();
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("files") || !json["files"].is_array()) {
    error = manifest_path.string() + ": unreadable release manifest; build the site again";
    return std::nullopt;
  }
  LocalSite site;
  site.release = release;
  if (json.contains("key") && json["key"].is_string()) site.key = json["key"].get<std::string>();
  for (const auto& f : json["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("sha256") || !f["sha256"].is_string() ||
        !f.contains("size") || !f["size"].is_number_unsigned()) {
      error = manifest_path.string() + ": an entry lacks path, size or sha256; build the site again";
      return std::nullopt;
    }
    SiteFile s;
    s.file.path = f["path"].get<std::string>();
    bool unsafe = s.file.path.empty() || s.file.path.front() == '/';
    for (std::size_t start = 0; !unsafe && start <= s.file.path.size();) {
      std::size_t end = std::min(s.file.path.find('/', start), s.file.path.size());
      std::string_view part(s.file.path.data() + start, end - start);
      unsafe = part.empty() || part == "." || part == "..";
      start = end + 1;
    }
    if (unsafe) {
      error = manifest_path.string() + ": unsafe path '" + s.file.path + "'";
      return std::nullopt;
    }
    s.file.size = f["size"].get<std::uint64_t>();
    s.file.sha256 = f["sha256"].get<std::string>();
    s.source = release / s.file.path;
    std::string head;
    if (s.file.path.size() > 4 && s.file.path.compare(s.file.path.size() - 4, 4, ".xml") == 0) head = ReadHead(s.source, 1024);
    s.file.content_type = ContentTypeFor(s.file.path, head);
    s.file.cache_control = CacheControlFor(s.file.path);
    site.files.push_back(std::move(s));
  }
  std::sort(site.files.begin(), site.files.end(), [](const SiteFile& a, const SiteFile& b) { return a.file.path < b.file.path; });
  return site;
}

std::size_t PublishReport::uploads_failed() const {
  return static_cast<std::size_t>(std::count_if(uploads.begin(), uploads.end(), [](const FileEvent& e) { return !e.ok; }));
}

std::size_t PublishReport::deletes_failed() const {
  return static_cast<std::size_t>(std::count_if(deletes.begin(), deletes.end(), [](const FileEvent& e) { return !e.ok; }));
}

bool PublishReport::complete() const {
  return error.empty() && uploads_failed() == 0 && not_tried.empty() && held_back.empty() && verify_failures.empty() && manifest_error.empty() &&
         !plan.deletes_refused && !deletes_skipped && deletes_failed() == 0;
}

PublishReport Publish(const LocalSite& site, Target& target, const PublishOptions& options, PublishObserver& observer) {
  Clock::time_point started = Clock::now();
  PublishReport report;
  report.target = target.Name();
  report.dry_run = options.dry_run;
  report.site_files = site.files.size();
  report.site_bytes = site.bytes();
  auto finish = [&]() -> PublishReport {
    report.stats = target.Stats();
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return std::move(report);
  };

  // 1. What the target holds. A complete publish manifest, read with one request, is taken as the target's
  // state, so an unchanged site costs that one request however many files and folders it has. The full
  // listing is read with --verify, and when the manifest is missing, unreadable or incomplete: a publish that
  // stopped part-way (it marks the manifest incomplete before its first change) or ended with work left.
  TargetState state;
  std::vector<ManifestFile> recorded;
  std::vector<ListedFile> listed;
  std::vector<RemoteFile> remote;
  std::map<std::string, const SiteFile*> by_path;
  for (const SiteFile& f : site.files) by_path[f.file.path] = &f;
  if (options.verify || options.full_listing) {
    report.listing_reason = options.verify ? "--verify" : "--full-listing";
  } else if (std::optional<std::string> text = target.ReadManifest(); !text) {
    report.listing_reason = "no publish manifest on the target";
  } else if (std::optional<PublishManifest> m = ParseManifest(*text, nullptr); !m) {
    report.listing_reason = "the publish manifest cannot be read";
  } else if (!m->complete) {
    report.listing_reason = "the last publish did not finish";
  } else {
    report.from_manifest = true;
    state.manifest = std::move(*text);
    recorded = m->files;
    std::set<std::string> folders = {".letterpress"};
    for (const ManifestFile& f : recorded) {
      if (f.path.rfind(".letterpress/", 0) == 0) continue;
      for (std::string folder = ParentFolder(f.path); !folder.empty(); folder = ParentFolder(folder)) folders.insert(folder);
      ListedFile l;
      l.path = f.path;
      l.size = f.size;
      l.token = f.token;
      listed.push_back(l);
      remote.push_back({f.path, f.size, f.token, f.sha256, std::nullopt, f.content_type, f.cache_control, true});
    }
    state.folders.assign(folders.begin(), folders.end());
    std::sort(remote.begin(), remote.end(), [](const RemoteFile& a, const RemoteFile& b) { return a.path < b.path; });
  }

  std::vector<LocalFile> local;
  if (!report.from_manifest) {
    if (!target.ReadState(state, report.error)) return finish();
    if (state.manifest) {
      // An unreadable manifest is only a lost shortcut: every file is then weighed on the listing alone.
      if (std::optional<PublishManifest> m = ParseManifest(*state.manifest, nullptr)) recorded = m->files;
    }
    // 2. Probe what the manifest cannot vouch for, where that is cheaper than uploading again.
    listed = state.files;
    remote = ResolveRemote(listed, recorded, state.manifest_mtime);
    {
      std::map<std::string, const RemoteFile*> resolved;
      for (const RemoteFile& r : remote) resolved[r.path] = &r;
      std::vector<ListedFile*> probe;
      for (ListedFile& l : listed) {
        auto r = resolved.find(l.path);
        auto local_file = by_path.find(l.path);
        if (r == resolved.end() || r->second->vouched || local_file == by_path.end()) continue;
        if (l.size != local_file->second->file.size) continue;  // differs whatever a probe says
        probe.push_back(&l);
      }
      if (!probe.empty()) {
        target.Probe(probe);
        remote = ResolveRemote(listed, recorded, state.manifest_mtime);
      }
    }
  }
  // An S3 ETag is the MD5 of the content: compare it with the local file's where the SHA-256 is unknown.
  {
    std::map<std::string, const RemoteFile*> resolved;
    for (const RemoteFile& r : remote) resolved[r.path] = &r;
    for (const SiteFile& f : site.files) {
      LocalFile l = f.file;
      auto r = resolved.find(l.path);
      if (r != resolved.end() && !r->second->sha256 && r->second->md5 && r->second->size == l.size) {
        std::string bytes;
        PutItem item{l.path, f.source, l.size, l.sha256, l.content_type, l.cache_control};
        if (ReadReleaseFile(item, bytes).empty()) l.md5 = Md5Hex(bytes);
      }
      local.push_back(std::move(l));
    }
  }

  // 3. The plan.
  PlanOptions plan_options;
  plan_options.headers_matter = target.StoresHeaders();
  plan_options.max_deletes = options.max_deletes;
  plan_options.allow_any_deletes = options.yes;
  report.plan = MakePlan(local, remote, plan_options);
  if (report.plan.deletes_refused && !options.dry_run && options.confirm_deletes &&
      options.confirm_deletes(report.plan.delete_count())) {
    plan_options.allow_any_deletes = true;
    report.plan = MakePlan(local, remote, plan_options);
  }
  observer.OnPlan(report.plan);
  if (options.dry_run) return finish();

  // 4. Folders, then the uploads, step by step.
  std::vector<std::string> upload_paths;
  for (const Step& s : report.plan.steps) {
    for (const Upload& u : s.uploads) upload_paths.push_back(u.path);
  }
  // Called even with nothing to upload: a local target gets its public-site marker here.
  if (!target.PrepareFolders(upload_paths, state, report.error)) return finish();
  bool changes = !upload_paths.empty() || (report.plan.delete_count() > 0 && !report.plan.deletes_refused);
  if (changes) {
    // Before the first change, the manifest is marked incomplete: a publish stopped from here on leaves the
    // next one a reason to list the whole target, which is how it finds what this one left half done.
    PublishManifest marked;
    marked.site_key = site.key;
    marked.files = recorded;
    marked.complete = false;
    if (!target.WriteManifest(SerializeManifest(marked), report.error)) return finish();
  }

  Progress progress;
  progress.files_total = report.plan.upload_count();
  progress.bytes_total = report.plan.upload_bytes();
  std::map<std::string, std::string> uploaded_tokens;  // path -> token, for every upload that succeeded
  bool upload_failed = false;
  // Files the server refused as too large (HTTP 413), and files held back because they may link to one that
  // is not there: the rest of the publish goes on without them, in the same order.
  std::set<std::string> missing_new;  // refused or held-back files that have no earlier version on the target
  std::set<std::string> not_up;       // every refused or held-back file
  std::uint64_t largest_accepted = 0;
  Clock::time_point last_upload = Clock::time_point::min();
  for (const Step& step : report.plan.steps) {
    if (upload_failed) {
      // A later step may link to what the failed one did not put up: it must not start.
      for (const Upload& u : step.uploads) report.not_tried.push_back(u.path);
      continue;
    }
    std::vector<const Upload*> sending;
    for (const Upload& u : step.uploads) {
      std::string blocker = missing_new.empty() ? "" : LinkedMissing(*by_path.at(u.path), missing_new);
      if (blocker.empty()) {
        sending.push_back(&u);
        continue;
      }
      report.held_back.push_back({u.path, blocker});
      not_up.insert(u.path);
      if (u.reason == UploadReason::kNew) missing_new.insert(u.path);
      observer.OnFile({Action::kUpload, u.path, ReasonText(u.reason), u.size, false,
                       "held back: it may link to " + blocker + ", which is not on the target", 0});
    }
    std::vector<PutItem> items;
    for (const Upload* u : sending) {
      const SiteFile& f = *by_path.at(u->path);
      items.push_back({u->path, f.source, f.file.size, f.file.sha256, f.file.content_type, f.file.cache_control});
    }
    if (items.empty()) continue;
    std::uint64_t bytes_before = progress.bytes_done;
    auto event_of = [&](const Upload& u, const OpResult& r) {
      FileEvent e{Action::kUpload, u.path, ReasonText(u.reason), u.size, r.ok, r.error, r.tries};
      if (r.too_large) e.error = TooLargeMessage(u, largest_accepted, report.target);
      return e;
    };
    std::vector<OpResult> results = target.Put(
        items,
        [&](std::size_t i, const OpResult& r) {
          const Upload& u = *sending[i];
          if (r.ok) largest_accepted = std::max(largest_accepted, u.size);
          ++progress.files_done;
          progress.bytes_done += u.size;
          bytes_before = progress.bytes_done;
          observer.OnFile(event_of(u, r));
          observer.OnProgress(progress);
        },
        [&](std::uint64_t in_flight) {
          Progress p = progress;
          p.bytes_done = bytes_before + in_flight;
          observer.OnProgress(p);
        });
    last_upload = Clock::now();
    for (std::size_t i = 0; i < results.size(); ++i) {
      const Upload& u = *sending[i];
      report.uploads.push_back(event_of(u, results[i]));
      if (results[i].ok) {
        uploaded_tokens[u.path] = results[i].token;
      } else if (results[i].too_large) {
        // Refused for its size: no retry will change that, and nothing else need wait for it except what
        // links to it.
        not_up.insert(u.path);
        if (u.reason == UploadReason::kNew) missing_new.insert(u.path);
      } else {
        upload_failed = true;
      }
    }
  }
  const bool any_refused = !not_up.empty();

  // 5. Verification: every file of the site, fetched back and hashed.
  std::set<std::string> verify_bad;
  PublishManifest final_manifest;
  std::map<std::string, std::pair<std::uint64_t, std::string>> observed;  // what a failed check found instead
  if (options.verify && !upload_failed) {
    std::vector<const SiteFile*> checked;  // what refused or held-back files are not
    std::vector<std::string> paths;
    for (const SiteFile& f : site.files) {
      if (not_up.count(f.file.path)) continue;
      checked.push_back(&f);
      paths.push_back(f.file.path);
    }
    std::vector<OpResult> results = target.Fetch(paths, {}, {});
    for (std::size_t i = 0; i < results.size(); ++i) {
      const SiteFile& f = *checked[i];
      FileEvent e{Action::kVerify, f.file.path, "verify", f.file.size, true, "", results[i].tries};
      if (!results[i].ok) {
        e.ok = false;
        e.error = "cannot fetch it back: " + results[i].error;
      } else if (results[i].sha256 != f.file.sha256 || results[i].size != f.file.size) {
        e.ok = false;
        observed[f.file.path] = {results[i].size, results[i].sha256};
        e.error = "the target serves different content (" + std::to_string(results[i].size) + " bytes, SHA-256 " +
                  results[i].sha256.substr(0, 12) + "...; expected " + std::to_string(f.file.size) + " bytes, " +
                  f.file.sha256.substr(0, 12) + "...)";
      }
      if (e.ok) {
        ++report.verified;
      } else {
        verify_bad.insert(f.file.path);
        report.verify_failures.push_back(e);
        observer.OnFile(e);
      }
    }
  }

  // 6. The manifest: what is now known to be on the target. Files that failed to upload are left out; a file
  // that failed verification is recorded with the content that came back. Either way the next publish puts
  // them up again, even where the target's own tag still vouches for the content (a store whose bytes rotted
  // under an unchanged ETag).
  {
    std::map<std::string, const ListedFile*> listed_by_path;
    for (const ListedFile& l : listed) listed_by_path[l.path] = &l;
    std::set<std::string> planned;
    for (const Step& s : report.plan.steps) {
      for (const Upload& u : s.uploads) planned.insert(u.path);
    }
    PublishManifest manifest;
    manifest.site_key = site.key;
    // Complete only when the target now holds exactly the site; with deletions still to run it is marked
    // complete again once they have all succeeded.
    manifest.complete = !upload_failed && !any_refused && verify_bad.empty() && (report.plan.delete_count() == 0);
    for (const SiteFile& f : site.files) {
      std::uint64_t size = f.file.size;
      std::string sha256 = f.file.sha256;
      if (verify_bad.count(f.file.path)) {
        auto seen = observed.find(f.file.path);
        if (seen == observed.end()) continue;  // could not be fetched: nothing is known
        std::tie(size, sha256) = seen->second;
      }
      std::string token;
      if (auto up = uploaded_tokens.find(f.file.path); up != uploaded_tokens.end()) {
        token = up->second;
      } else if (!planned.count(f.file.path) && listed_by_path.count(f.file.path)) {
        token = listed_by_path[f.file.path]->token;  // unchanged: as the listing showed it
      } else {
        continue;
      }
      manifest.files.push_back({f.file.path, size, sha256, f.file.content_type, f.file.cache_control, token});
    }
    std::string text = SerializeManifest(manifest);
    final_manifest = manifest;
    bool unchanged_target = !changes && state.manifest && *state.manifest == text;
    if (!unchanged_target) {
      if (target.CoarseClock() && last_upload != Clock::time_point::min()) {
        // The target stamps files in whole seconds: the manifest must be stamped in a later second than any
        // upload, so that the next publish can tell "before the manifest" from "after" (plan.h).
        std::this_thread::sleep_until(last_upload + std::chrono::milliseconds(1100));
      }
      report.manifest_written = target.WriteManifest(text, report.manifest_error);
    }
  }

  // 7. Deletions: last, only when everything above succeeded, pages before the assets they use.
  if (!report.plan.deletes_refused) {
    if (upload_failed || any_refused || !verify_bad.empty() || !report.manifest_error.empty()) {
      report.deletes_skipped = report.plan.delete_count() > 0;
    } else {
      std::set<std::string> removed;
      for (const DeleteStep& step : report.plan.delete_steps) {
        std::vector<std::string> paths;
        for (const Delete& d : step.deletes) paths.push_back(d.path);
        std::vector<OpResult> results = target.Remove(paths, [&](std::size_t i, const OpResult& r) {
          observer.OnFile({Action::kDelete, paths[i], "not in site", step.deletes[i].size, r.ok, r.error, r.tries});
        });
        bool step_failed = false;
        for (std::size_t i = 0; i < results.size(); ++i) {
          report.deletes.push_back({Action::kDelete, paths[i], "not in site", step.deletes[i].size, results[i].ok, results[i].error, results[i].tries});
          if (results[i].ok) removed.insert(paths[i]);
          else step_failed = true;
        }
        if (step_failed) break;  // keep the assets a page that could not be deleted still uses
      }
      // Folders that hold no file of the site and nothing that stays: emptied by these deletions, or left
      // empty by an interrupted publish.
      std::set<std::string> keep = {".letterpress"};
      auto keep_ancestors = [&](const std::string& path) {
        for (std::string f = ParentFolder(path); !f.empty(); f = ParentFolder(f)) keep.insert(f);
      };
      for (const SiteFile& f : site.files) keep_ancestors(f.file.path);
      for (const ListedFile& l : listed) {
        if (!removed.count(l.path)) keep_ancestors(l.path);
      }
      std::vector<std::string> empty;
      for (const std::string& folder : state.folders) {
        if (!keep.count(folder) && folder.rfind(".letterpress/", 0) != 0) empty.push_back(folder);
      }
      if (!empty.empty()) target.RemoveFolders(empty);
      if (report.deletes_failed() == 0 && !report.deletes.empty() && report.manifest_written) {
        final_manifest.complete = true;
        report.manifest_written = target.WriteManifest(SerializeManifest(final_manifest), report.manifest_error);
      }
    }
  }
  return finish();
}

}  // namespace lp::publish
