#include "cli/workflow_commands.h"

#include <fcntl.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <thread>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/safe_file.h"
#include "base/text.h"
#include "cli/build_command.h"
#include "cli/front_end.h"
#include "mail/mail.h"
#include "publish/local_target.h"
#include "publish/manifest.h"
#include "render/html.h"
#include "render/restricted.h"
#include "site/assets.h"
#include "site/process.h"
#include "plan/plan.h"
#include "workflow/paragraphs.h"
#include "workflow/published.h"
#include "workflow/redline.h"
#include "workflow/review.h"

namespace lp::cli {
namespace fs = std::filesystem;

namespace {

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Writes root/relative without following links anywhere below root (see base/safe_file.h); says why not.
bool WriteFile(const fs::path& root, const fs::path& relative, const std::string& bytes) {
  std::string error = WriteFileInside(root, relative, bytes);
  if (!error.empty()) std::cerr << "letterpress: cannot write " << error << "\n";
  return error.empty();
}

// Everything a workflow command needs: the checked corpus, the inspection, templates and styles.
struct Session {
  FrontEnd fe;
  const Inspection* inspection = nullptr;
  render::TemplateSet templates;
  std::string css;
  Date as_of;
  fs::path resources;
};

// Loads and checks the corpus and finds the inspection; reports and returns an exit code on failure.
int Open(const WorkflowOptions& options, const char* command, Session& s) {
  std::string as_of = options.as_of.empty() ? Today() : options.as_of;
  std::optional<Date> date = Date::ParseIso(as_of);
  if (!date) {
    std::cerr << "letterpress " << command << ": --as-of '" << as_of << "' must be a date written YYYY-MM-DD\n";
    return kUsage;
  }
  s.as_of = *date;
  s.resources = ResourceDir(options.resources);
  Diagnostics diags;
  s.fe = LoadCorpus(options.root, s.resources, diags, s.as_of);
  s.templates.Load(s.resources / "templates", diags);
  for (const site::Asset& a : site::LoadAssets(s.resources / "site" / "assets", diags)) {
    if (a.name == "letterpress.css") s.css = a.bytes;
  }
  if (!ReportDiagnostics(diags, false, options.quiet)) return kInputError;
  s.inspection = s.fe.corpus.FindInspection(options.inspection);
  if (!s.inspection) {
    std::vector<std::string> ids;
    for (const Inspection& in : s.fe.corpus.inspections) ids.push_back(in.id);
    std::cerr << "letterpress " << command << ": no inspection '" << options.inspection << "'" << DidYouMean(options.inspection, ids)
              << "\n";
    return kInputError;
  }
  return kOk;
}

// Restricted documents must never land inside a public site, where the next publish would send them.
bool InsidePublicSite(const fs::path& out) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(out), ec);
  for (; !p.empty() && p != p.root_path(); p = p.parent_path()) {
    if (fs::exists(p / ".letterpress" / "manifest.json", ec)) return true;  // a build's release
    // A local publish target: its marker is written before any file, its manifest after the last.
    if (fs::exists(p / std::string(publish::kPublicSiteMarker), ec) ||
        fs::exists(p / std::string(publish::kManifestPath), ec)) {
      return true;
    }
    std::string name = p.filename().string();
    if (name.size() > 9 && name.compare(name.size() - 9, 9, ".releases") == 0) return true;
  }
  return false;
}

int RefuseOut(const std::string& out, const char* command) {
  std::cerr << "letterpress " << command << ": --out " << out
            << " is inside a public site; restricted documents must be written elsewhere\n";
  return kUsage;
}

std::string RenderPdf(const fs::path& html, const fs::path& pdf, const std::string& id) {
  std::string weasyprint = site::FindExecutable({"weasyprint"});
  if (weasyprint.empty()) return "--pdf needs WeasyPrint, which is not installed; install it with: apt-get install weasyprint";
  site::ProcessResult r = site::RunProcess({weasyprint, "--quiet", "--pdf-variant", "pdf/ua-1", "--pdf-identifier", id,
                                            html.string(), pdf.string()},
                                           {"SOURCE_DATE_EPOCH=0"});
  return r.exit_code == 0 ? std::string() : "WeasyPrint failed: " + r.output;
}

// The snapshots of drafts kept in inspections/<id>/drafts/, by version.
std::map<std::string, std::vector<workflow::DraftParagraph>> Snapshots(const Inspection& in) {
  std::map<std::string, std::vector<workflow::DraftParagraph>> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(in.folder) / "drafts", ec)) {
    if (entry.path().extension() != ".json") continue;
    nlohmann::json j = nlohmann::json::parse(ReadFile(entry.path()), nullptr, false);
    if (j.is_discarded()) continue;
    if (auto paragraphs = workflow::SnapshotFromJson(j)) out[j.value("version", "")] = std::move(*paragraphs);
  }
  return out;
}

struct IssueLogEntry {
  std::string document, version, to;
};

std::vector<IssueLogEntry> ReadIssueLog(const Inspection& in) {
  std::vector<IssueLogEntry> entries;
  std::istringstream lines(ReadFile(fs::path(in.folder) / "issue-log.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object()) entries.push_back({j.value("document", ""), j.value("version", ""), j.value("to", "")});
  }
  return entries;
}

// Appends one line to the issue log with O_APPEND: the log is only ever added to.
bool AppendIssueLog(const Inspection& in, const nlohmann::json& entry) {
  std::string error = AppendFileInside(in.folder, "issue-log.jsonl", entry.dump() + "\n");
  if (!error.empty()) std::cerr << "letterpress issue: cannot record the message in the issue log: " << error << "\n";
  return error.empty();
}

std::string NowUtc(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &utc);
  return buf;
}

// A copy of the inspection as issued on `date` when its draft date is not recorded yet, so the reply
// deadline is shown for the day the draft goes out.
Inspection AsIssued(const Inspection& in, Date date) {
  Inspection copy = in;
  if (!copy.dates.draft_issued) copy.dates.draft_issued = date;
  return copy;
}

}  // namespace

int DraftCommand(const WorkflowOptions& options) {
  if (InsidePublicSite(options.out)) return RefuseOut(options.out, "draft");
  Session s;
  if (int rc = Open(options, "draft", s)) return rc;
  const Inspection& in = *s.inspection;
  std::vector<std::string> blockers = workflow::DraftBlockers(in);
  if (!blockers.empty()) {
    std::cerr << "letterpress draft: " << in.id << " is not ready for a draft: only moderated findings go into a draft\n";
    for (const std::string& b : blockers) std::cerr << "  - " << b << "\n";
    return kInputError;
  }
  Inspection issued = AsIssued(in, s.as_of);
  std::vector<workflow::DraftParagraph> paragraphs = workflow::NumberParagraphs(in);
  std::string version = workflow::DraftVersion(paragraphs);
  render::RestrictedContext ctx{&s.fe.corpus, &issued, &s.templates, s.css, version, options.reply_to};
  fs::path rel = fs::path(in.id) / ("draft-" + version);
  fs::path dir = fs::path(options.out) / rel;
  bool ok = WriteFile(options.out, rel / "index.html", render::RenderRestrictedLetter(ctx, render::LetterMode::kDraft)) &&
            WriteFile(options.out, rel / "letter.txt", render::LetterText(ctx, render::LetterMode::kDraft)) &&
            WriteFile(options.out, rel / "corrections-form.html", render::RenderCorrectionsForm(ctx));
  for (const Agency& a : in.agencies) {
    ok = ok && WriteFile(options.out, rel / "agencies" / (a.id + ".html"), render::RenderAgencyPack(ctx, a));
  }
  // The snapshot lets later corrections be compared with exactly what was issued.
  fs::path snapshot = fs::path("drafts") / (version + ".json");
  std::error_code exists_ec;
  if (ok && !fs::exists(fs::symlink_status(fs::path(in.folder) / snapshot, exists_ec))) {
    ok = WriteFile(in.folder, snapshot, workflow::SnapshotToJson(in.id, version, paragraphs).dump(1) + "\n");
  }
  if (!ok) {
    std::cerr << "letterpress draft: cannot write to " << dir.string() << "\n";
    return kInputError;
  }
  if (options.pdf) {
    std::string error = RenderPdf(dir / "index.html", dir / (in.id + "-draft-" + version + ".pdf"), version);
    if (!error.empty()) {
      std::cerr << "letterpress draft: " << error << "\n";
      return kInputError;
    }
  }
  std::optional<Date> due = CorrectionsDue(issued, s.fe.corpus);
  if (!options.quiet) {
    std::cout << "draft of " << in.id << ", version " << version << ": " << paragraphs.size() << " numbered paragraphs\n"
              << "written to " << dir.string() << "/ (letter, plain text, corrections form, " << in.agencies.size()
              << " agency feedback packs" << (options.pdf ? ", PDF" : "") << ")\n"
              << "addressees:\n";
    for (const Addressee& a : in.addressees) std::cout << "  " << a.name << ", " << a.role << ", " << a.organisation << " <" << a.email << ">\n";
    if (due) std::cout << "factual accuracy corrections due by " << due->Long() << " (5 working days after issue)\n";
  }
  return kOk;
}

int CorrectionsCommand(const WorkflowOptions& options) {
  if (InsidePublicSite(options.out)) return RefuseOut(options.out, "corrections");
  Session s;
  if (int rc = Open(options, "corrections", s)) return rc;
  const Inspection& in = *s.inspection;
  if (static_cast<int>(in.status) < static_cast<int>(Status::kDraftIssued)) {
    std::cerr << "letterpress corrections: the draft of " << in.id << " has not been issued (status '" << ToString(in.status) << "')\n";
    return kInputError;
  }
  std::vector<workflow::DraftParagraph> current = workflow::NumberParagraphs(in);
  std::string version = workflow::DraftVersion(current);
  auto snapshots = Snapshots(in);
  std::vector<workflow::CorrectionReview> reviews = workflow::ReviewCorrections(in, s.fe.corpus, snapshots, current);
  render::RestrictedContext ctx{&s.fe.corpus, &in, &s.templates, s.css, version, options.reply_to};
  fs::path rel = fs::path(in.id) / "corrections";
  fs::path dir = fs::path(options.out) / rel;
  bool ok = WriteFile(options.out, rel / "report.html", render::RenderCorrectionsReport(ctx, reviews)) &&
            WriteFile(options.out, rel / "decision-log.html", render::RenderDecisionLog(ctx, reviews)) &&
            WriteFile(options.out, rel / "decision-log.csv", render::DecisionLogCsv(reviews));
  // The redline compares the draft as issued (the version the issue log records, else the one the
  // corrections were made against) with the letter as it stands.
  std::string issued_version;
  for (const IssueLogEntry& e : ReadIssueLog(in)) {
    if (e.document == "draft") issued_version = e.version;
  }
  if (issued_version.empty() && !in.corrections.empty()) issued_version = in.corrections.front().draft_version;
  auto issued = snapshots.find(issued_version);
  if (issued != snapshots.end()) {
    ok = ok && WriteFile(options.out, rel / "redline.html",
                         render::RenderRedline(ctx, issued_version, workflow::CompareDrafts(issued->second, current)));
  }
  if (!ok) {
    std::cerr << "letterpress corrections: cannot write to " << dir.string() << "\n";
    return kInputError;
  }
  if (!options.quiet) {
    std::size_t undecided = 0;
    std::cout << "corrections to " << in.id << " (current draft version " << version << "):\n";
    for (const workflow::CorrectionReview& r : reviews) {
      const FactualAccuracyCorrection& c = *r.correction;
      std::cout << "  " << r.set->agency << " " << c.id << " paragraph " << c.paragraph << ": "
                << (c.decision ? Describe(c.decision->outcome) : "UNDECIDED");
      if (r.late) std::cout << "; late (submitted " << r.set->submitted.Iso() << ")";
      if (r.against_older_version) std::cout << "; against older draft " << r.set->draft_version << (r.changed_since ? " (paragraph changed since)" : "");
      if (r.judgement) std::cout << "; may change a judgement (" << r.judgement_reason << "): consider 'not a factual matter'";
      if (!r.paragraph_found) std::cout << "; no such paragraph in that draft";
      std::cout << "\n";
      if (!c.decision) ++undecided;
    }
    std::cout << reviews.size() << " corrections, " << undecided << " undecided\n"
              << "report, decision log" << (issued != snapshots.end() ? " and redline" : "") << " written to " << dir.string() << "/\n";
    if (issued == snapshots.end()) {
      std::cout << "no redline: the issued draft's snapshot (inspections/" << in.id << "/drafts/<version>.json, written by "
                << "letterpress draft) was not found\n";
    }
  }
  return kOk;
}

namespace {

// Writes decisions (file name -> correction id and <decision> element) into an inspection's corrections files:
// every file is edited in memory first and nothing is written unless all of them can be; the files as written
// must then pass every check, or they go back as they were. The one way decisions are recorded, from the command
// line and from the decisions page alike.
int WriteDecisions(const WorkflowOptions& common, const Session& s,
                   const std::map<std::string, std::vector<std::pair<std::string, std::string>>>& decisions,
                   std::string* error) {
  const Inspection& in = *s.inspection;
  std::map<std::string, std::pair<std::string, std::string>> texts;  // file -> (before, after)
  fs::path folder = fs::path(in.folder) / "corrections";
  for (const auto& [file, list] : decisions) {
    std::string before = ReadFile(folder / file);
    std::string after = before;
    for (const auto& [id, decision] : list) {
      std::string why;
      std::optional<std::string> edited = workflow::SetDecision(after, id, decision, &why);
      if (!edited) {
        *error = (folder / file).string() + ": " + why;
        return kInputError;
      }
      after = *edited;
    }
    texts[file] = {before, after};
  }
  for (const auto& [file, text] : texts) {
    if (!WriteFile(in.folder, fs::path("corrections") / file, text.second)) {
      *error = "cannot write " + (folder / file).string();
      return kInputError;
    }
  }
  Diagnostics diags;
  LoadCorpus(common.root, s.resources, diags, s.as_of);
  if (diags.has_errors()) {
    for (const auto& [file, text] : texts) WriteFile(in.folder, fs::path("corrections") / file, text.first);
    ReportDiagnostics(diags, false, false);
    *error = "the decisions would make the corrections files invalid; nothing was changed";
    return kInputError;
  }
  return kOk;
}

}  // namespace

int DecideCommand(const WorkflowOptions& common, const DecideOptions& options) {
  if (options.page) return DecisionsPageCommand(common, options);
  if (options.by.empty()) {
    std::cerr << "letterpress corrections decide: say who decided with --by (the lead inspector's name)\n";
    return kUsage;
  }
  if (!options.accept && !options.partly && !options.reject) {
    std::cerr << "letterpress corrections decide: say what is decided: --accept, --partly or --reject\n";
    return kUsage;
  }
  if (options.reject && options.because.empty()) {
    std::cerr << "letterpress corrections decide: --reject needs --because (not-a-factual-matter, evidence-insufficient or "
                 "other) and, in words, --reason\n";
    return kUsage;
  }
  if ((options.partly || options.reject) && options.reason.empty()) {
    std::cerr << "letterpress corrections decide: " << (options.partly ? "--partly" : "--reject")
              << " needs --reason: the decision log gives the reason for every correction not accepted as asked\n";
    return kUsage;
  }
  if (!options.because.empty() && !options.reject) {
    std::cerr << "letterpress corrections decide: --because is for --reject\n";
    return kUsage;
  }
  if (options.ids.empty() == !options.all_undecided) {
    std::cerr << "letterpress corrections decide: name the corrections decided, or give --all-undecided (not both)\n";
    return kUsage;
  }
  Session s;
  if (int rc = Open(common, "corrections decide", s)) return rc;
  Date on = s.as_of;
  if (!options.on.empty()) {
    std::optional<Date> d = Date::ParseIso(options.on);
    if (!d) {
      std::cerr << "letterpress corrections decide: --on '" << options.on << "' must be a date written YYYY-MM-DD\n";
      return kUsage;
    }
    on = *d;
  }
  const Inspection& in = *s.inspection;
  // Which file each decided correction is in.
  std::map<std::string, std::vector<const FactualAccuracyCorrection*>> by_file;
  std::map<std::string, const CorrectionSet*> set_of_file;
  std::vector<std::string> problems;
  auto file_of = [](const CorrectionSet& set) { return fs::path(set.path).filename().string(); };
  if (options.all_undecided) {
    for (const CorrectionSet& set : in.corrections) {
      if (!options.agency.empty() && set.agency != options.agency) continue;
      for (const FactualAccuracyCorrection& c : set.corrections) {
        if (!c.decision) {
          by_file[file_of(set)].push_back(&c);
          set_of_file[file_of(set)] = &set;
        }
      }
    }
    if (by_file.empty()) {
      std::cerr << "letterpress corrections decide: no undecided corrections" << (options.agency.empty() ? "" : " from " + options.agency)
                << "\n";
      return kInputError;
    }
  }
  for (const std::string& id : options.ids) {
    std::vector<std::pair<const CorrectionSet*, const FactualAccuracyCorrection*>> found;
    std::vector<std::string> all_ids;
    for (const CorrectionSet& set : in.corrections) {
      for (const FactualAccuracyCorrection& c : set.corrections) {
        all_ids.push_back(c.id);
        if (c.id == id && (options.agency.empty() || set.agency == options.agency)) found.push_back({&set, &c});
      }
    }
    if (found.empty()) {
      problems.push_back("no correction '" + id + "' in " + in.id + (options.agency.empty() ? "" : " from " + options.agency) +
                         DidYouMean(id, all_ids));
    } else if (found.size() > 1) {
      std::vector<std::string> files;
      for (const auto& [set, c] : found) files.push_back(file_of(*set) + " (" + set->agency + ")");
      problems.push_back("correction '" + id + "' is in " + JoinEnglish(files) + "; say which agency's with --agency");
    } else {
      by_file[file_of(*found[0].first)].push_back(found[0].second);
      set_of_file[file_of(*found[0].first)] = found[0].first;
    }
  }
  if (!problems.empty()) {
    for (const std::string& p : problems) std::cerr << "letterpress corrections decide: " << p << "\n";
    return kInputError;
  }
  std::string outcome = options.accept ? "accepted" : options.partly ? "partly-accepted" : "declined";
  std::string decision = workflow::DecisionXml(outcome, options.because, options.by, on, options.reason);
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> decisions;
  for (const auto& [file, corrections] : by_file) {
    for (const FactualAccuracyCorrection* c : corrections) decisions[file].push_back({c->id, decision});
  }
  std::string error;
  if (int rc = WriteDecisions(common, s, decisions, &error)) {
    std::cerr << "letterpress corrections decide: " << error << "\n";
    return rc;
  }
  fs::path folder = fs::path(in.folder) / "corrections";
  if (!common.quiet) {
    for (const auto& [file, corrections] : by_file) {
      for (const FactualAccuracyCorrection* c : corrections) {
        std::cout << c->id << " (" << set_of_file[file]->agency << ", paragraph " << c->paragraph << "): " << outcome
                  << (options.because.empty() ? "" : " (" + options.because + ")") << ", by " << options.by << " on " << on.Iso()
                  << "\n";
      }
      std::cout << "recorded in " << (folder / file).string() << "\n";
    }
  }
  return kOk;
}

int ChangesCommand(const WorkflowOptions& common, const ChangesOptions& options) {
  Session s;
  if (int rc = Open(common, "changes", s)) return rc;
  const Inspection& in = *s.inspection;
  if (in.published.empty()) {
    std::cerr << "letterpress changes: " << in.id << " has no published record yet; once the letter is published, record it with "
              << "`letterpress changes " << in.id << " record`\n";
    return kInputError;
  }
  int newest = in.published.back().version;
  std::vector<workflow::DraftParagraph> current = workflow::PublicText(in);
  bool pending = !workflow::ChangedParagraphs(workflow::RecordedText(in.published.back().paragraphs), current,
                                              workflow::CompareOn::kMarkdown).empty();
  // A version by number; newest + 1 (or "current") is the letter as it stands when it has changed since.
  auto parse = [&](const std::string& text, const char* flag, int& out) {
    if (text == "current") {
      out = newest + 1;
      return true;
    }
    char* end = nullptr;
    long v = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < 1 || v > newest) {
      std::cerr << "letterpress changes: " << flag << " '" << text << "' is not a published version of " << in.id
                << ": the record has versions 1 to " << newest << (pending ? ", and 'current' for the letter as it stands" : "")
                << "\n";
      return false;
    }
    out = static_cast<int>(v);
    return true;
  };
  int to = pending ? newest + 1 : newest;
  if (!options.to.empty() && !parse(options.to, "--to", to)) return kUsage;
  if (to == newest + 1 && !pending) {
    std::cerr << "letterpress changes: the letter has not changed since version " << newest << "\n";
    return kUsage;
  }
  int from = to - 1;
  if (!options.from.empty() && !parse(options.from, "--from", from)) return kUsage;
  if (from >= to) {
    if (to == 1 && options.from.empty()) {
      std::cout << in.id << " has one published version (" << in.published.front().date.Long()
                << "), and the letter has not changed since\n";
      return kOk;
    }
    std::cerr << "letterpress changes: --from must be an earlier version than --to\n";
    return kUsage;
  }
  const PublishedVersion& before = in.published[static_cast<std::size_t>(from - 1)];
  const PublishedVersion* after = to <= newest ? &in.published[static_cast<std::size_t>(to - 1)] : nullptr;
  auto describe = [&](const PublishedVersion* v) {
    return v ? "version " + std::to_string(v->version) + " (" + v->date.Long() + ")"
             : std::string("the letter as it stands (not yet recorded)");
  };
  std::cout << "Changes to the letter of " << in.id << " from " << describe(&before) << " to " << describe(after) << "\n";
  // The notes that describe the change: those the later version carries and the earlier did not.
  std::vector<const ChangeNote*> notes;
  for (const ChangeNote* n : workflow::NotesSince(in, before)) {
    bool carried = !after || std::any_of(after->change_notes.begin(), after->change_notes.end(), [&](const ChangeNote& c) {
      return c.date == n->date && c.text == n->text;
    });
    if (carried) notes.push_back(n);
  }
  for (const ChangeNote* n : notes) {
    std::cout << "change note, " << n->date.Long() << (n->major ? " (major)" : " (minor)") << ": " << n->text << "\n";
  }
  std::vector<workflow::RedlineParagraph> changed = workflow::ChangedParagraphs(
      workflow::RecordedText(before.paragraphs), after ? workflow::RecordedText(after->paragraphs) : current,
      workflow::CompareOn::kText);
  for (const workflow::RedlineParagraph& p : changed) {
    std::string what = p.change == workflow::ParagraphChange::kInserted  ? "new"
                       : p.change == workflow::ParagraphChange::kDeleted ? "removed"
                       : p.before == p.after                             ? "formatting changed, same words"
                                                                         : "changed";
    std::cout << "\nparagraph " << p.number << " (" << workflow::SectionTitle(p.section) << ")"
              << (!p.old_number.empty() && p.old_number != p.number ? ", was " + p.old_number : std::string()) << ", " << what
              << ":\n  " << workflow::SegmentsText(p.segments, options.colour) << "\n";
  }
  std::cout << "\n" << changed.size() << (changed.size() == 1 ? " paragraph" : " paragraphs") << " changed\n";
  return kOk;
}

int RecordCommand(const WorkflowOptions& common) {
  Session s;
  if (int rc = Open(common, "changes record", s)) return rc;
  const Inspection& in = *s.inspection;
  if (!plan::IsLetterPublic(in, s.as_of)) {
    std::cerr << "letterpress changes record: the letter of " << in.id << " is not public on " << s.as_of.Long()
              << " (the record keeps what was published; record it on or after its publication date"
              << (in.dates.publication ? ", " + in.dates.publication->Long() : std::string()) << ")\n";
    return kInputError;
  }
  std::vector<workflow::DraftParagraph> text = workflow::PublicText(in);
  int version = static_cast<int>(in.published.size()) + 1;
  Date date = *in.dates.publication;
  if (!in.published.empty()) {
    const PublishedVersion& newest = in.published.back();
    std::vector<const ChangeNote*> notes = workflow::NotesSince(in, newest);
    if (notes.empty()) {
      // Open() refused a changed letter without a note, so the letter is as the newest version has it.
      if (!common.quiet) {
        std::cout << "the letter of " << in.id << " is as version " << newest.version << " of its published record ("
                  << newest.date.Long() << ") has it: nothing to record\n";
      }
      return kOk;
    }
    date = notes.back()->date;
    if (s.as_of < date) {
      std::cerr << "letterpress changes record: the change note of " << date.Long() << " is not public on " << s.as_of.Long()
                << "; record the version it describes on or after that date\n";
      return kInputError;
    }
  }
  std::string file = workflow::PublishedVersionFile(version);
  std::string xml = workflow::PublishedVersionXml(in.id, version, date, in.change_notes, text);
  if (!WriteFile(in.folder, fs::path("published") / file, xml)) return kInputError;
  // The record is an input like any other: it must load and check cleanly, or it is taken back.
  Diagnostics diags;
  LoadCorpus(common.root, s.resources, diags, s.as_of);
  if (diags.has_errors()) {
    ReportDiagnostics(diags, false, false);
    std::error_code ec;
    fs::remove(fs::path(in.folder) / "published" / file, ec);
    std::cerr << "letterpress changes record: the new version did not check cleanly; nothing was recorded\n";
    return kInternal;
  }
  if (!common.quiet) {
    std::cout << "recorded version " << version << " of " << in.id << " (" << date.Long() << ", " << text.size()
              << " numbered paragraphs) in " << (fs::path(in.folder) / "published" / file).string() << "\n";
  }
  return kOk;
}

int PrePublicationCommand(const WorkflowOptions& options) {
  if (InsidePublicSite(options.out)) return RefuseOut(options.out, "prepub");
  Session s;
  if (int rc = Open(options, "prepub", s)) return rc;
  const Inspection& in = *s.inspection;
  std::vector<std::string> blockers = workflow::PrePublicationBlockers(in, s.fe.corpus);
  if (!blockers.empty()) {
    std::cerr << "letterpress prepub: the pre-publication letter for " << in.id << " cannot be issued yet:\n";
    for (const std::string& b : blockers) std::cerr << "  - " << b << "\n";
    return kInputError;
  }
  std::vector<workflow::DraftParagraph> paragraphs = workflow::NumberParagraphs(in);
  std::string version = workflow::DraftVersion(paragraphs);
  render::RestrictedContext ctx{&s.fe.corpus, &in, &s.templates, s.css, version, options.reply_to};
  fs::path rel = fs::path(in.id) / ("prepub-" + version);
  fs::path dir = fs::path(options.out) / rel;
  if (!WriteFile(options.out, rel / "index.html", render::RenderRestrictedLetter(ctx, render::LetterMode::kPrePublication)) ||
      !WriteFile(options.out, rel / "letter.txt", render::LetterText(ctx, render::LetterMode::kPrePublication))) {
    std::cerr << "letterpress prepub: cannot write to " << dir.string() << "\n";
    return kInputError;
  }
  if (options.pdf) {
    std::string error = RenderPdf(dir / "index.html", dir / (in.id + "-prepub-" + version + ".pdf"), version);
    if (!error.empty()) {
      std::cerr << "letterpress prepub: " << error << "\n";
      return kInputError;
    }
  }
  if (!options.quiet) {
    std::cout << "pre-publication letter for " << in.id << ", version " << version << ", embargoed until "
              << in.dates.publication->Long() << " at " << s.fe.corpus.site.embargo_time << "\n"
              << "written to " << dir.string() << "/\n";
  }
  return kOk;
}

namespace {

// The note above the letter in each message: what it is, what to do, where to reply and by when.
struct CoverNote {
  std::string text, html;
};

CoverNote Cover(const Inspection& in, const Corpus& corpus, bool draft, const Addressee& a, const Agency* agency,
                const std::string& reply_to, std::optional<Date> due, const std::vector<std::string>& attachments) {
  std::vector<std::string> lines;
  lines.push_back("Dear " + a.name + ",");
  if (draft) {
    lines.push_back("Attached is the draft letter of findings of the joint targeted area inspection of " + in.area_name +
                    ", for a check of its factual accuracy. It is restricted: do not circulate it beyond those who "
                    "need to check it.");
    std::string what = "Open the attached corrections form in a web browser to propose corrections";
    if (agency) what += "; the attached feedback pack lists every paragraph that concerns " + agency->name;
    lines.push_back(what + ".");
    lines.push_back("Send the corrections file the form makes by email to " + reply_to +
                    (due ? " by " + due->Long() : std::string()) + ".");
  } else {
    lines.push_back("Attached is the pre-publication letter of the joint targeted area inspection of " + in.area_name +
                    ", embargoed until " + (in.dates.publication ? in.dates.publication->Long() : std::string("publication")) +
                    " at " + corpus.site.embargo_time + ". It must not be published or circulated before then.");
    lines.push_back("Questions to " + reply_to + ".");
  }
  if (!attachments.empty()) lines.push_back("Attached: " + JoinEnglish(attachments) + ".");
  CoverNote note;
  note.html = "<div class=\"cover-note\">";
  for (const std::string& l : lines) {
    note.text += l + "\n\n";
    note.html += "<p>" + render::Escape(l) + "</p>";
  }
  note.text += std::string(70, '-') + "\n\n";
  note.html += "</div><hr>";
  return note;
}

// The letter's HTML with the cover note at the top of its body.
std::string WithCover(const std::string& html, const std::string& cover) {
  std::size_t body = html.find("<body");
  std::size_t end = body == std::string::npos ? std::string::npos : html.find('>', body);
  if (end == std::string::npos) return cover + html;
  return html.substr(0, end + 1) + "\n" + cover + html.substr(end + 1);
}

std::string Transport(const mail::SmtpUrl& url, bool plain) {
  return url.implicit_tls ? "smtps" : plain ? "plain" : "starttls";
}

}  // namespace

int IssueCommand(const IssueOptions& options) {
  const WorkflowOptions& common = options.common;
  if (options.document != "draft" && options.document != "prepub") {
    std::cerr << "letterpress issue: the document must be 'draft' or 'prepub'\n";
    return kUsage;
  }
  std::string url_error;
  std::optional<mail::SmtpUrl> url = mail::ParseSmtpUrl(options.smtp_url, &url_error);
  if (!url) {
    std::cerr << "letterpress issue: " << url_error << "\n";
    return kUsage;
  }
  mail::SmtpSettings smtp;
  smtp.url = options.smtp_url;
  smtp.plain = options.insecure_smtp && !url->implicit_tls;
  smtp.ca_file = options.ca_file;
  if (const char* user = std::getenv("LETTERPRESS_SMTP_USER")) smtp.username = user;
  if (const char* password = std::getenv("LETTERPRESS_SMTP_PASSWORD")) smtp.password = password;
  if (options.insecure_smtp && options.starttls) {
    std::cerr << "letterpress issue: --insecure-smtp and --starttls contradict each other\n";
    return kUsage;
  }
  if (smtp.plain && !smtp.username.empty()) {
    std::cerr << "letterpress issue: SMTP credentials (LETTERPRESS_SMTP_USER) are never sent over a plain connection; "
                 "drop --insecure-smtp (STARTTLS is then required) or use smtps://\n";
    return kUsage;
  }
  if (options.timeout < 1 || options.request_timeout < 1) {
    std::cerr << "letterpress issue: --timeout and --request-timeout must be at least 1 second\n";
    return kUsage;
  }
  Session s;
  if (int rc = Open(common, "issue", s)) return rc;
  const Inspection& in = *s.inspection;
  bool draft = options.document == "draft";
  std::vector<std::string> blockers = draft ? workflow::DraftBlockers(in) : workflow::PrePublicationBlockers(in, s.fe.corpus);
  if (!blockers.empty()) {
    std::cerr << "letterpress issue: the " << (draft ? "draft" : "pre-publication letter") << " for " << in.id
              << " cannot be issued yet:\n";
    for (const std::string& b : blockers) std::cerr << "  - " << b << "\n";
    return kInputError;
  }
  std::string from = options.from.empty() ? s.fe.corpus.site.contact_email : options.from;
  std::string reply_to = common.reply_to.empty() ? from : common.reply_to;
  for (const auto& [what, address] : {std::pair<const char*, std::string>{"--from", from}, {"--reply-to", reply_to}}) {
    if (!mail::IsMailbox(address)) {
      std::cerr << "letterpress issue: " << what << " '" << address << "' is not one email address (user@example.org)\n";
      return kUsage;
    }
  }
  Inspection issued = draft ? AsIssued(in, s.as_of) : in;
  std::vector<workflow::DraftParagraph> paragraphs = workflow::NumberParagraphs(in);
  std::string version = workflow::DraftVersion(paragraphs);
  for (const IssueLogEntry& e : ReadIssueLog(in)) {
    if (e.document == options.document && e.version == version && !options.resend && !options.dry_run) {
      std::cerr << "letterpress issue: the " << options.document << " version " << version << " of " << in.id
                << " was already sent (see " << in.folder << "/issue-log.jsonl); use --resend to send it again\n";
      return kInputError;
    }
  }
  render::RestrictedContext ctx{&s.fe.corpus, &issued, &s.templates, s.css, version, reply_to};
  render::LetterMode mode = draft ? render::LetterMode::kDraft : render::LetterMode::kPrePublication;
  std::string html = render::RenderRestrictedLetter(ctx, mode);
  std::string text = render::LetterText(ctx, mode);
  std::optional<Date> due = draft ? CorrectionsDue(issued, s.fe.corpus) : std::nullopt;

  // The PDF goes with every message: made now if `draft`/`prepub --pdf` did not make it.
  fs::path rel = fs::path(in.id) / (options.document + "-" + version);
  fs::path dir = fs::path(common.out) / rel;
  std::string pdf_name = in.id + "-" + options.document + "-" + version + ".pdf";
  fs::path pdf_path = dir / pdf_name;
  bool make_pdf = !options.no_pdf && !fs::exists(pdf_path);
  if (make_pdf && !options.dry_run) {
    if (InsidePublicSite(common.out)) return RefuseOut(common.out, "issue");
    if (!WriteFile(common.out, rel / "index.html", html)) {
      std::cerr << "letterpress issue: cannot write to " << dir.string() << "\n";
      return kInputError;
    }
    std::string error = RenderPdf(dir / "index.html", pdf_path, version);
    if (!error.empty()) {
      std::cerr << "letterpress issue: the PDF of the letter goes with every message and cannot be made: " << error
                << "\n(or send without it: --no-pdf)\n";
      return kInputError;
    }
  }
  std::vector<mail::Attachment> common_attachments;
  if (!options.no_pdf) common_attachments.push_back({pdf_name, "application/pdf", options.dry_run && make_pdf ? "" : ReadFile(pdf_path)});
  std::string form_name = in.id + "-corrections-form-" + version + ".html";
  if (draft) common_attachments.push_back({form_name, "text/html", render::RenderCorrectionsForm(ctx)});

  std::string subject = (draft ? "DRAFT for factual accuracy check: " : "EMBARGOED: ") +
                        std::string("joint targeted area inspection of ") + in.area_name + " (version " + version + ")";
  std::string date = NowUtc("%a, %d %b %Y %H:%M:%S +0000");
  struct Outgoing {
    const Addressee* addressee;
    mail::Message message;
  };
  std::vector<Outgoing> outgoing;
  for (const Addressee& a : in.addressees) {
    const Agency* agency = a.agency.empty() ? nullptr : in.FindAgency(a.agency);
    mail::Message m;
    m.from_name = s.fe.corpus.site.publisher;
    m.from_address = from;
    m.reply_to = reply_to == from ? "" : reply_to;
    m.to_name = a.name;
    m.to_address = a.email;
    m.subject = subject;
    m.date = date;
    m.message_id = in.id + "." + options.document + "." + version + "." + Sha256Hex(a.email).substr(0, 12) + "." +
                   NowUtc("%Y%m%d%H%M%S") + "@letterpress";
    m.extra_headers = {{"X-Letterpress-Inspection", in.id}, {"X-Letterpress-Document", options.document},
                       {"X-Letterpress-Version", version}};
    m.attachments = common_attachments;
    if (draft && agency) {
      m.attachments.push_back({in.id + "-feedback-pack-" + agency->id + "-" + version + ".html", "text/html",
                               render::RenderAgencyPack(ctx, *agency)});
    }
    std::vector<std::string> names;
    for (const mail::Attachment& att : m.attachments) names.push_back(att.filename);
    CoverNote note = Cover(in, s.fe.corpus, draft, a, agency, reply_to, due, names);
    m.text = note.text + text;
    m.html = WithCover(html, note.html);
    outgoing.push_back({&a, std::move(m)});
  }

  std::string transport = Transport(*url, smtp.plain);
  if (options.dry_run) {
    std::cout << "dry run: nothing is sent. The " << options.document << " of " << in.id << " (version " << version
              << ") would go over " << (transport == "plain" ? "a plain connection (--insecure-smtp)" : transport == "smtps" ? "TLS (smtps://)" : "STARTTLS")
              << " to " << outgoing.size() << " addressees, from " << from << ", replies to " << reply_to
              << (due ? ", corrections due by " + due->Long() : std::string()) << ":\n";
    for (const Outgoing& o : outgoing) {
      std::cout << "  " << o.addressee->name << " <" << o.addressee->email << ">"
                << (o.addressee->agency.empty() ? "" : " (" + o.addressee->agency + ")") << "\n";
      for (const mail::Attachment& att : o.message.attachments) {
        std::cout << "    " << att.filename;
        if (att.bytes.empty()) {
          std::cout << " (made when sending)\n";
        } else {
          std::cout << " (" << att.bytes.size() << " bytes)\n";
        }
      }
    }
    return kOk;
  }

  if (smtp.plain) {
    std::cerr << "letterpress issue: warning: sending restricted documents over a plain connection to " << url->host
              << " (--insecure-smtp): anyone on the way can read them\n";
  }
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(options.timeout);
  mail::SmtpConnection connection(smtp);
  std::size_t sent = 0;
  std::vector<std::string> failures;
  std::string stop_reason;
  for (std::size_t i = 0; i < outgoing.size(); ++i) {
    const Outgoing& o = outgoing[i];
    const std::string& to = o.addressee->email;
    if (!stop_reason.empty()) {
      failures.push_back(to + ": not sent: " + stop_reason);
      continue;
    }
    long left_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    if (left_ms <= 0) {
      stop_reason = "the run's --timeout of " + std::to_string(options.timeout) + " s ran out";
      failures.push_back(to + ": not sent: " + stop_reason);
      continue;
    }
    if (!common.quiet) std::cout << "[" << i + 1 << "/" << outgoing.size() << "] " << to << " ... " << std::flush;
    std::string mime_error;
    std::optional<std::string> mime = mail::BuildMime(o.message, &mime_error);
    mail::SendResult r;
    if (!mime) {
      r.error = mime_error;
    } else {
      r = connection.Send(from, to, *mime, std::min(left_ms, options.request_timeout * 1000L));
    }
    if (!common.quiet) std::cout << (r.ok ? "sent" : "FAILED") << "\n" << std::flush;
    if (!r.ok) {
      std::string error = MaskUrlCredentials(r.error);
      failures.push_back(to + ": " + error);
      if (r.connection_failed) stop_reason = error;
      continue;
    }
    ++sent;
    nlohmann::json names = nlohmann::json::array();
    for (const mail::Attachment& att : o.message.attachments) names.push_back(att.filename);
    if (!AppendIssueLog(in, {{"sent", NowUtc("%Y-%m-%dT%H:%M:%SZ")}, {"document", options.document}, {"version", version},
                             {"to", to}, {"name", o.addressee->name}, {"message_id", o.message.message_id},
                             {"transport", transport}, {"attachments", names}})) {
      failures.push_back(to + ": sent, but not recorded in the issue log");
    }
  }
  if (!common.quiet) {
    std::cout << "sent the " << options.document << " of " << in.id << " (version " << version << ") to " << sent << " of "
              << in.addressees.size() << " addressees" << (options.no_pdf ? ", without the PDF (--no-pdf)" : ", with the PDF")
              << "; recorded in " << in.folder << "/issue-log.jsonl\n";
  }
  if (!failures.empty()) {
    std::cerr << "letterpress issue: " << failures.size() << " messages were not sent:\n";
    for (const std::string& f : failures) std::cerr << "  - " << f << "\n";
    return kPublishFailure;
  }
  return kOk;
}

int StatusCommand(const WorkflowOptions& options, bool json) {
  std::string as_of_text = options.as_of.empty() ? Today() : options.as_of;
  std::optional<Date> as_of = Date::ParseIso(as_of_text);
  if (!as_of) {
    std::cerr << "letterpress status: --as-of '" << as_of_text << "' must be a date written YYYY-MM-DD\n";
    return kUsage;
  }
  Diagnostics diags;
  FrontEnd fe = LoadCorpus(options.root, ResourceDir(options.resources), diags, *as_of);
  if (!ReportDiagnostics(diags, false, true)) return kInputError;
  std::vector<workflow::StatusRow> rows = workflow::StatusTable(fe.corpus, *as_of);
  if (json) {
    // The same rows, in the same order, as the table.
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const workflow::StatusRow& r : rows) {
      out.push_back({{"id", r.id}, {"area", r.area}, {"state", r.state}, {"next_step", r.next_step},
                     {"waiting_on", r.waiting_on.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.waiting_on)},
                     {"next_deadline", r.next_deadline ? nlohmann::ordered_json(r.next_deadline->Iso()) : nlohmann::ordered_json(nullptr)},
                     {"working_days_left", r.working_days_left ? nlohmann::ordered_json(*r.working_days_left) : nlohmann::ordered_json(nullptr)},
                     {"overdue", r.overdue}, {"overdue_items", r.overdue_items}, {"blockers", r.blockers}});
    }
    std::cout << out.dump(1) << "\n";
    return kOk;
  }
  // One date format throughout (27 November 2026); overdue first, then by deadline.
  std::cout << "Status as of " << as_of->Long() << ", most urgent first\n\n";
  std::cout << std::left << std::setw(20) << "INSPECTION" << std::setw(22) << "STATE" << std::setw(20) << "WAITING ON"
            << std::setw(19) << "DEADLINE" << std::setw(19) << "WORKING DAYS" << "NEXT STEP / BLOCKED BY\n";
  const std::string indent(100, ' ');
  for (const workflow::StatusRow& r : rows) {
    std::string days = "-";
    if (r.working_days_left) {
      int d = *r.working_days_left;
      if (d >= 0) {
        days = std::to_string(d) + " left";
      } else {
        days = std::to_string(-d) + (r.overdue ? " OVERDUE" : " past");
      }
    } else if (r.overdue) {
      days = "OVERDUE";
    }
    std::cout << std::left << std::setw(20) << r.id << std::setw(22) << r.state << std::setw(20)
              << (r.waiting_on.empty() ? "-" : r.waiting_on) << std::setw(19) << (r.next_deadline ? r.next_deadline->Long() : "-")
              << std::setw(19) << days << r.next_step << "\n";
    for (const std::string& item : r.overdue_items) std::cout << indent << "OVERDUE: " << item << "\n";
    for (const std::string& b : r.blockers) std::cout << indent << "blocked: " << b << "\n";
  }
  return kOk;
}

namespace {

// Set by Ctrl-C (or SIGTERM) while the decisions page is served; only an atomic store happens in the handler.
std::atomic<bool> g_page_stop{false};
void OnPageSignal(int) { g_page_stop = true; }

// The page's secret: every save must send it back, so no other page (or site) can post decisions here.
std::string RandomToken() {
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  unsigned char bytes[24] = {};
  urandom.read(reinterpret_cast<char*>(bytes), sizeof bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool SameToken(const std::string& a, const std::string& b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff = static_cast<unsigned char>(diff | (a[i] ^ b[i]));
  return diff == 0;
}

std::string TrimSpace(const std::string& s) {
  std::size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

void PageHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; "
                 "frame-ancestors 'none'; base-uri 'none'");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("X-Content-Type-Options", "nosniff");
  // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null", and the origin check refuses it.
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("Cache-Control", "no-store");
}

}  // namespace

int DecisionsPageCommand(const WorkflowOptions& common, const DecideOptions& options) {
  Session first;
  if (int rc = Open(common, "corrections decide --page", first)) return rc;
  if (first.inspection->corrections.empty()) {
    std::cerr << "letterpress corrections decide --page: " << first.inspection->id << " has no corrections to decide\n";
    return kInputError;
  }
  Date on = first.as_of;
  if (!options.on.empty()) {
    std::optional<Date> d = Date::ParseIso(options.on);
    if (!d) {
      std::cerr << "letterpress corrections decide: --on '" << options.on << "' must be a date written YYYY-MM-DD\n";
      return kUsage;
    }
    on = *d;
  }
  const std::string token = RandomToken();
  std::mutex mutex;         // one request at a time reads and writes the files
  std::string last_saved;   // what the last save recorded, shown once after it
  int port = 0;
  httplib::Server server;

  // Only this computer, through the address the page was given: a page from elsewhere cannot reach it by a
  // name that resolves to 127.0.0.1 (DNS rebinding), nor post to it (the token, and the Origin when sent).
  auto from_here = [&](const httplib::Request& req) {
    std::string here = "127.0.0.1:" + std::to_string(port), local = "localhost:" + std::to_string(port);
    std::string host = req.get_header_value("Host");
    if (host != here && host != local) return false;
    std::string origin = req.get_header_value("Origin");
    return origin.empty() || origin == "http://" + here || origin == "http://" + local;
  };
  // The page as the files stand now, with what was entered and any problems.
  auto show = [&](render::DecisionsPageState state, httplib::Response& res) {
    Session s;
    if (Open(common, "corrections decide --page", s) != kOk) {
      res.status = 500;
      res.set_content("The corpus has errors (see the terminal where letterpress runs); fix them and reload.", "text/plain");
      return;
    }
    std::vector<workflow::CorrectionReview> reviews =
        workflow::ReviewCorrections(*s.inspection, s.fe.corpus, Snapshots(*s.inspection), workflow::NumberParagraphs(*s.inspection));
    std::string version = workflow::DraftVersion(workflow::NumberParagraphs(*s.inspection));
    render::RestrictedContext ctx{&s.fe.corpus, s.inspection, &s.templates, s.css, version, common.reply_to};
    state.token = token;
    res.set_content(render::RenderDecisionsPage(ctx, reviews, state), "text/html; charset=utf-8");
  };

  server.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    PageHeaders(res);
    if (!from_here(req)) {
      res.status = 403;
      return;
    }
    render::DecisionsPageState state;
    state.by = options.by;
    if (req.has_param("saved")) state.saved = last_saved;
    show(state, res);
  });

  server.Post("/save", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    PageHeaders(res);
    httplib::Params form;
    httplib::detail::parse_query_text(req.body, form);
    auto field = [&](const std::string& name) {
      auto it = form.find(name);
      return it == form.end() ? std::string() : it->second;
    };
    if (!from_here(req) || !SameToken(field("token"), token)) {
      res.status = 403;
      res.set_content("Refused: this form did not come from the decisions page letterpress is serving now. Open "
                      "the address letterpress printed and try again.",
                      "text/plain");
      return;
    }
    Session s;
    if (Open(common, "corrections decide --page", s) != kOk) {
      res.status = 500;
      res.set_content("The corpus has errors (see the terminal where letterpress runs); nothing was saved.", "text/plain");
      return;
    }
    const Inspection& in = *s.inspection;
    std::vector<workflow::CorrectionReview> reviews =
        workflow::ReviewCorrections(in, s.fe.corpus, Snapshots(in), workflow::NumberParagraphs(in));
    render::DecisionsPageState state;
    state.by = TrimSpace(field("by"));
    std::vector<std::pair<std::string, std::string>> problems;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> decisions;
    std::vector<std::string> described;
    std::size_t chosen = 0;
    for (std::size_t i = 0; i < reviews.size(); ++i) {
      std::string n = std::to_string(i + 1);
      if (field("key-" + n) != render::DecisionKey(reviews[i])) {
        res.status = 409;
        res.set_content("The corrections files changed since this page was opened; nothing was saved. Reload the page.",
                        "text/plain");
        return;
      }
      render::DecisionsPageEntry entry{field("decision-" + n), field("because-" + n), TrimSpace(field("reason-" + n))};
      if (entry.choice != "declined") entry.because.clear();
      state.entries[i] = entry;
      const std::string& id = reviews[i].correction->id;
      if (entry.choice.empty()) continue;
      if (entry.choice != "accepted" && entry.choice != "partly-accepted" && entry.choice != "declined") {
        problems.push_back({"decision-" + n + "-accepted", "Choose accept, accept in part or decline for " + id});
        continue;
      }
      ++chosen;
      if (entry.choice == "declined" && entry.because != "not-a-factual-matter" && entry.because != "evidence-insufficient" &&
          entry.because != "other") {
        problems.push_back({"because-" + n, "Choose why you decline " + id});
      }
      if (entry.choice != "accepted" && entry.reason.empty()) {
        problems.push_back({"reason-" + n, "Give the reason for " + std::string(entry.choice == "declined" ? "declining " : "accepting only part of ") + id});
      }
      std::string file = render::DecisionKey(reviews[i]);
      file = file.substr(0, file.find('#'));
      decisions[file].push_back({id, workflow::DecisionXml(entry.choice, entry.because, state.by, on, entry.reason)});
      described.push_back(id + " " + (entry.choice == "partly-accepted" ? std::string("partly accepted") : entry.choice));
    }
    if (chosen > 0 && state.by.empty()) problems.insert(problems.begin(), {"by", "Enter your name: the decision log says who decided"});
    if (chosen == 0 && problems.empty()) {
      problems.push_back({"decision-1-accepted", "Choose a decision for at least one correction"});
    }
    if (!problems.empty()) {
      state.errors = problems;
      show(state, res);
      return;
    }
    std::string error;
    if (WriteDecisions(common, s, decisions, &error) != kOk) {
      state.errors = {{"by", "Nothing was saved: " + error}};
      show(state, res);
      return;
    }
    std::vector<std::string> files;
    for (const auto& [file, list] : decisions) files.push_back(file);
    last_saved = "Recorded " + JoinEnglish(described) + ", by " + state.by + " on " + on.Long() + ", in " + JoinEnglish(files) + ".";
    std::cout << last_saved << std::endl;
    res.set_redirect("/?saved=1", 303);
  });

  if (options.port == 0) {
    port = server.bind_to_any_port("127.0.0.1");
  } else if (server.bind_to_port("127.0.0.1", options.port)) {
    port = options.port;
  } else {
    port = -1;
  }
  if (port <= 0) {
    std::cerr << "letterpress corrections decide --page: cannot listen on 127.0.0.1:" << options.port
              << " (is it in use? leave out --port to take any free one)\n";
    return kUsage;
  }
  std::cout << "decisions page for " << first.inspection->id << " on http://127.0.0.1:" << port
            << "/ (this computer only); press Ctrl-C to stop" << std::endl;
  std::signal(SIGINT, OnPageSignal);
  std::signal(SIGTERM, OnPageSignal);
  std::thread watcher([&] {
    while (!g_page_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server.stop();
  });
  bool ok = server.listen_after_bind() || g_page_stop;
  g_page_stop = true;
  watcher.join();
  std::cout << "stopped" << std::endl;
  return ok ? kOk : kInternal;
}

}  // namespace lp::cli
