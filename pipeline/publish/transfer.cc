#include "publish/transfer.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

#include "publish/retry.h"

namespace lp::publish {
namespace {

using Clock = std::chrono::steady_clock;

CURLM* Multi(void* p) { return static_cast<CURLM*>(p); }

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Hex(const unsigned char* digest, unsigned int length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace

struct Transfer::Job {
  std::size_t index = 0;
  HttpRequest request;
  HttpResponse response;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  EVP_MD_CTX* hash = nullptr;
  bool prepared = false;
  bool over_cap = false;            // the response body passed max_response_bytes
  std::uint64_t max_body = 0;
  std::uint64_t header_bytes = 0;
  curl_off_t sent_now = 0;
  Clock::time_point not_before{};
  std::array<char, CURL_ERROR_SIZE> error_buffer{};

  ~Job() { Reset(); }
  void Reset() {
    if (easy) curl_easy_cleanup(easy);
    easy = nullptr;
    if (header_list) curl_slist_free_all(header_list);
    header_list = nullptr;
    if (hash) EVP_MD_CTX_free(hash);
    hash = nullptr;
  }

  static std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* job = static_cast<Job*>(user);
    // Headers are kept too: a server that sends them without end is cut off like an endless body.
    job->header_bytes += size * count;
    if (job->header_bytes > std::max<std::uint64_t>(job->max_body, 1u << 20)) {
      job->over_cap = true;
      return 0;
    }
    std::string line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.rfind("HTTP/", 0) == 0) {
      job->response.headers.clear();  // a new response: an interim 100 Continue, or the final one
    } else if (std::size_t colon = line.find(':'); colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      std::size_t start = value.find_first_not_of(" \t");
      job->response.headers[Lower(line.substr(0, colon))] = start == std::string::npos ? "" : value.substr(start);
    }
    return size * count;
  }

  static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* job = static_cast<Job*>(user);
    std::size_t n = size * count;
    job->response.body_size += n;
    if (job->hash) {
      EVP_DigestUpdate(job->hash, data, n);
    } else {
      if (job->response.body.size() + n > job->max_body) {
        job->over_cap = true;
        return 0;  // libcurl stops the transfer (CURLE_WRITE_ERROR)
      }
      job->response.body.append(data, n);
    }
    return n;
  }

  static int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t sent) {
    static_cast<Job*>(user)->sent_now = sent;
    return 0;
  }
};

Transfer::Transfer(TransferOptions options, Auth auth) : options_(options), auth_(std::move(auth)) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  multi_ = curl_multi_init();
  long jobs = std::max(1, options_.jobs);
  curl_multi_setopt(Multi(multi_), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  curl_multi_setopt(Multi(multi_), CURLMOPT_MAX_HOST_CONNECTIONS, jobs);
  curl_multi_setopt(Multi(multi_), CURLMOPT_MAX_TOTAL_CONNECTIONS, jobs);
  curl_multi_setopt(Multi(multi_), CURLMOPT_MAXCONNECTS, jobs);
}

Transfer::~Transfer() { curl_multi_cleanup(Multi(multi_)); }

void Transfer::Start(Job& job) {
  job.Reset();
  job.response.status = 0;
  job.response.curl_code = 0;
  job.response.error.clear();
  job.response.headers.clear();
  job.response.body.clear();
  job.response.body_size = 0;
  job.sent_now = 0;
  job.over_cap = false;
  job.header_bytes = 0;
  job.max_body = options_.max_response_bytes;
  job.error_buffer[0] = '\0';
  CURL* easy = curl_easy_init();
  job.easy = easy;
  const HttpRequest& r = job.request;
  curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &job);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "letterpress/0.1.0");
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, job.error_buffer.data());
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);  // wait to share an HTTP/2 connection rather than open another
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count() * 1000));
  // A stall, not a slow transfer, is a failure: less than one byte a second for stall_timeout.
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.stall_timeout.count()));
  if (options_.deadline != Clock::time_point{}) {
    // Whatever the request is doing (a server dripping one byte a second is never a stall), it ends by the
    // run's deadline.
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(options_.deadline - Clock::now()).count();
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<long long>(1, left)));
  }
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Job::OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &job);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Job::OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &job);
  curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, &Job::OnProgress);
  curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &job);
  curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  switch (auth_.kind) {
    case AuthKind::kNone:
      break;
    case AuthKind::kBasic:
      curl_easy_setopt(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      curl_easy_setopt(easy, CURLOPT_USERNAME, auth_.user.c_str());
      curl_easy_setopt(easy, CURLOPT_PASSWORD, auth_.password.c_str());
      break;
    case AuthKind::kAwsSigV4:
      curl_easy_setopt(easy, CURLOPT_AWS_SIGV4, auth_.sigv4.c_str());
      curl_easy_setopt(easy, CURLOPT_USERNAME, auth_.user.c_str());
      curl_easy_setopt(easy, CURLOPT_PASSWORD, auth_.password.c_str());
      break;
  }
  for (const std::string& h : r.headers) job.header_list = curl_slist_append(job.header_list, h.c_str());
  if (r.method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else if (r.method == "PUT" || r.method == "PROPFIND" || r.method == "POST") {
    // The body is in memory: handing it over as POSTFIELDS sends it with a Content-Length (no chunking,
    // which some WebDAV servers refuse) and lets a retry send it again.
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
    if (r.method != "POST") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    // No "Expect: 100-continue" round trip before large bodies, except under SigV4, where every header
    // sent is signed and the empty header would be signed as if it were sent.
    if (auth_.kind != AuthKind::kAwsSigV4) job.header_list = curl_slist_append(job.header_list, "Expect:");
  } else if (r.method != "GET") {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, job.header_list);
  if (r.hash_response) {
    job.hash = EVP_MD_CTX_new();
    EVP_DigestInit_ex(job.hash, EVP_sha256(), nullptr);
  }
  ++job.response.tries;
  ++stats_.requests;
  curl_multi_add_handle(Multi(multi_), easy);
}

std::vector<HttpResponse> Transfer::Run(std::vector<HttpRequest> requests, const OnDone& on_done, const OnTick& on_tick) {
  std::vector<std::unique_ptr<Job>> jobs;
  std::deque<Job*> ready;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto job = std::make_unique<Job>();
    job->index = i;
    job->request = std::move(requests[i]);
    ready.push_back(job.get());
    jobs.push_back(std::move(job));
  }
  std::vector<Job*> waiting;  // failed tries waiting out their backoff
  std::vector<Job*> running;
  std::mt19937_64 random{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  bool stop_starting = false;  // a request exhausted its tries without reaching the server
  std::string stop_reason;
  Clock::time_point last_tick = Clock::now();

  auto finish = [&](Job& job) {
    // The body is no longer needed: a batch holds in memory only the files still in flight.
    std::string().swap(job.request.body);
    if (on_done) on_done(job.index, job.response);
  };
  auto fail_unsent = [&](Job& job, std::string why) {
    job.response.error = std::move(why);
    job.response.sent = job.response.tries > 0;
    finish(job);
  };

  const std::size_t max_running = static_cast<std::size_t>(std::max(1, options_.jobs));
  const bool has_deadline = options_.deadline != Clock::time_point{};
  const std::string deadline_message =
      "the publish ran out of time (--timeout " + std::to_string(options_.run_timeout.count()) + " s for the whole run)";
  while (!ready.empty() || !waiting.empty() || !running.empty()) {
    Clock::time_point now = Clock::now();
    if (has_deadline && now >= options_.deadline && !stop_starting) {
      // Nothing new starts; requests still running end by their own CURLOPT_TIMEOUT, set from the deadline.
      stop_starting = true;
      stop_reason = deadline_message;
    }
    for (auto it = waiting.begin(); it != waiting.end();) {
      if ((*it)->not_before <= now || stop_starting) {
        ready.push_back(*it);
        it = waiting.erase(it);
      } else {
        ++it;
      }
    }
    while (!ready.empty() && (running.size() < max_running || stop_starting)) {
      Job* job = ready.front();
      ready.pop_front();
      if (stop_starting) {
        job->response.limited = job->response.limited || stop_reason == deadline_message;
        fail_unsent(*job, job->response.tries ? job->response.error : "not sent: " + stop_reason);
        continue;
      }
      if (!job->prepared) {
        job->prepared = true;
        if (job->request.prepare) {
          std::string error = job->request.prepare(job->request);
          if (!error.empty()) {
            fail_unsent(*job, error);
            continue;
          }
        }
      }
      Start(*job);
      running.push_back(job);
    }
    if (running.empty() && ready.empty() && waiting.empty()) break;

    int still_running = 0;
    curl_multi_perform(Multi(multi_), &still_running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(Multi(multi_), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      CURLcode code = msg->data.result;
      Job* job = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, reinterpret_cast<char**>(&job));
      curl_multi_remove_handle(Multi(multi_), easy);
      running.erase(std::remove(running.begin(), running.end(), job), running.end());
      HttpResponse& resp = job->response;
      resp.sent = true;
      resp.curl_code = static_cast<int>(code);
      curl_off_t uploaded = 0, downloaded = 0;
      curl_easy_getinfo(easy, CURLINFO_SIZE_UPLOAD_T, &uploaded);
      curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &downloaded);
      stats_.bytes_sent += static_cast<std::uint64_t>(uploaded);
      stats_.bytes_received += static_cast<std::uint64_t>(downloaded);
      if (code == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        resp.status = status;
        if (job->hash) {
          std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
          unsigned int length = 0;
          EVP_DigestFinal_ex(job->hash, digest.data(), &length);
          resp.body_sha256 = Hex(digest.data(), length);
        }
      } else {
        resp.status = 0;
        resp.error = job->error_buffer[0] ? std::string(job->error_buffer.data()) : curl_easy_strerror(code);
      }
      if (job->over_cap) {
        resp.status = 0;
        resp.limited = true;
        resp.error = "the answer to " + job->request.method + " " + job->request.url + " was cut off at the cap of " +
                     std::to_string(options_.max_response_bytes) + " bytes (--max-response-bytes)";
      } else if (code == CURLE_OPERATION_TIMEDOUT && has_deadline && Clock::now() + std::chrono::milliseconds(50) >= options_.deadline) {
        resp.limited = true;
        resp.error = deadline_message + ", during " + job->request.method + " " + job->request.url;
      }
      job->Reset();

      bool retryable = !resp.limited && (resp.status == 0 ? IsRetryableCurlCode(resp.curl_code) : IsRetryableStatus(resp.status));
      int retries_used = resp.tries - 1;
      if (retryable && retries_used < options_.retries && !stop_starting) {
        std::chrono::milliseconds delay = BackoffDelay(retries_used + 1, options_.backoff_base, options_.backoff_cap, unit(random));
        auto retry_after = resp.headers.find("retry-after");
        if (resp.status != 0 && retry_after != resp.headers.end()) {
          std::optional<std::chrono::milliseconds> asked =
              ParseRetryAfter(retry_after->second, static_cast<std::int64_t>(std::time(nullptr)));
          if (asked && *asked > options_.max_retry_after) {
            resp.error = "the server asked to retry after " + std::to_string(asked->count() / 1000) + " s, longer than " +
                         std::to_string(options_.max_retry_after.count()) + " s";
            finish(*job);
            continue;
          }
          if (asked) delay = *asked;
        }
        ++stats_.retries;
        job->not_before = Clock::now() + delay;
        if (has_deadline && job->not_before >= options_.deadline) {
          resp.limited = true;
          resp.error = deadline_message + ", before the next try of " + job->request.method + " " + job->request.url +
                       " (" + resp.error + ")";
          finish(*job);
          continue;
        }
        waiting.push_back(job);
        continue;
      }
      if (resp.limited && !stop_starting && has_deadline && Clock::now() >= options_.deadline) {
        stop_starting = true;
        stop_reason = deadline_message;
      }
      if (resp.status == 0 && retryable) {
        // Every try failed before the server answered: the host is down or unreachable. Stop starting
        // the rest, which would only wait out the same backoff.
        stop_starting = true;
        stop_reason = resp.error + " (" + job->request.url + ")";
      }
      if (resp.status == 401) {
        stop_starting = true;
        stop_reason = "authentication failed (HTTP 401) on an earlier request";
      }
      finish(*job);
    }

    now = Clock::now();
    if (on_tick && now - last_tick >= std::chrono::milliseconds(100)) {
      last_tick = now;
      std::uint64_t in_flight = 0;
      for (const Job* j : running) in_flight += static_cast<std::uint64_t>(j->sent_now);
      on_tick(in_flight);
    }
    std::chrono::milliseconds wait{100};
    if (has_deadline) {
      wait = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(options_.deadline - now), std::chrono::milliseconds(0), wait);
    }
    for (const Job* j : waiting) {
      auto until = std::chrono::duration_cast<std::chrono::milliseconds>(j->not_before - now);
      wait = std::clamp(until, std::chrono::milliseconds(0), wait);
    }
    if (!running.empty()) {
      curl_multi_poll(Multi(multi_), nullptr, 0, static_cast<int>(wait.count()), nullptr);
    } else if (ready.empty() && !waiting.empty()) {
      std::this_thread::sleep_for(wait);
    }
  }
  std::vector<HttpResponse> out;
  out.reserve(jobs.size());
  for (auto& job : jobs) out.push_back(std::move(job->response));
  return out;
}

HttpResponse Transfer::RunOne(HttpRequest request) {
  std::vector<HttpRequest> one;
  one.push_back(std::move(request));
  return std::move(Run(std::move(one)).front());
}

std::string DescribeFailure(const HttpResponse& response, const std::string& detail) {
  if (response.limited) return response.error;
  std::string tries = response.tries > 1 ? " (after " + std::to_string(response.tries) + " tries)" : "";
  if (response.status == 0) return (response.error.empty() ? "no response" : response.error) + tries;
  std::string out = "HTTP " + std::to_string(response.status);
  if (!detail.empty()) out += " " + detail;
  if (!response.error.empty()) out += ": " + response.error;
  return out + tries;
}

}  // namespace lp::publish
