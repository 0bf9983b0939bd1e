#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/build_command.h"
#include "cli/front_end.h"
#include "cli/publish_command.h"
#include "cli/serve_command.h"
#include "cli/workflow_commands.h"

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

int Check(const CommonOptions& common, bool strict, const std::string& as_of_text) {
  std::optional<Date> as_of = Date::ParseIso(as_of_text.empty() ? Today() : as_of_text);
  if (!as_of) {
    std::cerr << "letterpress check: --as-of '" << as_of_text << "' must be a date written YYYY-MM-DD\n";
    return kUsage;
  }
  Diagnostics diags;
  FrontEnd fe = LoadCorpus(common.root, ResourceDir(common.resources), diags, as_of);
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
  std::string check_as_of;
  check->add_option("--as-of", check_as_of, "Today's date, YYYY-MM-DD, for the change note a hint suggests (default: today)");

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

  PublishCommandOptions publish;
  CLI::App* publish_cmd = AddPublishCommand(app, publish);

  // The pre-publication workflow.
  auto workflow_options = [](CLI::App* cmd, WorkflowOptions& o, bool needs_inspection) {
    cmd->add_option("--root", o.root, "Corpus root: the folder holding letterpress.xml (default: .)");
    cmd->add_option("--resources", o.resources, "Folder holding templates/, schemas/, site/ and data/");
    cmd->add_option("--as-of", o.as_of, "Today's date for deadlines, YYYY-MM-DD (default: today)");
    cmd->add_flag("-q,--quiet", o.quiet, "Print only problems");
    if (needs_inspection) {
      cmd->add_option("inspection", o.inspection, "The inspection's id")->required();
      cmd->add_option("--out", o.out, "Restricted output folder, never inside the public site (default: restricted)");
      cmd->add_flag("--pdf", o.pdf, "Also render the document to PDF with WeasyPrint");
    }
  };
  WorkflowOptions draft_options, corrections_options, prepub_options, status_options;
  CLI::App* draft_cmd = app.add_subcommand("draft", "Render the numbered draft for the factual accuracy check, with its corrections form and agency feedback packs");
  workflow_options(draft_cmd, draft_options, true);
  draft_cmd->add_option("--reply-to", draft_options.reply_to, "Where the corrections form says to send corrections (default: the site's contact address)");
  CLI::App* corrections_cmd = app.add_subcommand("corrections", "Review submitted corrections; write the report, decision log and redline");
  workflow_options(corrections_cmd, corrections_options, true);
  DecideOptions decide;
  CLI::App* decide_cmd = corrections_cmd->add_subcommand(
      "decide", "Record the lead inspector's decision on one or more corrections, in the agencies' corrections files");
  decide_cmd->fallthrough();
  decide_cmd->add_option("correction", decide.ids, "The ids of the corrections decided (as the corrections report lists them)");
  decide_cmd->add_flag("--all-undecided", decide.all_undecided, "Every correction not yet decided (with --agency, that agency's)");
  decide_cmd->add_option("--agency", decide.agency, "Only this agency's corrections");
  CLI::Option* accept = decide_cmd->add_flag("--accept", decide.accept, "Accept the correction");
  CLI::Option* partly = decide_cmd->add_flag("--partly", decide.partly, "Accept part of it (say which in --reason)");
  CLI::Option* reject = decide_cmd->add_flag("--reject", decide.reject, "Decline it (say why with --because and --reason)");
  accept->excludes(partly)->excludes(reject);
  partly->excludes(reject);
  decide_cmd->add_option("--because", decide.because, "Why it is declined")
      ->check(CLI::IsMember({"not-a-factual-matter", "evidence-insufficient", "other"}));
  decide_cmd->add_option("--reason", decide.reason, "The reason, in words, as the decision log will show it");
  decide_cmd->add_option("--by", decide.by, "Who decided (the lead inspector's name); with --page, the name the page starts with");
  decide_cmd->add_flag("--page", decide.page,
                       "Decide on a local page instead: served on 127.0.0.1 until Ctrl-C, saving into the same files");
  decide_cmd->add_option("--port", decide.port, "With --page: the port on 127.0.0.1 (default: any free port)")
      ->check(CLI::Range(0, 65535));
  decide_cmd->add_option("--on", decide.on, "The date of the decision, YYYY-MM-DD (default: --as-of, else today)");
  WorkflowOptions changes_options;
  ChangesOptions changes;
  CLI::App* changes_cmd = app.add_subcommand(
      "changes", "Show what changed between two published versions of a letter, word by word (from its published record)");
  workflow_options(changes_cmd, changes_options, true);
  changes_cmd->add_option("--from", changes.from, "The earlier version (default: the one before --to)");
  changes_cmd->add_option("--to", changes.to, "The later version, or 'current' for the letter as it stands (default: the newest change)");
  CLI::App* record_cmd = changes_cmd->add_subcommand(
      "record", "Add the letter as published now to its published record (after publication, and after each change note)");
  record_cmd->fallthrough();
  CLI::App* prepub_cmd = app.add_subcommand("prepub", "Render the embargoed pre-publication letter, refusing while anything blocks it");
  workflow_options(prepub_cmd, prepub_options, true);
  IssueOptions issue_options;
  CLI::App* issue_cmd = app.add_subcommand("issue", "Email the draft or pre-publication letter to every addressee, and log it");
  workflow_options(issue_cmd, issue_options.common, true);
  issue_cmd->add_option("document", issue_options.document, "draft or prepub")->required()->check(CLI::IsMember({"draft", "prepub"}));
  issue_cmd->add_option("--smtp", issue_options.smtp_url, "smtp://host:port (STARTTLS required) or smtps://host:port; credentials from LETTERPRESS_SMTP_USER and LETTERPRESS_SMTP_PASSWORD")->required();
  issue_cmd->add_option("--from", issue_options.from, "Sender address (default: the site's contact address)");
  issue_cmd->add_option("--reply-to", issue_options.common.reply_to, "Where replies and corrections go (default: the sender)");
  issue_cmd->add_flag("--starttls", issue_options.starttls, "Require STARTTLS on an smtp:// connection (the default)");
  issue_cmd->add_flag("--insecure-smtp", issue_options.insecure_smtp, "Allow a plain smtp:// connection without TLS (never with credentials); said in the log");
  issue_cmd->add_option("--cacert", issue_options.ca_file, "PEM file of CA certificates to trust for the SMTP server")->check(CLI::ExistingFile);
  issue_cmd->add_option("--timeout", issue_options.timeout, "Seconds the whole run may take (default: 300)");
  issue_cmd->add_option("--request-timeout", issue_options.request_timeout, "Seconds one message may take (default: 60)");
  issue_cmd->add_flag("--dry-run", issue_options.dry_run, "Show exactly what would be sent to whom, and send nothing");
  issue_cmd->add_flag("--no-pdf", issue_options.no_pdf, "Send without the PDF (otherwise it is made if missing)");
  issue_cmd->add_flag("--resend", issue_options.resend, "Send a version that was already sent");
  ServeOptions serve;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve", "Preview the site on 127.0.0.1: build into a temporary folder, serve it, rebuild on every change");
  serve_cmd->add_option("--root", serve.root, "Corpus root: the folder holding letterpress.xml (default: .)");
  serve_cmd->add_option("--resources", serve.resources, "Folder holding templates/, schemas/, site/ and data/");
  serve_cmd->add_option("--as-of", serve.as_of,
                        "Preview the site as it will be on this date, YYYY-MM-DD, embargoed letters included once their "
                        "date has come (default: today)");
  serve_cmd->add_option("--port", serve.port, "Port on 127.0.0.1 (default: 8000; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  serve_cmd->add_flag("!--no-search", serve.search, "Do not build the search index");
  bool status_json = false;
  CLI::App* status_cmd = app.add_subcommand("status", "One table of every inspection: state, next deadline, working days left, what blocks the next step");
  workflow_options(status_cmd, status_options, false);
  status_cmd->add_flag("--json", status_json, "Print JSON instead of a table");

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
  if (check->parsed()) return Check(common, strict, check_as_of);
  if (build_cmd->parsed()) return Build(build);
  if (rollback_cmd->parsed()) return RollbackCommand(rollback);
  if (publish_cmd->parsed()) return PublishCommand(publish);
  if (draft_cmd->parsed()) return DraftCommand(draft_options);
  if (decide_cmd->parsed()) return DecideCommand(corrections_options, decide);
  if (corrections_cmd->parsed()) return CorrectionsCommand(corrections_options);
  if (record_cmd->parsed()) return RecordCommand(changes_options);
  if (changes_cmd->parsed()) {
    const char* no_colour = std::getenv("NO_COLOR");
    changes.colour = isatty(STDOUT_FILENO) && (!no_colour || !*no_colour);
    return ChangesCommand(changes_options, changes);
  }
  if (prepub_cmd->parsed()) return PrePublicationCommand(prepub_options);
  if (issue_cmd->parsed()) return IssueCommand(issue_options);
  if (status_cmd->parsed()) return StatusCommand(status_options, status_json);
  if (serve_cmd->parsed()) return ServeCommand(serve);
  return kUsage;
}

}  // namespace lp::cli
