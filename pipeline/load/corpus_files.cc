#include "load/corpus_files.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <system_error>

#include "base/text.h"

namespace lp::load {
namespace fs = std::filesystem;

const char* SchemaFileName(DocType type) {
  switch (type) {
    case DocType::kSite: return "site.xsd";
    case DocType::kCalendar: return "calendar.xsd";
    case DocType::kInspection: return "inspection.xsd";
    case DocType::kFindings: return "findings.xsd";
    case DocType::kResponses: return "responses.xsd";
    case DocType::kCorrections: return "corrections.xsd";
    case DocType::kTheme: return "theme.xsd";
    case DocType::kPublished: return "published.xsd";
  }
  return "";
}

SourceDocument& SourceSet::Add(DocType type, std::string owner, std::string path, std::string bytes) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(bytes)));
  documents_.push_back({type, std::move(owner), files_.back().get(), true});
  return documents_.back();
}

void SourceSet::SortByPath() {
  std::stable_sort(documents_.begin(), documents_.end(), [](const SourceDocument& a, const SourceDocument& b) {
    return a.file->path() < b.file->path();
  });
}

std::string SourceSet::Fingerprint() const {
  std::string all;
  for (const SourceDocument& d : documents_) {
    all += d.file->path();
    all += '\0';
    all += Sha256Hex(d.file->bytes());
    all += '\n';
  }
  return Sha256Hex(all);
}

bool CheckEncoding(const SourceFile& file, Diagnostics& diags) {
  const std::string& bytes = file.bytes();
  // Editors' "Unicode" is UTF-16 (or UTF-32); byte by byte it is merely invalid UTF-8, so name it instead.
  std::string_view head = std::string_view(bytes).substr(0, 4);
  std::string_view utf32 = head == std::string_view("\xFF\xFE\0\0", 4) || head == std::string_view("\0\0\xFE\xFF", 4)
                               ? "UTF-32"
                               : "";
  bool utf16 = head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF" ||
               head.substr(0, 2) == std::string_view("<\0", 2) || head.substr(0, 2) == std::string_view("\0<", 2);
  if (!utf32.empty() || utf16) {
    diags.FileError(file.path(), "file is encoded in " + std::string(utf32.empty() ? "UTF-16" : utf32) +
                                     "; save it as UTF-8 (without a byte order mark)");
    return false;
  }
  if (auto bad = FindInvalidUtf8(bytes)) {
    unsigned value = static_cast<unsigned char>(bytes[*bad]);
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string hex = {kHex[value >> 4], kHex[value & 0xF]};
    diags.Error({&file, *bad}, "invalid UTF-8 (byte 0x" + hex + "); documents must be encoded in UTF-8");
    return false;
  }
  if (std::size_t nul = bytes.find('\0'); nul != std::string::npos) {
    diags.Error({&file, nul}, "NUL byte in document");
    return false;
  }
  if (bytes.find_first_not_of(" \t\r\n") == std::string::npos) {
    diags.FileError(file.path(), "file is empty");
    return false;
  }
  return true;
}

std::string WhyUnsafeId(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name.size() > 64) return "is longer than 64 characters";
  if (name == "." || name == "..") return "is a relative path";
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '/' || c == '\\') return "contains a path separator";
    if (c < 0x20 || c == 0x7F) return "contains a control character";
  }
  if (name.find("..") != std::string_view::npos) return "contains '..'";
  for (char ch : name) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
    if (!ok) return "may use only lower-case letters, digits and hyphens";
  }
  if (name.front() == '-' || name.back() == '-' || name.find("--") != std::string_view::npos) {
    return "must not start or end with a hyphen or contain '--'";
  }
  // Names that Windows refuses as files, and names the site uses for its own pages.
  static const std::array<std::string_view, 28> kReserved = {
      "con",  "prn",  "aux",  "nul",  "com1", "com2", "com3", "com4", "com5", "com6",
      "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7",
      "lpt8", "lpt9", "index", "assets", "search", "feed", "data", "draft"};
  if (std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end()) return "is a reserved name";
  return {};
}

bool IsSafeId(std::string_view name) { return WhyUnsafeId(name).empty(); }

namespace {

std::string Display(const std::string& display_root, const std::string& relative) {
  if (display_root.empty() || display_root == ".") return relative;
  if (display_root.back() == '/') return display_root + relative;
  return display_root + "/" + relative;
}

class Loader {
 public:
  Loader(fs::path root, std::string display_root, const LoadOptions& options, Diagnostics& diags)
      : root_(std::move(root)), display_root_(std::move(display_root)), options_(options), diags_(diags) {}

  SourceSet Run() {
    std::error_code ec;
    if (!fs::is_directory(root_, ec)) {
      diags_.FileError(display_root_, "corpus root is not a directory");
      return std::move(set_);
    }
    ReadFile("letterpress.xml", DocType::kSite, "", /*required=*/true);
    for (const std::string& name : List("inspections", /*directories=*/true)) {
      std::string dir = "inspections/" + name;
      ReadFile(dir + "/inspection.xml", DocType::kInspection, name, true);
      ReadFile(dir + "/findings.xml", DocType::kFindings, name, false);
      ReadFile(dir + "/responses.xml", DocType::kResponses, name, false);
      for (const std::string& file : List(dir + "/corrections", false)) {
        if (!EndsWithXml(file)) continue;
        ReadFile(dir + "/corrections/" + file, DocType::kCorrections, name, true);
      }
      for (const std::string& file : List(dir + "/published", false)) {
        if (EndsWithXml(file)) ReadFile(dir + "/published/" + file, DocType::kPublished, name, true);
      }
      RefuseWorkflowLinks(dir);
    }
    for (const std::string& file : List("themes", false)) {
      if (!EndsWithXml(file)) continue;
      ReadFile("themes/" + file, DocType::kTheme, file.substr(0, file.size() - 4), true);
    }
    set_.SortByPath();
    return std::move(set_);
  }

 private:
  static bool EndsWithXml(const std::string& name) {
    return name.size() > 4 && name.compare(name.size() - 4, 4, ".xml") == 0;
  }

  // The files the workflow commands write into an inspection's folder (the drafts/ snapshots and the
  // issue log) are written without following links; a link where one is expected is reported here, so
  // `check` says what `draft` and `issue` would refuse.
  void RefuseWorkflowLinks(const std::string& dir) {
    std::error_code ec;
    const std::string why = "symbolic links are not followed, and Letterpress never writes through one; ";
    if (fs::is_symlink(fs::symlink_status(root_ / dir / "issue-log.jsonl", ec))) {
      diags_.FileError(Display(display_root_, dir + "/issue-log.jsonl"), why + "put the issue log itself here");
    }
    fs::path drafts = root_ / dir / "drafts";
    fs::file_status status = fs::symlink_status(drafts, ec);
    if (fs::is_symlink(status)) {
      diags_.FileError(Display(display_root_, dir + "/drafts"), why + "the snapshot folder must be a folder");
      return;
    }
    if (!fs::is_directory(status)) return;
    std::vector<std::string> links;
    for (const fs::directory_entry& entry : fs::directory_iterator(drafts, ec)) {
      if (entry.is_symlink(ec)) links.push_back(entry.path().filename().string());
    }
    std::sort(links.begin(), links.end());
    for (const std::string& link : links) {
      diags_.FileError(Display(display_root_, dir + "/drafts/" + link), why + "a snapshot must be a file");
    }
  }

  // Entries of a folder (sorted), reporting unsafe names; only folders or only files.
  std::vector<std::string> List(const std::string& relative, bool directories) {
    std::vector<std::string> names;
    fs::path dir = root_ / relative;
    std::error_code ec;
    fs::file_status status = fs::symlink_status(dir, ec);
    if (ec || !fs::exists(status)) return names;
    // The folders the layout names are as much a way out of the corpus as the files in them.
    if (fs::is_symlink(status)) {
      diags_.FileError(Display(display_root_, relative),
                       "symbolic links are not followed; put the folder itself in the corpus");
      return names;
    }
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
      std::string name = entry.path().filename().string();
      if (name.empty() || name[0] == '.') continue;  // hidden files: editors' and VCS's
      std::string path = Display(display_root_, relative + "/" + name);
      // A linked file is passed on so ReadFile refuses it and records it as present but unusable.
      bool symlink = entry.is_symlink(ec);
      if (symlink && directories) {
        diags_.FileError(path, "symbolic links are not followed; put the folder itself in the corpus");
        continue;
      }
      bool is_dir = !symlink && entry.is_directory(ec);
      if (is_dir != directories) {
        diags_.AddAt(path, 0, 0, {}, Severity::kWarning,
                     directories ? "ignored: only folders belong here" : "ignored: a folder where files belong");
        continue;
      }
      std::string stem = directories ? name : (EndsWithXml(name) ? name.substr(0, name.size() - 4) : name);
      if (!EndsWithXml(name) && !directories) {
        diags_.AddAt(path, 0, 0, {}, Severity::kWarning, "ignored: not an .xml file");
        continue;
      }
      if (std::string why = WhyUnsafeId(stem); !why.empty()) {
        diags_.FileError(path, "unsafe name '" + stem + "': " + why);
        continue;
      }
      names.push_back(name);
    }
    if (ec) diags_.FileError(Display(display_root_, relative), "cannot list folder: " + ec.message());
    std::sort(names.begin(), names.end());
    return names;
  }

  void ReadFile(const std::string& relative, DocType type, const std::string& owner, bool required) {
    fs::path path = root_ / relative;
    std::string shown = Display(display_root_, relative);
    std::error_code ec;
    fs::file_status status = fs::symlink_status(path, ec);
    if (ec || !fs::exists(status)) {
      if (required) diags_.FileError(shown, "file not found");
      return;
    }
    if (fs::is_symlink(status)) {
      Refuse(shown, type, owner, "symbolic links are not followed; put the file itself in the corpus");
      return;
    }
    if (!fs::is_regular_file(status)) {
      Refuse(shown, type, owner, "not a regular file");
      return;
    }
    std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > options_.hard_file_limit) {
      Refuse(shown, type, owner, "file is " + std::to_string(size) + " bytes, over the hard limit of " +
                                     std::to_string(options_.hard_file_limit) + " bytes; it was not read");
      return;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in.good() && !in.eof()) {
      Refuse(shown, type, owner, "cannot read file");
      return;
    }
    SourceDocument& doc = set_.Add(type, owner, shown, std::move(bytes).str());
    doc.usable = CheckEncoding(*doc.file, diags_);
  }

  // A file that is there but is not read: reported, and kept as an unusable document so later stages know it
  // exists and do not also report it as missing or everything it defines as unknown.
  void Refuse(const std::string& shown, DocType type, const std::string& owner, std::string message) {
    diags_.FileError(shown, std::move(message));
    set_.Add(type, owner, shown, std::string()).usable = false;
  }

  fs::path root_;
  std::string display_root_;
  const LoadOptions& options_;
  Diagnostics& diags_;
  SourceSet set_;
};

}  // namespace

SourceSet LoadCorpus(const fs::path& root, const std::string& display_root, const LoadOptions& options,
                     Diagnostics& diags) {
  return Loader(root, display_root, options, diags).Run();
}

}  // namespace lp::load
