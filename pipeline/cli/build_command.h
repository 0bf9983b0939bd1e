#pragma once
// `letterpress build`: the public site for an as-of date, written atomically and incrementally.

#include <string>

namespace lp::cli {

struct BuildOptions {
  std::string root = ".";
  std::string resources;
  std::string out = "public";
  std::string as_of;  // YYYY-MM-DD; empty: today
  int jobs = 0;       // 0: one per core
  bool pdf = false;
  bool search = true;
  bool quiet = false;
  bool strict = false;
};

int Build(const BuildOptions& options);

struct RollbackOptions {
  std::string out = "public";
  std::string to;
  bool list = false;
};

int RollbackCommand(const RollbackOptions& options);

// Today's date in the local time zone: the one place the clock enters.
std::string Today();

}  // namespace lp::cli
