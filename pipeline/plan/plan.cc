#include "plan/plan.h"

#include <algorithm>

namespace lp::plan {

bool IsLetterPublic(const Inspection& inspection, Date as_of) {
  switch (inspection.status) {
    case Status::kPrePublication:
      // Published on the day, unless a complaint made in time holds it.
      if (inspection.complaint_hold) return false;
      break;
    case Status::kPublished:
    case Status::kWithdrawn:
      break;
    default:
      return false;
  }
  return inspection.dates.publication && *inspection.dates.publication <= as_of;
}

bool IsActionOverdue(const Action& action, Date as_of) {
  return action.status != ActionStatus::kComplete && action.due < as_of;
}

const PublicChange* PublicInspection::ChangeFor(const ChangeNote* note) const {
  for (const PublicChange& c : changes) {
    if (std::find(c.notes.begin(), c.notes.end(), note) != c.notes.end()) return &c;
  }
  return nullptr;
}

namespace {

bool Carries(const PublishedVersion& v, const ChangeNote& note) {
  return std::any_of(v.change_notes.begin(), v.change_notes.end(),
                     [&](const ChangeNote& n) { return n.date == note.date && n.text == note.text; });
}

// The changes of a letter with a published record: between each recorded version and the next, and from the
// newest to the letter as it stands when it carries notes the record does not. A change is public once every
// note that describes it is: a redline is never shown before its note.
std::vector<PublicChange> PublicChanges(const Inspection& in, Date as_of) {
  std::vector<PublicChange> out;
  for (std::size_t i = 0; i < in.published.size(); ++i) {
    const PublishedVersion& before = in.published[i];
    const PublishedVersion* after = i + 1 < in.published.size() ? &in.published[i + 1] : nullptr;
    PublicChange c;
    c.version = before.version + 1;
    c.before = &before;
    c.after = after;
    for (const ChangeNote& note : in.change_notes) {
      if (Carries(before, note)) continue;
      if (after && !Carries(*after, note)) continue;
      c.notes.push_back(&note);
    }
    if (c.notes.empty()) continue;
    std::stable_sort(c.notes.begin(), c.notes.end(), [](const ChangeNote* a, const ChangeNote* b) { return a->date < b->date; });
    c.date = c.notes.back()->date;
    if (c.date <= as_of) out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

const PublicInspection* Plan::Find(const std::string& inspection_id) const {
  for (const PublicInspection& p : inspections) {
    if (p.inspection->id == inspection_id) return &p;
  }
  return nullptr;
}

Plan MakePlan(const Corpus& corpus, Date as_of) {
  Plan plan;
  plan.as_of = as_of;
  for (const Inspection& in : corpus.inspections) {
    if (!IsLetterPublic(in, as_of)) continue;
    PublicInspection p;
    p.inspection = &in;
    p.published = *in.dates.publication;
    p.withdrawn = in.status == Status::kWithdrawn && in.withdrawn_on && *in.withdrawn_on <= as_of;
    for (const ChangeNote& note : in.change_notes) {
      if (note.date <= as_of) p.change_notes.push_back(&note);
    }
    std::stable_sort(p.change_notes.begin(), p.change_notes.end(),
                     [](const ChangeNote* a, const ChangeNote* b) { return a->date > b->date; });
    // "Last updated" is the newest change the reader can see, minor or major; the feed counts only major ones.
    for (const ChangeNote* note : p.change_notes) {
      if (!p.last_updated || note->date > *p.last_updated) p.last_updated = note->date;
      if (note->major && (!p.last_major_update || note->date > *p.last_major_update)) p.last_major_update = note->date;
    }
    for (const PartnerResponse& r : in.responses) {
      if (r.date <= as_of) p.responses.push_back(&r);
    }
    std::stable_sort(p.responses.begin(), p.responses.end(), [](const PartnerResponse* a, const PartnerResponse* b) {
      return std::tie(a->date, a->id) < std::tie(b->date, b->id);
    });
    if (in.action_plan && in.action_plan->date <= as_of) {
      p.action_plan = &*in.action_plan;
      // A progress update dated after the as-of date is not yet reported.
      p.progress_as_at = in.action_plan->date;
      if (in.action_plan->progress_as_at && *in.action_plan->progress_as_at <= as_of &&
          *in.action_plan->progress_as_at > p.progress_as_at) {
        p.progress_as_at = *in.action_plan->progress_as_at;
      }
    }
    p.changes = PublicChanges(in, as_of);
    plan.inspections.push_back(std::move(p));
  }
  std::sort(plan.inspections.begin(), plan.inspections.end(), [](const PublicInspection& a, const PublicInspection& b) {
    if (a.published != b.published) return a.published > b.published;
    return a.inspection->id < b.inspection->id;
  });
  for (const Theme& t : corpus.themes) {
    PublicTheme pt;
    pt.theme = &t;
    bool all_public = !t.round.empty();
    for (const RoundMember& m : t.round) {
      const PublicInspection* p = plan.Find(m.inspection);
      if (p) {
        pt.letters.push_back(p);
      } else {
        all_public = false;
      }
    }
    std::sort(pt.letters.begin(), pt.letters.end(), [](const PublicInspection* a, const PublicInspection* b) {
      return std::tie(a->published, a->inspection->area_name) < std::tie(b->published, b->inspection->area_name);
    });
    pt.overview_public = all_public && t.overview && t.overview->publication <= as_of;
    if (!pt.letters.empty()) plan.themes.push_back(std::move(pt));
  }
  std::map<std::string, PublicArea> areas;
  for (const PublicInspection& p : plan.inspections) {
    PublicArea& a = areas[p.inspection->area_slug];
    a.slug = p.inspection->area_slug;
    if (a.name.empty()) a.name = p.inspection->area_name;  // newest letter's spelling
    a.letters.push_back(&p);
  }
  for (auto& [slug, area] : areas) plan.areas.push_back(std::move(area));
  return plan;
}

Window ValidWindow(const Corpus& corpus, Date as_of) {
  std::vector<Date> events;
  for (const Inspection& in : corpus.inspections) {
    if (in.dates.publication) events.push_back(*in.dates.publication);
    if (in.withdrawn_on) events.push_back(*in.withdrawn_on);
    for (const ChangeNote& n : in.change_notes) events.push_back(n.date);
    for (const PartnerResponse& r : in.responses) events.push_back(r.date);
    // The written statement of action is overdue the day after it was due.
    if (std::optional<Date> due = ActionPlanDue(in, corpus)) events.push_back(due->AddDays(1));
    if (in.action_plan) {
      events.push_back(in.action_plan->date);
      if (in.action_plan->progress_as_at) events.push_back(*in.action_plan->progress_as_at);
      // An action becomes overdue the day after its due date.
      for (const Action& a : in.action_plan->actions) events.push_back(a.due.AddDays(1));
    }
  }
  for (const Theme& t : corpus.themes) {
    if (t.overview) events.push_back(t.overview->publication);
  }
  Window w{Date::FromYmd(1, 1, 1).value(), Date::FromYmd(9999, 12, 31).value()};
  for (const Date& d : events) {
    if (d <= as_of && d > w.from) w.from = d;
    if (d > as_of && d < w.until) w.until = d;
  }
  // With nothing public, the feed is dated by the as-of date itself.
  if (MakePlan(corpus, as_of).inspections.empty()) w = {as_of, as_of.AddDays(1)};
  return w;
}

std::vector<DocumentPage> InspectionPages(const Inspection& in, const PublicInspection* pub) {
  std::vector<DocumentPage> pages;
  pages.push_back({DocumentKind::kLetter, InspectionPath(in.id), true, PdfPath(in.id, ""), nullptr, nullptr});
  pages.push_back({DocumentKind::kRecommendations, RecommendationsPath(in.id), true, PdfPath(in.id, "recommendations"), nullptr, nullptr});
  if (pub && (!pub->responses.empty() || pub->action_plan)) {
    pages.push_back({DocumentKind::kResponses, ResponsesPath(in.id), true, PdfPath(in.id, "responses"), nullptr, nullptr});
  }
  for (const Agency& a : in.agencies) pages.push_back({DocumentKind::kAgency, AgencyPath(in.id, a.id), false, "", &a, nullptr});
  if (pub) {
    for (const PublicChange& c : pub->changes) {
      pages.push_back({DocumentKind::kChange, ChangePath(in.id, c.version), false, "", nullptr, &c});
    }
  }
  return pages;
}

std::string InspectionPath(const std::string& id) { return "inspections/" + id + "/"; }
std::string RecommendationsPath(const std::string& id) { return "inspections/" + id + "/recommendations/"; }
std::string ResponsesPath(const std::string& id) { return "inspections/" + id + "/responses/"; }
std::string AgencyPath(const std::string& id, const std::string& agency) {
  return "inspections/" + id + "/agencies/" + agency + "/";
}
std::string ChangePath(const std::string& id, int version) {
  return "inspections/" + id + "/changes/" + std::to_string(version) + "/";
}
std::string PdfPath(const std::string& id, const std::string& document) {
  return "inspections/" + id + "/" + id + (document.empty() ? "" : "-" + document) + ".pdf";
}
std::string AreaPath(const std::string& slug) { return "areas/" + slug + "/"; }
std::string ThemePath(const std::string& id) { return "themes/" + id + "/"; }
std::string OverviewPath(const std::string& id) { return "themes/" + id + "/overview/"; }

}  // namespace lp::plan
