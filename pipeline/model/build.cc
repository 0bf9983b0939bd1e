#include "model/build.h"

#include <algorithm>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <string_view>
#include <tuple>

#include "base/text.h"

namespace lp::model {
namespace {

using load::DocType;
using load::SourceDocument;

// A parsed document whose node and attribute pointers point into our own copy of the bytes (pugixml's
// in-place parse), so every element, attribute and text has an exact byte offset for diagnostics.
class XmlDoc {
 public:
  XmlDoc(const SourceFile& file, const std::set<std::size_t>& refused, Diagnostics& diags)
      : file_(file), diags_(diags), refused_(refused), buffer_(file.bytes()) {
    pugi::xml_parse_result result =
        doc_.load_buffer_inplace(buffer_.data(), buffer_.size(), pugi::parse_default, pugi::encoding_utf8);
    ok_ = static_cast<bool>(result);
    if (!ok_) diags_.Error({&file_, static_cast<std::size_t>(result.offset)}, std::string("malformed XML: ") + result.description());
  }
  bool ok() const { return ok_; }
  pugi::xml_node root() const { return doc_.document_element(); }
  const SourceFile& file() const { return file_; }

  Loc At(const char* pointer) const {
    if (pointer >= buffer_.data() && pointer < buffer_.data() + buffer_.size()) {
      return {&file_, static_cast<std::size_t>(pointer - buffer_.data())};
    }
    return {&file_, 0};
  }
  Loc At(const pugi::xml_node& node) const {
    Loc loc = At(node.name());
    if (loc.offset > 0) --loc.offset;  // point at '<'
    return loc;
  }
  Loc At(const pugi::xml_attribute& attr) const { return At(attr.name()); }
  // The attribute if present, else its element.
  Loc At(const pugi::xml_node& node, const char* attribute) const {
    pugi::xml_attribute a = node.attribute(attribute);
    return a ? At(a) : At(node);
  }

  std::string Attr(const pugi::xml_node& node, const char* name) const { return node.attribute(name).value(); }

  // Whether validation refused this attribute's value, or this element's text (reported already; read as
  // missing).
  bool Refused(const pugi::xml_attribute& a) const { return a && !refused_.empty() && refused_.count(At(a).offset); }
  bool Refused(const pugi::xml_node& n) const { return n && !refused_.empty() && refused_.count(At(n).offset); }

  std::optional<Date> DateAttr(const pugi::xml_node& node, const char* name) const {
    pugi::xml_attribute a = node.attribute(name);
    if (!a || Refused(a)) return std::nullopt;
    return ParseDate(a.value(), At(a));
  }

  std::optional<Date> DateText(const pugi::xml_node& node) const {
    if (!node || Refused(node)) return std::nullopt;
    return ParseDate(node.text().get(), At(node));
  }

  // A whole number, or nullopt when absent or refused.
  std::optional<int> IntAttr(const pugi::xml_node& node, const char* name) const {
    pugi::xml_attribute a = node.attribute(name);
    if (!a || Refused(a)) return std::nullopt;
    return a.as_int();
  }

  // The ids of a space-separated list. Each id may be listed once: a repeat would double the rows it
  // makes (and 100,000 repeats would make a site of tens of megabytes), so it is an error at the attribute,
  // reported once per repeated id.
  std::vector<std::string> ListAttr(const pugi::xml_node& node, const char* name) const {
    std::vector<std::string> ids = SplitWords(node.attribute(name).value());
    std::set<std::string_view> seen, reported;
    for (const std::string& id : ids) {
      if (!seen.insert(id).second && reported.insert(id).second) {
        diags_.Error(At(node, name), "'" + id + "' is listed more than once in " + name + "; list each id once");
      }
    }
    return ids;
  }

  // All text of an element (text and CDATA children), with its indentation removed.
  MarkdownText Markdown(const pugi::xml_node& node) const {
    MarkdownText out;
    if (!node) return out;
    std::string raw;
    const char* first = nullptr;
    for (pugi::xml_node child : node.children()) {
      if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
        if (!first) first = child.value();
        raw += child.value();
      }
    }
    Dedented d = Dedent(raw);
    out.text = std::move(d.text);
    out.loc = first ? At(first) : At(node);
    out.first_line = file_.Position(out.loc.offset).line + d.first_line;
    out.indent = d.indent;
    return out;
  }

  // A single-line text value with surrounding whitespace trimmed.
  std::string Text(const pugi::xml_node& node) const {
    std::string s = node.text().get();
    std::size_t a = s.find_first_not_of(" \t\r\n");
    std::size_t b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
  }

 private:
  std::optional<Date> ParseDate(const char* text, Loc loc) const {
    std::optional<Date> d = Date::ParseIso(text);
    if (!d) diags_.Error(loc, std::string("date '") + text + "' must be written YYYY-MM-DD, with no time zone");
    return d;
  }

  const SourceFile& file_;
  Diagnostics& diags_;
  const std::set<std::size_t>& refused_;
  std::string buffer_;
  pugi::xml_document doc_;
  bool ok_ = false;
};

// The value named by `text`; `fallback` when it names none (a value validation refused), and then *known
// is set to false.
template <typename Enum, std::size_t N>
Enum ParseEnum(const std::string& text, const std::pair<const char*, Enum> (&table)[N], Enum fallback,
               bool* known = nullptr) {
  for (const auto& [name, value] : table) {
    if (text == name) return value;
  }
  if (known) *known = false;
  return fallback;
}

constexpr std::pair<const char*, AgencyType> kAgencyTypes[] = {
    {"childrens-social-care", AgencyType::kChildrensSocialCare}, {"health", AgencyType::kHealth},
    {"police", AgencyType::kPolice}, {"education", AgencyType::kEducation},
    {"youth-justice", AgencyType::kYouthJustice}, {"partnership", AgencyType::kPartnership}};
constexpr std::pair<const char*, Status> kStatuses[] = {
    {"fieldwork", Status::kFieldwork}, {"moderated", Status::kModerated}, {"draft-issued", Status::kDraftIssued},
    {"corrections-decided", Status::kCorrectionsDecided}, {"pre-publication", Status::kPrePublication},
    {"published", Status::kPublished}, {"withdrawn", Status::kWithdrawn}};
constexpr std::pair<const char*, FindingKind> kKinds[] = {
    {"area-for-priority-action", FindingKind::kAreaForPriorityAction},
    {"area-for-improvement", FindingKind::kAreaForImprovement}, {"strength", FindingKind::kStrength},
    {"main-finding", FindingKind::kMainFinding}, {"practice-study-effective", FindingKind::kPracticeStudyEffective},
    {"practice-study-improvement", FindingKind::kPracticeStudyImprovement}};
constexpr std::pair<const char*, ActionStatus> kActionStatuses[] = {
    {"not-started", ActionStatus::kNotStarted}, {"in-progress", ActionStatus::kInProgress},
    {"complete", ActionStatus::kComplete}};
constexpr std::pair<const char*, CorrectionOutcome> kOutcomes[] = {
    {"accepted", CorrectionOutcome::kAccepted}, {"partly-accepted", CorrectionOutcome::kPartlyAccepted},
    {"declined", CorrectionOutcome::kDeclined}};
constexpr std::pair<const char*, DeclineReason> kReasons[] = {
    {"not-a-factual-matter", DeclineReason::kNotAFactualMatter},
    {"evidence-insufficient", DeclineReason::kEvidenceInsufficient}, {"other", DeclineReason::kOther}};

std::optional<Moderation> ReadModeration(const XmlDoc& x, const pugi::xml_node& parent) {
  pugi::xml_node m = parent.child("moderation");
  if (!m) return std::nullopt;
  Moderation out;
  out.by = x.Attr(m, "by");
  std::optional<Date> on = x.DateAttr(m, "on");
  out.on = on.value_or(Date());
  out.on_known = on.has_value();
  out.loc = x.At(m);
  return out;
}

// Reports a second use of an id within one scope.
class UniqueIds {
 public:
  UniqueIds(Diagnostics& diags, std::string what) : diags_(diags), what_(std::move(what)) {}
  void Add(const std::string& id, Loc loc) {
    auto [it, inserted] = seen_.emplace(id, loc);
    if (!inserted) {
      LineCol first = it->second.file->Position(it->second.offset);
      std::string where = it->second.file == loc.file ? "line " + std::to_string(first.line)
                                                     : it->second.file->path() + ":" + std::to_string(first.line);
      diags_.Error(loc, "duplicate " + what_ + " '" + id + "' (first defined at " + where + ")");
    }
  }

 private:
  Diagnostics& diags_;
  std::string what_;
  std::map<std::string, Loc> seen_;
};

class Builder {
 public:
  Builder(const load::SourceSet& sources, Diagnostics& diags) : sources_(sources), diags_(diags) {}

  Corpus Run() {
    // Parse every usable document once, read it into the model and drop its tree: the model keeps its own
    // copies of every value (and locations into the source files), so memory does not hold every tree at once.
    std::vector<BankHoliday> holidays;
    int first_year = 0, last_year = 0;
    for (const SourceDocument& doc : sources_.documents()) {
      if (!doc.usable) {
        broken_.insert({doc.type, doc.owner});
        continue;
      }
      auto x = std::make_unique<XmlDoc>(*doc.file, doc.refused_values, diags_);
      if (!x->ok()) {
        broken_.insert({doc.type, doc.owner});
        continue;
      }
      switch (doc.type) {
        case DocType::kSite: ReadSite(*x); break;
        case DocType::kCalendar: ReadCalendar(*x, holidays, first_year, last_year); break;
        case DocType::kInspection: ReadInspection(*x, doc.owner); break;
        case DocType::kFindings: ReadFindings(*x, doc.owner); break;
        case DocType::kResponses: ReadResponses(*x, doc.owner); break;
        case DocType::kCorrections: ReadCorrections(*x, doc.owner); break;
        case DocType::kTheme: ReadTheme(*x, doc.owner); break;
        case DocType::kPublished: ReadPublished(*x, doc.owner); break;
      }
    }
    // The site's own holidays extend (or, on the same date, replace) the bundled ones.
    for (const BankHoliday& h : corpus_.site.extra_holidays) holidays.push_back(h);
    if (corpus_.site.calendar_last_year > last_year) last_year = corpus_.site.calendar_last_year;
    if (first_year > 0) corpus_.calendar = WorkingDayCalendar(std::move(holidays), first_year, last_year);

    for (auto& [id, inspection] : inspections_) corpus_.inspections.push_back(std::move(inspection));
    for (auto& [id, theme] : themes_) corpus_.themes.push_back(std::move(theme));
    Resolve();
    corpus_.fingerprint = sources_.Fingerprint();
    return std::move(corpus_);
  }

 private:
  void ReadSite(const XmlDoc& x) {
    pugi::xml_node r = x.root();
    SiteConfig& s = corpus_.site;
    s.loc = x.At(r);
    s.title = x.Text(r.child("title"));
    s.base_url = x.Text(r.child("base-url"));
    s.base_url_loc = r.child("base-url").first_child() ? x.At(r.child("base-url").first_child().value()) : x.At(r.child("base-url"));
    if (r.child("language")) s.language = x.Text(r.child("language"));
    s.publisher = x.Text(r.child("publisher"));
    s.contact_name = x.Text(r.child("contact"));
    s.contact_email = x.Attr(r.child("contact"), "email");
    s.licence_name = x.Text(r.child("licence"));
    s.licence_url = x.Attr(r.child("licence"), "url");
    if (pugi::xml_node w = r.child("workflow")) {
      s.factual_accuracy_working_days = x.IntAttr(w, "factual-accuracy-working-days").value_or(5);
      s.action_plan_working_days = x.IntAttr(w, "action-plan-working-days").value_or(70);
      if (w.attribute("embargo-time")) s.embargo_time = x.Attr(w, "embargo-time");
      s.statement_mailbox = x.Attr(w, "statement-mailbox");
    }
    if (pugi::xml_node b = r.child("build")) s.releases_kept = x.IntAttr(b, "releases-kept").value_or(5);
    if (pugi::xml_node a = r.child("accessibility")) {
      if (a.attribute("wcag-version")) s.accessibility.wcag_version = x.Attr(a, "wcag-version");
      if (a.attribute("wcag-level")) s.accessibility.wcag_level = x.Attr(a, "wcag-level");
      s.accessibility.results = x.Attr(a, "results");
      if (pugi::xml_node c = a.child("contact")) {
        s.accessibility.contact_name = x.Text(c);
        s.accessibility.contact_email = x.Attr(c, "email");
      }
      for (pugi::xml_node k : a.children("known-issue")) s.accessibility.known_issues.push_back(x.Text(k));
    }
    if (pugi::xml_node l = r.child("limits")) {
      for (auto [name, limit] : {std::pair{"file-bytes", &s.file_bytes_limit}, std::pair{"field-chars", &s.field_chars_limit}}) {
        pugi::xml_attribute a = l.attribute(name);
        if (a && !x.Refused(a)) *limit = static_cast<std::size_t>(a.as_ullong(*limit));
      }
    }
    UniqueIds ids(diags_, "inspectorate id");
    for (pugi::xml_node i : r.child("inspectorates").children("inspectorate")) {
      InspectorateInfo info{x.Attr(i, "id"), x.Attr(i, "abbr"), x.Attr(i, "name"), x.Attr(i, "url"), {}, x.At(i, "id")};
      for (pugi::xml_node e : i.children("earlier-name")) {
        info.earlier_names.push_back({x.DateAttr(e, "before").value_or(Date()), x.Attr(e, "name"), x.Attr(e, "abbr")});
      }
      ids.Add(info.id, info.loc);
      s.inspectorates.push_back(std::move(info));
    }
    UniqueIds abbrs(diags_, "glossary term");
    for (pugi::xml_node t : r.child("glossary").children("term")) {
      abbrs.Add(x.Attr(t, "abbr"), x.At(t, "abbr"));
      s.glossary.push_back({x.Attr(t, "abbr"), x.Text(t)});
    }
    if (pugi::xml_node c = r.child("calendar")) {
      s.calendar_last_year = x.IntAttr(c, "last-year").value_or(0);
      for (pugi::xml_node h : c.children("holiday")) {
        if (auto d = x.DateAttr(h, "date")) s.extra_holidays.push_back({*d, x.Text(h)});
      }
    }
    have_site_ = true;
  }

  void ReadCalendar(const XmlDoc& x, std::vector<BankHoliday>& holidays, int& first_year, int& last_year) {
    pugi::xml_node r = x.root();
    first_year = r.attribute("first-year").as_int();
    last_year = r.attribute("last-year").as_int();
    for (pugi::xml_node h : r.children("holiday")) {
      if (auto d = x.DateAttr(h, "date")) holidays.push_back({*d, x.Text(h)});
    }
  }

  // The inspection with this id, created on first mention (its documents may come in any order).
  Inspection& InspectionFor(const std::string& id) {
    Inspection& i = inspections_[id];
    i.id = id;
    return i;
  }

  void CheckOwner(const XmlDoc& x, const pugi::xml_node& node, const char* attribute, const std::string& expected,
                  const char* what) {
    std::string actual = x.Attr(node, attribute);
    if (actual != expected && !x.Refused(node.attribute(attribute))) {
      // Inspections are named by their folder, themes by their file.
      const char* named_by = std::string(what).rfind("theme", 0) == 0 ? "file name" : "folder name";
      diags_.Error(x.At(node, attribute), std::string(what) + " '" + actual + "' does not match its " + named_by + " '" +
                                              expected + "'");
    }
  }

  void ReadInspection(const XmlDoc& x, const std::string& owner) {
    pugi::xml_node r = x.root();
    CheckOwner(x, r, "id", owner, "inspection id");
    Inspection& in = InspectionFor(owner);
    in.loc = x.At(r);
    in.folder = x.file().path().substr(0, x.file().path().rfind('/'));
    in.layout = x.Attr(r, "layout") == "2016" ? LetterLayout::k2016 : LetterLayout::kCurrent;
    pugi::xml_node area = r.child("area");
    in.area_name = x.Attr(area, "name");
    in.area_slug = x.Attr(area, "slug");
    in.la_code = x.Attr(area, "la-code");
    area_locs_[in.id] = x.At(area, "slug");
    in.theme = x.Attr(r.child("theme"), "ref");
    in.theme_loc = x.At(r.child("theme"), "ref");
    in.status = ParseEnum(x.Text(r.child("status")), kStatuses, Status::kFieldwork, &in.status_known);
    in.status_loc = x.At(r.child("status"));
    if (pugi::xml_node hold = r.child("complaint-hold")) {
      in.complaint_hold = x.Text(hold);
      in.complaint_since = x.DateAttr(hold, "since");
    }
    in.partnership_name = x.Attr(r.child("partnership"), "name");
    in.principal_authority = x.Text(r.child("principal-authority"));
    UniqueIds inspectorate_ids(diags_, "inspectorate");
    for (pugi::xml_node p : r.child("inspectorates").children("inspectorate")) {
      Participation part;
      part.inspectorate = x.Attr(p, "ref");
      part.lead = p.attribute("lead").as_bool(false);
      if (x.Refused(p.attribute("lead"))) lead_refused_.insert(owner);
      part.signatory = {x.Attr(p.child("signatory"), "name"), x.Attr(p.child("signatory"), "title"),
                        x.Attr(p.child("signatory"), "organisation")};
      part.loc = x.At(p, "ref");
      inspectorate_ids.Add(part.inspectorate, part.loc);
      in.inspectorates.push_back(std::move(part));
    }
    UniqueIds agency_ids(diags_, "agency id");
    for (pugi::xml_node a : r.child("agencies").children("agency")) {
      Agency agency;
      agency.id = x.Attr(a, "id");
      agency.type = ParseEnum(x.Attr(a, "type"), kAgencyTypes, AgencyType::kPartnership);
      agency.name = x.Attr(a, "name");
      agency.inspectorate = x.Attr(a, "inspectorate");
      std::string aliases = x.Attr(a, "aliases");
      for (std::size_t start = 0; start <= aliases.size();) {
        std::size_t end = std::min(aliases.find(';', start), aliases.size());
        std::string alias = aliases.substr(start, end - start);
        alias.erase(0, alias.find_first_not_of(' '));
        alias.erase(alias.find_last_not_of(' ') + 1);
        if (!alias.empty()) agency.aliases.push_back(alias);
        start = end + 1;
      }
      agency.loc = x.At(a, "id");
      agency_ids.Add(agency.id, agency.loc);
      in.agencies.push_back(std::move(agency));
    }
    for (pugi::xml_node a : r.child("addressees").children("addressee")) {
      in.addressees.push_back({x.Attr(a, "name"), x.Attr(a, "role"), x.Attr(a, "organisation"), x.Attr(a, "email"),
                               x.Attr(a, "agency"), x.Text(a), x.At(a)});
    }
    pugi::xml_node d = r.child("dates");
    InspectionDates& dates = in.dates;
    std::optional<Date> notification = x.DateText(d.child("notification"));
    std::optional<Date> start = x.DateAttr(d.child("fieldwork"), "start");
    std::optional<Date> end = x.DateAttr(d.child("fieldwork"), "end");
    dates.notification = notification.value_or(Date());
    dates.notification_known = notification.has_value();
    dates.notification_loc = x.At(d.child("notification"));
    dates.fieldwork_start = start.value_or(Date());
    dates.fieldwork_start_known = start.has_value();
    dates.fieldwork_end = end.value_or(Date());
    dates.fieldwork_end_known = end.has_value();
    dates.fieldwork_loc = x.At(d.child("fieldwork"));
    auto optional_date = [&](const char* name, std::optional<Date>& value, Loc& loc, bool& known) {
      if (pugi::xml_node n = d.child(name)) {
        value = x.DateText(n);
        loc = x.At(n);
        known = value.has_value();
      }
    };
    optional_date("draft-issued", dates.draft_issued, dates.draft_issued_loc, dates.draft_issued_known);
    optional_date("corrections-due", dates.corrections_due, dates.corrections_due_loc, dates.corrections_due_known);
    optional_date("publication", dates.publication, dates.publication_loc, dates.publication_known);
    optional_date("action-plan-due", dates.action_plan_due, dates.action_plan_due_loc, dates.action_plan_due_known);
    if (pugi::xml_node c = r.child("case-sample")) {
      in.children_identified = x.IntAttr(c, "identified");
      in.children_audited = x.IntAttr(c, "audited");
      if (in.children_identified && in.children_audited && *in.children_audited > *in.children_identified) {
        diags_.Error(x.At(c, "audited"), "children audited (" + std::to_string(*in.children_audited) +
                                             ") cannot exceed children identified (" +
                                             std::to_string(*in.children_identified) + ")");
      }
    }
    for (pugi::xml_node n : r.child("change-notes").children("change-note")) {
      std::optional<Date> date = x.DateAttr(n, "date");
      ChangeNote note{date.value_or(Date()), x.Attr(n, "kind") != "minor", x.Text(n), x.At(n)};
      note.date_known = date.has_value();
      in.change_notes.push_back(std::move(note));
    }
    if (pugi::xml_node w = r.child("withdrawal")) {
      in.withdrawn_on = x.DateAttr(w, "date");
      in.withdrawn_on_known = in.withdrawn_on.has_value();
      in.withdrawal_notice = x.Text(w);
    }
    have_inspection_xml_.insert(owner);
  }

  void ReadFindings(const XmlDoc& x, const std::string& owner) {
    pugi::xml_node r = x.root();
    CheckOwner(x, r, "inspection", owner, "inspection");
    Inspection& in = InspectionFor(owner);
    in.has_findings = true;
    in.findings_loc = x.At(r);
    auto section = [&](const char* name) -> std::optional<Section> {
      pugi::xml_node n = r.child(name);
      if (!n) return std::nullopt;
      return Section{ReadModeration(x, n), x.Markdown(n.child("body")), x.At(n)};
    };
    if (pugi::xml_node l = r.child("letter")) {
      in.letter.title = x.Text(l.child("title"));
      in.letter.salutation = x.Text(l.child("salutation"));
      in.letter.opening = x.Markdown(l.child("opening"));
      in.letter.next_steps = x.Markdown(l.child("next-steps"));
      for (pugi::xml_node h : l.children("heading")) in.letter.headings.emplace_back(x.Attr(h, "section"), x.Text(h));
      in.letter.loc = x.At(l);
    }
    in.context = section("context");
    in.headline = section("headline-findings");
    UniqueIds ids(diags_, "finding id");
    for (pugi::xml_node n : r.children("finding")) {
      Finding f;
      f.id = x.Attr(n, "id");
      f.kind = ParseEnum(x.Attr(n, "kind"), kKinds, FindingKind::kMainFinding, &f.kind_known);
      f.agencies = x.ListAttr(n, "agencies");
      std::optional<int> priority = x.IntAttr(n, "priority");
      f.priority = priority.value_or(0);
      f.priority_known = priority.has_value() || !n.attribute("priority");
      f.sub_themes = x.ListAttr(n, "sub-themes");
      f.title = x.Attr(n, "title");
      f.heading = x.Attr(n, "heading");
      f.group = x.Attr(n, "group");
      f.moderation = ReadModeration(x, n);
      f.body = x.Markdown(n.child("body"));
      f.loc = x.At(n, "id");
      f.agencies_loc = x.At(n, "agencies");
      f.sub_themes_loc = x.At(n, "sub-themes");
      f.priority_loc = x.At(n, "priority");
      ids.Add(f.id, f.loc);
      in.findings.push_back(std::move(f));
    }
  }

  void ReadResponses(const XmlDoc& x, const std::string& owner) {
    pugi::xml_node r = x.root();
    CheckOwner(x, r, "inspection", owner, "inspection");
    Inspection& in = InspectionFor(owner);
    UniqueIds ids(diags_, "response id");
    for (pugi::xml_node n : r.children("response")) {
      PartnerResponse p;
      p.id = x.Attr(n, "id");
      // A kind validation refused is read as the one the agency attribute implies, so nothing follows from it.
      p.joint = x.Refused(n.attribute("kind")) ? !n.attribute("agency") : x.Attr(n, "kind") == "joint";
      p.agency = x.Attr(n, "agency");
      std::optional<Date> date = x.DateAttr(n, "date");
      p.date = date.value_or(Date());
      p.date_known = date.has_value();
      std::optional<int> word_limit = x.IntAttr(n, "word-limit");
      p.word_limit = word_limit.value_or(500);
      p.word_limit_known = word_limit.has_value() || !n.attribute("word-limit");
      for (pugi::xml_node s : n.children("signatory")) {
        p.signatories.push_back({x.Attr(s, "name"), x.Attr(s, "role"), x.Attr(s, "organisation")});
      }
      p.statement = x.Markdown(n.child("statement"));
      p.improvement_activity = x.Markdown(n.child("improvement-activity"));
      p.loc = x.At(n, "id");
      p.agency_loc = x.At(n, "agency");
      ids.Add(p.id, p.loc);
      in.responses.push_back(std::move(p));
    }
    if (pugi::xml_node plan = r.child("action-plan")) {
      ActionPlan ap;
      std::optional<Date> date = x.DateAttr(plan, "date");
      ap.date = date.value_or(Date());
      ap.date_known = date.has_value();
      if (plan.attribute("progress-as-at")) ap.progress_as_at = x.DateAttr(plan, "progress-as-at");
      ap.loc = x.At(plan);
      UniqueIds action_ids(diags_, "action id");
      for (pugi::xml_node n : plan.children("action")) {
        Action a;
        a.id = x.Attr(n, "id");
        a.answers = x.ListAttr(n, "answers");
        a.lead_agency = x.Attr(n, "lead-agency");
        a.owner_role = x.Attr(n, "owner-role");
        a.due = x.DateAttr(n, "due").value_or(Date());
        a.status = ParseEnum(x.Attr(n, "status"), kActionStatuses, ActionStatus::kNotStarted);
        a.description = x.Markdown(n.child("description"));
        a.progress = x.Markdown(n.child("progress"));
        a.loc = x.At(n, "id");
        a.answers_loc = x.At(n, "answers");
        a.lead_agency_loc = x.At(n, "lead-agency");
        a.due_loc = x.At(n, "due");
        action_ids.Add(a.id, a.loc);
        ap.actions.push_back(std::move(a));
      }
      in.action_plan = std::move(ap);
    }
  }

  void ReadCorrections(const XmlDoc& x, const std::string& owner) {
    pugi::xml_node r = x.root();
    CheckOwner(x, r, "inspection", owner, "inspection");
    Inspection& in = InspectionFor(owner);
    CorrectionSet set;
    set.agency = x.Attr(r, "agency");
    set.draft_version = x.Attr(r, "draft-version");
    std::optional<Date> submitted = x.DateAttr(r, "submitted");
    set.submitted = submitted.value_or(Date());
    set.submitted_known = submitted.has_value();
    set.submitter_name = x.Attr(r.child("submitter"), "name");
    set.submitter_role = x.Attr(r.child("submitter"), "role");
    set.submitter_email = x.Attr(r.child("submitter"), "email");
    set.path = x.file().path();
    set.loc = x.At(r);
    set.agency_loc = x.At(r, "agency");
    set.inspection_loc = x.At(r, "inspection");
    UniqueIds ids(diags_, "correction id");
    for (pugi::xml_node n : r.children("correction")) {
      FactualAccuracyCorrection c;
      c.id = x.Attr(n, "id");
      c.paragraph = x.Attr(n, "paragraph");
      c.finding = x.Attr(n, "finding");
      c.current = x.Text(n.child("current"));
      c.proposed = x.Text(n.child("proposed"));
      c.evidence = x.Text(n.child("evidence"));
      if (pugi::xml_node d = n.child("decision")) {
        Decision dec;
        dec.outcome = ParseEnum(x.Attr(d, "outcome"), kOutcomes, CorrectionOutcome::kDeclined, &dec.outcome_known);
        if (d.attribute("reason")) dec.reason = ParseEnum(x.Attr(d, "reason"), kReasons, DeclineReason::kNone, &dec.reason_known);
        dec.by = x.Attr(d, "by");
        std::optional<Date> on = x.DateAttr(d, "on");
        dec.on = on.value_or(Date());
        dec.on_known = on.has_value();
        dec.explanation = x.Text(d);
        dec.loc = x.At(d);
        c.decision = std::move(dec);
      }
      c.loc = x.At(n, "id");
      c.paragraph_loc = x.At(n, "paragraph");
      c.finding_loc = x.At(n, "finding");
      ids.Add(c.id, c.loc);
      set.corrections.push_back(std::move(c));
    }
    in.corrections.push_back(std::move(set));
  }

  // A version of the published record. Paragraph text is kept exactly as written (no dedenting): it is the
  // Markdown the letter had, byte for byte.
  void ReadPublished(const XmlDoc& x, const std::string& owner) {
    pugi::xml_node r = x.root();
    CheckOwner(x, r, "inspection", owner, "inspection");
    Inspection& in = InspectionFor(owner);
    PublishedVersion v;
    v.version = r.attribute("version").as_int();
    std::optional<Date> date = x.DateAttr(r, "date");
    v.date = date.value_or(Date());
    v.known = date.has_value() && !x.Refused(r.attribute("version"));
    v.path = x.file().path();
    v.loc = x.At(r, "version");
    for (pugi::xml_node n : r.children("change-note")) {
      v.change_notes.push_back({x.DateAttr(n, "date").value_or(Date()), x.Attr(n, "kind") != "minor", x.Text(n), x.At(n)});
    }
    for (pugi::xml_node n : r.children("paragraph")) {
      RecordedParagraph p;
      p.number = x.Attr(n, "number");
      p.finding = x.Attr(n, "finding");
      p.block = n.attribute("block").as_int();
      for (pugi::xml_node child : n.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) p.markdown += child.value();
      }
      v.paragraphs.push_back(std::move(p));
    }
    auto at = std::upper_bound(in.published.begin(), in.published.end(), v.version,
                               [](int version, const PublishedVersion& other) { return version < other.version; });
    in.published.insert(at, std::move(v));
  }

  void ReadTheme(const XmlDoc& x, const std::string& owner) {
    pugi::xml_node r = x.root();
    CheckOwner(x, r, "id", owner, "theme id");
    Theme& t = themes_[owner];
    t.id = owner;
    t.loc = x.At(r);
    t.title = x.Text(r.child("title"));
    t.response_inspected = x.Text(r.child("response-inspected"));
    t.letter_context = r.attribute("letter-context").as_bool(false);
    t.description = x.Markdown(r.child("description"));
    UniqueIds sub_ids(diags_, "sub-theme id");
    for (pugi::xml_node s : r.child("sub-themes").children("sub-theme")) {
      sub_ids.Add(x.Attr(s, "id"), x.At(s, "id"));
      if (x.Refused(s.attribute("id"))) sub_theme_refused_.insert(owner);
      t.sub_themes.push_back({x.Attr(s, "id"), x.Text(s)});
    }
    UniqueIds members(diags_, "round member");
    for (pugi::xml_node m : r.child("round").children("inspection")) {
      members.Add(x.Attr(m, "ref"), x.At(m, "ref"));
      t.round.push_back({x.Attr(m, "ref"), x.At(m, "ref")});
    }
    if (pugi::xml_node o = r.child("overview")) {
      Overview ov;
      std::optional<Date> publication = x.DateAttr(o, "publication");
      ov.publication = publication.value_or(Date());
      ov.publication_known = publication.has_value();
      ov.executive_summary = x.Markdown(o.child("executive-summary"));
      ov.main_findings = x.Markdown(o.child("main-findings"));
      for (pugi::xml_node p : o.children("part")) {
        ov.parts.push_back({x.Attr(p, "sub-theme"), x.Attr(p, "title"), x.Markdown(p), x.At(p, "sub-theme")});
      }
      for (pugi::xml_node rec : o.children("recommendations")) {
        (x.Attr(rec, "audience") == "national-government" ? ov.national_recommendations : ov.local_recommendations) =
            x.Markdown(rec);
      }
      ov.loc = x.At(o);
      t.overview = std::move(ov);
    }
  }

  // Every reference in the corpus must name something that exists.
  void Resolve() {
    std::vector<std::string> inspectorate_ids;
    for (const InspectorateInfo& i : corpus_.site.inspectorates) inspectorate_ids.push_back(i.id);
    std::vector<std::string> theme_ids;
    for (const Theme& t : corpus_.themes) theme_ids.push_back(t.id);
    std::map<std::string, std::pair<std::string, Loc>> slugs;  // slug -> area name, first place

    for (Inspection& in : corpus_.inspections) {
      if (!have_inspection_xml_.count(in.id)) continue;  // reported by load (missing or invalid)
      // References into a document that could not be read are not reported again: its own errors say why.
      bool findings_broken = broken_.count({DocType::kFindings, in.id}) > 0;
      if (!in.has_findings && !findings_broken && in.status != Status::kFieldwork) {
        diags_.Error(in.loc, "inspection '" + in.id + "' has status '" + ToString(in.status) +
                                 "' but no findings.xml");
      }
      if (have_site_ && !corpus_.FindTheme(in.theme) && !broken_.count({DocType::kTheme, in.theme})) {
        diags_.Error(in.theme_loc, "unknown theme '" + in.theme + "'" + DidYouMean(in.theme, theme_ids));
      }
      auto [slug, inserted] = slugs.emplace(in.area_slug, std::make_pair(in.area_name, area_locs_[in.id]));
      if (!inserted && slug->second.first != in.area_name) {
        diags_.Error(area_locs_[in.id], "area slug '" + in.area_slug + "' is already used by '" + slug->second.first +
                                            "'; each area needs its own slug");
      }
      std::vector<std::string> participating;
      int leads = 0;
      for (const Participation& p : in.inspectorates) {
        participating.push_back(p.inspectorate);
        if (p.lead) ++leads;
        if (have_site_ && !corpus_.site.FindInspectorate(p.inspectorate)) {
          diags_.Error(p.loc, "unknown inspectorate '" + p.inspectorate + "'" +
                                  DidYouMean(p.inspectorate, inspectorate_ids) +
                                  " (inspectorates are listed in letterpress.xml)");
        }
      }
      if (leads != 1 && !lead_refused_.count(in.id)) {
        diags_.Error(in.loc, "exactly one inspectorate must have lead=\"true\" (found " + std::to_string(leads) + ")");
      }
      std::vector<std::string> agency_ids;
      for (const Agency& a : in.agencies) agency_ids.push_back(a.id);
      for (const Agency& a : in.agencies) {
        if (!a.inspectorate.empty() &&
            std::find(participating.begin(), participating.end(), a.inspectorate) == participating.end()) {
          diags_.Error(a.loc, "agency '" + a.id + "' names inspectorate '" + a.inspectorate +
                                  "', which does not take part in this inspection" +
                                  DidYouMean(a.inspectorate, participating));
        }
      }
      for (const Addressee& a : in.addressees) {
        if (!a.agency.empty() && !in.FindAgency(a.agency)) {
          diags_.Error(a.loc, "addressee names unknown agency '" + a.agency + "'" + DidYouMean(a.agency, agency_ids));
        }
      }
      const Theme* theme = corpus_.FindTheme(in.theme);
      std::vector<std::string> sub_theme_ids;
      if (theme) {
        for (const SubTheme& s : theme->sub_themes) sub_theme_ids.push_back(s.id);
      }
      auto check_moderation = [&](const std::optional<Moderation>& m) {
        if (m && std::find(participating.begin(), participating.end(), m->by) == participating.end()) {
          diags_.Error(m->loc, "moderated by '" + m->by + "', which does not take part in this inspection" +
                                   DidYouMean(m->by, participating));
        }
      };
      if (in.context) check_moderation(in.context->moderation);
      if (in.headline) check_moderation(in.headline->moderation);
      for (const Finding& f : in.findings) {
        for (const std::string& agency : f.agencies) {
          if (!in.FindAgency(agency)) {
            diags_.Error(f.agencies_loc, "finding '" + f.id + "' names unknown agency '" + agency + "'" +
                                             DidYouMean(agency, agency_ids));
          }
        }
        for (const std::string& sub : f.sub_themes) {
          if (theme && !theme->FindSubTheme(sub) && !sub_theme_refused_.count(theme->id)) {
            diags_.Error(f.sub_themes_loc, "finding '" + f.id + "' names unknown sub-theme '" + sub + "' of theme '" +
                                               theme->id + "'" + DidYouMean(sub, sub_theme_ids));
          }
        }
        check_moderation(f.moderation);
      }
      std::vector<std::string> finding_ids;
      for (const Finding& f : in.findings) finding_ids.push_back(f.id);
      for (const PartnerResponse& p : in.responses) {
        if (!p.joint && p.agency.empty()) {
          diags_.Error(p.loc, "an agency response must name its agency (agency=\"...\")");
        } else if (!p.agency.empty() && !in.FindAgency(p.agency)) {
          diags_.Error(p.agency_loc, "response '" + p.id + "' names unknown agency '" + p.agency + "'" +
                                         DidYouMean(p.agency, agency_ids));
        }
      }
      if (in.action_plan) {
        for (const Action& a : in.action_plan->actions) {
          if (!in.FindAgency(a.lead_agency)) {
            diags_.Error(a.lead_agency_loc, "action '" + a.id + "' names unknown lead agency '" + a.lead_agency + "'" +
                                                DidYouMean(a.lead_agency, agency_ids));
          }
          for (const std::string& answer : a.answers) {
            const Finding* f = in.FindFinding(answer);
            // With no findings.xml (reported on its own), the answers cannot be checked.
            if (!f && (findings_broken || !in.has_findings)) continue;
            if (!f) {
              diags_.Error(a.answers_loc, "action '" + a.id + "' answers unknown finding '" + answer + "'" +
                                              DidYouMean(answer, finding_ids));
            } else if (f->kind_known && f->kind != FindingKind::kAreaForImprovement &&
                       f->kind != FindingKind::kAreaForPriorityAction) {
              diags_.Error(a.answers_loc, "action '" + a.id + "' answers '" + answer + "', which is a " +
                                              ToString(f->kind) +
                                              ", not an area for improvement or priority action");
            }
          }
        }
      }
      // An agency may send several files (a follow-up after its first): each is numbered in arrival order.
      for (CorrectionSet& set : in.corrections) {
        set.sequence = 1;
        for (const CorrectionSet& other : in.corrections) {
          if (&other != &set && other.agency == set.agency &&
              std::tie(other.submitted, other.path) < std::tie(set.submitted, set.path)) {
            ++set.sequence;
          }
        }
      }
      for (const CorrectionSet& set : in.corrections) {
        if (!in.FindAgency(set.agency)) {
          diags_.Error(set.agency_loc, "corrections from unknown agency '" + set.agency + "'" +
                                           DidYouMean(set.agency, agency_ids));
        }
        for (const FactualAccuracyCorrection& c : set.corrections) {
          if (!c.finding.empty() && !findings_broken && in.has_findings && !in.FindFinding(c.finding)) {
            diags_.Error(c.finding_loc, "correction '" + c.id + "' refers to unknown finding '" + c.finding + "'" +
                                            DidYouMean(c.finding, finding_ids));
          }
        }
      }
    }
    // Orphan documents: findings or responses for an inspection with no (valid) inspection.xml.
    for (const Inspection& in : corpus_.inspections) {
      // An inspection.xml that is there but unreadable has reported its own errors already.
      if (!have_inspection_xml_.count(in.id) && in.has_findings && !broken_.count({DocType::kInspection, in.id})) {
        diags_.Error(in.findings_loc, "findings for inspection '" + in.id + "', which has no valid inspection.xml");
      }
    }
    std::vector<std::string> inspection_ids;
    for (const Inspection& in : corpus_.inspections) inspection_ids.push_back(in.id);
    std::map<std::string, std::string> round_of;
    for (const Theme& t : corpus_.themes) {
      for (const RoundMember& m : t.round) {
        const Inspection* in = corpus_.FindInspection(m.inspection);
        if (broken_.count({DocType::kInspection, m.inspection})) continue;
        if (!in || !have_inspection_xml_.count(m.inspection)) {
          diags_.Error(m.loc, "round of theme '" + t.id + "' lists unknown inspection '" + m.inspection + "'" +
                                  DidYouMean(m.inspection, inspection_ids));
          continue;
        }
        if (in->theme != t.id) {
          diags_.Error(m.loc, "inspection '" + m.inspection + "' is in the round of theme '" + t.id +
                                  "' but its inspection.xml names theme '" + in->theme + "'");
          continue;  // the mismatch says it all; it is not also "already in another round"
        }
        auto [it, inserted] = round_of.emplace(m.inspection, t.id);
        if (!inserted && it->second != t.id) {
          diags_.Error(m.loc, "inspection '" + m.inspection + "' is already in the round of theme '" + it->second + "'");
        }
      }
    }
    for (const Theme& t : corpus_.themes) {
      if (!t.overview) continue;
      std::vector<std::string> subs;
      for (const SubTheme& s : t.sub_themes) subs.push_back(s.id);
      for (const OverviewPart& p : t.overview->parts) {
        if (!t.FindSubTheme(p.sub_theme) && !sub_theme_refused_.count(t.id)) {
          diags_.Error(p.loc, "overview part names unknown sub-theme '" + p.sub_theme + "'" + DidYouMean(p.sub_theme, subs));
        }
      }
    }
    if (!have_site_) return;
    for (const Inspection& in : corpus_.inspections) {
      const Theme* t = corpus_.FindTheme(in.theme);
      if (t && have_inspection_xml_.count(in.id) && !round_of.count(in.id)) {
        diags_.Warning(in.theme_loc, "inspection '" + in.id + "' is not listed in the round of theme '" + in.theme + "'");
      }
    }
  }

  const load::SourceSet& sources_;
  Diagnostics& diags_;
  Corpus corpus_;
  bool have_site_ = false;
  std::map<std::string, Inspection> inspections_;
  std::map<std::string, Theme> themes_;
  std::set<std::string> have_inspection_xml_;
  std::set<std::pair<DocType, std::string>> broken_;  // documents present but unreadable or invalid
  std::set<std::string> lead_refused_;
  std::set<std::string> sub_theme_refused_;  // themes with a sub-theme id that validation refused  // inspections with a lead="..." that validation refused
  std::map<std::string, Loc> area_locs_;
};

}  // namespace

Corpus BuildCorpus(const load::SourceSet& sources, Diagnostics& diags) { return Builder(sources, diags).Run(); }

}  // namespace lp::model
