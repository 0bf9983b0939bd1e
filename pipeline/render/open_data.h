#pragma once
// Open data: every published report's findings as JSON and CSV, each file naming the JSON Schema (in
// schemas/data/, published under /schemas/) that describes it. Built from the same plan as the pages,
// so the embargo applies exactly as it does to them.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "render/render.h"

namespace lp::render {

// Path of an inspection's data file.
std::string InspectionDataPath(const std::string& inspection_id);

// The data files (inspections/<id>/data.json, data/index.json, data/inspections.csv, the finding tables:
// data/findings.csv.gz and data/finding-agencies.csv.gz for the whole corpus, data/findings-YYYY.csv and
// data/finding-agencies-YYYY.csv for each year of publication, and themes/<id>/overview/figures.json), the
// published schemas (`schemas`: file name -> bytes) and the data page that lists them with their sizes.
std::vector<Page> RenderOpenData(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                                 const RenderOptions& options, const std::map<std::string, std::string>& schemas);
// The same, streamed: each file is handed to `sink` as soon as it is made and not kept (the whole-corpus
// tables, which need every inspection, come last).
void RenderOpenData(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates, const RenderOptions& options,
                    const std::map<std::string, std::string>& schemas, const std::function<void(Page&&)>& sink);

// data/actions.csv: one row per action of every action plan public on the plan's date, with its status and
// whether it is overdue on that date.
std::string ActionsCsv(const plan::Plan& plan);

}  // namespace lp::render
