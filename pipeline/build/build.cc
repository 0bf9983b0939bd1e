#include "build/build.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/text.h"
#include "frontend/front_end.h"
#include "plan/plan.h"
#include "render/html.h"
#include "render/open_data.h"
#include "render/overview.h"
#include "render/render.h"
#include "render/site_pages.h"
#include "site/assets.h"
#include "site/link_check.h"
#include "site/pdf_facts.h"
#include "site/process.h"
#include "site/release.h"

namespace lp::build {
namespace fs = std::filesystem;

namespace {

struct PdfProgress {
  std::mutex mutex;
  std::size_t done = 0, total = 0;
  const std::function<void(std::size_t, std::size_t)>* report = nullptr;
  void Step() {
    std::lock_guard lock(mutex);
    ++done;
    if (report && *report) (*report)(done, total);
  }
};

// A printable page as staged: where it is, where its PDF goes, and its digest (which also names the PDF).
struct PrintablePage {
  std::string path, pdf_path, sha256;
};

void RenderPdfWork(const std::vector<const PrintablePage*>& work, std::atomic<std::size_t>& next, site::ReleaseWriter& writer,
                   const std::string& weasyprint, const std::string& base_url, std::atomic<bool>& ok, Diagnostics& diags,
                   PdfProgress& progress) {
  for (std::size_t i; (i = next++) < work.size();) {
    const PrintablePage& p = *work[i];
    // Byte-reproducible PDFs: the file identifier comes from the page, and SOURCE_DATE_EPOCH stops
    // the font subsetter stamping the current time into embedded fonts.
    // WeasyPrint reads a copy beside the page (so the stylesheet resolves on disk) whose links point at the
    // published site, not at the build folder; the copy is removed before the release is recorded.
    fs::path source = writer.staging() / (p.path + ".pdf-source.html");
    {
      std::ifstream page(writer.staging() / p.path, std::ios::binary);
      std::string content{std::istreambuf_iterator<char>(page), std::istreambuf_iterator<char>()};
      std::ofstream copy(source, std::ios::binary);
      copy << render::AbsoluteLinks(content, p.path, base_url);
    }
    site::ProcessResult r = site::RunProcess({weasyprint, "--quiet", "--pdf-variant", "pdf/ua-1", "--pdf-identifier",
                                              p.sha256.substr(0, 32), source.string(),
                                              (writer.staging() / p.pdf_path).string()},
                                             {"SOURCE_DATE_EPOCH=0"});
    std::error_code ec;
    fs::remove(source, ec);
    if (r.exit_code != 0) {
      diags.FileError(p.path, "WeasyPrint failed to render the PDF: " + r.output);
      ok = false;
    }
    progress.Step();
  }
}

// Renders each printable page to PDF with WeasyPrint, reusing the previous release's PDF when the page, as
// rendered (before its PDF facts were filled in), is the same. Runs `jobs` WeasyPrint processes at once.
bool RenderPdfs(const std::vector<PrintablePage>& pages, site::ReleaseWriter& writer, int jobs, const std::string& base_url,
                const Options& options, Result& result, Diagnostics& diags) {
  std::vector<const PrintablePage*> work;
  for (const PrintablePage& p : pages) {
    std::optional<fs::path> old_pdf = writer.CurrentFile(p.pdf_path);
    if (old_pdf && writer.CurrentRendered(p.path) == p.sha256) {
      std::error_code ec;
      fs::create_hard_link(*old_pdf, writer.staging() / p.pdf_path, ec);
      if (!ec) continue;
    }
    work.push_back(&p);
  }
  result.pdfs_rendered = work.size();
  result.pdfs_reused = pages.size() - work.size();
  if (work.empty()) return true;
  std::string weasyprint = site::FindExecutable({"weasyprint"});
  if (weasyprint.empty()) {
    diags.FileError("--pdf", "needs WeasyPrint, which is not installed; install it with: apt-get install weasyprint");
    return false;
  }
  PdfProgress progress;
  progress.total = work.size();
  progress.report = &options.pdf_progress;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> ok{true};
  auto worker = [&] {
    try {
      RenderPdfWork(work, next, writer, weasyprint, base_url, ok, diags, progress);
    } catch (const std::exception& e) {
      diags.FileError("--pdf", std::string("internal error while rendering PDFs: ") + e.what());
      ok = false;
      next = work.size();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, jobs); ++t) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  return ok;
}

// Stages output files as they are rendered (from any thread) and keeps only what the rest of the build needs
// of each: its digest, its links and ids for the link check, and whether it is printable or names PDFs.
class Stager {
 public:
  Stager(site::ReleaseWriter& writer, bool pdf, Diagnostics& diags) : writer_(writer), pdf_(pdf), diags_(diags) {}

  void Add(const std::string& path, const std::string& bytes, std::vector<std::string> sources, bool printable = false,
           const std::string& pdf_path = {}) {
    std::optional<std::string> digest = writer_.StageFile(path, bytes, std::move(sources), diags_);
    site::PageLinks links = site::ExtractLinks(path, bytes);
    bool facts = pdf_ && site::HasPdfFactsMarker(bytes);
    std::lock_guard lock(mutex_);
    if (!digest) {
      ok_ = false;
      return;
    }
    digests_[path] = *digest;
    links_[path] = std::move(links);
    if (pdf_ && printable) printable_.push_back({path, pdf_path, *digest});
    if (facts) with_facts_.push_back(path);
  }
  void Add(render::Page&& page) { Add(page.path, page.content, std::move(page.sources), page.printable, page.pdf_path); }

  // Called once every file is staged (single-threaded from here on).
  bool ok() const { return ok_; }
  const std::map<std::string, std::string>& digests() const { return digests_; }
  std::map<std::string, site::PageLinks>& links() { return links_; }
  std::vector<PrintablePage> printable() const {
    std::vector<PrintablePage> sorted = printable_;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    return sorted;
  }
  std::vector<std::string> with_facts() const {
    std::vector<std::string> sorted = with_facts_;
    std::sort(sorted.begin(), sorted.end());
    return sorted;
  }

 private:
  site::ReleaseWriter& writer_;
  bool pdf_;
  Diagnostics& diags_;
  std::mutex mutex_;
  bool ok_ = true;
  std::map<std::string, std::string> digests_;
  std::map<std::string, site::PageLinks> links_;
  std::vector<PrintablePage> printable_;
  std::vector<std::string> with_facts_;
};

bool BuildSearchIndex(const fs::path& resources, site::ReleaseWriter& writer, Diagnostics& diags) {
  std::string pagefind = site::FindExecutable(
      {std::getenv("LETTERPRESS_PAGEFIND") ? std::getenv("LETTERPRESS_PAGEFIND") : "",
       (resources / "node_modules" / ".bin" / "pagefind").string(), "pagefind"});
  if (pagefind.empty()) {
    diags.FileError("search", "the search index needs Pagefind (run scripts/setup.sh, which installs it), or build with --no-search");
    return false;
  }
  // Only the documents a reader searches carry data-pagefind-body (letters, responses, overviews); the glob
  // keeps Pagefind from parsing every other page only to skip it, which halves the search step.
  site::ProcessResult r = site::RunProcess(
      {pagefind, "--site", writer.staging().string(), "--output-subdir", "pagefind", "--quiet", "--glob",
       "{" + plan::InspectionPath("*") + "index.html," + plan::ResponsesPath("*") + "index.html," + plan::OverviewPath("*") +
           "index.html}"});
  if (r.exit_code != 0) {
    diags.FileError("search", "Pagefind failed to build the search index: " + r.output);
    return false;
  }
  return true;
}

// A record of what the current release was built from: every input file's path, size, modification time
// and inode (as make and ninja judge staleness), the options, and the window of as-of dates over which the
// output stays the same. When nothing differs, a rebuild has nothing to do and does no work at all.
std::string InputSignature(const Options& options, const fs::path& resources) {
  std::string signature = std::string("letterpress-inputs-1\n") + (options.pdf ? "pdf\n" : "") +
                          (options.search ? "search\n" : "") + (options.strict ? "strict\n" : "");
  auto add_tree = [&](const fs::path& root) {
    std::vector<std::string> lines;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::none, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      struct stat st {};
      if (::lstat(it->path().c_str(), &st) != 0 || S_ISDIR(st.st_mode)) continue;
      lines.push_back(it->path().string() + '\0' + std::to_string(st.st_size) + '\0' + std::to_string(st.st_mtim.tv_sec) +
                      "." + std::to_string(st.st_mtim.tv_nsec) + '\0' + std::to_string(st.st_ino));
    }
    std::sort(lines.begin(), lines.end());
    for (const std::string& l : lines) signature += l + '\n';
  };
  add_tree(options.root);
  for (const char* dir : {"templates", "schemas", "site", "data"}) add_tree(resources / dir);
  add_tree(resources / "package-lock.json");
  // The program itself: a new build of Letterpress may render differently.
  struct stat self {};
  if (::stat("/proc/self/exe", &self) == 0) {
    signature += "exe\0" + std::to_string(self.st_size) + '\0' + std::to_string(self.st_mtim.tv_sec) + "." +
                 std::to_string(self.st_mtim.tv_nsec) + '\n';
  }
  return Sha256Hex(signature);
}

fs::path BuildRecordPath(const std::string& out) { return site::ReleasesDir(out) / "build-record.json"; }

bool UpToDate(const std::string& out, const std::string& signature, Date as_of) {
  std::ifstream in(BuildRecordPath(out));
  nlohmann::json record = nlohmann::json::parse(in, nullptr, false);
  // The record is only a shortcut: anything unexpected in it (a field of the wrong type included) means
  // "build again", never an error.
  auto text = [&](const char* key) -> std::string {
    auto it = record.find(key);
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (!record.is_object() || text("signature") != signature) return false;
  std::optional<Date> from = Date::ParseIso(text("valid_from"));
  std::optional<Date> until = Date::ParseIso(text("valid_until"));
  if (!from || !until || as_of < *from || !(as_of < *until)) return false;
  return site::ListReleases(out).current == text("release");
}

void WriteBuildRecord(const std::string& out, const std::string& signature, const plan::Window& window) {
  nlohmann::json record = {{"signature", signature}, {"release", site::ListReleases(out).current},
                           {"valid_from", window.from.Iso()}, {"valid_until", window.until.Iso()}};
  fs::path path = BuildRecordPath(out);
  fs::path tmp = path;
  tmp += ".tmp";
  std::ofstream(tmp) << record.dump(1) << "\n";
  std::error_code ec;
  fs::rename(tmp, path, ec);
}

}  // namespace


Result::Result(Result&& other) noexcept
    : outcome(other.outcome),
      reports(other.reports),
      files(other.files),
      written(other.written),
      linked(other.linked),
      release_id(std::move(other.release_id)),
      pdfs_rendered(other.pdfs_rendered),
      pdfs_reused(other.pdfs_reused) {
  diagnostics.Append(other.diagnostics);
}

namespace {

// The templates the public site is rendered with (partials are checked where they are included).
const std::vector<std::string> kPublicTemplates = {
    "layout", "letter", "letter_2016", "recommendations", "responses", "agency", "change", "overview", "data", "home",
    "reports", "areas", "area", "themes", "theme", "search", "not_found", "feed", "sitemap"};

void Run(const Options& options, Result& result) {
  Diagnostics& diags = result.diagnostics;
  const fs::path& resources = options.resources;
  int jobs = std::max(1, options.jobs);
  std::string signature = InputSignature(options, resources);
  if (UpToDate(options.out, signature, options.as_of)) {
    result.outcome = Outcome::kUpToDate;
    return;
  }
  frontend::FrontEnd fe = frontend::LoadCorpus(options.root, resources, diags, options.as_of);
  render::TemplateSet templates;
  // Every template the public site renders with must be there before anything renders.
  if (templates.Load(resources / "templates", diags)) templates.Require(kPublicTemplates, resources / "templates", diags);
  std::vector<site::Asset> assets = site::LoadAssets(resources / "site" / "assets", diags);
  std::map<std::string, std::string> data_schemas;
  for (const site::Asset& schema : site::LoadAssets(resources / "schemas" / "data", diags)) {
    data_schemas[schema.name] = schema.bytes;
  }
  if (diags.error_count() > 0 || (options.strict && diags.warning_count() > 0)) {
    result.outcome = Outcome::kInvalidInput;
    return;
  }

  plan::Plan plan = plan::MakePlan(fe.corpus, options.as_of);
  result.reports = plan.inspections.size();
  render::RenderOptions render_options;
  render_options.pdf = options.pdf;
  render_options.assets = site::AssetPaths(assets);

  // Pages go from render to staging one inspection at a time, on the worker threads: the staging folder
  // holds them, and memory only a compact record of each. A failure below abandons the staging folder, so
  // nothing reaches OUT until the release is switched in.
  site::ReleaseWriter writer(options.out, fe.corpus.site.releases_kept);
  if (!writer.Prepare(diags)) {
    result.outcome = Outcome::kInvalidInput;
    return;
  }
  Stager stager(writer, options.pdf, diags);
  render::RenderInspectionDocuments(fe.corpus, plan, templates, render_options, jobs,
                                    [&](std::size_t, std::vector<render::Page>&& pages) {
                                      for (render::Page& p : pages) stager.Add(std::move(p));
                                    });
  for (render::Page& p : render::RenderOverviews(fe.corpus, plan, templates, render_options)) stager.Add(std::move(p));
  render::RenderOpenData(fe.corpus, plan, templates, render_options, data_schemas,
                         [&](render::Page&& p) { stager.Add(std::move(p)); });
  for (render::Page& p : render::RenderSitePages(fe.corpus, plan, templates, render_options)) stager.Add(std::move(p));
  for (const site::Asset& a : assets) stager.Add(a.path, a.bytes, {"site/assets/" + a.name});
  if (!stager.ok()) {
    result.outcome = Outcome::kWriteFailed;
    return;
  }
  result.files = stager.digests().size();

  // Every internal link must resolve before the release is switched in.
  std::vector<PrintablePage> printable = stager.printable();
  for (const PrintablePage& p : printable) stager.links().try_emplace(p.pdf_path);
  std::string base_path = fe.corpus.site.BasePath();
  std::vector<site::BrokenLink> broken = site::CheckLinks(stager.links(), base_path);
  for (const site::BrokenLink& b : broken) {
    diags.FileError(b.page, "broken link '" + b.link + "': " + b.reason);
  }
  if (!broken.empty()) {
    writer.Abandon();
    result.outcome = Outcome::kBrokenLinks;
    return;
  }
  stager.links().clear();

  // The key names the release: the output's content (as rendered, before PDF facts are filled in: those
  // follow from it) plus the options that derive more files from it.
  std::string key_text = std::string("letterpress-release-1\n") + (options.pdf ? "pdf\n" : "") + (options.search ? "search\n" : "");
  for (const auto& [path, digest] : stager.digests()) key_text += path + '\0' + digest + '\n';
  std::string key = Sha256Hex(key_text);

  plan::Window window = plan::ValidWindow(fe.corpus, options.as_of);
  if (writer.CurrentKey() == key) {
    writer.Abandon();
    WriteBuildRecord(options.out, signature, window);
    result.outcome = Outcome::kUnchanged;
    return;
  }
  bool ok = true;
  if (ok && options.search) ok = BuildSearchIndex(resources, writer, diags);
  if (ok && options.pdf) ok = RenderPdfs(printable, writer, jobs, fe.corpus.site.base_url, options, result, diags);
  if (ok && options.pdf) ok = site::FillPdfFacts(writer, stager.with_facts(), diags);
  if (ok) ok = writer.Commit(key, diags);
  if (ok) WriteBuildRecord(options.out, signature, window);
  if (!ok) {
    result.outcome = Outcome::kWriteFailed;
    return;
  }
  result.outcome = Outcome::kBuilt;
  result.written = writer.written();
  result.linked = writer.linked();
  result.release_id = writer.release_id();
}

}  // namespace

Result Build(const Options& options) {
  Result result;
  try {
    Run(options, result);
  } catch (const std::exception& e) {
    result.diagnostics.FileError("letterpress", std::string("internal error: ") + e.what());
    result.outcome = Outcome::kInternalError;
  }
  return result;
}

}  // namespace lp::build
