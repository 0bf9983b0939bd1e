#include "cli/build_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <thread>

#include "build/build.h"
#include "cli/front_end.h"
#include "site/release.h"

namespace lp::cli {
namespace fs = std::filesystem;

std::string Today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

int Build(const BuildOptions& options) {
  std::string as_of_text = options.as_of.empty() ? Today() : options.as_of;
  std::optional<Date> as_of = Date::ParseIso(as_of_text);
  if (!as_of) {
    std::cerr << "letterpress build: --as-of '" << as_of_text << "' must be a date written YYYY-MM-DD\n";
    return kUsage;
  }
  build::Options build_options;
  build_options.root = options.root;
  build_options.resources = ResourceDir(options.resources);
  build_options.out = options.out;
  build_options.as_of = *as_of;
  build_options.jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  build_options.pdf = options.pdf;
  build_options.search = options.search;
  build_options.strict = options.strict;
  // PDFs take seconds each: on a terminal, a progress line (done, total, elapsed, an estimate).
  auto started = std::chrono::steady_clock::now();
  bool terminal = ::isatty(STDERR_FILENO) == 1 && !options.quiet;
  if (terminal) {
    build_options.pdf_progress = [started](std::size_t done, std::size_t total) {
      double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      double left = done ? elapsed / static_cast<double>(done) * static_cast<double>(total - done) : 0;
      std::fprintf(stderr, "\rPDFs: %zu of %zu, %.0f s elapsed, about %.0f s left   ", done, total, elapsed, left);
      if (done == total) std::fputc('\n', stderr);
    };
  }
  build::Result r = build::Build(build_options);
  switch (r.outcome) {
    case build::Outcome::kUpToDate:
      if (!options.quiet) std::cout << "site is up to date (inputs unchanged): nothing written to " << options.out << "\n";
      return kOk;
    case build::Outcome::kInvalidInput:
      ReportDiagnostics(r.diagnostics, options.strict, options.quiet);
      return kInputError;
    case build::Outcome::kBrokenLinks:
      ReportDiagnostics(r.diagnostics, false, options.quiet);
      return kInputError;
    case build::Outcome::kWriteFailed:
      ReportDiagnostics(r.diagnostics, false, options.quiet);
      std::cerr << "letterpress build: the site at " << options.out << " was left as it was\n";
      return kInputError;
    case build::Outcome::kInternalError:
      ReportDiagnostics(r.diagnostics, false, options.quiet);
      std::cerr << "letterpress build: the site at " << options.out << " was left as it was\n";
      return kInternal;
    case build::Outcome::kUnchanged:
      ReportDiagnostics(r.diagnostics, options.strict, options.quiet);
      if (!options.quiet) std::cout << "site is up to date (" << r.files << " files): nothing written to " << options.out << "\n";
      return kOk;
    case build::Outcome::kBuilt:
      ReportDiagnostics(r.diagnostics, options.strict, options.quiet);
      if (!options.quiet) {
        if (options.pdf) {
          std::cout << "PDFs: " << r.pdfs_rendered << " rendered, " << r.pdfs_reused << " unchanged\n";
        }
        std::cout << "built " << r.reports << " published reports as of " << as_of->Iso() << ": " << r.files << " files ("
                  << r.written << " written, " << r.linked << " unchanged), release " << r.release_id << "\n"
                  << "site: " << options.out << "\n"
                  << "view it with: python3 -m http.server --directory " << options.out << " 8000"
                  << "  (then open http://localhost:8000/)\n";
      }
      return kOk;
  }
  return kInternal;
}
int RollbackCommand(const RollbackOptions& options) {
  if (options.list) {
    Diagnostics diags;
    site::ReleaseList list = site::ListReleases(options.out, &diags);
    if (diags.has_errors()) {
      ReportDiagnostics(diags, false, false);
      return kInputError;
    }
    for (const std::string& id : list.ids) std::cout << id << (id == list.current ? "  (current)" : "") << "\n";
    return kOk;
  }
  Diagnostics diags;
  std::string switched;
  if (!site::Rollback(options.out, options.to, diags, &switched)) {
    ReportDiagnostics(diags, false, false);
    return kInputError;
  }
  std::cout << "site " << options.out << " now serves release " << switched << "\n";
  return kOk;
}

}  // namespace lp::cli
