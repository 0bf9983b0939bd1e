#include "cli/publish_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "base/text.h"
#include "cli/front_end.h"
#include "publish/publisher.h"
#include "publish/report.h"
#include "publish/target.h"
#include "publish/target_url.h"
#include "site/release.h"

namespace lp::cli {
namespace {
namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// Prints each finished operation, and on a terminal a progress line that the next output overwrites.
class TerminalObserver final : public publish::PublishObserver {
 public:
  TerminalObserver(bool lines, bool progress) : lines_(lines), progress_(progress) {}
  ~TerminalObserver() override { Clear(); }

  void OnFile(const publish::FileEvent& e) override {
    if (!lines_ && e.ok) return;
    Clear();
    (e.ok ? std::cout : std::cerr) << MaskUrlCredentials(publish::FormatEvent(e)) << std::flush;
  }
  void OnProgress(const publish::Progress& p) override {
    if (!progress_) return;
    auto now = std::chrono::steady_clock::now();
    if (!started_) started_ = now;
    if (shown_ && now - last_ < std::chrono::milliseconds(100) && p.files_done < p.files_total) return;
    last_ = now;
    std::string line = publish::ProgressLine(p, std::chrono::duration<double>(now - *started_).count());
    std::cerr << "\r\033[K" << line << std::flush;
    shown_ = true;
  }
  void Clear() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
  }

 private:
  bool lines_, progress_;
  bool shown_ = false;
  std::optional<std::chrono::steady_clock::time_point> started_;
  std::chrono::steady_clock::time_point last_{};
};

int Usage(const std::string& message) {
  std::cerr << "letterpress publish: " << MaskUrlCredentials(message) << "\n";
  return kUsage;
}

}  // namespace

CLI::App* AddPublishCommand(CLI::App& app, PublishCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "publish", "Publish a built site to S3, a WebDAV server or a directory: only what changed, in link-safe order");
  cmd->add_option("--site", o.site, "The site folder given to build --out (default: public)");
  cmd->add_option("--to", o.to,
                  "Where to: s3://bucket/prefix, webdav+https://host/path, file:///path or a path")
      ->required();
  cmd->add_option("--endpoint", o.endpoint, "S3: the endpoint URL (default: $LETTERPRESS_S3_ENDPOINT, else AWS)");
  cmd->add_option("--region", o.region, "S3: the region (default: $AWS_REGION, else us-east-1)");
  cmd->add_option("-j,--jobs", o.jobs, "Transfers at once (default: 8)")->check(CLI::Range(1, 64));
  cmd->add_option("--retries", o.retries, "Further tries of a failed request (default: 5)")->check(CLI::Range(0, 20));
  cmd->add_option("--timeout", o.timeout, "Seconds the whole publish may take; then it stops and exits 3 (default: no limit)")
      ->check(CLI::Range(0, 7 * 24 * 3600));
  cmd->add_option("--request-timeout", o.request_timeout,
                  "Seconds a transfer may stall before it is tried again (default: 30)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--max-response-bytes", o.max_response_bytes,
                  "Largest listing or other response kept in memory; a larger one fails the publish (default: 67108864)")
      ->check(CLI::Range(std::uint64_t{4096}, std::uint64_t{1} << 40));
  cmd->add_option("--multipart-threshold", o.multipart_threshold,
                  "S3: files larger than this many bytes go up in parts of this size (default: 16777216; at least 5 MiB)")
      ->check(CLI::Range(std::uint64_t{5} << 20, std::uint64_t{5} << 30));
  cmd->add_option("--max-deletes", o.max_deletes, "Refuse to delete more files than this without --yes (default: 10)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_flag("-y,--yes", o.yes, "Delete any number of files that are not in the site");
  cmd->add_flag("-n,--dry-run", o.dry_run, "Print the plan (each file and why) and change nothing");
  cmd->add_flag("--verify", o.verify, "Fetch every file back after uploading and check its SHA-256 (lists the whole target)");
  cmd->add_flag("--full-listing", o.full_listing,
                "List the whole target instead of trusting its publish manifest (finds changes made behind letterpress's back)");
  cmd->add_flag("--json", o.json, "Print a machine-readable summary on stdout");
  cmd->add_flag("-q,--quiet", o.quiet, "Print only failures and the summary");
  cmd->footer(
      "Credentials come from the environment only: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN "
      "for S3; LETTERPRESS_WEBDAV_USER and LETTERPRESS_WEBDAV_PASSWORD for WebDAV.\n"
      "Exit codes: 0 published, 1 no built site, 2 usage, 3 the publish did not complete (run it again to finish).");
  return cmd;
}

int PublishCommand(const PublishCommandOptions& o) {
  std::string error;
  std::optional<publish::TargetSpec> spec = publish::ParseTargetUrl(o.to, &error);
  if (!spec) return Usage(error);

  publish::TargetConfig config;
  config.transfer.jobs = o.jobs;
  config.transfer.retries = o.retries;
  config.transfer.stall_timeout = std::chrono::seconds(o.request_timeout);
  config.transfer.connect_timeout = std::chrono::seconds(std::min(o.request_timeout, 10));
  config.transfer.max_response_bytes = o.max_response_bytes;
  config.multipart_threshold = o.multipart_threshold;
  if (o.timeout > 0) {
    config.transfer.run_timeout = std::chrono::seconds(o.timeout);
    config.transfer.deadline = std::chrono::steady_clock::now() + config.transfer.run_timeout;
  }
  if (spec->kind != publish::TargetKind::kS3 && (!o.endpoint.empty() || !o.region.empty())) {
    return Usage("--endpoint and --region are for s3:// targets");
  }
  if (spec->kind == publish::TargetKind::kS3) {
    std::string endpoint = !o.endpoint.empty() ? o.endpoint : Env("LETTERPRESS_S3_ENDPOINT");
    if (!endpoint.empty()) {
      std::optional<std::string> parsed = publish::ParseEndpoint(endpoint, &error);
      if (!parsed) return Usage(error);
      config.endpoint = *parsed;
    }
    for (const std::string& region : {o.region, Env("AWS_REGION"), Env("AWS_DEFAULT_REGION")}) {
      if (!region.empty()) {
        config.region = region;
        break;
      }
    }
    config.access_key_id = Env("AWS_ACCESS_KEY_ID");
    config.secret_access_key = Env("AWS_SECRET_ACCESS_KEY");
    config.session_token = Env("AWS_SESSION_TOKEN");
    if (config.access_key_id.empty() || config.secret_access_key.empty()) {
      return Usage("publishing to " + o.to + " needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment (and AWS_SESSION_TOKEN for temporary credentials)");
    }
  }
  if (spec->kind == publish::TargetKind::kWebDav) {
    config.webdav_user = Env("LETTERPRESS_WEBDAV_USER");
    config.webdav_password = Env("LETTERPRESS_WEBDAV_PASSWORD");
    if (config.webdav_user.empty() != config.webdav_password.empty()) {
      return Usage("set both LETTERPRESS_WEBDAV_USER and LETTERPRESS_WEBDAV_PASSWORD, or neither");
    }
  }

  // A site built by `build --out` is read under the same lock on that folder as build and rollback take, so
  // neither can switch or prune the release while it is being published.
  site::OutLock out_lock;
  if (std::error_code ec; fs::is_directory(site::ReleasesDir(o.site), ec)) {
    Diagnostics lock_diags;
    if (!out_lock.Acquire(o.site, lock_diags)) {
      ReportDiagnostics(lock_diags, false, false);
      return kPublishFailure;
    }
  }
  std::optional<publish::LocalSite> site = publish::LoadSite(o.site, error);
  if (!site) {
    std::cerr << "letterpress publish: " << MaskUrlCredentials(error) << "\n";
    return kInputError;
  }
  if (spec->kind == publish::TargetKind::kLocal) {
    std::error_code ec;
    fs::path target = fs::weakly_canonical(spec->local_path, ec);
    fs::path site_link = fs::absolute(o.site).lexically_normal();
    auto inside = [](const fs::path& p, const fs::path& dir) {
      auto rel = p.lexically_relative(dir);
      return !rel.empty() && *rel.begin() != "..";
    };
    if (inside(target, site->release) || inside(site->release, target) || target == site_link ||
        inside(target, site_link.parent_path() / (site_link.filename().string() + ".releases"))) {
      return Usage("--to " + o.to + " overlaps the site being published; choose a directory outside it");
    }
  }

  std::unique_ptr<publish::Target> target = publish::MakeTarget(*spec, config);
  publish::PublishOptions options;
  options.dry_run = o.dry_run;
  options.verify = o.verify;
  options.full_listing = o.full_listing;
  options.max_deletes = o.max_deletes;
  options.yes = o.yes;
  bool terminal = ::isatty(STDERR_FILENO) && ::isatty(STDIN_FILENO);
  if (terminal && !o.json) {
    options.confirm_deletes = [&](std::size_t n) {
      std::cerr << n << " files on " << MaskUrlCredentials(target->Name()) << " are not in the site, more than --max-deletes (" << o.max_deletes
                << ") allows. Delete them? [y/N] " << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      return answer == "y" || answer == "Y" || answer == "yes";
    };
  }
  TerminalObserver observer(!o.quiet && !o.json, !o.quiet && ::isatty(STDERR_FILENO));
  struct PlanPrinter final : publish::PublishObserver {
    publish::PublishObserver& inner;
    bool print;
    PlanPrinter(publish::PublishObserver& i, bool p) : inner(i), print(p) {}
    void OnPlan(const publish::PublishPlan& plan) override {
      if (print) std::cout << MaskUrlCredentials(publish::FormatPlan(plan)) << std::flush;
    }
    void OnFile(const publish::FileEvent& e) override { inner.OnFile(e); }
    void OnProgress(const publish::Progress& p) override { inner.OnProgress(p); }
  } printer(observer, o.dry_run && !o.json);

  publish::PublishReport report = publish::Publish(*site, *target, options, printer);
  observer.Clear();
  bool ok = report.error.empty() && (report.dry_run || report.complete());
  if (o.json) {
    std::cout << MaskUrlCredentials(publish::ReportJson(report));
    if (!ok) std::cerr << MaskUrlCredentials(publish::FormatSummary(report));
  } else if (ok) {
    std::cout << MaskUrlCredentials(publish::FormatSummary(report));
  } else {
    std::cerr << MaskUrlCredentials(publish::FormatSummary(report));
  }
  return ok ? kOk : kPublishFailure;
}

}  // namespace lp::cli
