#include "model/model.h"

#include <algorithm>

#include "base/text.h"

namespace lp {

const char* ToString(AgencyType t) {
  switch (t) {
    case AgencyType::kChildrensSocialCare: return "childrens-social-care";
    case AgencyType::kHealth: return "health";
    case AgencyType::kPolice: return "police";
    case AgencyType::kEducation: return "education";
    case AgencyType::kYouthJustice: return "youth-justice";
    case AgencyType::kPartnership: return "partnership";
  }
  return "";
}

const char* Describe(AgencyType t) {
  switch (t) {
    case AgencyType::kChildrensSocialCare: return "children's social care";
    case AgencyType::kHealth: return "health";
    case AgencyType::kPolice: return "police";
    case AgencyType::kEducation: return "education";
    case AgencyType::kYouthJustice: return "youth justice services";
    case AgencyType::kPartnership: return "the partnership";
  }
  return "";
}

const char* ToString(Status s) {
  switch (s) {
    case Status::kFieldwork: return "fieldwork";
    case Status::kModerated: return "moderated";
    case Status::kDraftIssued: return "draft-issued";
    case Status::kCorrectionsDecided: return "corrections-decided";
    case Status::kPrePublication: return "pre-publication";
    case Status::kPublished: return "published";
    case Status::kWithdrawn: return "withdrawn";
  }
  return "";
}

const char* Describe(Status s) {
  switch (s) {
    case Status::kFieldwork: return "fieldwork";
    case Status::kModerated: return "moderated";
    case Status::kDraftIssued: return "draft issued";
    case Status::kCorrectionsDecided: return "corrections decided";
    case Status::kPrePublication: return "pre-publication";
    case Status::kPublished: return "published";
    case Status::kWithdrawn: return "withdrawn";
  }
  return "";
}

const char* ToString(FindingKind k) {
  switch (k) {
    case FindingKind::kAreaForPriorityAction: return "area-for-priority-action";
    case FindingKind::kAreaForImprovement: return "area-for-improvement";
    case FindingKind::kStrength: return "strength";
    case FindingKind::kMainFinding: return "main-finding";
    case FindingKind::kPracticeStudyEffective: return "practice-study-effective";
    case FindingKind::kPracticeStudyImprovement: return "practice-study-improvement";
  }
  return "";
}

const char* ToString(ActionStatus s) {
  switch (s) {
    case ActionStatus::kNotStarted: return "not-started";
    case ActionStatus::kInProgress: return "in-progress";
    case ActionStatus::kComplete: return "complete";
  }
  return "";
}

const char* Describe(ActionStatus s) {
  switch (s) {
    case ActionStatus::kNotStarted: return "Not started";
    case ActionStatus::kInProgress: return "In progress";
    case ActionStatus::kComplete: return "Complete";
  }
  return "";
}

const char* ToString(CorrectionOutcome o) {
  switch (o) {
    case CorrectionOutcome::kAccepted: return "accepted";
    case CorrectionOutcome::kPartlyAccepted: return "partly-accepted";
    case CorrectionOutcome::kDeclined: return "declined";
  }
  return "";
}

const char* Describe(CorrectionOutcome o) {
  switch (o) {
    case CorrectionOutcome::kAccepted: return "Accepted";
    case CorrectionOutcome::kPartlyAccepted: return "Partly accepted";
    case CorrectionOutcome::kDeclined: return "Declined";
  }
  return "";
}

const char* ToString(DeclineReason r) {
  switch (r) {
    case DeclineReason::kNone: return "";
    case DeclineReason::kNotAFactualMatter: return "not-a-factual-matter";
    case DeclineReason::kEvidenceInsufficient: return "evidence-insufficient";
    case DeclineReason::kOther: return "other";
  }
  return "";
}

InspectorateInfo InspectorateInfo::On(const std::optional<Date>& on) const {
  InspectorateInfo out = *this;
  if (!on) return out;
  // The earliest change after the date gives the name then in use.
  const EarlierName* best = nullptr;
  for (const EarlierName& e : earlier_names) {
    if (*on < e.before && (!best || e.before < best->before)) best = &e;
  }
  if (best) {
    out.name = best->name;
    if (!best->abbr.empty()) out.abbr = best->abbr;
  }
  return out;
}

std::string Addressee::Line() const {
  if (!printed.empty()) return printed;
  std::string out;
  for (const std::string* part : {&name, &role, &organisation}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ", ";
    out += *part;
  }
  return out;
}

const std::string* LetterWording::Heading(const std::string& section) const {
  for (const auto& [s, h] : headings) {
    if (s == section) return &h;
  }
  return nullptr;
}

const InspectorateInfo* SiteConfig::FindInspectorate(const std::string& id) const {
  for (const InspectorateInfo& i : inspectorates) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

std::string SiteConfig::BaseUrl() const {
  return base_url.empty() || base_url.back() != '/' ? base_url + "/" : base_url;
}

std::string SiteConfig::BasePath() const { return UrlPathOf(BaseUrl()); }

const Agency* Inspection::FindAgency(const std::string& agency_id) const {
  for (const Agency& a : agencies) {
    if (a.id == agency_id) return &a;
  }
  return nullptr;
}

const Finding* Inspection::FindFinding(const std::string& finding_id) const {
  for (const Finding& f : findings) {
    if (f.id == finding_id) return &f;
  }
  return nullptr;
}

const Participation* Inspection::LeadInspectorate() const {
  for (const Participation& p : inspectorates) {
    if (p.lead) return &p;
  }
  return inspectorates.empty() ? nullptr : &inspectorates.front();
}

std::vector<const Finding*> Inspection::FindingsOfKind(FindingKind kind) const {
  std::vector<const Finding*> out;
  for (const Finding& f : findings) {
    if (f.kind == kind) out.push_back(&f);
  }
  if (kind == FindingKind::kAreaForImprovement || kind == FindingKind::kAreaForPriorityAction) {
    std::stable_sort(out.begin(), out.end(), [](const Finding* a, const Finding* b) { return a->priority < b->priority; });
  }
  return out;
}

const SubTheme* Theme::FindSubTheme(const std::string& sub_theme_id) const {
  for (const SubTheme& s : sub_themes) {
    if (s.id == sub_theme_id) return &s;
  }
  return nullptr;
}

const Inspection* Corpus::FindInspection(const std::string& id) const {
  auto it = std::lower_bound(inspections.begin(), inspections.end(), id,
                             [](const Inspection& i, const std::string& key) { return i.id < key; });
  return it != inspections.end() && it->id == id ? &*it : nullptr;
}

const Theme* Corpus::FindTheme(const std::string& id) const {
  auto it = std::lower_bound(themes.begin(), themes.end(), id,
                             [](const Theme& t, const std::string& key) { return t.id < key; });
  return it != themes.end() && it->id == id ? &*it : nullptr;
}

std::optional<Date> CorrectionsDue(const Inspection& inspection, const Corpus& corpus) {
  if (inspection.dates.corrections_due) return inspection.dates.corrections_due;
  if (!inspection.dates.draft_issued) return std::nullopt;
  return corpus.calendar.AddWorkingDays(*inspection.dates.draft_issued, corpus.site.factual_accuracy_working_days);
}

std::optional<Date> ActionPlanDue(const Inspection& inspection, const Corpus& corpus) {
  if (inspection.dates.action_plan_due) return inspection.dates.action_plan_due;
  if (!inspection.dates.publication) return std::nullopt;
  return corpus.calendar.AddWorkingDays(*inspection.dates.publication, corpus.site.action_plan_working_days);
}

}  // namespace lp
