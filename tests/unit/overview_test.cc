// The thematic overview: figures computed from the round's public letters only, the chart and its
// accessible table agreeing, and the overview withheld until every letter of the round is public.

#include <gtest/gtest.h>
#include <libxml/parser.h>

#include <cstdint>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include "frontend/front_end.h"
#include "plan/plan.h"
#include "render/overview.h"

namespace lp::render {
namespace {

const Date kAsOf = *Date::ParseIso("2026-11-23");

struct Examples {
  Diagnostics diags;
  frontend::FrontEnd fe;
  Examples() : fe(frontend::LoadCorpus(LETTERPRESS_SOURCE_DIR "/examples", LETTERPRESS_SOURCE_DIR, diags)) {}
};

const Corpus& ExampleCorpus() {
  static Examples* examples = new Examples();
  EXPECT_FALSE(examples->diags.has_errors()) << examples->diags.FormatAll();
  return examples->fe.corpus;
}

const plan::PublicTheme& Round(const plan::Plan& plan, const std::string& id) {
  for (const plan::PublicTheme& t : plan.themes) {
    if (t.theme->id == id) return t;
  }
  ADD_FAILURE() << "no public theme " << id;
  return plan.themes.front();
}

Finding& MutableFinding(Corpus& corpus, const std::string& inspection, const std::string& id) {
  for (Inspection& in : corpus.inspections) {
    if (in.id != inspection) continue;
    for (Finding& f : in.findings) {
      if (f.id == id) return f;
    }
  }
  throw std::runtime_error("no finding " + inspection + "/" + id);
}

TEST(Overview, FiguresCountEachAreaOncePerAgency) {
  const Corpus& corpus = ExampleCorpus();
  plan::Plan plan = plan::MakePlan(corpus, kAsOf);
  const plan::PublicTheme& round = Round(plan, "serious-youth-violence");
  ASSERT_TRUE(round.overview_public);
  RoundFigures f = ComputeRoundFigures(corpus, round);
  EXPECT_EQ(f.inspections, 4);
  EXPECT_EQ(f.first_fieldwork.Iso(), "2025-09-15");
  EXPECT_EQ(f.last_fieldwork.Iso(), "2026-03-13");
  // Count by hand from the letters: areas with at least one finding of the kind naming the agency's type.
  for (AgencyType type : f.agency_types) {
    int strengths = 0, improvements = 0, children = 0;
    for (const plan::PublicInspection* p : round.letters) {
      bool strong = false, weak = false;
      for (const Finding& finding : p->inspection->findings) {
        for (const std::string& id : finding.agencies) {
          const Agency* a = p->inspection->FindAgency(id);
          if (!a || a->type != type) continue;
          strong |= finding.kind == FindingKind::kStrength;
          weak |= finding.kind == FindingKind::kAreaForImprovement || finding.kind == FindingKind::kAreaForPriorityAction;
        }
      }
      strengths += strong;
      improvements += weak;
      children += p->inspection->children_identified.value_or(0);
    }
    EXPECT_EQ(f.by_agency[type].with_strengths, strengths) << ToString(type);
    EXPECT_EQ(f.by_agency[type].with_improvements, improvements) << ToString(type);
    EXPECT_EQ(f.children_identified, children);
  }
  // Recurring improvements really recur: two or more areas, most first, each area's finding linked.
  ASSERT_FALSE(f.recurring.empty());
  for (std::size_t i = 0; i < f.recurring.size(); ++i) {
    EXPECT_GE(f.recurring[i].areas, 2);
    if (i > 0) {
      EXPECT_GE(f.recurring[i - 1].areas, f.recurring[i].areas);
    }
  }
  EXPECT_FALSE(f.effective_practice.empty());
}

TEST(Overview, ChildrenSampledAcrossARoundAreSummedWithoutOverflow) {
  Corpus corpus = ExampleCorpus();
  for (Inspection& in : corpus.inspections) {
    in.children_identified = std::numeric_limits<int>::max();
    in.children_audited = std::numeric_limits<int>::max();
  }
  plan::Plan plan = plan::MakePlan(corpus, kAsOf);
  const plan::PublicTheme& round = Round(plan, "serious-youth-violence");
  RoundFigures f = ComputeRoundFigures(corpus, round);
  const std::int64_t expected = static_cast<std::int64_t>(round.letters.size()) * std::numeric_limits<int>::max();
  EXPECT_EQ(f.children_identified, expected);
  EXPECT_EQ(f.children_audited, expected);
  std::string intro = OverviewView(corpus, plan, round, {})["intro_html"].get<std::string>();
  EXPECT_NE(intro.find(std::to_string(expected) + " children"), std::string::npos) << intro;
}

TEST(Overview, ChangingOneFindingsAgencyChangesTheFiguresAndTheChart) {
  Corpus corpus = ExampleCorpus();
  plan::Plan before_plan = plan::MakePlan(corpus, kAsOf);
  RoundFigures before = ComputeRoundFigures(corpus, Round(before_plan, "serious-youth-violence"));
  std::string before_page = OverviewView(corpus, before_plan, Round(before_plan, "serious-youth-violence"), {})
                                ["agency_chart_svg"].get<std::string>();
  // Find an area with no strength for some agency type, and give that agency one of the area's
  // single-agency strengths about another agency.
  std::string inspection, finding, agency;
  AgencyType target = AgencyType::kPartnership;
  for (const Inspection& in : corpus.inspections) {
    if (in.theme != "serious-youth-violence" || !inspection.empty()) continue;
    for (const Agency& candidate : in.agencies) {
      bool has_strength = false;
      std::string other;
      for (const Finding& f : in.findings) {
        if (f.kind != FindingKind::kStrength) continue;
        for (const std::string& a : f.agencies) {
          if (in.FindAgency(a)->type == candidate.type) has_strength = true;
        }
        if (f.agencies.size() == 1 && in.FindAgency(f.agencies[0])->type != candidate.type) other = f.id;
      }
      if (!has_strength && !other.empty()) {
        inspection = in.id;
        finding = other;
        agency = candidate.id;
        target = candidate.type;
        break;
      }
    }
  }
  ASSERT_FALSE(inspection.empty()) << "the examples need an area lacking a strength for some agency";
  MutableFinding(corpus, inspection, finding).agencies = {agency};
  plan::Plan after_plan = plan::MakePlan(corpus, kAsOf);
  RoundFigures after = ComputeRoundFigures(corpus, Round(after_plan, "serious-youth-violence"));
  EXPECT_EQ(after.by_agency[target].with_strengths, before.by_agency[target].with_strengths + 1) << ToString(target);
  std::string after_page = OverviewView(corpus, after_plan, Round(after_plan, "serious-youth-violence"), {})
                               ["agency_chart_svg"].get<std::string>();
  EXPECT_NE(before_page, after_page);
}

TEST(Overview, ChartIsValidSvgAndItsBarsMatchTheTable) {
  const Corpus& corpus = ExampleCorpus();
  plan::Plan plan = plan::MakePlan(corpus, kAsOf);
  nlohmann::json view = OverviewView(corpus, plan, Round(plan, "serious-youth-violence"), {});
  std::string svg = view["agency_chart_svg"];
  xmlDocPtr doc = xmlReadMemory(svg.data(), static_cast<int>(svg.size()), "chart.svg", "UTF-8", XML_PARSE_NONET);
  ASSERT_NE(doc, nullptr) << "the chart is not well-formed XML";
  EXPECT_STREQ(reinterpret_cast<const char*>(xmlDocGetRootElement(doc)->name), "svg");
  xmlFreeDoc(doc);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"chart-agencies-title\">"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"chart-agencies-desc\">"), std::string::npos);
  // Every bar's value is the table's figure for its agency and series.
  std::map<std::pair<std::string, std::string>, int> bars;
  static const std::regex kBar(R"re(data-series="([^"]+)" data-label="([^"]+)" data-value="([0-9]+)")re");
  for (std::sregex_iterator it(svg.begin(), svg.end(), kBar), end; it != end; ++it) {
    // The labels are attribute values: undo the two escapes the agency names can need.
    std::string label = std::regex_replace(std::regex_replace((*it)[2].str(), std::regex("&#39;"), "'"), std::regex("&amp;"), "&");
    bars[{label, (*it)[1]}] = std::stoi((*it)[3]);
  }
  ASSERT_EQ(bars.size(), view["agency_rows"].size() * 2);
  for (const auto& row : view["agency_rows"]) {
    std::string agency = row["agency"];
    int strengths = bars[std::make_pair(agency, std::string("areas with strengths"))];
    int improvements = bars[std::make_pair(agency, std::string("areas with improvements needed"))];
    EXPECT_EQ(strengths, row["strengths"].get<int>()) << agency;
    EXPECT_EQ(improvements, row["improvements"].get<int>()) << agency;
  }
}

TEST(Overview, IsWithheldWhileAnyLetterOfTheRoundIsEmbargoed) {
  Corpus corpus = ExampleCorpus();
  // Move one letter's publication after the as-of date: the round is no longer complete.
  for (Inspection& in : corpus.inspections) {
    if (in.id == "thornlow-2026") in.dates.publication = *Date::ParseIso("2026-12-15");
  }
  plan::Plan plan = plan::MakePlan(corpus, kAsOf);
  const plan::PublicTheme& round = Round(plan, "serious-youth-violence");
  EXPECT_FALSE(round.overview_public);
  EXPECT_EQ(round.letters.size(), 3u);
  for (const plan::PublicInspection* p : round.letters) EXPECT_NE(p->inspection->id, "thornlow-2026");
  EXPECT_TRUE(RenderOverviews(corpus, plan, TemplateSet(), {}).empty());
  // The figures a round could show count only public letters.
  EXPECT_EQ(ComputeRoundFigures(corpus, round).inspections, 3);
  // And the overview's own date counts too: before it, nothing is published even with every letter out.
  plan::Plan early = plan::MakePlan(ExampleCorpus(), *Date::ParseIso("2026-10-14"));
  EXPECT_FALSE(Round(early, "serious-youth-violence").overview_public);
  plan::Plan on_the_day = plan::MakePlan(ExampleCorpus(), *Date::ParseIso("2026-10-15"));
  EXPECT_TRUE(Round(on_the_day, "serious-youth-violence").overview_public);
}

TEST(Overview, IntroductionStatesTheComputedFacts) {
  const Corpus& corpus = ExampleCorpus();
  plan::Plan plan = plan::MakePlan(corpus, kAsOf);
  nlohmann::json view = OverviewView(corpus, plan, Round(plan, "serious-youth-violence"), {});
  std::string intro = view["intro_html"];
  EXPECT_NE(intro.find("four joint targeted area inspections"), std::string::npos) << intro;
  EXPECT_NE(intro.find("from 15 September 2025 to 13 March 2026"), std::string::npos) << intro;
  EXPECT_NE(intro.find("the Care Quality Commission (CQC)"), std::string::npos) << intro;
  EXPECT_EQ(view["areas"].size(), 4u);
}

}  // namespace
}  // namespace lp::render
