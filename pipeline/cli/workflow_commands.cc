#include "cli/workflow_commands.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/text.h"
#include "cli/build_command.h"
#include "cli/front_end.h"
#include "mail/mail.h"
#include "publish/local_target.h"
#include "publish/manifest.h"
#include "render/restricted.h"
#include "site/assets.h"
#include "site/process.h"
#include "workflow/paragraphs.h"
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

bool WriteFile(const fs::path& path, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.good()) return false;
  }
  fs::rename(tmp, path, ec);
  return !ec;
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
  s.fe = LoadCorpus(options.root, s.resources, diags);
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
  std::string line = entry.dump() + "\n";
  std::string path = (fs::path(in.folder) / "issue-log.jsonl").string();
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0) return false;
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  return ok;
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
  render::RestrictedContext ctx{&s.fe.corpus, &issued, &s.templates, s.css, version};
  fs::path dir = fs::path(options.out) / in.id / ("draft-" + version);
  bool ok = WriteFile(dir / "index.html", render::RenderRestrictedLetter(ctx, render::LetterMode::kDraft)) &&
            WriteFile(dir / "letter.txt", render::LetterText(ctx, render::LetterMode::kDraft)) &&
            WriteFile(dir / "corrections-form.html", render::RenderCorrectionsForm(ctx));
  for (const Agency& a : in.agencies) ok = ok && WriteFile(dir / "agencies" / (a.id + ".html"), render::RenderAgencyPack(ctx, a));
  // The snapshot lets later corrections be compared with exactly what was issued.
  fs::path snapshot = fs::path(in.folder) / "drafts" / (version + ".json");
  if (ok && !fs::exists(snapshot)) ok = WriteFile(snapshot, workflow::SnapshotToJson(in.id, version, paragraphs).dump(1) + "\n");
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
  render::RestrictedContext ctx{&s.fe.corpus, &in, &s.templates, s.css, version};
  fs::path dir = fs::path(options.out) / in.id / "corrections";
  bool ok = WriteFile(dir / "report.html", render::RenderCorrectionsReport(ctx, reviews)) &&
            WriteFile(dir / "decision-log.html", render::RenderDecisionLog(ctx, reviews)) &&
            WriteFile(dir / "decision-log.csv", render::DecisionLogCsv(reviews));
  // The redline compares the draft as issued (the version the issue log records, else the one the
  // corrections were made against) with the letter as it stands.
  std::string issued_version;
  for (const IssueLogEntry& e : ReadIssueLog(in)) {
    if (e.document == "draft") issued_version = e.version;
  }
  if (issued_version.empty() && !in.corrections.empty()) issued_version = in.corrections.front().draft_version;
  auto issued = snapshots.find(issued_version);
  if (issued != snapshots.end()) {
    ok = ok && WriteFile(dir / "redline.html",
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
  render::RestrictedContext ctx{&s.fe.corpus, &in, &s.templates, s.css, version};
  fs::path dir = fs::path(options.out) / in.id / ("prepub-" + version);
  if (!WriteFile(dir / "index.html", render::RenderRestrictedLetter(ctx, render::LetterMode::kPrePublication)) ||
      !WriteFile(dir / "letter.txt", render::LetterText(ctx, render::LetterMode::kPrePublication))) {
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

int IssueCommand(const IssueOptions& options) {
  const WorkflowOptions& common = options.common;
  if (options.document != "draft" && options.document != "prepub") {
    std::cerr << "letterpress issue: the document must be 'draft' or 'prepub'\n";
    return kUsage;
  }
  if (options.smtp_url.rfind("smtp://", 0) != 0 && options.smtp_url.rfind("smtps://", 0) != 0) {
    std::cerr << "letterpress issue: --smtp must be an smtp:// or smtps:// URL\n";
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
  Inspection issued = draft ? AsIssued(in, s.as_of) : in;
  std::vector<workflow::DraftParagraph> paragraphs = workflow::NumberParagraphs(in);
  std::string version = workflow::DraftVersion(paragraphs);
  for (const IssueLogEntry& e : ReadIssueLog(in)) {
    if (e.document == options.document && e.version == version && !options.resend) {
      std::cerr << "letterpress issue: the " << options.document << " version " << version << " of " << in.id
                << " was already sent (see " << in.folder << "/issue-log.jsonl); use --resend to send it again\n";
      return kInputError;
    }
  }
  render::RestrictedContext ctx{&s.fe.corpus, &issued, &s.templates, s.css, version};
  render::LetterMode mode = draft ? render::LetterMode::kDraft : render::LetterMode::kPrePublication;
  std::string html = render::RenderRestrictedLetter(ctx, mode);
  std::string text = render::LetterText(ctx, mode);
  std::string pdf_name = in.id + "-" + options.document + "-" + version + ".pdf";
  fs::path pdf_path = fs::path(common.out) / in.id / (options.document + "-" + version) / pdf_name;
  std::vector<mail::Attachment> attachments;
  if (fs::exists(pdf_path)) attachments.push_back({pdf_name, "application/pdf", ReadFile(pdf_path)});
  mail::SmtpSettings smtp;
  smtp.url = options.smtp_url;
  smtp.require_starttls = options.starttls;
  if (const char* user = std::getenv("LETTERPRESS_SMTP_USER")) smtp.username = user;
  if (const char* password = std::getenv("LETTERPRESS_SMTP_PASSWORD")) smtp.password = password;
  std::string from = options.from.empty() ? s.fe.corpus.site.contact_email : options.from;
  std::string subject = (draft ? "DRAFT for factual accuracy check: " : "EMBARGOED: ") +
                        std::string("joint targeted area inspection of ") + in.area_name + " (version " + version + ")";
  std::string date = NowUtc("%a, %d %b %Y %H:%M:%S +0000");
  std::size_t sent = 0;
  std::vector<std::string> failures;
  for (const Addressee& a : in.addressees) {
    mail::Message m;
    m.from_name = s.fe.corpus.site.publisher;
    m.from_address = from;
    m.to_name = a.name;
    m.to_address = a.email;
    m.subject = subject;
    m.date = date;
    m.message_id = in.id + "." + options.document + "." + version + "." + Sha256Hex(a.email).substr(0, 12) + "." +
                   NowUtc("%Y%m%d%H%M%S") + "@letterpress";
    m.extra_headers = {{"X-Letterpress-Inspection", in.id}, {"X-Letterpress-Document", options.document},
                       {"X-Letterpress-Version", version}};
    m.text = text;
    m.html = html;
    m.attachments = attachments;
    mail::SendResult r = mail::Send(smtp, from, a.email, mail::BuildMime(m));
    if (!r.ok) {
      failures.push_back(a.email + ": " + r.error);
      continue;
    }
    ++sent;
    AppendIssueLog(in, {{"sent", NowUtc("%Y-%m-%dT%H:%M:%SZ")}, {"document", options.document}, {"version", version},
                        {"to", a.email}, {"name", a.name}, {"message_id", m.message_id},
                        {"attachments", attachments.empty() ? nlohmann::json::array() : nlohmann::json::array({pdf_name})}});
  }
  if (!common.quiet) {
    std::cout << "sent the " << options.document << " of " << in.id << " (version " << version << ") to " << sent << " of "
              << in.addressees.size() << " addressees" << (attachments.empty() ? "" : ", with the PDF") << "; recorded in "
              << in.folder << "/issue-log.jsonl\n";
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
  FrontEnd fe = LoadCorpus(options.root, ResourceDir(options.resources), diags);
  if (!ReportDiagnostics(diags, false, true)) return kInputError;
  std::vector<workflow::StatusRow> rows = workflow::StatusTable(fe.corpus, *as_of);
  if (json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const workflow::StatusRow& r : rows) {
      out.push_back({{"id", r.id}, {"area", r.area}, {"state", r.state}, {"next_step", r.next_step},
                     {"next_deadline", r.next_deadline ? nlohmann::ordered_json(r.next_deadline->Iso()) : nlohmann::ordered_json(nullptr)},
                     {"working_days_left", r.working_days_left ? nlohmann::ordered_json(*r.working_days_left) : nlohmann::ordered_json(nullptr)},
                     {"overdue", r.overdue}, {"blockers", r.blockers}});
    }
    std::cout << out.dump(1) << "\n";
    return kOk;
  }
  std::cout << "Status as of " << as_of->Long() << "\n\n";
  std::cout << std::left << std::setw(20) << "INSPECTION" << std::setw(22) << "STATE" << std::setw(13) << "DEADLINE"
            << std::setw(14) << "WD LEFT" << "NEXT STEP / BLOCKED BY\n";
  for (const workflow::StatusRow& r : rows) {
    std::string left = r.working_days_left ? std::to_string(*r.working_days_left) : "-";
    if (r.overdue) left += " OVERDUE";
    std::cout << std::left << std::setw(20) << r.id << std::setw(22) << r.state << std::setw(13)
              << (r.next_deadline ? r.next_deadline->Iso() : "-") << std::setw(14) << left << r.next_step << "\n";
    for (const std::string& b : r.blockers) std::cout << std::string(69, ' ') << "blocked: " << b << "\n";
  }
  return kOk;
}

}  // namespace lp::cli
