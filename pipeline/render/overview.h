#pragma once
// The thematic overview report of a theme round: its figures computed from the round's public letters
// (never typed), drawn as inline SVG charts with the same figures as accessible tables.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "render/render.h"

namespace lp::render {

// One finding that a figure counts, for the links beside it.
struct FindingRef {
  const Inspection* inspection = nullptr;
  const Finding* finding = nullptr;
};

// How many areas of the round had strengths and areas for improvement for one agency type (and
// optionally one sub-theme).
struct AreaCounts {
  int with_strengths = 0;
  int with_improvements = 0;
};

// An improvement that recurs: areas whose letters name it for the same sub-theme and agency type.
struct RecurringImprovement {
  std::string sub_theme_id, sub_theme;
  AgencyType agency = AgencyType::kPartnership;
  std::vector<FindingRef> findings;  // one or more per area, in area order
  int areas = 0;
};

struct RoundFigures {
  int inspections = 0;
  Date first_fieldwork, last_fieldwork, first_published, last_published;
  std::vector<std::string> inspectorates;  // ids, in site order
  std::vector<AgencyType> agency_types;    // in enum order
  // Sums over a round: 64 bits, so no round of letters can overflow them (each count is at most 9,999
  // by the schema, but the sum does not rely on that).
  std::int64_t children_identified = 0, children_audited = 0;
  std::map<AgencyType, AreaCounts> by_agency;
  std::map<std::pair<std::string, AgencyType>, AreaCounts> by_sub_theme_and_agency;
  std::vector<RecurringImprovement> recurring;       // two or more areas, most areas first
  std::vector<FindingRef> effective_practice;        // practice studies of highly effective practice
};

// Computes the figures of a round from its public letters only.
RoundFigures ComputeRoundFigures(const Corpus& corpus, const plan::PublicTheme& theme);

// A horizontal grouped bar chart as inline SVG: one group per label, one bar per series. Each bar is
// labelled with its series and value in text, and series differ by pattern as well as colour.
struct ChartSeries {
  std::string name;
  std::vector<int> values;
};
std::string BarChartSvg(const std::string& id, const std::string& title, const std::string& description,
                        const std::vector<std::string>& labels, const std::vector<ChartSeries>& series, int max_value);

// The overview page's view.
nlohmann::json OverviewView(const Corpus& corpus, const plan::Plan& plan, const plan::PublicTheme& theme,
                            const RenderOptions& options);

// The overview page (when the plan says it is public), or nothing.
std::vector<Page> RenderOverviews(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                                  const RenderOptions& options);

}  // namespace lp::render
