#include "validate/schema_validator.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <mutex>
#include <regex>

#include "base/text.h"

namespace lp::validate {
namespace {

void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;

struct ErrorCollector {
  const SourceFile* file = nullptr;
  Diagnostics* diags = nullptr;
  int count = 0;
};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

// Makes libxml2's schema messages read like ours: drop the "[facet 'x'] " noise and add a suggestion
// when a value is close to one of an enumeration's values.
std::string Polish(std::string message) {
  static const std::regex kFacet(R"(\[facet '[^']*'\] )");
  message = std::regex_replace(message, kFacet, "");
  static const std::regex kEnum(R"(The value '([^']*)' is not an element of the set \{([^}]*)\}\.?)");
  std::smatch m;
  if (std::regex_search(message, m, kEnum)) {
    std::vector<std::string> options;
    static const std::regex kItem(R"('([^']*)')");
    std::string set = m[2].str();
    for (std::sregex_iterator it(set.begin(), set.end(), kItem), end; it != end; ++it) options.push_back((*it)[1]);
    std::string value = m[1].str();
    std::string replacement = "'" + value + "' is not one of " + Join(options, ", ") + DidYouMean(value, options);
    message = m.prefix().str() + replacement + m.suffix().str();
  }
  static const std::regex kUnexpected(R"(Element '([^']*)': This element is not expected\. Expected is (one of )?\( ([^)]*) \)\.?)");
  if (std::regex_search(message, m, kUnexpected)) {
    std::vector<std::string> options;
    std::string list = m[3].str();
    for (const std::string& w : SplitWords(list)) {
      std::string name = w;
      if (!name.empty() && name.back() == ',') name.pop_back();
      options.push_back(name);
    }
    message = m.prefix().str() + "Element '" + m[1].str() + "': not expected here; expected " +
              (options.size() > 1 ? "one of " : "") + Join(options, ", ") + DidYouMean(m[1].str(), options) +
              m.suffix().str();
  }
  return message;
}

// libxml2 gives a line (and, for parse errors, a column); for schema errors we find the column of the
// element or attribute named in the message on that line.
int FindColumn(const SourceFile& file, int line, const std::string& message) {
  std::string_view text = file.LineText(line);
  static const std::regex kElementAttr(R"(^Element '([^']+)'(, attribute '([^']+)')?)");
  std::smatch m;
  std::size_t at = std::string_view::npos;
  if (std::regex_search(message, m, kElementAttr)) {
    std::string element = "<" + m[1].str();
    std::size_t e = text.find(element);
    if (e != std::string_view::npos) at = e;
    if (m[3].matched) {
      std::string attr = m[3].str();
      std::size_t from = at == std::string_view::npos ? 0 : at;
      for (std::size_t a = text.find(attr, from); a != std::string_view::npos; a = text.find(attr, a + 1)) {
        bool before_ok = a > 0 && (text[a - 1] == ' ' || text[a - 1] == '\t');
        std::size_t after = a + attr.size();
        while (after < text.size() && text[after] == ' ') ++after;
        if (before_ok && after < text.size() && text[after] == '=') {
          at = a;
          break;
        }
      }
    }
  }
  if (at == std::string_view::npos) {
    std::size_t first = text.find_first_not_of(" \t");
    at = first == std::string_view::npos ? 0 : first;
  }
  std::size_t line_start = file.LineStart(line);
  return file.Position(line_start + at).col;
}

void Report(ErrorCollector& collector, const xmlError* error) {
  if (!error || error->level == XML_ERR_NONE || error->level == XML_ERR_WARNING) return;
  const SourceFile& file = *collector.file;
  std::string message = Trim(error->message ? error->message : "unknown XML error");
  int line = error->line;
  if (line <= 0 && error->node) line = static_cast<int>(xmlGetLineNo(static_cast<xmlNodePtr>(error->node)));
  ++collector.count;
  if (error->domain == XML_FROM_SCHEMASV) {
    message = Polish(message);
    int col = line > 0 ? FindColumn(file, line, message) : 0;
    collector.diags->AddAt(file.path(), line, col, file.LineText(line), Severity::kError, message);
    return;
  }
  // A parse error: libxml2 reports the column (int2) where it stopped.
  int col = error->int2 > 0 ? error->int2 : 1;
  if (line > file.line_count()) {
    line = file.line_count();
    col = static_cast<int>(CountCodePoints(file.LineText(line))) + 1;
  }
  // int2 counts bytes; convert to a character column.
  std::size_t line_start = file.LineStart(line);
  std::size_t byte_col = std::min<std::size_t>(static_cast<std::size_t>(col - 1), file.LineText(line).size());
  col = file.Position(line_start + byte_col).col;
  collector.diags->AddAt(file.path(), line, col, file.LineText(line), Severity::kError,
                         "malformed XML: " + message);
}

extern "C" void CollectError(void* context, xmlErrorPtr error) {
  Report(*static_cast<ErrorCollector*>(context), error);
}

}  // namespace

struct SchemaSet::Compiled {
  xmlSchemaPtr schema = nullptr;
  ~Compiled() {
    if (schema) xmlSchemaFree(schema);
  }
};

SchemaSet::SchemaSet() { InitLibxml(); }
SchemaSet::~SchemaSet() = default;

bool SchemaSet::Load(const std::filesystem::path& schemas_dir, Diagnostics& diags) {
  using load::DocType;
  bool ok = true;
  for (DocType type : {DocType::kSite, DocType::kCalendar, DocType::kInspection, DocType::kFindings,
                       DocType::kResponses, DocType::kCorrections, DocType::kTheme}) {
    std::string path = (schemas_dir / load::SchemaFileName(type)).string();
    xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(path.c_str());
    xmlSchemaPtr schema = parser ? xmlSchemaParse(parser) : nullptr;
    if (parser) xmlSchemaFreeParserCtxt(parser);
    if (!schema) {
      diags.FileError(path, "cannot load schema (is --resources pointing at the Letterpress folder?)");
      ok = false;
      continue;
    }
    auto compiled = std::make_unique<Compiled>();
    compiled->schema = schema;
    schemas_[type] = std::move(compiled);
  }
  return ok;
}

bool SchemaSet::Validate(const load::SourceDocument& doc, Diagnostics& diags) const {
  auto found = schemas_.find(doc.type);
  if (found == schemas_.end()) return false;
  ErrorCollector collector{doc.file, &diags, 0};
  const std::string& bytes = doc.file->bytes();
  // libxml2 keeps its error handler per thread; set it for this call only.
  xmlSetStructuredErrorFunc(&collector, CollectError);
  xmlDocPtr xml = xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), doc.file->path().c_str(), "UTF-8",
                                kParseOptions);
  bool valid = false;
  if (xml) {
    if (xml->intSubset) {
      // DTDs bring entity expansion ("billion laughs") and external fetches; the format has no use for them.
      int line = static_cast<int>(xmlGetLineNo(reinterpret_cast<xmlNodePtr>(xml->intSubset)));
      if (line <= 0) line = 1;
      std::size_t at = bytes.find("<!DOCTYPE");
      Loc loc{doc.file, at == std::string::npos ? doc.file->LineStart(line) : at};
      diags.Error(loc, "DOCTYPE declarations are not allowed");
      ++collector.count;
    } else {
      xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(found->second->schema);
      xmlSchemaSetValidStructuredErrors(validator, CollectError, &collector);
      int result = xmlSchemaValidateDoc(validator, xml);
      xmlSchemaFreeValidCtxt(validator);
      valid = result == 0 && collector.count == 0;
    }
    xmlFreeDoc(xml);
  } else if (collector.count == 0) {
    diags.Error({doc.file, 0}, "malformed XML");
  }
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  return valid;
}

void ValidateAll(const SchemaSet& schemas, load::SourceSet& sources, Diagnostics& diags) {
  for (load::SourceDocument& doc : sources.documents()) {
    if (!doc.usable) continue;
    doc.usable = schemas.Validate(doc, diags);
  }
}

}  // namespace lp::validate
