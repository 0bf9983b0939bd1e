#pragma once
// load: the corpus tree on disk -> source documents in memory (bytes and line index), each typed.
// Nothing after this stage touches the input files, so every later stage can be fed from strings.

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"

namespace lp::load {

enum class DocType { kSite, kCalendar, kInspection, kFindings, kResponses, kCorrections, kTheme, kPublished };

// The schema file (in schemas/) that describes a document type.
const char* SchemaFileName(DocType type);

// One input document. `owner` is the inspection id (for inspection documents) or the theme id.
struct SourceDocument {
  DocType type = DocType::kSite;
  std::string owner;
  const SourceFile* file = nullptr;
  bool usable = true;  // false once a stage found it unreadable; later stages skip it
  // Byte offsets of the values (attributes, element texts) that validation refused in a document still
  // usable: wrong type, out of range, not one of the allowed values. They are reported already; the model
  // reads each as missing, so one bad value never hides the document's other problems.
  std::set<std::size_t> refused_values = {};
};

// Every document of a corpus. Owns the files; documents are sorted by path so order never depends on
// the file system.
class SourceSet {
 public:
  // Adds an in-memory document (tests use this directly; LoadCorpus uses it for files read from disk).
  // Returns the stored document.
  SourceDocument& Add(DocType type, std::string owner, std::string path, std::string bytes);
  std::vector<SourceDocument>& documents() { return documents_; }
  const std::vector<SourceDocument>& documents() const { return documents_; }
  void SortByPath();
  // The content hash of all documents (path and bytes), for records of what a build was made from.
  std::string Fingerprint() const;

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
  std::vector<SourceDocument> documents_;
};

struct LoadOptions {
  // Files larger than this are not read at all (a guard against hostile input); the configured, usually
  // smaller, limit is enforced by the rules stage.
  std::uintmax_t hard_file_limit = 64u << 20;
};

// Checks bytes that are about to become a document: UTF-8 (not UTF-16), valid, and no NUL bytes. Reports at the
// offending position and returns false when the document must not be parsed.
bool CheckEncoding(const SourceFile& file, Diagnostics& diags);

// Reads the corpus rooted at `root`: letterpress.xml, inspections/<id>/{inspection,findings,responses}.xml,
// inspections/<id>/corrections/*.xml, inspections/<id>/published/*.xml (the published record) and themes/<id>.xml. Paths in diagnostics start with `display_root`.
// Unsafe names (not an id, symbolic links) and unreadable files are reported; other files are ignored
// with a warning. A file that is present but refused (a link, too large, unreadable) is kept as an empty,
// unusable document, so later stages treat it as broken rather than missing.
SourceSet LoadCorpus(const std::filesystem::path& root, const std::string& display_root, const LoadOptions& options,
                     Diagnostics& diags);

// True for names usable as an id, a URL segment and a file name on every platform.
bool IsSafeId(std::string_view name);
// Why a name is not a safe id ("contains '/'", "is a reserved name", ...), or empty when it is.
std::string WhyUnsafeId(std::string_view name);

}  // namespace lp::load
