#pragma once
// plan: model + as-of date -> what is publishable and at which URLs. The one home of the embargo rule:
// nothing reaches public output unless this stage says it is public on the as-of date.

#include <map>
#include <string>
#include <vector>

#include "calendar/date.h"
#include "model/model.h"

namespace lp::plan {

// One change to a published letter that the public may see: the change notes that describe it and the two
// versions of the published record it lies between. Its page shows the change word by word.
struct PublicChange {
  int version = 0;                              // the version the change made (2, 3, ...); its page is changes/<version>/
  Date date;                                    // the newest of its notes' dates
  std::vector<const ChangeNote*> notes;         // the notes that describe it, oldest first
  const PublishedVersion* before = nullptr;     // the version it changed
  const PublishedVersion* after = nullptr;      // the version it made; null: the letter as it stands (not yet recorded)
};

// What the public may see of one inspection on the as-of date.
struct PublicInspection {
  const Inspection* inspection = nullptr;
  Date published;                                   // the letter's publication date
  std::optional<Date> last_updated;                 // newest visible change note (major or minor), if any
  std::optional<Date> last_major_update;            // newest visible major change note, if any (the feed's update)
  bool withdrawn = false;                           // withdrawn on or before the as-of date
  std::vector<const ChangeNote*> change_notes;      // visible notes, newest first
  std::vector<const PartnerResponse*> responses;    // published by the as-of date, by date then id
  const ActionPlan* action_plan = nullptr;          // when published by the as-of date
  Date progress_as_at;                              // with action_plan: the date its progress is reported as at
  std::vector<PublicChange> changes;                // changes whose every note is public, oldest first
  // The public change that `note` describes, or null.
  const PublicChange* ChangeFor(const ChangeNote* note) const;
};

struct PublicTheme {
  const Theme* theme = nullptr;
  std::vector<const PublicInspection*> letters;  // the round's public letters, by publication date then area
  bool overview_public = false;                   // every letter of the round public and the overview's date reached
};

struct PublicArea {
  std::string slug, name;
  std::vector<const PublicInspection*> letters;  // newest first
};

// Everything public on one date. Pointers refer into the Corpus, which must outlive the Plan.
struct Plan {
  Date as_of;
  std::vector<PublicInspection> inspections;  // by publication date (newest first), then id
  std::vector<PublicTheme> themes;            // by id; only themes with at least one public letter
  std::vector<PublicArea> areas;              // by slug
  const PublicInspection* Find(const std::string& inspection_id) const;
};

// True when an action is overdue on `as_of`: its due date has passed and it is not complete.
bool IsActionOverdue(const Action& action, Date as_of);

// True when the letter of `inspection` is public on `as_of`: it has reached pre-publication or later, its
// publication date has come, and no complaint holds it.
bool IsLetterPublic(const Inspection& inspection, Date as_of);

// Decides everything public on `as_of`.
Plan MakePlan(const Corpus& corpus, Date as_of);

// The dates [from, until) around `as_of` for which MakePlan gives the same plan: the output depends on the
// as-of date only through the dates of events (publications, withdrawals, change notes, responses, action
// plans, overviews). A rebuild with the same inputs on any date in the window has nothing to do.
struct Window {
  Date from, until;
  bool Contains(Date d) const { return from <= d && d < until; }
};
Window ValidWindow(const Corpus& corpus, Date as_of);

// The documents of one inspection: the one place that decides which pages an inspection has. `pub` is the
// inspection's public state (null for restricted renderings, which have no responses page).
enum class DocumentKind { kLetter, kRecommendations, kResponses, kAgency, kChange };
struct DocumentPage {
  DocumentKind kind;
  std::string path;             // URL path of the page
  bool printable = false;       // a document that --pdf renders to PDF
  std::string pdf_path;         // where its PDF goes, when printable
  const Agency* agency = nullptr;  // for kAgency
  const PublicChange* change = nullptr;  // for kChange: a change to the letter, shown as a redline
};
std::vector<DocumentPage> InspectionPages(const Inspection& in, const PublicInspection* pub);

// URL paths (relative to the site root, no leading slash; folders end in '/').
std::string InspectionPath(const std::string& inspection_id);
std::string RecommendationsPath(const std::string& inspection_id);
std::string ResponsesPath(const std::string& inspection_id);
std::string AgencyPath(const std::string& inspection_id, const std::string& agency_id);
std::string ChangePath(const std::string& inspection_id, int version);
std::string PdfPath(const std::string& inspection_id, const std::string& document);
std::string AreaPath(const std::string& slug);
std::string ThemePath(const std::string& theme_id);
std::string OverviewPath(const std::string& theme_id);

}  // namespace lp::plan
