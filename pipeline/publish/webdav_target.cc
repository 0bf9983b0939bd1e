#include "publish/webdav_target.h"

#include <pugixml.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "publish/content_type.h"
#include "publish/manifest.h"
#include "publish/retry.h"

namespace lp::publish {
namespace {

constexpr const char* kPropfindBody =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:resourcetype/><D:getcontentlength/><D:getlastmodified/><D:getetag/>"
    "</D:prop></D:propfind>\n";

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

std::string ParentFolder(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

int Depth(const std::string& folder) {
  return folder.empty() ? 0 : 1 + static_cast<int>(std::count(folder.begin(), folder.end(), '/'));
}

class WebDavTarget final : public Target {
 public:
  WebDavTarget(TargetSpec spec, TargetConfig config)
      : spec_(std::move(spec)),
        transfer_(config.transfer, config.webdav_user.empty()
                                       ? Auth{}
                                       : Auth{AuthKind::kBasic, config.webdav_user, config.webdav_password, ""}) {
    std::size_t authority = spec_.base_url.find("://") + 3;
    std::size_t slash = spec_.base_url.find('/', authority);
    origin_ = spec_.base_url.substr(0, slash);
    base_path_ = spec_.base_url.substr(slash);
  }

  std::string Name() const override { return "webdav+" + spec_.base_url; }
  bool StoresHeaders() const override { return false; }
  bool CoarseClock() const override { return true; }  // getlastmodified is an HTTP date: whole seconds

  bool ReadState(TargetState& state, std::string& error) override {
    std::vector<std::string> level = {""};
    std::set<std::string> seen = {""};
    bool asked_own = false;
    while (!level.empty() || !asked_own) {
      if (level.empty()) {
        // Some servers (nginx's dav_ext among them) leave names starting with '.' out of listings, but
        // answer for them when asked by name.
        asked_own = true;
        if (!state.root_exists || seen.count(".letterpress")) break;
        seen.insert(".letterpress");
        level.push_back(".letterpress");
      }
      std::vector<HttpRequest> requests;
      for (const std::string& folder : level) {
        HttpRequest r;
        r.method = "PROPFIND";
        r.url = FolderUrl(folder);
        r.headers = {"Depth: 1", "Content-Type: application/xml; charset=utf-8"};
        r.body = kPropfindBody;
        requests.push_back(std::move(r));
      }
      std::vector<HttpResponse> responses = transfer_.Run(std::move(requests));
      std::vector<std::string> next;
      for (std::size_t i = 0; i < level.size(); ++i) {
        const HttpResponse& r = responses[i];
        if (r.status == 404) {
          if (level[i].empty()) state.root_exists = false;
          continue;  // the base folder does not exist yet, or a folder vanished while we listed
        }
        if (level[i] == ".letterpress" && r.status == 207 &&
            std::find(state.folders.begin(), state.folders.end(), level[i]) == state.folders.end()) {
          state.folders.push_back(level[i]);
        }
        if (r.status != 207) {
          error = "cannot list " + Name() + ": " + Explain(r, r.status == 405 ? "PROPFIND" : "");
          return false;
        }
        std::optional<std::vector<DavEntry>> entries = ParseMultistatus(r.body, base_path_);
        if (!entries) {
          error = "cannot list " + Name() + ": the answer to PROPFIND " + FolderUrl(level[i]) + " is not a multistatus document";
          return false;
        }
        for (DavEntry& e : *entries) {
          if (e.path.empty() || e.path == level[i]) continue;
          if (ParentFolder(e.path) != level[i]) continue;  // only direct children answer a Depth 1 PROPFIND
          if (e.folder) {
            if (seen.insert(e.path).second) {
              state.folders.push_back(e.path);
              next.push_back(e.path);
            }
            continue;
          }
          ListedFile f;
          f.path = e.path;
          f.size = e.size;
          f.token = e.etag;
          f.mtime = e.mtime;
          if (f.path == kManifestPath) state.manifest_mtime = f.mtime;
          state.files.push_back(std::move(f));
        }
      }
      std::sort(next.begin(), next.end());
      level = std::move(next);
    }
    std::sort(state.folders.begin(), state.folders.end());
    if (state.manifest_mtime) {
      HttpResponse r = transfer_.RunOne(Get(std::string(kManifestPath)));
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
    HttpResponse r = transfer_.RunOne(Get(std::string(kManifestPath)));
    if (r.status != 200) return std::nullopt;
    return std::move(r.body);
  }

  bool PrepareFolders(const std::vector<std::string>& paths, const TargetState& state, std::string& error) override {
    if (!state.root_exists) {
      // MKCOL creates one level at a time (RFC 4918 9.3.1): create the base folder's ancestors first.
      std::string path;
      std::size_t start = 1;
      while (start < base_path_.size()) {
        std::size_t end = base_path_.find('/', start);
        path = base_path_.substr(0, end + 1);
        HttpRequest r;
        r.method = "MKCOL";
        r.url = origin_ + path;
        HttpResponse resp = transfer_.RunOne(std::move(r));
        if (!MkcolOk(resp)) {
          error = "cannot create the folder " + origin_ + path + ": " + Explain(resp);
          return false;
        }
        start = end + 1;
      }
    }
    std::set<std::string> existing(state.folders.begin(), state.folders.end());
    std::set<std::string> needed;
    for (const std::string& p : paths) {
      for (std::string folder = ParentFolder(p); !folder.empty(); folder = ParentFolder(folder)) needed.insert(folder);
    }
    std::map<int, std::vector<std::string>> by_depth;
    for (const std::string& f : needed) {
      if (!existing.count(f)) by_depth[Depth(f)].push_back(f);
    }
    for (const auto& [depth, folders] : by_depth) {
      std::vector<HttpRequest> requests;
      for (const std::string& f : folders) {
        HttpRequest r;
        r.method = "MKCOL";
        r.url = FolderUrl(f);
        requests.push_back(std::move(r));
      }
      std::vector<HttpResponse> responses = transfer_.Run(std::move(requests));
      for (std::size_t i = 0; i < folders.size(); ++i) {
        if (!MkcolOk(responses[i])) {
          error = "cannot create the folder " + FolderUrl(folders[i]) + ": " + Explain(responses[i]);
          return false;
        }
      }
    }
    return true;
  }

  std::vector<OpResult> Put(const std::vector<PutItem>& items, const Done& done, const Tick& tick) override {
    std::vector<HttpRequest> requests;
    for (const PutItem& item : items) {
      HttpRequest r;
      r.method = "PUT";
      r.url = FileUrl(item.path);
      r.upload_size = item.size;
      // The web server decides the headers it serves; Content-Type is sent for servers that keep it.
      r.headers = {"Content-Type: " + item.content_type};
      r.prepare = [item](HttpRequest& req) { return ReadReleaseFile(item, req.body); };
      requests.push_back(std::move(r));
    }
    auto ok = [](const HttpResponse& r) { return r.status == 200 || r.status == 201 || r.status == 204; };
    return ToResults(transfer_.Run(std::move(requests), Adapt(done, ok), tick), ok);
  }

  std::vector<OpResult> Fetch(const std::vector<std::string>& paths, const Done& done, const Tick& tick) override {
    std::vector<HttpRequest> requests;
    for (const std::string& p : paths) {
      HttpRequest r = Get(p);
      r.hash_response = true;
      requests.push_back(std::move(r));
    }
    auto ok = [](const HttpResponse& r) { return r.status == 200; };
    return ToResults(transfer_.Run(std::move(requests), Adapt(done, ok), tick), ok);
  }

  std::vector<OpResult> Remove(const std::vector<std::string>& paths, const Done& done) override {
    std::vector<HttpRequest> requests;
    for (const std::string& p : paths) {
      HttpRequest r;
      r.method = "DELETE";
      r.url = FileUrl(p);
      requests.push_back(std::move(r));
    }
    auto ok = [](const HttpResponse& r) { return r.status == 200 || r.status == 204 || r.status == 404; };
    return ToResults(transfer_.Run(std::move(requests), Adapt(done, ok)), ok);
  }

  void RemoveFolders(const std::vector<std::string>& folders) override {
    std::map<int, std::vector<std::string>, std::greater<>> by_depth;
    for (const std::string& f : folders) by_depth[Depth(f)].push_back(f);
    for (const auto& [depth, level] : by_depth) {
      std::vector<HttpRequest> requests;
      for (const std::string& f : level) {
        HttpRequest r;
        r.method = "DELETE";
        r.url = FolderUrl(f);
        requests.push_back(std::move(r));
      }
      transfer_.Run(std::move(requests));
    }
  }

  bool WriteManifest(const std::string& text, std::string& error) override {
    HttpRequest mkcol;
    mkcol.method = "MKCOL";
    mkcol.url = FolderUrl(".letterpress");
    HttpResponse made = transfer_.RunOne(std::move(mkcol));
    if (!MkcolOk(made)) {
      error = "cannot create " + FolderUrl(".letterpress") + " for the publish manifest: " + Explain(made);
      return false;
    }
    HttpRequest r;
    r.method = "PUT";
    r.url = FileUrl(std::string(kManifestPath));
    r.body = text;
    r.headers = {"Content-Type: application/json"};
    HttpResponse resp = transfer_.RunOne(std::move(r));
    if (resp.status == 200 || resp.status == 201 || resp.status == 204) return true;
    error = "cannot write the publish manifest to " + Name() + ": " + Explain(resp);
    return false;
  }

  TransferStats Stats() const override { return transfer_.stats(); }

 private:
  std::string FileUrl(const std::string& path) const { return spec_.base_url + EncodePath(path); }
  std::string FolderUrl(const std::string& folder) const {
    return folder.empty() ? spec_.base_url : spec_.base_url + EncodePath(folder) + "/";
  }
  HttpRequest Get(const std::string& path) const {
    HttpRequest r;
    r.url = FileUrl(path);
    return r;
  }
  // 201 Created, or 405 Method Not Allowed, which is what MKCOL answers when the folder exists.
  static bool MkcolOk(const HttpResponse& r) { return r.status == 201 || r.status == 405; }

  std::string Explain(const HttpResponse& r, const std::string& method = "") const {
    if (r.limited) return r.error;
    if (r.status == 0) return "cannot reach " + origin_ + ": " + DescribeFailure(r);
    std::string status = DescribeFailure(r);
    if (r.status == 401) {
      return "authentication failed (" + status + "); check LETTERPRESS_WEBDAV_USER and LETTERPRESS_WEBDAV_PASSWORD";
    }
    if (r.status == 403) return "access denied (" + status + ")";
    if (r.status == 405 && method == "PROPFIND") return "the server does not speak WebDAV here (" + status + " for PROPFIND)";
    if (r.status == 409) return "a parent folder is missing (" + status + ")";
    return status;
  }

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
    if (auto etag = r.headers.find("etag"); etag != r.headers.end()) out.token = etag->second;
    if (!ok) out.error = r.sent ? Explain(r) : r.error;
    return out;
  }

  TargetSpec spec_;
  std::string origin_;     // "http://host:port"
  std::string base_path_;  // "/path/", percent-encoded
  mutable Transfer transfer_;
};

}  // namespace

std::optional<std::vector<DavEntry>> ParseMultistatus(std::string_view xml, std::string_view base_path) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return std::nullopt;
  pugi::xml_node root = doc.document_element();
  if (LocalName(root.name()) != "multistatus") return std::nullopt;
  std::optional<std::string> base = DecodePercent(base_path);
  if (!base) return std::nullopt;
  std::vector<DavEntry> out;
  for (pugi::xml_node response : root.children()) {
    if (LocalName(response.name()) != "response") continue;
    std::string href = Child(response, "href").text().get();
    // An href may be an absolute URL; only its path matters.
    if (std::size_t scheme = href.find("://"); scheme != std::string::npos) {
      std::size_t slash = href.find('/', scheme + 3);
      href = slash == std::string::npos ? "/" : href.substr(slash);
    }
    std::optional<std::string> path = DecodePercent(href);
    if (!path || path->compare(0, base->size(), *base) != 0) {
      // The base folder itself may be listed without its trailing '/'.
      if (path && *path + "/" == *base) out.push_back({"", true, 0, std::nullopt, ""});
      continue;
    }
    DavEntry e;
    e.path = path->substr(base->size());
    while (!e.path.empty() && e.path.back() == '/') e.path.pop_back();
    // Properties come in propstat groups, each with its own status; only the 200 group holds values.
    for (pugi::xml_node propstat : response.children()) {
      if (LocalName(propstat.name()) != "propstat") continue;
      std::string status = Child(propstat, "status").text().get();
      if (!status.empty() && status.find(" 200") == std::string::npos) continue;
      pugi::xml_node prop = Child(propstat, "prop");
      if (Child(Child(prop, "resourcetype"), "collection")) e.folder = true;
      if (pugi::xml_node length = Child(prop, "getcontentlength")) e.size = length.text().as_ullong();
      if (pugi::xml_node modified = Child(prop, "getlastmodified")) e.mtime = ParseHttpDate(modified.text().get());
      if (pugi::xml_node etag = Child(prop, "getetag")) e.etag = etag.text().get();
    }
    if (path->back() == '/') e.folder = true;
    out.push_back(std::move(e));
  }
  return out;
}

std::unique_ptr<Target> MakeWebDavTarget(const TargetSpec& spec, const TargetConfig& config) {
  return std::make_unique<WebDavTarget>(spec, config);
}

}  // namespace lp::publish
