#include "publish/s3_target.h"

#include <pugixml.hpp>

#include <algorithm>

#include "base/text.h"
#include "publish/content_type.h"
#include "publish/manifest.h"
#include "publish/retry.h"

namespace lp::publish {
namespace {

// SHA-256 of no bytes: the payload hash of a request without a body.
constexpr const char* kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string LocalName(const char* name) {
  std::string_view n(name);
  std::size_t colon = n.find(':');
  return std::string(colon == std::string_view::npos ? n : n.substr(colon + 1));
}

pugi::xml_node Child(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node c : node.children()) {
    if (LocalName(c.name()) == name) return c;
  }
  return {};
}

std::string EscapeXml(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

std::string Unquote(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

class S3Target final : public Target {
 public:
  S3Target(TargetSpec spec, TargetConfig config)
      : spec_(std::move(spec)),
        config_(std::move(config)),
        endpoint_(config_.endpoint.empty() ? "https://s3." + config_.region + ".amazonaws.com" : config_.endpoint),
        // Path-style for every custom endpoint (S3-compatible stores rarely resolve bucket subdomains) and
        // for dotted bucket names, whose subdomain no wildcard certificate covers.
        path_style_(!config_.endpoint.empty() || spec_.bucket.find('.') != std::string::npos),
        transfer_(config_.transfer, Auth{AuthKind::kAwsSigV4, config_.access_key_id, config_.secret_access_key,
                                         "aws:amz:" + config_.region + ":s3"}) {}

  std::string Name() const override {
    return "s3://" + spec_.bucket + (spec_.prefix.empty() ? "" : "/" + spec_.prefix) + " at " + endpoint_;
  }
  bool StoresHeaders() const override { return true; }
  bool CoarseClock() const override { return true; }  // S3 keeps LastModified to the second

  bool ReadState(TargetState& state, std::string& error) override {
    std::string list_prefix = spec_.prefix.empty() ? "" : spec_.prefix + "/";
    std::string continuation;
    for (int page = 0;; ++page) {
      // libcurl signs the query string as given, so it is written in SigV4's canonical form: parameters
      // sorted by name, values percent-encoded.
      std::string query;
      if (!continuation.empty()) query += "continuation-token=" + EncodeQueryValue(continuation) + "&";
      query += "list-type=2&prefix=" + EncodeQueryValue(list_prefix);
      HttpResponse r = transfer_.RunOne(Request("GET", BucketUrl() + "?" + query));
      if (r.status != 200) {
        error = "cannot list " + Name() + ": " + Explain(r);
        return false;
      }
      std::optional<S3Listing> listing = ParseListObjects(r.body);
      if (!listing) {
        error = "cannot list " + Name() + ": the answer to ListObjectsV2 is not a listing";
        return false;
      }
      for (ListedFile& f : listing->objects) {
        if (f.path.size() <= list_prefix.size() || f.path.compare(0, list_prefix.size(), list_prefix) != 0) continue;
        if (f.path.back() == '/') continue;  // a "folder" marker some tools create
        f.path = f.path.substr(list_prefix.size());
        if (f.path == kManifestPath) state.manifest_mtime = f.mtime;
        state.files.push_back(std::move(f));
      }
      if (!listing->truncated || listing->next_token.empty()) break;
      continuation = listing->next_token;
    }
    if (state.manifest_mtime) {
      HttpResponse r = transfer_.RunOne(Request("GET", ObjectUrl(std::string(kManifestPath))));
      if (r.status == 200) {
        state.manifest = r.body;
      } else if (r.status != 404) {
        error = "cannot read the publish manifest of " + Name() + ": " + Explain(r);
        return false;
      }
    }
    return true;
  }

  std::optional<std::string> ReadManifest() override {
    HttpResponse r = transfer_.RunOne(Request("GET", ObjectUrl(std::string(kManifestPath))));
    if (r.status != 200) return std::nullopt;
    return std::move(r.body);
  }

  void Probe(const std::vector<ListedFile*>& files) override {
    std::vector<HttpRequest> requests;
    for (const ListedFile* f : files) requests.push_back(Request("HEAD", ObjectUrl(f->path)));
    std::vector<HttpResponse> responses = transfer_.Run(std::move(requests));
    for (std::size_t i = 0; i < files.size(); ++i) {
      const HttpResponse& r = responses[i];
      if (r.status != 200) continue;  // unknown stays unknown: the file is uploaded again
      auto header = [&](const char* name) -> std::optional<std::string> {
        auto it = r.headers.find(name);
        if (it == r.headers.end()) return std::nullopt;
        return it->second;
      };
      files[i]->content_type = header("content-type").value_or("");
      files[i]->cache_control = header("cache-control").value_or("");
      if (std::optional<std::string> etag = header("etag")) {
        files[i]->token = Unquote(*etag);
        files[i]->md5 = Md5FromEtag(files[i]->token);
      }
    }
  }

  std::vector<OpResult> Put(const std::vector<PutItem>& items, const Done& done, const Tick& tick) override {
    std::vector<OpResult> out(items.size());
    std::vector<std::size_t> whole, in_parts;
    for (std::size_t i = 0; i < items.size(); ++i) (items[i].size > config_.multipart_threshold ? in_parts : whole).push_back(i);
    std::vector<HttpRequest> requests;
    for (std::size_t i : whole) {
      const PutItem& item = items[i];
      HttpRequest r = Request("PUT", ObjectUrl(item.path));
      r.upload_size = item.size;
      r.prepare = [this, item](HttpRequest& req) {
        std::string problem = ReadReleaseFile(item, req.body);
        if (!problem.empty()) return problem;
        // Content-MD5 makes S3 refuse a body damaged on the way; the payload hash is signed as well.
        req.headers = SignedHeaders(item.sha256);
        AddObjectHeaders(req, item);
        req.headers.push_back("Content-MD5: " + Md5Base64(req.body));
        return std::string();
      };
      requests.push_back(std::move(r));
    }
    auto ok = [](const HttpResponse& r) { return r.status == 200; };
    Transfer::OnDone on_done;
    if (done) on_done = [&](std::size_t j, const HttpResponse& r) { done(whole[j], ToResult(r, ok(r))); };
    std::vector<HttpResponse> responses = transfer_.Run(std::move(requests), on_done, tick);
    for (std::size_t j = 0; j < whole.size(); ++j) out[whole[j]] = ToResult(responses[j], ok(responses[j]));
    // Large files one at a time, each in parts sent at once.
    for (std::size_t i : in_parts) {
      out[i] = PutInParts(items[i], tick);
      if (done) done(i, out[i]);
    }
    return out;
  }

  std::vector<OpResult> Fetch(const std::vector<std::string>& paths, const Done& done, const Tick& tick) override {
    std::vector<HttpRequest> requests;
    for (const std::string& p : paths) {
      HttpRequest r = Request("GET", ObjectUrl(p));
      r.hash_response = true;
      requests.push_back(std::move(r));
    }
    auto ok = [](const HttpResponse& r) { return r.status == 200; };
    return ToResults(transfer_.Run(std::move(requests), Adapt(done, ok), tick), ok);
  }

  std::vector<OpResult> Remove(const std::vector<std::string>& paths, const Done& done) override {
    std::vector<HttpRequest> requests;
    for (const std::string& p : paths) requests.push_back(Request("DELETE", ObjectUrl(p)));
    auto ok = [](const HttpResponse& r) { return r.status == 204 || r.status == 200 || r.status == 404; };
    return ToResults(transfer_.Run(std::move(requests), Adapt(done, ok)), ok);
  }

  bool WriteManifest(const std::string& text, std::string& error) override {
    HttpRequest r;
    r.method = "PUT";
    r.url = ObjectUrl(std::string(kManifestPath));
    r.body = text;
    r.headers = SignedHeaders(Sha256Hex(text));
    r.headers.push_back("Content-Type: application/json");
    r.headers.push_back("Cache-Control: " + std::string(kManifestCacheControl));
    r.headers.push_back("Content-MD5: " + Md5Base64(text));
    HttpResponse resp = transfer_.RunOne(std::move(r));
    if (resp.status == 200) return true;
    error = "cannot write the publish manifest to " + Name() + ": " + Explain(resp);
    return false;
  }

  TransferStats Stats() const override { return transfer_.stats(); }

 private:
  std::string Key(const std::string& path) const { return spec_.prefix.empty() ? path : spec_.prefix + "/" + path; }
  std::string BucketUrl() const {
    return path_style_ ? endpoint_ + "/" + spec_.bucket : "https://" + spec_.bucket + ".s3." + config_.region + ".amazonaws.com/";
  }
  std::string ObjectUrl(const std::string& path) const {
    std::string key = EncodePath(Key(path));
    return path_style_ ? endpoint_ + "/" + spec_.bucket + "/" + key
                       : "https://" + spec_.bucket + ".s3." + config_.region + ".amazonaws.com/" + key;
  }
  // The headers S3 keeps with an object and serves it with.
  static void AddObjectHeaders(HttpRequest& r, const PutItem& item) {
    r.headers.push_back("Content-Type: " + item.content_type);
    r.headers.push_back("Cache-Control: " + item.cache_control);
    r.headers.push_back("x-amz-meta-letterpress-sha256: " + item.sha256);
  }

  // A multipart upload (CreateMultipartUpload, UploadPart for each part at once, CompleteMultipartUpload).
  // The object appears only when the last request succeeds; a failure aborts the upload so no part is left
  // stored (and billed).
  OpResult PutInParts(const PutItem& item, const Tick& tick) {
    OpResult result;
    auto fail = [&](const std::string& why, const HttpResponse* r) {
      result.ok = false;
      result.error = r ? why + ": " + Explain(*r) : why;
      return result;
    };
    if (std::string problem = CheckReleaseFile(item); !problem.empty()) return fail(problem, nullptr);
    const std::uint64_t min_part = 5ull << 20;
    std::uint64_t part_size = std::max(config_.multipart_threshold, min_part);
    part_size = std::max(part_size, (item.size + 9999) / 10000);  // S3 takes at most 10,000 parts
    const std::uint64_t parts = (item.size + part_size - 1) / part_size;
    std::string url = ObjectUrl(item.path);

    HttpRequest create = Request("POST", url + "?uploads=");
    AddObjectHeaders(create, item);
    HttpResponse created = transfer_.RunOne(std::move(create));
    result.tries += created.tries;
    std::optional<std::string> upload_id = created.status == 200 ? ParseUploadId(created.body) : std::nullopt;
    if (!upload_id) return fail("cannot start a multipart upload of " + item.path, &created);
    std::string id_query = "uploadId=" + EncodeQueryValue(*upload_id);

    std::vector<HttpRequest> requests;
    for (std::uint64_t n = 0; n < parts; ++n) {
      std::uint64_t offset = n * part_size;
      std::uint64_t length = std::min(part_size, item.size - offset);
      HttpRequest r = Request("PUT", url + "?partNumber=" + std::to_string(n + 1) + "&" + id_query);
      r.upload_size = length;
      r.prepare = [this, item, offset, length](HttpRequest& req) {
        std::string problem = ReadReleasePart(item, offset, length, req.body);
        if (!problem.empty()) return problem;
        req.headers = SignedHeaders(Sha256Hex(req.body));
        req.headers.push_back("Content-MD5: " + Md5Base64(req.body));
        return std::string();
      };
      requests.push_back(std::move(r));
    }
    std::uint64_t parts_done = 0;
    std::vector<HttpResponse> sent = transfer_.Run(
        std::move(requests), [&](std::size_t n, const HttpResponse& r) { if (r.status == 200) parts_done += std::min(part_size, item.size - n * part_size); },
        [&](std::uint64_t in_flight) { if (tick) tick(parts_done + in_flight); });
    std::string complete_body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    for (std::size_t n = 0; n < sent.size(); ++n) {
      result.tries = std::max(result.tries, sent[n].tries);
      auto etag = sent[n].headers.find("etag");
      if (sent[n].status != 200 || etag == sent[n].headers.end()) {
        Abort(url, id_query);
        return fail("part " + std::to_string(n + 1) + " of " + std::to_string(parts) + " of " + item.path + " failed", &sent[n]);
      }
      complete_body += "<Part><PartNumber>" + std::to_string(n + 1) + "</PartNumber><ETag>" + EscapeXml(etag->second) +
                       "</ETag></Part>";
    }
    complete_body += "</CompleteMultipartUpload>";
    HttpRequest complete = Request("POST", url + "?" + id_query);
    complete.headers = SignedHeaders(Sha256Hex(complete_body));
    complete.headers.push_back("Content-Type: application/xml");
    complete.body = std::move(complete_body);
    HttpResponse completed = transfer_.RunOne(std::move(complete));
    // S3 may answer 200 and still report an error in the body, after a long wait.
    std::optional<std::string> etag = completed.status == 200 ? ParseCompleteEtag(completed.body) : std::nullopt;
    if (!etag) {
      Abort(url, id_query);
      return fail("cannot complete the multipart upload of " + item.path, &completed);
    }
    result.ok = true;
    result.token = Unquote(*etag);
    return result;
  }

  void Abort(const std::string& url, const std::string& id_query) { transfer_.RunOne(Request("DELETE", url + "?" + id_query)); }

  std::vector<std::string> SignedHeaders(const std::string& payload_sha256) const {
    // S3 wants the payload hash in a header of its own; libcurl signs it as it signs every header given.
    std::vector<std::string> headers = {"x-amz-content-sha256: " + payload_sha256};
    if (!config_.session_token.empty()) headers.push_back("x-amz-security-token: " + config_.session_token);
    return headers;
  }
  HttpRequest Request(const char* method, std::string url) const {
    HttpRequest r;
    r.method = method;
    r.url = std::move(url);
    r.headers = SignedHeaders(kEmptySha256);
    return r;
  }

  // A failed S3 request in words: what S3's error code means for the person publishing.
  std::string Explain(const HttpResponse& r) const {
    if (r.limited) return r.error;
    if (r.status == 0) return "cannot reach " + endpoint_ + ": " + DescribeFailure(r);
    S3Error e = ParseS3Error(r.body);
    std::string detail = e.code.empty() ? "" : e.code + (e.message.empty() ? "" : ": " + e.message);
    std::string status = DescribeFailure(r, detail);
    if (r.status == 404 && e.code == "NoSuchBucket") {
      return "the bucket '" + spec_.bucket + "' does not exist at " + endpoint_ + " (" + status + ")";
    }
    if (r.status == 403) {
      return "access denied (" + status + "); check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY" +
             (config_.session_token.empty() ? "" : ", AWS_SESSION_TOKEN") + " and the bucket's policy";
    }
    if (r.status == 301 || (r.status == 400 && e.code == "AuthorizationHeaderMalformed")) {
      auto region = r.headers.find("x-amz-bucket-region");
      if (region != r.headers.end()) {
        return "the bucket is in region " + region->second + ", not " + config_.region + " (" + status + "); pass --region " +
               region->second;
      }
    }
    return status;
  }

  // Adapts the transfer's per-response callback to the Target's per-result one.
  template <typename Ok>
  Transfer::OnDone Adapt(const Done& done, Ok ok) const {
    if (!done) return {};
    return [this, done, ok](std::size_t i, const HttpResponse& r) { done(i, ToResult(r, ok(r))); };
  }
  template <typename Ok>
  std::vector<OpResult> ToResults(const std::vector<HttpResponse>& responses, Ok ok) const {
    std::vector<OpResult> out;
    for (const HttpResponse& r : responses) out.push_back(ToResult(r, ok(r)));
    return out;
  }
  OpResult ToResult(const HttpResponse& r, bool ok) const {
    OpResult out;
    out.ok = ok;
    out.tries = r.tries;
    out.too_large = r.status == 413;
    out.sha256 = r.body_sha256;
    out.size = r.body_size;
    if (auto etag = r.headers.find("etag"); etag != r.headers.end()) out.token = Unquote(etag->second);
    if (!ok) out.error = r.sent ? Explain(r) : r.error;
    return out;
  }

  TargetSpec spec_;
  TargetConfig config_;
  std::string endpoint_;
  bool path_style_;
  mutable Transfer transfer_;
};

}  // namespace

std::optional<S3Listing> ParseListObjects(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return std::nullopt;
  pugi::xml_node root = doc.document_element();
  if (LocalName(root.name()) != "ListBucketResult") return std::nullopt;
  S3Listing out;
  for (pugi::xml_node c : root.children()) {
    std::string name = LocalName(c.name());
    if (name == "IsTruncated") out.truncated = std::string_view(c.text().get()) == "true";
    if (name == "NextContinuationToken") out.next_token = c.text().get();
    if (name != "Contents") continue;
    ListedFile f;
    f.path = Child(c, "Key").text().get();
    f.size = Child(c, "Size").text().as_ullong();
    f.token = Unquote(Child(c, "ETag").text().get());
    f.md5 = Md5FromEtag(f.token);
    f.mtime = ParseIsoTimestampMs(Child(c, "LastModified").text().get());
    if (!f.path.empty()) out.objects.push_back(std::move(f));
  }
  return out;
}

S3Error ParseS3Error(std::string_view xml) {
  pugi::xml_document doc;
  if (xml.empty() || !doc.load_buffer(xml.data(), xml.size())) return {};
  pugi::xml_node root = doc.document_element();
  if (LocalName(root.name()) != "Error") return {};
  return {Child(root, "Code").text().get(), Child(root, "Message").text().get()};
}

std::optional<std::string> ParseUploadId(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return std::nullopt;
  pugi::xml_node root = doc.document_element();
  if (LocalName(root.name()) != "InitiateMultipartUploadResult") return std::nullopt;
  std::string id = Child(root, "UploadId").text().get();
  if (id.empty()) return std::nullopt;
  return id;
}

std::optional<std::string> ParseCompleteEtag(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return std::nullopt;
  pugi::xml_node root = doc.document_element();
  if (LocalName(root.name()) != "CompleteMultipartUploadResult") return std::nullopt;
  std::string etag = Child(root, "ETag").text().get();
  if (etag.empty()) return std::nullopt;
  return etag;
}

std::optional<std::string> Md5FromEtag(std::string_view etag) {
  if (etag.size() != 32) return std::nullopt;
  std::string out;
  for (char c : etag) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
    out += c;
  }
  return out;
}

std::unique_ptr<Target> MakeS3Target(const TargetSpec& spec, const TargetConfig& config) {
  return std::make_unique<S3Target>(spec, config);
}

}  // namespace lp::publish
