#pragma once
// model: validated source documents -> Corpus, with every cross-reference resolved or reported.

#include "base/diagnostics.h"
#include "load/corpus_files.h"
#include "model/model.h"

namespace lp::model {

// Builds the corpus from the usable documents of `sources` (schema-valid ones). Reports identity
// mismatches, duplicate ids and dangling references; documents with such problems still contribute what
// they can, so one run reports every problem.
Corpus BuildCorpus(const load::SourceSet& sources, Diagnostics& diags);

}  // namespace lp::model
