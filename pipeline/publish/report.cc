#include "publish/report.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace lp::publish {
namespace {

std::string Pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string Plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Clock(double seconds) {
  auto s = static_cast<long>(std::lround(std::max(0.0, seconds)));
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

// "12 new, 3 content differs"
std::string ReasonCounts(const PublishPlan& plan) {
  std::size_t counts[4] = {};
  for (const Step& s : plan.steps) {
    for (const Upload& u : s.uploads) ++counts[static_cast<int>(u.reason)];
  }
  std::string out;
  for (int r = 0; r < 4; ++r) {
    if (!counts[r]) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(counts[r]) + " " + ReasonText(static_cast<UploadReason>(r));
  }
  return out;
}

}  // namespace

std::string HumanBytes(std::uint64_t bytes) {
  if (bytes < 1000) return std::to_string(bytes) + " B";
  const char* units[] = {"kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1000 && unit < 3) {
    value /= 1000;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", value, units[unit]);
  return buf;
}

std::string FormatPlan(const PublishPlan& plan) {
  std::string out;
  int n = 0;
  for (const Step& s : plan.steps) {
    std::uint64_t bytes = 0;
    for (const Upload& u : s.uploads) bytes += u.size;
    out += "step " + std::to_string(++n) + ": " + s.title + " (" + Plural(s.uploads.size(), "file", "files") + ", " +
           HumanBytes(bytes) + ")\n";
    for (const Upload& u : s.uploads) out += "  upload  " + Pad(ReasonText(u.reason), 22) + " " + u.path + "\n";
  }
  if (plan.delete_count() > 0) {
    out += "then the manifest, then deletions (" + Plural(plan.delete_count(), "file", "files") +
           (plan.deletes_refused ? "; REFUSED: more than --max-deletes, pass --yes to allow them" : ", once every upload succeeded") +
           ")\n";
    for (const DeleteStep& s : plan.delete_steps) {
      for (const Delete& d : s.deletes) out += "  delete  " + Pad("not in site", 22) + " " + d.path + "\n";
    }
  }
  return out;
}

std::string FormatEvent(const FileEvent& e) {
  static constexpr const char* kDone[] = {"uploaded", "deleted ", "verified"};
  static constexpr const char* kVerb[] = {"upload", "delete", "verify"};
  int a = static_cast<int>(e.action);
  if (e.ok) return std::string(kDone[a]) + "  " + Pad(e.reason, 22) + " " + e.path + "\n";
  return std::string("FAILED ") + kVerb[a] + "  " + e.path + ": " + e.error + "\n";
}

std::string FormatSummary(const PublishReport& r) {
  std::string out;
  const PublishPlan& p = r.plan;
  std::string counts = ReasonCounts(p);
  if (!r.error.empty()) {
    return "letterpress publish: " + r.error +
           "\nno file on the target was changed; once the problem above is fixed, run the same publish again\n";
  }
  if (r.dry_run) {
    out += Plural(r.site_files, "file", "files") + " in the site: " + Plural(p.upload_count(), "upload", "uploads") +
           (counts.empty() ? "" : " (" + counts + ")") + ", " + HumanBytes(p.upload_bytes()) + "; " +
           Plural(p.delete_count(), "deletion", "deletions") + (p.deletes_refused ? " (refused)" : "") + "; " +
           std::to_string(p.unchanged) + " unchanged\n";
    out += "dry run: nothing was changed on " + r.target + "\n";
    return out;
  }
  std::size_t uploaded = r.uploads.size() - r.uploads_failed();
  std::size_t deleted = r.deletes.size() - r.deletes_failed();
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", r.seconds);
  if (r.complete()) {
    out += "published " + Plural(r.site_files, "file", "files") + " (" + HumanBytes(r.site_bytes) + ") to " + r.target + " in " +
           seconds + ": " + std::to_string(uploaded) + " uploaded" + (counts.empty() ? "" : " (" + counts + ")") + ", " +
           std::to_string(deleted) + " deleted, " + std::to_string(p.unchanged) + " unchanged";
    if (r.verified) out += "; " + std::to_string(r.verified) + " verified";
    out += "\n";
    return out;
  }
  out += "letterpress publish: the publish to " + r.target + " did not complete (" + seconds + ")\n";
  out += "  uploaded: " + std::to_string(uploaded) + " of " + std::to_string(p.upload_count()) + " (" +
         std::to_string(p.unchanged) + " files were already there)\n";
  if (r.uploads_failed()) {
    out += "  failed:   " + Plural(r.uploads_failed(), "upload", "uploads") + ":\n";
    int shown = 0;
    for (const FileEvent& e : r.uploads) {
      if (e.ok) continue;
      if (++shown > 10) {
        out += "    ... and " + std::to_string(r.uploads_failed() - 10) + " more\n";
        break;
      }
      out += "    " + e.path + ": " + e.error + "\n";
    }
  }
  if (!r.not_tried.empty()) {
    out += "  not tried: " + Plural(r.not_tried.size(), "upload", "uploads") +
           " of later steps (they may link to what failed; the target keeps their previous version or none)\n";
  }
  if (!r.held_back.empty()) {
    out += "  held back: " + Plural(r.held_back.size(), "upload", "uploads") +
           " that may link to a file not on the target (the target keeps their previous version or none):\n";
    for (std::size_t i = 0; i < r.held_back.size() && i < 10; ++i) {
      out += "    " + r.held_back[i].first + ": may link to " + r.held_back[i].second + "\n";
    }
    if (r.held_back.size() > 10) out += "    ... and " + std::to_string(r.held_back.size() - 10) + " more\n";
  }
  if (!r.verify_failures.empty()) {
    out += "  verify:   " + Plural(r.verify_failures.size(), "file does", "files do") + " not match the site:\n";
    for (const FileEvent& e : r.verify_failures) out += "    " + e.path + ": " + e.error + "\n";
  }
  if (!r.manifest_error.empty()) out += "  manifest: " + r.manifest_error + "\n";
  if (p.deletes_refused) {
    out += "  deletions refused: " + Plural(p.delete_count(), "file", "files") +
           " on the target are not in the site, more than --max-deletes allows; check the plan with --dry-run, then run "
           "again with --yes (or a higher --max-deletes) to delete them\n";
  } else if (r.deletes_skipped) {
    out += "  deletions not done: " + Plural(p.delete_count(), "file", "files") +
           " stay on the target until a publish completes every upload\n";
  } else if (r.deletes_failed()) {
    out += "  deletions failed: " + std::to_string(r.deletes_failed()) + " of " + std::to_string(r.deletes.size()) + "\n";
    for (const FileEvent& e : r.deletes) {
      if (!e.ok) out += "    " + e.path + ": " + e.error + "\n";
    }
  }
  out += "  every page a reader can reach links only to files on the target; run the same publish again to finish\n";
  return out;
}

std::string ReportJson(const PublishReport& r) {
  nlohmann::ordered_json j;
  j["target"] = r.target;
  j["dry_run"] = r.dry_run;
  j["complete"] = !r.dry_run && r.complete();
  if (!r.error.empty()) j["error"] = r.error;
  j["site"] = {{"files", r.site_files}, {"bytes", r.site_bytes}};
  j["state_from"] = r.from_manifest ? "manifest" : "listing";
  if (!r.from_manifest && !r.listing_reason.empty()) j["listing_reason"] = r.listing_reason;
  nlohmann::ordered_json plan = nlohmann::ordered_json::array();
  for (const Step& s : r.plan.steps) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const Upload& u : s.uploads) files.push_back({{"path", u.path}, {"reason", ReasonText(u.reason)}, {"size", u.size}});
    plan.push_back({{"step", s.title}, {"uploads", files}});
  }
  nlohmann::ordered_json deletes = nlohmann::ordered_json::array();
  for (const DeleteStep& s : r.plan.delete_steps) {
    for (const Delete& d : s.deletes) deletes.push_back({{"path", d.path}, {"reason", "not in site"}, {"size", d.size}});
  }
  j["plan"] = {{"steps", plan}, {"deletes", deletes}, {"deletes_refused", r.plan.deletes_refused}, {"unchanged", r.plan.unchanged}};
  auto events = [](const std::vector<FileEvent>& list) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const FileEvent& e : list) {
      nlohmann::ordered_json o = {{"path", e.path}, {"reason", e.reason}, {"size", e.size}, {"ok", e.ok}, {"tries", e.tries}};
      if (!e.ok) o["error"] = e.error;
      out.push_back(o);
    }
    return out;
  };
  if (!r.dry_run) {
    j["uploads"] = events(r.uploads);
    j["not_tried"] = r.not_tried;
    nlohmann::ordered_json held = nlohmann::ordered_json::array();
    for (const auto& [path, because] : r.held_back) held.push_back({{"path", path}, {"links_to", because}});
    j["held_back"] = held;
    j["deletes"] = events(r.deletes);
    j["deletes_skipped"] = r.deletes_skipped;
    j["verified"] = r.verified;
    j["verify_failures"] = events(r.verify_failures);
    j["manifest_written"] = r.manifest_written;
    if (!r.manifest_error.empty()) j["manifest_error"] = r.manifest_error;
  }
  j["requests"] = r.stats.requests;
  j["retries"] = r.stats.retries;
  j["bytes_sent"] = r.stats.bytes_sent;
  j["bytes_received"] = r.stats.bytes_received;
  j["seconds"] = std::round(r.seconds * 1000) / 1000;
  return j.dump(2) + "\n";
}

std::string ProgressLine(const Progress& p, double seconds) {
  std::string out = "publishing " + std::to_string(p.files_done) + "/" + std::to_string(p.files_total) + " files, " +
                    HumanBytes(p.bytes_done) + "/" + HumanBytes(p.bytes_total);
  if (seconds >= 0.5 && p.bytes_done > 0) {
    double rate = static_cast<double>(p.bytes_done) / seconds;
    out += ", " + HumanBytes(static_cast<std::uint64_t>(rate)) + "/s";
    if (p.bytes_total > p.bytes_done) {
      out += ", " + Clock(static_cast<double>(p.bytes_total - p.bytes_done) / rate) + " left";
    }
  }
  return out;
}

}  // namespace lp::publish
