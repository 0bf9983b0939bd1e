#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/build_command.h"
#include "cli/front_end.h"

namespace lp::cli {
namespace {

struct CommonOptions {
  std::string root = ".";
  std::string resources;
  bool quiet = false;
};

void AddCommon(CLI::App* app, CommonOptions& o) {
  app->add_option("--root", o.root, "Corpus root: the folder holding letterpress.xml (default: .)");
  app->add_option("--resources", o.resources,
                  "Folder holding Letterpress's templates/, schemas/, site/ and data/ (default: $LETTERPRESS_RESOURCES "
                  "or the source tree)");
  app->add_flag("-q,--quiet", o.quiet, "Print only diagnostics");
}

int Check(const CommonOptions& common, bool strict) {
  Diagnostics diags;
  FrontEnd fe = LoadCorpus(common.root, ResourceDir(common.resources), diags);
  bool ok = ReportDiagnostics(diags, strict, common.quiet);
  if (ok && !common.quiet) {
    std::size_t documents = fe.sources.documents().size();
    std::cout << "checked " << documents << " documents (" << fe.corpus.inspections.size() << " inspections, "
              << fe.corpus.themes.size() << " themes): no errors\n";
  }
  return ok ? kOk : kInputError;
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{"Letterpress: joint inspection findings into published letters and a static site", "letterpress"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "letterpress 0.1.0");
  app.footer("Exit codes: 0 success, 1 input errors, 2 usage, 3 publish or network failure, 70 internal error.");

  CommonOptions common;
  bool strict = false;
  CLI::App* check = app.add_subcommand("check", "Validate the corpus and report every problem as path:line:col");
  AddCommon(check, common);
  check->add_flag("--strict", strict, "Treat warnings as errors");

  BuildOptions build;
  CLI::App* build_cmd = app.add_subcommand("build", "Build the public site for an as-of date (atomic, incremental, reproducible)");
  build_cmd->add_option("--root", build.root, "Corpus root: the folder holding letterpress.xml (default: .)");
  build_cmd->add_option("--resources", build.resources, "Folder holding templates/, schemas/, site/ and data/");
  build_cmd->add_option("--out", build.out, "Where the site goes; a link to the current release (default: public)");
  build_cmd->add_option("--as-of", build.as_of, "Publish what is public on this date, YYYY-MM-DD (default: today)");
  build_cmd->add_option("-j,--jobs", build.jobs, "Parallel jobs (default: one per core)")->check(CLI::Range(1, 256));
  build_cmd->add_flag("--pdf", build.pdf, "Also render each document to PDF with WeasyPrint");
  build_cmd->add_flag("!--no-search", build.search, "Do not build the search index");
  build_cmd->add_flag("--strict", build.strict, "Treat warnings as errors");
  build_cmd->add_flag("-q,--quiet", build.quiet, "Print only diagnostics");

  RollbackOptions rollback;
  CLI::App* rollback_cmd = app.add_subcommand("rollback", "Switch the site back to an earlier release");
  rollback_cmd->add_option("--out", rollback.out, "The site folder given to build --out (default: public)");
  rollback_cmd->add_option("--to", rollback.to, "Release id (default: the one before the current)");
  rollback_cmd->add_flag("--list", rollback.list, "List the kept releases, oldest first");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? kOk : kUsage;
  } catch (const CLI::CallForVersion& e) {
    app.exit(e);
    return kOk;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }
  if (check->parsed()) return Check(common, strict);
  if (build_cmd->parsed()) return Build(build);
  if (rollback_cmd->parsed()) return RollbackCommand(rollback);
  return kUsage;
}

}  // namespace lp::cli
