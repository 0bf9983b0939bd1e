#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <iostream>

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
  return kUsage;
}

}  // namespace lp::cli
