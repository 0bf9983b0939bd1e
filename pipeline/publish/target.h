#pragma once
// publish/target: the places a site can be published to, behind one interface. Each lists what it holds,
// puts, fetches and removes files (several at once where the target is remote), and keeps the publish
// manifest. s3_target, webdav_target and local_target implement it; MakeTarget picks one from a --to URL.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "publish/plan.h"
#include "publish/target_url.h"
#include "publish/transfer.h"

namespace lp::publish {

// What the target holds, as its listing says.
struct TargetState {
  std::vector<ListedFile> files;              // every file under the prefix, ".letterpress/" included
  std::vector<std::string> folders;           // folders that exist (WebDAV, local): relative, no trailing '/'
  bool root_exists = true;                    // the folder the site goes into exists (WebDAV, local)
  std::optional<std::string> manifest;        // the publish manifest's text, when there is one
  std::optional<std::int64_t> manifest_mtime; // its last-modified time, in the unit of ListedFile::mtime
};

// One file to put on the target, read from the local release when its turn comes.
struct PutItem {
  std::string path;              // site path
  std::filesystem::path source;  // the file in the local release
  std::uint64_t size = 0;
  std::string sha256;            // what the release manifest says the file hashes to
  std::string content_type;
  std::string cache_control;
};

// The outcome of one operation on one file.
struct OpResult {
  bool ok = false;
  std::string error;    // what went wrong, naming the status or the transport error
  std::string token;    // after a put: the target's version tag, when it gave one
  std::string sha256;   // after a fetch: the SHA-256 of what came back
  std::uint64_t size = 0;
  int tries = 0;
  bool too_large = false;  // the server refused the body as too large (HTTP 413): no retry will change that
};

class Target {
 public:
  virtual ~Target() = default;

  using Done = std::function<void(std::size_t index, const OpResult& result)>;
  using Tick = std::function<void(std::uint64_t in_flight_bytes)>;

  // How messages name the target: "s3://bucket/prefix at http://127.0.0.1:9000".
  virtual std::string Name() const = 0;
  // The target serves each file with the Content-Type and Cache-Control it was uploaded with (S3). Web
  // servers behind WebDAV and local directories decide headers by their own configuration.
  virtual bool StoresHeaders() const = 0;
  // The target's modification times count whole seconds: the manifest must be written in a later second
  // than the last upload, or the next publish could not tell the two apart.
  virtual bool CoarseClock() const = 0;

  // Lists the target and reads its manifest. false, with `error` naming the target and the status or
  // transport error, when the target cannot be read (wrong credentials, no such bucket, host down).
  virtual bool ReadState(TargetState& state, std::string& error) = 0;
  // Reads only the publish manifest, with one request: its text, or nullopt when it is missing or cannot be
  // read (the full listing that follows then says why, if anything is wrong with the target).
  virtual std::optional<std::string> ReadManifest() = 0;
  // Learns cheaply what the manifest could not vouch for: the headers and ETag of an S3 object (HEAD), the
  // hash of a local file. Fills in the fields of `files` it can.
  virtual void Probe(const std::vector<ListedFile*>& files) { (void)files; }
  // Creates the folders that files at `paths` will need (WebDAV MKCOL), and the target folder itself.
  virtual bool PrepareFolders(const std::vector<std::string>& paths, const TargetState& state, std::string& error) {
    (void)paths, (void)state, (void)error;
    return true;
  }
  virtual std::vector<OpResult> Put(const std::vector<PutItem>& items, const Done& done, const Tick& tick) = 0;
  // Fetches files back and hashes them.
  virtual std::vector<OpResult> Fetch(const std::vector<std::string>& paths, const Done& done, const Tick& tick) = 0;
  // Removes files; one that is already gone counts as removed.
  virtual std::vector<OpResult> Remove(const std::vector<std::string>& paths, const Done& done) = 0;
  // Removes folders the deletions left empty, deepest first. Best effort: a folder that cannot go stays.
  virtual void RemoveFolders(const std::vector<std::string>& folders) { (void)folders; }
  virtual bool WriteManifest(const std::string& text, std::string& error) = 0;
  // Requests, retries and bytes so far.
  virtual TransferStats Stats() const { return {}; }
};

// Where a target is and who we are to it; the CLI fills this from options and the environment.
struct TargetConfig {
  std::string endpoint;  // S3: "http[s]://host[:port]"; empty: AWS itself
  std::string region = "us-east-1";
  std::string access_key_id, secret_access_key, session_token;
  std::string webdav_user, webdav_password;
  // S3: a file larger than this goes up in parts of this size (multipart upload), so no single request
  // carries more than this; S3 takes at most 5 GB in one PUT, and every part but the last must be 5 MiB or more.
  std::uint64_t multipart_threshold = 16ull << 20;
  TransferOptions transfer;
};

std::unique_ptr<Target> MakeTarget(const TargetSpec& spec, const TargetConfig& config);

// Reads a release file for upload, checking it still has the size and SHA-256 its release manifest
// recorded. An empty result means `bytes` holds the file; otherwise it says what is wrong.
std::string ReadReleaseFile(const PutItem& item, std::string& bytes);

// Reads `length` bytes at `offset` of a release file (one part of a multipart upload). An empty result means
// `bytes` holds them.
std::string ReadReleasePart(const PutItem& item, std::uint64_t offset, std::uint64_t length, std::string& bytes);

// Checks a release file against its release manifest (size and SHA-256) without holding it in memory.
std::string CheckReleaseFile(const PutItem& item);

// Lower-case hex MD5 and base64 MD5 (for Content-MD5) of some bytes.
std::string Md5Hex(std::string_view bytes);
std::string Md5Base64(std::string_view bytes);

}  // namespace lp::publish
