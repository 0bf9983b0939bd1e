#pragma once
// `letterpress serve`: a local preview. Builds the site (as of a date, so an embargoed letter can be seen as it
// will look on the day) into its own temporary folder, serves it on loopback, watches the corpus and the
// templates, rebuilds on every change, and shows the diagnostics in the terminal and on the page while the
// input is invalid. It never writes to a public site folder: it has no --out.

#include <string>

namespace lp::cli {

struct ServeOptions {
  std::string root = ".";
  std::string resources;
  std::string as_of;  // YYYY-MM-DD; empty: today
  int port = 8000;    // 0: any free port (the URL printed says which)
  bool search = true;
};

int ServeCommand(const ServeOptions& options);

}  // namespace lp::cli
