#include "cli/serve_command.h"

#include <httplib.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "base/text.h"
#include "calendar/date.h"
#include "cli/build_command.h"
#include "cli/front_end.h"
#include "render/html.h"

namespace lp::cli {
namespace fs = std::filesystem;

namespace {

// Set by Ctrl-C (or SIGTERM); the watcher thread then stops the server. Only an atomic store happens in the
// handler itself.
std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop = true; }

// Every file the site is built from, as "path size mtime" lines: a change to any of them (or a file added or
// removed) changes the text. Hidden files and folders (editor swap files, .git) are skipped.
std::string WatchedState(const std::vector<fs::path>& roots) {
  std::string state;
  for (const fs::path& root : roots) {
    std::vector<std::string> lines;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::none, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && (name[0] == '.' || name.back() == '~')) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      struct stat st {};
      if (::stat(it->path().c_str(), &st) != 0 || S_ISDIR(st.st_mode)) continue;
      lines.push_back(it->path().string() + ' ' + std::to_string(st.st_size) + ' ' + std::to_string(st.st_mtim.tv_sec) +
                      '.' + std::to_string(st.st_mtim.tv_nsec));
    }
    std::sort(lines.begin(), lines.end());
    for (const std::string& l : lines) state += l + '\n';
  }
  return state;
}

// What the server shows: the last good build, and the diagnostics of the last build if it failed.
struct Preview {
  std::mutex mutex;
  fs::path site;             // the --out link of the preview build
  bool built = false;        // a good build exists
  std::string diagnostics;   // non-empty: the latest build failed with these
  int generation = 0;        // bumped on every build, good or bad (pages reload when it changes)
};

// A build into the preview folder, its diagnostics captured for the page and echoed to the terminal.
void Rebuild(const ServeOptions& options, const std::string& as_of, Preview& preview) {
  BuildOptions build;
  build.root = options.root;
  build.resources = options.resources;
  build.out = preview.site.string();
  build.as_of = as_of;
  build.search = options.search;
  build.quiet = true;
  std::ostringstream captured;
  std::streambuf* old = std::cerr.rdbuf(captured.rdbuf());
  int code = kInternal;
  try {
    code = Build(build);
  } catch (const std::exception& e) {
    captured << "letterpress serve: internal error while building: " << e.what() << "\n";
  }
  std::cerr.rdbuf(old);
  std::string text = captured.str();
  if (!text.empty()) std::cerr << text;
  std::lock_guard<std::mutex> lock(preview.mutex);
  ++preview.generation;
  if (code == kOk) {
    preview.built = true;
    preview.diagnostics.clear();
    std::cout << "built the preview as of " << as_of << " (build " << preview.generation << ")" << std::endl;
  } else {
    preview.diagnostics = text.empty() ? "The build failed (exit " + std::to_string(code) + ")." : text;
    std::cout << "the build failed: the preview shows the diagnostics until the input is fixed" << std::endl;
  }
}

// The script added to every HTML page of the preview: it asks which build is current and reloads when it
// changes. Only the preview has it; nothing is written to disk.
constexpr const char* kReloadScript = R"(<script>
(function () {
  var seen = null;
  function poll() {
    fetch("/__letterpress/generation", { cache: "no-store" }).then(function (r) { return r.text(); })
      .then(function (g) { if (seen !== null && g !== seen) location.reload(); seen = g; })
      .catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>)";

std::string DiagnosticsPage(const std::string& diagnostics) {
  return "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>Build failed - letterpress serve</title>\n"
         "<style>body{font-family:sans-serif;margin:1rem;color:#0b0c0c}pre{white-space:pre-wrap;background:#f3f2f1;"
         "border-left:5px solid #8f2100;padding:1rem;overflow-x:auto}</style>\n</head>\n<body>\n<main>\n"
         "<h1>The site could not be built</h1>\n"
         "<p>Fix the input below; the preview rebuilds and reloads as soon as you save.</p>\n"
         "<pre class=\"diagnostics\">" +
         render::Escape(diagnostics) + "</pre>\n</main>\n" + kReloadScript + "\n</body>\n</html>\n";
}

std::string ContentTypeOf(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},    {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},            {".xml", "application/xml"},
      {".txt", "text/plain; charset=utf-8"},     {".csv", "text/csv; charset=utf-8"},
      {".svg", "image/svg+xml"},                 {".pdf", "application/pdf"},
      {".wasm", "application/wasm"}};
  if (file.filename() == "feed.xml") return "application/atom+xml";
  auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void Serve(const httplib::Request& req, httplib::Response& res, Preview& preview) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  std::string diagnostics;
  fs::path site;
  bool built;
  {
    std::lock_guard<std::mutex> lock(preview.mutex);
    diagnostics = preview.diagnostics;
    site = preview.site;
    built = preview.built;
  }
  std::string path = req.path;
  bool page = path.empty() || path.back() == '/' || fs::path(path).extension() == ".html" ||
              fs::path(path).extension().empty();
  // While the input is invalid, every page shows the diagnostics (assets still come from the last good build).
  if (!diagnostics.empty() && page) {
    res.status = 500;
    res.set_content(DiagnosticsPage(diagnostics), "text/html; charset=utf-8");
    return;
  }
  std::error_code ec;
  fs::path root = built ? fs::canonical(site, ec) : fs::path();
  auto not_found = [&] {
    res.status = 404;
    std::optional<std::string> body = built ? ReadFile(root / "404.html") : std::nullopt;
    std::string html = body ? *body : "<!DOCTYPE html><title>Not found</title><p>Not found</p>";
    std::size_t end = html.rfind("</body>");
    if (end != std::string::npos) html.insert(end, std::string(kReloadScript) + "\n");
    res.set_content(html, "text/html; charset=utf-8");
  };
  if (!built || ec) return not_found();
  // Only files inside the current release: no "..", no links out of it.
  fs::path relative = fs::path(path).relative_path().lexically_normal();
  if (relative.string().rfind("..", 0) == 0) return not_found();
  fs::path file = root / relative;
  if (fs::is_directory(file, ec)) {
    if (!path.empty() && path.back() != '/') {
      res.status = 301;
      res.set_header("Location", path + "/");
      return;
    }
    file /= "index.html";
  }
  fs::path real = fs::weakly_canonical(file, ec);
  std::string real_text = real.string();
  if (ec || real_text.rfind(root.string() + "/", 0) != 0 || !fs::is_regular_file(real, ec)) return not_found();
  std::optional<std::string> body = ReadFile(real);
  if (!body) return not_found();
  std::string type = ContentTypeOf(real);
  if (real.extension() == ".html") {
    std::size_t end = body->rfind("</body>");
    if (end != std::string::npos) body->insert(end, std::string(kReloadScript) + "\n");
  }
  res.set_content(std::move(*body), type);
}

}  // namespace

int ServeCommand(const ServeOptions& options) {
  std::string as_of = options.as_of.empty() ? Today() : options.as_of;
  if (!Date::ParseIso(as_of)) {
    std::cerr << "letterpress serve: --as-of '" << as_of << "' must be a date written YYYY-MM-DD\n";
    return kUsage;
  }
  // The preview's own folder, never a public site: the build cannot be pointed anywhere else.
  std::string pattern = (fs::temp_directory_path() / "letterpress-preview-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (!::mkdtemp(buffer.data())) {
    std::cerr << "letterpress serve: cannot create a preview folder in " << fs::temp_directory_path() << "\n";
    return kInternal;
  }
  fs::path preview_dir = buffer.data();
  Preview preview;
  preview.site = preview_dir / "site";

  fs::path resources = ResourceDir(options.resources);
  std::vector<fs::path> watched = {options.root};
  for (const char* dir : {"templates", "schemas", "site", "data"}) watched.push_back(resources / dir);

  httplib::Server server;
  server.Get("/__letterpress/generation", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(preview.mutex);
    res.set_header("Cache-Control", "no-store");
    res.set_content(std::to_string(preview.generation), "text/plain; charset=utf-8");
  });
  server.Get(".*", [&](const httplib::Request& req, httplib::Response& res) { Serve(req, res, preview); });

  // Loopback only: the preview shows embargoed letters and must not be reachable from another machine.
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port("127.0.0.1");
  } else if (!server.bind_to_port("127.0.0.1", port)) {
    port = -1;
  }
  if (port < 0) {
    std::cerr << "letterpress serve: cannot listen on 127.0.0.1:" << options.port << " (is it in use? try --port 0)\n";
    fs::remove_all(preview_dir);
    return kUsage;
  }

  std::string state = WatchedState(watched);
  Rebuild(options, as_of, preview);
  std::cout << "serving the site as of " << as_of << " at http://127.0.0.1:" << port << "/" << std::endl
            << "preview folder: " << preview_dir.string() << " (removed on exit)" << std::endl
            << "watching " << options.root << " and the templates; press Ctrl-C to stop" << std::endl;

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::thread watcher([&] {
    while (!g_stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      if (g_stop) break;
      std::string now = WatchedState(watched);
      if (now == state) continue;
      // Let a save that writes several files finish before building.
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      state = WatchedState(watched);
      std::cout << "change detected: rebuilding" << std::endl;
      Rebuild(options, as_of, preview);
    }
    server.stop();
  });
  bool ok = server.listen_after_bind() || g_stop;
  g_stop = true;
  watcher.join();
  std::error_code ec;
  fs::remove_all(preview_dir, ec);
  std::cout << "stopped; removed the preview folder" << std::endl;
  return ok ? kOk : kInternal;
}

}  // namespace lp::cli
