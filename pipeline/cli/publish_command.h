#pragma once
// `letterpress publish`: a built site onto S3, a WebDAV server or a local directory, by content diff.

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace lp::cli {

struct PublishCommandOptions {
  std::string site = "public";
  std::string to;
  std::string endpoint;  // S3: else $LETTERPRESS_S3_ENDPOINT, else AWS
  std::string region;    // S3: else $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1
  int jobs = 8;
  int retries = 5;
  int timeout = 0;               // seconds for the whole publish; 0: no limit
  int request_timeout = 30;      // seconds a transfer may stall
  std::uint64_t max_response_bytes = 64ull << 20;
  std::uint64_t multipart_threshold = 16ull << 20;
  int max_deletes = 10;
  bool yes = false;
  bool dry_run = false;
  bool verify = false;
  bool full_listing = false;
  bool json = false;
  bool quiet = false;
};

// Adds the `publish` subcommand and its options to `app`.
CLI::App* AddPublishCommand(CLI::App& app, PublishCommandOptions& options);

// Runs it; returns the exit code (0, 1 no site, 2 usage, 3 the publish did not complete).
int PublishCommand(const PublishCommandOptions& options);

}  // namespace lp::cli
