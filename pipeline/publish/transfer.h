#pragma once
// publish/transfer: runs many HTTP requests at once over libcurl's multi interface, retrying the ones that
// fail for reasons a retry can cure. Connections are kept and reused across requests and batches, and
// HTTP/2 is used (and multiplexed) wherever a TLS server offers it.
//
// Retries: connection failures, timeouts and stalls, 408, 429 and 5xx, up to `retries` more tries, after
// BackoffDelay (exponential with jitter) or exactly the wait a Retry-After header asks for. When a request
// has used up its tries without ever reaching the server, the batch stops starting new requests: the
// rest would only wait out the same backoff against the same dead host.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lp::publish {

struct HttpRequest {
  std::string method = "GET";        // GET, HEAD, PUT, DELETE, MKCOL, PROPFIND
  std::string url;                   // already percent-encoded
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  // Run once, just before the first try: fills in the body and any headers that depend on it (so a batch of
  // uploads holds only the files in flight in memory). A non-empty result fails the request unsent.
  std::function<std::string(HttpRequest&)> prepare;
  bool hash_response = false;  // keep only the SHA-256 and size of the response body (fetching files back)
  std::uint64_t upload_size = 0;  // for progress, before `prepare` has run
};

struct HttpResponse {
  long status = 0;        // 0: no HTTP response
  int curl_code = 0;      // CURLE_OK when the exchange completed
  std::string error;      // why there is no response: libcurl's message, or what `prepare` said
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string body_sha256;  // with hash_response
  std::uint64_t body_size = 0;
  int tries = 0;
  bool sent = false;      // false: never sent (prepare failed, or the batch stopped first)
  bool limited = false;   // stopped by a limit (the response size cap or the run's deadline); `error` says which
};

enum class AuthKind { kNone, kBasic, kAwsSigV4 };

struct Auth {
  AuthKind kind = AuthKind::kNone;
  std::string user;      // basic: user name; SigV4: access key id
  std::string password;  // basic: password; SigV4: secret access key
  std::string sigv4;     // SigV4: "aws:amz:<region>:s3", as CURLOPT_AWS_SIGV4 takes it
};

struct TransferOptions {
  int jobs = 8;                                    // requests in flight at once
  int retries = 5;                                 // further tries after the first
  std::chrono::milliseconds backoff_base{250};
  std::chrono::milliseconds backoff_cap{20000};
  std::chrono::seconds max_retry_after{120};       // a longer Retry-After fails the request instead
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds stall_timeout{30};          // no byte moved for this long: give up on the try
  // Response bodies are kept in memory (listings, the manifest, error documents): one larger than this is cut
  // off and its request fails, so a server that never stops answering cannot exhaust memory. Fetched files
  // are hashed as they arrive, not kept, and are not capped.
  std::uint64_t max_response_bytes = 64ull << 20;
  // Every request ends by this time, whatever it is doing; requests not yet started by then are not sent.
  // The epoch (the default) means no deadline.
  std::chrono::steady_clock::time_point deadline{};
  std::chrono::seconds run_timeout{0};  // what the deadline was set from, for messages ("--timeout 60")
};

struct TransferStats {
  std::uint64_t requests = 0;  // tries actually sent
  std::uint64_t retries = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
};

class Transfer {
 public:
  Transfer(TransferOptions options, Auth auth);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Called as each request finishes for good (after its last try), on the calling thread.
  using OnDone = std::function<void(std::size_t index, const HttpResponse& response)>;
  // Called about ten times a second with the bytes sent so far by requests still in flight.
  using OnTick = std::function<void(std::uint64_t in_flight_bytes)>;

  // Runs every request and returns one response per request, in the same order.
  std::vector<HttpResponse> Run(std::vector<HttpRequest> requests, const OnDone& on_done = {}, const OnTick& on_tick = {});
  // Runs one request.
  HttpResponse RunOne(HttpRequest request);

  const TransferStats& stats() const { return stats_; }

 private:
  struct Job;
  void Start(Job& job);
  TransferOptions options_;
  Auth auth_;
  void* multi_;  // CURLM*, kept for its connection cache
  TransferStats stats_;
};

// "HTTP 403 SignatureDoesNotMatch: ..." or "Couldn't connect to server (after 6 tries)": what went wrong
// with a request, for messages. `detail` is a server-specific explanation of the body, when there is one.
std::string DescribeFailure(const HttpResponse& response, const std::string& detail = {});

}  // namespace lp::publish
