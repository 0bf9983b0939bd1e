#pragma once
// The lead inspector's commands for the pre-publication workflow: draft, corrections, prepub, issue,
// status. Each reads the corpus through the same checked front end as build.

#include <string>

namespace lp::cli {

struct WorkflowOptions {
  std::string root = ".";
  std::string resources;
  std::string inspection;
  std::string out = "restricted";
  std::string as_of;  // empty: today
  bool pdf = false;
  bool quiet = false;
};

int DraftCommand(const WorkflowOptions& options);
int CorrectionsCommand(const WorkflowOptions& options);
int PrePublicationCommand(const WorkflowOptions& options);

struct IssueOptions {
  WorkflowOptions common;
  std::string document;  // "draft" or "prepub"
  std::string smtp_url;
  std::string from;      // default: the site's contact address
  bool resend = false;
  bool starttls = false;
};
int IssueCommand(const IssueOptions& options);

int StatusCommand(const WorkflowOptions& options, bool json);

}  // namespace lp::cli
