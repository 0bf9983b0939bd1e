#pragma once
// The lead inspector's commands for the pre-publication workflow: draft, corrections, prepub, issue,
// status. Each reads the corpus through the same checked front end as build.

#include <string>
#include <vector>

namespace lp::cli {

struct WorkflowOptions {
  std::string root = ".";
  std::string resources;
  std::string inspection;
  std::string out = "restricted";
  std::string as_of;  // empty: today
  bool pdf = false;
  bool quiet = false;
  std::string reply_to;  // where corrections go; empty: the sender (issue) or the site's contact (draft)
};

int DraftCommand(const WorkflowOptions& options);
int CorrectionsCommand(const WorkflowOptions& options);
int PrePublicationCommand(const WorkflowOptions& options);

// `letterpress corrections ID decide CORRECTION... --accept|--partly|--reject`: the lead inspector's
// decisions, written into the agencies' corrections files (no hand-editing XML).
struct DecideOptions {
  std::vector<std::string> ids;  // correction ids; empty with all_undecided
  bool all_undecided = false;
  std::string agency;            // only this agency's corrections (and tells apart equal ids in two agencies' files)
  bool accept = false, partly = false, reject = false;
  std::string because;           // not-a-factual-matter, evidence-insufficient or other (for --reject)
  std::string reason;            // the explanation, in words
  std::string by;                // who decided
  std::string on;                // when (default: --as-of, else today)
  bool page = false;             // serve the local decisions page instead
  int port = 0;                  // for the page: the port on 127.0.0.1 (0: any free one)
};
int DecideCommand(const WorkflowOptions& common, const DecideOptions& options);

// `letterpress corrections ID decide --page`: a local page on 127.0.0.1 listing every correction with its
// paragraph, proposed change and redline, where the lead inspector accepts, partly accepts or declines each
// with a reason; saving writes the same files `decide` writes. Runs until Ctrl-C (or SIGTERM).
int DecisionsPageCommand(const WorkflowOptions& common, const DecideOptions& options);

// `letterpress changes ID [--from V] [--to V]`: what changed between two published versions of a letter (or
// from the newest to the letter as it stands), word by word in the terminal.
struct ChangesOptions {
  std::string from, to;  // version numbers, or "current" for --to; empty: the newest change
  bool colour = false;   // red and green as well as the brackets (a terminal without NO_COLOR)
};
int ChangesCommand(const WorkflowOptions& common, const ChangesOptions& options);

// `letterpress changes ID record`: adds the letter as published now to its published record
// (inspections/<id>/published/version-<n>.xml), so later changes are checked against it and shown.
int RecordCommand(const WorkflowOptions& common);

struct IssueOptions {
  WorkflowOptions common;
  std::string document;  // "draft" or "prepub"
  std::string smtp_url;
  std::string from;      // default: the site's contact address
  bool resend = false;
  bool starttls = false;       // the default; kept so scripts that say it keep working
  bool insecure_smtp = false;  // allow a plain smtp:// connection (never with credentials)
  bool dry_run = false;        // show what would be sent to whom, send nothing
  bool no_pdf = false;         // send without the PDF
  std::string ca_file;         // extra CA certificates for the SMTP server
  int timeout = 300;           // seconds for the whole run
  int request_timeout = 60;    // seconds for one message
};
int IssueCommand(const IssueOptions& options);

int StatusCommand(const WorkflowOptions& options, bool json);

}  // namespace lp::cli
