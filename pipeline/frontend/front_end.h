#pragma once
// frontend: the front half of every command: load -> validate -> model -> rules, with all diagnostics collected.

#include <filesystem>
#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "load/corpus_files.h"
#include "model/model.h"

namespace lp::frontend {

struct FrontEnd {
  load::SourceSet sources;
  Corpus corpus;
};

// Reads and checks the corpus at `root`, with the schemas and calendar under `resources`. Always returns
// what it could build; `diags` says whether it is usable (no errors). `today` (the command's --as-of) dates
// the change note that the published-record check suggests adding.
FrontEnd LoadCorpus(const std::string& root, const std::filesystem::path& resources, Diagnostics& diags,
                    std::optional<Date> today = std::nullopt);

}  // namespace lp::frontend
