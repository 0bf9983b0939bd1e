#pragma once
// model: the domain as plain values. Built from validated XML by model/build.h; pugixml stops there.

#include <optional>
#include <string>
#include <vector>

#include "base/source.h"
#include "calendar/date.h"
#include "calendar/working_days.h"

namespace lp {

enum class AgencyType { kChildrensSocialCare, kHealth, kPolice, kEducation, kYouthJustice, kPartnership };
enum class Status { kFieldwork, kModerated, kDraftIssued, kCorrectionsDecided, kPrePublication, kPublished, kWithdrawn };
enum class FindingKind {
  kAreaForPriorityAction,
  kAreaForImprovement,
  kStrength,
  kMainFinding,
  kPracticeStudyEffective,
  kPracticeStudyImprovement,
};
enum class LetterLayout { kCurrent, k2016 };
enum class ActionStatus { kNotStarted, kInProgress, kComplete };
enum class CorrectionOutcome { kAccepted, kPartlyAccepted, kDeclined };
enum class DeclineReason { kNone, kNotAFactualMatter, kEvidenceInsufficient, kOther };

const char* ToString(AgencyType t);
const char* ToString(Status s);
const char* ToString(FindingKind k);
const char* ToString(ActionStatus s);
const char* ToString(CorrectionOutcome o);
const char* ToString(DeclineReason r);
// Readers' words: "children's social care", "area for improvement", "in progress".
const char* Describe(AgencyType t);
const char* Describe(Status s);
const char* Describe(ActionStatus s);
const char* Describe(CorrectionOutcome o);

// Markdown as written in a document, with indentation removed, and where it came from.
struct MarkdownText {
  std::string text;
  Loc loc;             // start of the element's text in the source
  int first_line = 0;  // source line of the first Markdown line (1-based); 0 if unknown
  int indent = 0;      // bytes of indentation removed from each line
  bool empty() const { return text.empty(); }
};

// A name an inspectorate used until a date ("Her Majesty's ..." before 8 September 2022).
struct EarlierName {
  Date before;
  std::string name, abbr;
};

struct InspectorateInfo {
  std::string id, abbr, name, url;
  std::vector<EarlierName> earlier_names;
  Loc loc;
  // The inspectorate as a letter dated `on` names it: its name and abbreviation then. Without a date, today's.
  InspectorateInfo On(const std::optional<Date>& on) const;
};

struct GlossaryTerm {
  std::string abbr, expansion;
};

// letterpress.xml.
// One automated accessibility check of the built site, as the browser tests record it.
struct AccessibilityCheck {
  std::string check;   // "axe", "html", "widths"
  std::string tool;    // e.g. "axe-core 4.10.2 in Chromium 131"
  std::string description;
  Date tested;
  int pages = 0;       // page types (or pages) checked
  int problems = 0;    // violations, errors or overflowing pages found
};

// What the accessibility statement says: from <accessibility> in letterpress.xml and the browser tests'
// own results.
struct AccessibilityConfig {
  std::string wcag_version = "2.2", wcag_level = "AA";
  std::string contact_name, contact_email;  // empty: the site contact
  std::string results;                      // folder of results, relative to the corpus root
  std::vector<std::string> known_issues;
  std::vector<AccessibilityCheck> checks;   // filled from `results`, by check name
};

struct SiteConfig {
  std::string title, base_url, language = "en-GB", publisher, contact_name, contact_email, licence_name,
      licence_url;
  int factual_accuracy_working_days = 5;
  int action_plan_working_days = 70;
  std::string embargo_time = "00:01";
  std::string statement_mailbox;  // where written statements of action are sent; may be empty
  int releases_kept = 5;
  std::size_t file_bytes_limit = 4u << 20;
  std::size_t field_chars_limit = 200000;
  std::vector<InspectorateInfo> inspectorates;
  std::vector<GlossaryTerm> glossary;
  std::vector<BankHoliday> extra_holidays;
  int calendar_last_year = 0;  // 0: as the bundled calendar says
  AccessibilityConfig accessibility;
  Loc loc;
  Loc base_url_loc;  // the base URL's text

  const InspectorateInfo* FindInspectorate(const std::string& id) const;
  // The base URL, always ending in '/'.
  std::string BaseUrl() const;
  // Its path part ("/" or "/prefix/"), for root-absolute links.
  std::string BasePath() const;
};

struct Signatory {
  std::string name, title;
  std::string organisation;  // as printed; empty: the inspectorate's name on the letter's date; "-": none
};

struct Participation {
  std::string inspectorate;
  bool lead = false;
  Signatory signatory;
  Loc loc;
};

struct Agency {
  std::string id;
  AgencyType type = AgencyType::kPartnership;
  std::string name, inspectorate;
  std::vector<std::string> aliases;  // other names the letter uses for it ("the force")
  Loc loc;
};

struct Addressee {
  std::string name, role, organisation, email, agency;
  std::string printed;  // the line exactly as printed, when given
  Loc loc;
  // The line the letter prints: as given, else "name, role, organisation" (empty parts left out).
  std::string Line() const;
};

// What a letter says around its findings, when the findings document gives it (else the layout's default).
struct LetterWording {
  std::string title, salutation;
  MarkdownText opening, next_steps;
  std::vector<std::pair<std::string, std::string>> headings;  // section -> heading as printed
  Loc loc;
  const std::string* Heading(const std::string& section) const;
};

// A `..._known = false` marks a value that the input gave but validation refused (an invalid date, a
// number out of range, a word not in the list): it is reported once, and rules that need it skip quietly.
struct Moderation {
  std::string by;
  Date on;
  Loc loc;
  // false where validation refused the value (see the note above Moderation).
  bool on_known = true;
};

// Context or headline findings: narrative with a moderation record.
struct Section {
  std::optional<Moderation> moderation;
  MarkdownText body;
  Loc loc;
};

struct Finding {
  std::string id;
  FindingKind kind = FindingKind::kMainFinding;
  std::vector<std::string> agencies;
  int priority = 0;  // 0: none given
  std::vector<std::string> sub_themes;
  std::string title;
  std::string heading;  // practice studies: the heading as printed; empty for the layout's default
  std::string group;    // strengths and improvements: the sub-heading of the run they belong to
  std::optional<Moderation> moderation;
  MarkdownText body;
  Loc loc, agencies_loc, sub_themes_loc, priority_loc;
  // false where validation refused the value (see the note above Moderation).
  bool kind_known = true;
  bool priority_known = true;
};

struct ChangeNote {
  Date date;
  bool major = true;
  std::string text;
  Loc loc;
  // false where validation refused the value (see the note above Moderation).
  bool date_known = true;
};

// One numbered paragraph of a published version, as the published record keeps it.
struct RecordedParagraph {
  std::string number;   // "6.3"
  std::string finding;  // the finding's id; "context" or "headline-findings" for those sections
  int block = 0;        // index of the block within its finding's body
  std::string markdown;
};

// One published version of a letter (inspections/<id>/published/version-<n>.xml): its public text and the
// change notes it carried. Written by `letterpress changes ID record`, so later changes can be checked and shown.
struct PublishedVersion {
  int version = 0;
  Date date;                               // publication (version 1), else the newest change note it brought
  std::vector<ChangeNote> change_notes;    // the notes the letter carried then
  std::vector<RecordedParagraph> paragraphs;
  std::string path;
  Loc loc;
  bool known = true;  // false when validation refused its version number or date (reported already)
};

struct ResponseSignatory {
  std::string name, role, organisation;
};

struct PartnerResponse {
  std::string id;
  bool joint = true;
  std::string agency;  // for an agency response
  Date date;
  int word_limit = 500;
  std::vector<ResponseSignatory> signatories;
  MarkdownText statement;
  MarkdownText improvement_activity;
  Loc loc, agency_loc;
  // false where validation refused the value (see the note above Moderation).
  bool date_known = true;
  bool word_limit_known = true;
};

struct Action {
  std::string id;
  std::vector<std::string> answers;
  std::string lead_agency, owner_role;
  Date due;
  ActionStatus status = ActionStatus::kNotStarted;
  MarkdownText description;
  MarkdownText progress;
  Loc loc, answers_loc, lead_agency_loc, due_loc;
};

struct ActionPlan {
  Date date;
  // The date the statuses and progress notes were last brought up to date, when later than `date`.
  std::optional<Date> progress_as_at;
  std::vector<Action> actions;
  Loc loc;
  // false where validation refused the value (see the note above Moderation).
  bool date_known = true;
};

struct Decision {
  CorrectionOutcome outcome = CorrectionOutcome::kAccepted;
  DeclineReason reason = DeclineReason::kNone;
  std::string by;
  Date on;
  std::string explanation;
  Loc loc;
  // false where validation refused the value (see the note above Moderation).
  bool outcome_known = true, reason_known = true;
  bool on_known = true;
};

// One requested change to a numbered paragraph of a draft.
struct FactualAccuracyCorrection {
  std::string id;
  std::string paragraph;  // "4.2"
  std::string finding;    // may be empty
  std::string current, proposed, evidence;
  std::optional<Decision> decision;
  Loc loc, paragraph_loc, finding_loc;
};

// One agency's corrections file.
struct CorrectionSet {
  std::string agency;
  std::string draft_version;
  Date submitted;
  std::string submitter_name, submitter_role, submitter_email;
  std::vector<FactualAccuracyCorrection> corrections;
  std::string path;
  int sequence = 1;  // the agency's first, second, ... file, in arrival order (submitted date, then file name)
  Loc loc, agency_loc, inspection_loc;
  // false where validation refused the value (see the note above Moderation).
  bool submitted_known = true;
};

struct InspectionDates {
  Date notification, fieldwork_start, fieldwork_end;
  std::optional<Date> draft_issued, corrections_due, publication, action_plan_due;
  Loc notification_loc, fieldwork_loc, draft_issued_loc, corrections_due_loc, publication_loc, action_plan_due_loc;
  // false where validation refused the value (see the note above Moderation).
  bool notification_known = true, fieldwork_start_known = true, fieldwork_end_known = true;
  // For the optional dates: false when given but refused (the date is then nullopt, as if not given).
  bool draft_issued_known = true, corrections_due_known = true, publication_known = true, action_plan_due_known = true;
};

struct Inspection {
  std::string id;
  LetterLayout layout = LetterLayout::kCurrent;
  std::string area_name, area_slug, la_code;
  std::string theme;
  Status status = Status::kFieldwork;
  std::optional<std::string> complaint_hold;  // the reason, when publication is held
  std::optional<Date> complaint_since;
  std::string partnership_name, principal_authority;
  std::vector<Participation> inspectorates;
  std::vector<Agency> agencies;
  std::vector<Addressee> addressees;
  InspectionDates dates;
  std::optional<int> children_identified, children_audited;
  std::vector<ChangeNote> change_notes;
  std::optional<Date> withdrawn_on;
  std::string withdrawal_notice;

  // findings.xml
  bool has_findings = false;
  LetterWording letter;
  std::optional<Section> context, headline;
  std::vector<Finding> findings;
  Loc findings_loc;

  // responses.xml
  std::vector<PartnerResponse> responses;
  std::optional<ActionPlan> action_plan;

  std::vector<CorrectionSet> corrections;

  // The published record, by version (oldest first).
  std::vector<PublishedVersion> published;

  std::string folder;  // display path of inspections/<id>
  Loc loc, theme_loc, status_loc;

  const Agency* FindAgency(const std::string& id) const;
  const Finding* FindFinding(const std::string& id) const;
  const Participation* LeadInspectorate() const;
  // Findings of one kind in reading order: by priority for improvements and priority actions, else file order.
  std::vector<const Finding*> FindingsOfKind(FindingKind kind) const;
  // false where validation refused the value (see the note above Moderation).
  bool status_known = true;
  bool withdrawn_on_known = true;
};

struct SubTheme {
  std::string id, name;
};

struct OverviewPart {
  std::string sub_theme, title;
  MarkdownText body;
  Loc loc;
};

struct Overview {
  Date publication;
  MarkdownText executive_summary, main_findings;
  std::vector<OverviewPart> parts;
  MarkdownText national_recommendations, local_recommendations;
  Loc loc;
  // false where validation refused the value (see the note above Moderation).
  bool publication_known = true;
};

struct RoundMember {
  std::string inspection;
  Loc loc;
};

struct Theme {
  std::string id, title, response_inspected;
  bool letter_context = false;  // the round's letters must have a context section
  MarkdownText description;
  std::vector<SubTheme> sub_themes;
  std::vector<RoundMember> round;
  std::optional<Overview> overview;
  Loc loc;
  const SubTheme* FindSubTheme(const std::string& id) const;
};

// Everything the later stages read. Inspections and themes are sorted by id.
struct Corpus {
  SiteConfig site;
  WorkingDayCalendar calendar;
  std::vector<Inspection> inspections;
  std::vector<Theme> themes;
  std::string fingerprint;  // hash of every input document

  const Inspection* FindInspection(const std::string& id) const;
  const Theme* FindTheme(const std::string& id) const;
};

// Deadlines computed from the working-day calendar (or the inspection's overrides). nullopt when a date
// they depend on is missing or lies outside the calendar.
std::optional<Date> CorrectionsDue(const Inspection& inspection, const Corpus& corpus);
std::optional<Date> ActionPlanDue(const Inspection& inspection, const Corpus& corpus);

}  // namespace lp
