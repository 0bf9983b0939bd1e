#include "render/restricted.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "base/csv.h"
#include "base/text.h"
#include "markdown/markdown.h"
#include "plan/plan.h"
#include "render/html.h"
#include "render/open_data.h"

namespace lp::render {
using nlohmann::json;

namespace {

constexpr const char* kDraftMark = "DRAFT - for factual accuracy check - not for publication";

json Frame(const RestrictedContext& ctx, const std::string& title, const std::string& mark) {
  const Corpus& corpus = *ctx.corpus;
  const Inspection& in = *ctx.inspection;
  return {{"site", {{"title", corpus.site.title}, {"language", corpus.site.language}, {"publisher", corpus.site.publisher},
                    {"contact_email", corpus.site.contact_email}}},
          {"page", {{"title", title}}},
          {"inline_css", ctx.css},
          {"mark", mark},
          {"print_mark", CssString(mark)},
          {"print_header", CssString(in.area_name + ": " + title)},
          {"version", ctx.version},
          {"area", in.area_name},
          {"id", in.id}};
}

std::string RestrictedPage(const RestrictedContext& ctx, const std::string& content_template, json view) {
  std::string content = ctx.templates->Render(content_template, view);
  view["content"] = AddAbbreviations(content, Glossary(*ctx.corpus));
  return ctx.templates->Render("layout_restricted", view);
}

std::string Mark(const RestrictedContext& ctx, LetterMode mode) {
  if (mode == LetterMode::kDraft) return kDraftMark;
  const Inspection& in = *ctx.inspection;
  return "EMBARGOED until " + (in.dates.publication ? in.dates.publication->Long() : std::string("publication")) + " at " +
         ctx.corpus->site.embargo_time + " - not for publication or circulation before then";
}

// A decision as a reader says it: "Accepted", "Declined: not a factual matter", with the lead
// inspector's explanation after it unless it only repeats the outcome ("Accepted.").
std::string ReasonText(DeclineReason reason) {
  switch (reason) {
    case DeclineReason::kNotAFactualMatter: return "not a factual matter";
    case DeclineReason::kEvidenceInsufficient: return "the evidence is insufficient";
    case DeclineReason::kOther:
    case DeclineReason::kNone: break;
  }
  return "";
}

std::string Explanation(const Decision& d) {
  std::string e = d.explanation;
  while (!e.empty() && (e.back() == '.' || e.back() == ' ')) e.pop_back();
  std::string outcome = Describe(d.outcome);
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(e) == lower(outcome) ? std::string() : d.explanation;
}

std::string DecisionSentence(const Decision& d) {
  std::string out = Describe(d.outcome);
  std::string reason = ReasonText(d.reason);
  if (!reason.empty()) out += " (" + reason + ")";
  std::string explanation = Explanation(d);
  if (!explanation.empty()) out += ": " + explanation;
  return out;
}

// The decision log's reason column: "Not a factual matter: <explanation>", or the explanation alone.
std::string ReasonSentence(const Decision& d) {
  std::string reason = ReasonText(d.reason);
  if (!reason.empty()) reason[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(reason[0])));
  std::string explanation = Explanation(d);
  if (reason.empty()) return explanation;
  return explanation.empty() ? reason : reason + ": " + explanation;
}

std::string AgencyLabel(const RestrictedContext& ctx, const CorrectionSet& set) {
  const Agency* agency = ctx.inspection->FindAgency(set.agency);
  std::string name = agency ? agency->name : set.agency;
  int files = 0;
  for (const CorrectionSet& other : ctx.inspection->corrections) files += other.agency == set.agency ? 1 : 0;
  return files > 1 ? name + " (file " + std::to_string(set.sequence) + " of " + std::to_string(files) + ")" : name;
}

}  // namespace

std::string RenderRestrictedLetter(const RestrictedContext& ctx, LetterMode mode) {
  const Inspection& in = *ctx.inspection;
  plan::Plan no_plan;
  RenderOptions options;
  Views views(*ctx.corpus, no_plan, options);
  json letter = views.Letter(in, nullptr, mode);
  json view = Frame(ctx, mode == LetterMode::kDraft ? "draft letter of findings" : "pre-publication letter", Mark(ctx, mode));
  for (auto it = letter.begin(); it != letter.end(); ++it) {
    if (!view.contains(it.key())) view[it.key()] = it.value();
  }
  view["restricted"] = true;
  view["draft"] = mode == LetterMode::kDraft;
  std::vector<std::string> addressees;
  for (const Addressee& a : in.addressees) {
    addressees.push_back(a.printed.empty() && !a.name.empty() ? a.name + " (" + a.role + ", " + a.organisation + ")"
                                                              : a.Line());
  }
  std::optional<Date> due = CorrectionsDue(in, *ctx.corpus);
  view["reply_by"] = due ? due->Long() : "";
  view["has_reply_by"] = mode == LetterMode::kDraft && due.has_value();
  view["issued_to"] = JoinEnglish(addressees);
  return RestrictedPage(ctx, in.layout == LetterLayout::k2016 ? "letter_2016" : "letter", view);
}

std::string LetterText(const RestrictedContext& ctx, LetterMode mode) {
  const Inspection& in = *ctx.inspection;
  std::string out = Mark(ctx, mode) + "\n\n";
  out += "Version " + ctx.version + "\n";
  if (mode == LetterMode::kDraft) {
    if (std::optional<Date> due = CorrectionsDue(in, *ctx.corpus)) {
      out += "Factual accuracy corrections are due by " + due->Long() + ".\n";
    }
  } else if (in.dates.publication) {
    out += "Publication: " + in.dates.publication->Long() + " at " + ctx.corpus->site.embargo_time + ".\n";
  }
  out += "\n";
  for (const Addressee& a : in.addressees) out += a.Line() + "\n";
  out += "\nDear " + in.partnership_name + "\n\nJoint targeted area inspection of " + in.area_name + "\n";
  int section = 0;
  for (const workflow::DraftParagraph& p : workflow::NumberParagraphs(in)) {
    if (p.section != section) {
      section = p.section;
      out += "\n" + std::string(workflow::SectionTitle(section)) + "\n\n";
    }
    out += p.number + "  " + p.text + "\n\n";
  }
  return out;
}

std::string RenderAgencyPack(const RestrictedContext& ctx, const Agency& agency) {
  const Inspection& in = *ctx.inspection;
  json view = Frame(ctx, "feedback pack for " + agency.name, kDraftMark);
  view["agency"] = agency.name;
  const InspectorateInfo* inspectorate = ctx.corpus->site.FindInspectorate(agency.inspectorate);
  view["inspectorate"] = inspectorate ? inspectorate->name : "";
  json items = json::array();
  for (const workflow::DraftParagraph& p : workflow::ParagraphsConcerning(in, agency, workflow::NumberParagraphs(in))) {
    const Finding* f = in.FindFinding(p.finding);
    bool attributed = f && std::find(f->agencies.begin(), f->agencies.end(), agency.id) != f->agencies.end();
    items.push_back({{"number", p.number}, {"section", workflow::SectionTitle(p.section)},
                     {"html", markdown::RenderHtml(p.markdown, 3)}, {"finding", f ? f->id : p.finding},
                     {"kind", f ? ToString(f->kind) : ""}, {"how", attributed ? "attributed" : "named in the text"}});
  }
  view["paragraphs"] = items;
  view["has_paragraphs"] = !items.empty();
  return RestrictedPage(ctx, "agency_pack", view);
}

std::string RenderCorrectionsForm(const RestrictedContext& ctx) {
  const Inspection& in = *ctx.inspection;
  json view = Frame(ctx, "factual accuracy corrections form", kDraftMark);
  json paragraphs = json::array();
  std::vector<workflow::DraftParagraph> numbered = workflow::NumberParagraphs(in);
  // Which agencies each paragraph concerns, so the form can show an agency its own paragraphs.
  std::map<std::string, json> concerns;
  for (const Agency& a : in.agencies) {
    for (const workflow::DraftParagraph& p : workflow::ParagraphsConcerning(in, a, numbered)) concerns[p.number].push_back(a.id);
  }
  for (const workflow::DraftParagraph& p : numbered) {
    paragraphs.push_back({{"number", p.number}, {"section", workflow::SectionTitle(p.section)},
                          {"finding", p.finding == "context" || p.finding == "headline-findings" ? "" : p.finding},
                          {"text", p.markdown},
                          {"agencies", concerns.count(p.number) ? concerns[p.number] : json::array()}});
  }
  json agencies = json::array();
  for (const Agency& a : in.agencies) agencies.push_back({{"id", a.id}, {"name", a.name}});
  std::optional<Date> reply_by = CorrectionsDue(in, *ctx.corpus);
  json data = {{"inspection", in.id}, {"version", ctx.version}, {"paragraphs", paragraphs}, {"agencies", agencies},
               {"reply_to", ctx.reply_to.empty() ? ctx.corpus->site.contact_email : ctx.reply_to},
               {"reply_by", reply_by ? reply_by->Long() : ""}};
  // The data goes into a <script type="application/json"> element: '<' is escaped so no text can close it.
  std::string text = data.dump();
  std::string safe;
  for (char c : text) safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
  view["form_data"] = safe;
  view["agencies"] = agencies;
  std::optional<Date> due = CorrectionsDue(in, *ctx.corpus);
  view["reply_by"] = due ? due->Long() : "";
  view["reply_to"] = ctx.reply_to.empty() ? ctx.corpus->site.contact_email : ctx.reply_to;
  return RestrictedPage(ctx, "corrections_form", view);
}

std::string RenderCorrectionsReport(const RestrictedContext& ctx, const std::vector<workflow::CorrectionReview>& reviews) {
  json view = Frame(ctx, "factual accuracy corrections report", kDraftMark);
  json items = json::array();
  int undecided = 0, late = 0, older = 0, judgement = 0;
  for (const workflow::CorrectionReview& r : reviews) {
    json flags = json::array();
    if (r.undecided) {
      ++undecided;
      flags.push_back({{"text", "Undecided"}});
    }
    if (r.late) {
      ++late;
      flags.push_back({{"text", "Late: submitted " + r.set->submitted.Long()}});
    }
    if (r.against_older_version) {
      ++older;
      flags.push_back({{"text", "Made against an older draft (version " + r.set->draft_version + ")"}});
    }
    if (r.judgement) {
      ++judgement;
      flags.push_back({{"text", "May ask to change a judgement, not a fact (" + r.judgement_reason +
                                    "): consider declining as not a factual matter"}});
    }
    if (!r.paragraph_found) flags.push_back({{"text", "Paragraph " + r.correction->paragraph + " is not in that draft"}});
    if (r.current_text_differs) flags.push_back({{"text", "The quoted current text differs from the draft's paragraph"}});
    const FactualAccuracyCorrection& c = *r.correction;
    items.push_back({{"id", c.id},
                     {"agency", AgencyLabel(ctx, *r.set)},
                     {"submitter", r.set->submitter_name + ", " + r.set->submitter_role},
                     {"paragraph", c.paragraph},
                     {"current", c.current},
                     {"proposed", c.proposed},
                     {"evidence", c.evidence},
                     {"flags", flags},
                     {"has_flags", !flags.empty()},
                     {"changed_since", r.changed_since},
                     {"change_html", r.change_html},
                     {"decided", c.decision.has_value()},
                     {"decision", c.decision ? DecisionSentence(*c.decision) : ""}});
  }
  view["corrections"] = items;
  view["has_corrections"] = !items.empty();
  view["summary"] = std::to_string(reviews.size()) + " corrections: " + std::to_string(undecided) + " undecided, " +
                    std::to_string(late) + " late, " + std::to_string(older) + " against an older draft, " +
                    std::to_string(judgement) + " that may ask to change a judgement.";
  std::optional<Date> due = CorrectionsDue(*ctx.inspection, *ctx.corpus);
  view["reply_by"] = due ? due->Long() : "";
  return RestrictedPage(ctx, "corrections_report", view);
}

std::string RenderDecisionLog(const RestrictedContext& ctx, const std::vector<workflow::CorrectionReview>& reviews) {
  json view = Frame(ctx, "factual accuracy decision log", kDraftMark);
  json rows = json::array();
  for (const workflow::CorrectionReview& r : reviews) {
    const FactualAccuracyCorrection& c = *r.correction;
    rows.push_back({{"id", c.id},
                    {"agency", AgencyLabel(ctx, *r.set)},
                    {"asked_by", r.set->submitter_name + ", " + r.set->submitter_role},
                    {"submitted", r.set->submitted.Long()},
                    {"paragraph", c.paragraph},
                    {"proposed", c.proposed},
                    {"decision", c.decision ? Describe(c.decision->outcome) : "Undecided"},
                    {"reason", c.decision ? ReasonSentence(*c.decision) : ""},
                    {"decided_by", c.decision ? c.decision->by + ", " + c.decision->on.Long() : ""}});
  }
  view["rows"] = rows;
  return RestrictedPage(ctx, "decision_log", view);
}

std::string DecisionLogCsv(const std::vector<workflow::CorrectionReview>& reviews) {
  CsvWriter out({"correction", "agency", "asked_by", "submitted", "draft_version", "paragraph", "finding", "decision", "reason",
                 "explanation", "decided_by", "decided_on"});
  for (const workflow::CorrectionReview& r : reviews) {
    const FactualAccuracyCorrection& c = *r.correction;
    std::vector<std::string> fields = {c.id, r.set->agency, r.set->submitter_name, r.set->submitted.Iso(), r.set->draft_version,
                                       c.paragraph, c.finding,
                                       c.decision ? ToString(c.decision->outcome) : "undecided",
                                       c.decision ? ToString(c.decision->reason) : "", c.decision ? c.decision->explanation : "",
                                       c.decision ? c.decision->by : "", c.decision ? c.decision->on.Iso() : ""};
    out.Row(fields);
  }
  return out.Take();
}

std::string RenderRedline(const RestrictedContext& ctx, const std::string& issued_version,
                          const std::vector<workflow::RedlineParagraph>& paragraphs) {
  json view = Frame(ctx, "redline of the letter", kDraftMark);
  view["issued_version"] = issued_version;
  json sections = json::array();
  int changed = 0;
  for (const workflow::RedlineParagraph& p : paragraphs) {
    if (sections.empty() || sections.back()["number"] != p.section) {
      sections.push_back({{"number", p.section}, {"title", workflow::SectionTitle(p.section)}, {"paragraphs", json::array()}});
    }
    std::string label;
    switch (p.change) {
      case workflow::ParagraphChange::kUnchanged: label = ""; break;
      case workflow::ParagraphChange::kChanged: label = "changed"; break;
      case workflow::ParagraphChange::kInserted: label = "new paragraph"; break;
      case workflow::ParagraphChange::kDeleted: label = "paragraph removed"; break;
    }
    if (p.change != workflow::ParagraphChange::kUnchanged) ++changed;
    bool renumbered = !p.old_number.empty() && p.old_number != p.number;
    sections.back()["paragraphs"].push_back({{"number", p.number},
                                             {"renumbered", renumbered},
                                             {"old_number", p.old_number},
                                             {"label", label},
                                             {"has_label", !label.empty()},
                                             {"html", p.html}});
  }
  view["sections"] = sections;
  view["changed"] = changed;
  return RestrictedPage(ctx, "redline", view);
}

std::string DecisionKey(const workflow::CorrectionReview& review) {
  std::string path = review.set->path;
  return path.substr(path.find_last_of('/') + 1) + "#" + review.correction->id;
}

std::string RenderDecisionsPage(const RestrictedContext& ctx, const std::vector<workflow::CorrectionReview>& reviews,
                                const DecisionsPageState& state) {
  json view = Frame(ctx, "decisions on factual accuracy corrections", kDraftMark);
  auto error_for = [&](const std::string& field) -> std::string {
    for (const auto& [f, message] : state.errors) {
      if (f == field) return message;
    }
    return "";
  };
  json errors = json::array();
  for (const auto& [field, message] : state.errors) errors.push_back({{"field", field}, {"message", message}});
  view["errors"] = errors;
  view["has_errors"] = !errors.empty();
  view["saved"] = state.saved;
  view["has_saved"] = !state.saved.empty();
  view["token"] = state.token;
  view["by"] = state.by;
  view["by_error"] = error_for("by");
  view["has_by_error"] = !view["by_error"].get<std::string>().empty();
  view["title_error"] = !state.errors.empty();
  json items = json::array();
  int undecided = 0;
  for (std::size_t i = 0; i < reviews.size(); ++i) {
    const workflow::CorrectionReview& r = reviews[i];
    const FactualAccuracyCorrection& c = *r.correction;
    DecisionsPageEntry entry;
    if (auto it = state.entries.find(i); it != state.entries.end()) entry = it->second;
    std::string n = std::to_string(i + 1);
    std::string decision_error = error_for("decision-" + n + "-accepted");
    std::string because_error = error_for("because-" + n);
    std::string reason_error = error_for("reason-" + n);
    json choices = json::array();
    for (const auto& [value, label] : std::vector<std::pair<std::string, std::string>>{
             {"", c.decision ? "Keep the decision recorded" : "Not decided yet"},
             {"accepted", "Accept"},
             {"partly-accepted", "Accept in part (say which part in the reason)"},
             {"declined", "Decline (say why)"}}) {
      choices.push_back({{"value", value}, {"label", label}, {"id", "decision-" + n + "-" + (value.empty() ? "none" : value)},
                         {"checked", entry.choice == value}});
    }
    json becauses = json::array();
    for (const auto& [value, label] : std::vector<std::pair<std::string, std::string>>{
             {"", "Choose a reason"},
             {"not-a-factual-matter", "Not a factual matter (it asks to change a judgement)"},
             {"evidence-insufficient", "The evidence is insufficient"},
             {"other", "Another reason (say which)"}}) {
      becauses.push_back({{"value", value}, {"label", label}, {"selected", entry.because == value}});
    }
    if (!c.decision) ++undecided;
    items.push_back({{"n", n},
                     {"key", DecisionKey(r)},
                     {"id", c.id},
                     {"agency", AgencyLabel(ctx, *r.set)},
                     {"submitter", r.set->submitter_name + ", " + r.set->submitter_role},
                     {"paragraph", c.paragraph},
                     {"current", c.current},
                     {"proposed", c.proposed},
                     {"evidence", c.evidence},
                     {"redline", workflow::SegmentsHtml(workflow::RedlineSegments(c.current, c.proposed), true)},
                     {"judgement", r.judgement},
                     {"judgement_reason", r.judgement_reason},
                     {"decided", c.decision.has_value()},
                     {"decision", c.decision ? DecisionSentence(*c.decision) + " (" + c.decision->by + ", " +
                                                   c.decision->on.Long() + ")"
                                             : ""},
                     {"choices", choices},
                     {"becauses", becauses},
                     {"reason", entry.reason},
                     {"decision_error", decision_error},
                     {"has_decision_error", !decision_error.empty()},
                     {"because_error", because_error},
                     {"has_because_error", !because_error.empty()},
                     {"reason_error", reason_error},
                     {"has_reason_error", !reason_error.empty()}});
  }
  view["corrections"] = items;
  view["count"] = reviews.size();
  view["undecided"] = undecided;
  return RestrictedPage(ctx, "decisions_page", view);
}

}  // namespace lp::render
