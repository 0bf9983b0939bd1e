#include "validate/schema_validator.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <regex>
#include <set>

#include "base/text.h"

namespace lp::validate {
namespace {

void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;

// libxml2's errors as they arrive. They are reported after the whole document has been seen, so that one
// mistake is reported once, in our words, rather than as libxml2's cascade.
struct RawError {
  bool schema = false;
  int code = 0;
  int line = 0;
  int col = 0;  // parse errors: the byte column where libxml2 stopped
  std::string message;
};

struct ErrorCollector {
  std::vector<RawError> errors;
};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

// Values quoted in messages may hold line breaks or tabs; show them escaped so a message stays on one line.
std::string EscapeControls(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  return out;
}

const char* RootElement(load::DocType type) {
  switch (type) {
    case load::DocType::kSite: return "site";
    case load::DocType::kCalendar: return "calendar";
    case load::DocType::kInspection: return "inspection";
    case load::DocType::kFindings: return "findings";
    case load::DocType::kResponses: return "responses";
    case load::DocType::kCorrections: return "corrections";
    case load::DocType::kTheme: return "theme";
    case load::DocType::kPublished: return "published-version";
  }
  return "";
}

// The nearest id to a name that is not one: lower case, with anything else turned into single hyphens.
std::string IdLike(std::string_view value) {
  std::string out;
  for (char ch : value) {
    char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

bool IsRealDate(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::string Pad(int n, int width) {
  std::string s = std::to_string(n);
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

// Why a value is not an xs:date, with the intended date when it can be guessed (2025-2-5, 05/02/2025).
std::string DescribeBadDate(const std::string& value) {
  std::smatch m;
  static const std::regex kIsoShape(R"((\d{4})-(\d{2})-(\d{2}))");
  if (std::regex_match(value, m, kIsoShape)) return "'" + value + "' is not a real date";
  int year = 0, month = 0, day = 0;
  static const std::regex kUnpadded(R"((\d{4})-(\d{1,2})-(\d{1,2}))");
  static const std::regex kBritish(R"((\d{1,2})[/.](\d{1,2})[/.](\d{4}))");
  if (std::regex_match(value, m, kUnpadded)) {
    year = std::stoi(m[1]), month = std::stoi(m[2]), day = std::stoi(m[3]);
  } else if (std::regex_match(value, m, kBritish)) {
    day = std::stoi(m[1]), month = std::stoi(m[2]), year = std::stoi(m[3]);
  }
  std::string out = "'" + value + "' is not a date; write dates as YYYY-MM-DD";
  if (IsRealDate(year, month, day)) out += "; did you mean '" + Pad(year, 4) + "-" + Pad(month, 2) + "-" + Pad(day, 2) + "'?";
  return out;
}

// A built-in type's rule in words.
std::string DescribeBadValue(const std::string& value, const std::string& type) {
  if (type == "xs:date") return DescribeBadDate(value);
  // The ranged number types of common.xsd: a value that is not a number at all is told as for their base.
  if (type == "Priority" || type == "WordLimit" || type == "WorkingDays" || type == "SizeLimit") {
    return DescribeBadValue(value, "xs:positiveInteger");
  }
  if (type == "ChildCount" || type == "ReleasesKept") return DescribeBadValue(value, "xs:nonNegativeInteger");
  if (type == "CalendarYear") return DescribeBadValue(value, "xs:gYear");
  if (type == "xs:positiveInteger") return "'" + value + "' is not a whole number of 1 or more";
  if (type == "xs:nonNegativeInteger") return "'" + value + "' is not a whole number of 0 or more";
  if (type == "xs:boolean") return "'" + value + "' must be true or false";
  if (type == "xs:gYear") return "'" + value + "' is not a year such as 2027";
  if (type == "xs:anyURI") return "'" + value + "' is not a web address";
  if (type == "xs:language") return "'" + value + "' is not a language tag such as en-GB";
  return "'" + value + "' is not a valid " + type;
}

// The schemas' patterns in words. Unknown patterns fall back to a generic sentence.
std::string DescribePattern(const std::string& value, const std::string& pattern) {
  if (value.empty()) return "must not be empty";
  if (pattern == "[a-z0-9]+(-[a-z0-9]+)*") {
    std::string like = value.size() <= 64 ? IdLike(value) : std::string();
    return "'" + value + "' is not an id: use lower-case letters, digits and single hyphens" +
           (like.empty() || like == value ? std::string() : "; did you mean '" + like + "'?");
  }
  if (pattern == R"([^\n\r\t]*[^\s][^\n\r\t]*)") {
    // The value arrives with its line breaks and tabs escaped (see EscapeControls).
    if (value.find("\\n") != std::string::npos || value.find("\\r") != std::string::npos) {
      return "'" + value + "' must be a single line";
    }
    if (value.find("\\t") != std::string::npos) return "'" + value + "' must not contain tabs";
    return "must not be blank";
  }
  if (pattern.find('@') != std::string::npos) return "'" + value + "' is not an email address";
  if (pattern == "E(0[6-9]|10)[0-9]{6}") {
    return "'" + value + "' is not an ONS local authority code (E06, E07, E08, E09 or E10 and 6 digits, e.g. E06000099)";
  }
  if (pattern == R"([1-9][0-9]?\.[1-9][0-9]{0,2})") return "'" + value + "' is not a paragraph number such as 4.2";
  if (pattern == "[0-9a-f]{12}") return "'" + value + "' is not a draft version (the 12 characters 0-9 and a-f printed on the draft)";
  if (pattern == R"(https?://[^\s]+/)") return "'" + value + "' must be an http or https address ending in '/'";
  if (pattern == "([01][0-9]|2[0-3]):[0-5][0-9]") return "'" + value + "' is not a 24-hour time such as 00:01";
  if (pattern == "[A-Za-z][A-Za-z0-9&]{1,15}") {
    return "'" + value + "' is not an abbreviation (2 to 16 letters, digits or '&', starting with a letter)";
  }
  return "'" + value + "' does not have the required form";
}

// A schema error in words, with how it ranks against other errors about the same value.
struct SchemaMessage {
  std::string text;
  bool about_value = false;  // about an element's text or an attribute's value
  int rank = 0;              // of several errors about one value, the lowest rank is reported
};

// Makes libxml2's schema messages read like ours. `element_attributes` are the attributes the schema
// declares for the element named in the message, for "did you mean".
SchemaMessage Polish(const std::string& raw, load::DocType type,
                     const std::map<std::string, std::vector<std::string>>& element_attributes) {
  std::string message = EscapeControls(raw);
  static const std::regex kSubject(R"(^Element '([^']+)'(, attribute '([^']+)')?: ([\s\S]*)$)");
  std::smatch s;
  if (!std::regex_match(message, s, kSubject)) {
    static const std::regex kFacet(R"(\[facet '[^']*'\] )");
    return {std::regex_replace(message, kFacet, "")};
  }
  const std::string element = s[1].str();
  const std::string attribute = s[3].str();
  const std::string rest = s[4].str();
  const std::string subject = s[1].matched && s[3].matched ? "Element '" + element + "', attribute '" + attribute + "': "
                                                           : "Element '" + element + "': ";
  const std::string element_only = "Element '" + element + "': ";
  auto names = [](const std::string& list) {
    std::vector<std::string> out;
    for (std::string w : SplitWords(list)) {
      if (!w.empty() && w.back() == ',') w.pop_back();
      out.push_back(w);
    }
    return out;
  };
  std::smatch m;
  // libxml2 cuts its messages at about 150 bytes, so one about a very long value ends mid-quote.
  if (!rest.empty() && rest.back() != '.' &&
      (rest.rfind("[facet '", 0) == 0 || rest.rfind("The value '", 0) == 0 || rest.rfind("'", 0) == 0)) {
    return {subject + "the value is not valid, and too long to quote here", true, 0};
  }
  static const std::regex kUnexpected(R"(^This element is not expected\.( Expected is (one of )?\( ([^)]*) \)\.?)?$)");
  if (std::regex_match(rest, m, kUnexpected)) {
    if (!m[1].matched) return {element_only + "not expected here"};
    std::vector<std::string> options = names(m[3].str());
    return {element_only + "not expected here; expected " + (options.size() > 1 ? "one of " : "") + Join(options, ", ") +
            DidYouMean(element, options)};
  }
  static const std::regex kMissingChild(R"(^Missing child element\(s\)\. Expected is (one of )?\( ([^)]*) \)\.?$)");
  if (std::regex_match(rest, m, kMissingChild)) {
    std::vector<std::string> options = names(m[2].str());
    return {element_only + (options.size() > 1 ? "missing a child element, one of " : "missing child element ") +
            Join(options, ", ")};
  }
  static const std::regex kNotAllowed(R"(^The attribute '([^']+)' is not allowed\.$)");
  if (std::regex_match(rest, m, kNotAllowed)) {
    auto found = element_attributes.find(element);
    std::string hint = found == element_attributes.end() ? std::string() : DidYouMean(m[1].str(), found->second);
    return {element_only + "unknown attribute '" + m[1].str() + "'" + hint};
  }
  static const std::regex kRequired(R"(^The attribute '([^']+)' is required but missing\.$)");
  if (std::regex_match(rest, m, kRequired)) return {element_only + "missing required attribute '" + m[1].str() + "'"};
  static const std::regex kEnum(R"(^\[facet 'enumeration'\] The value '([^']*)' is not an element of the set \{([^}]*)\}\.?$)");
  if (std::regex_match(rest, m, kEnum)) {
    std::vector<std::string> options;
    static const std::regex kItem(R"('([^']*)')");
    std::string set = m[2].str();
    for (std::sregex_iterator it(set.begin(), set.end(), kItem), end; it != end; ++it) options.push_back((*it)[1]);
    std::string value = m[1].str();
    return {subject + "'" + value + "' is not one of " + Join(options, ", ") + DidYouMean(value, options), true, 0};
  }
  static const std::regex kPattern(R"(^\[facet 'pattern'\] The value '([\s\S]*)' is not accepted by the pattern '([\s\S]*)'\.$)");
  if (std::regex_match(rest, m, kPattern)) return {subject + DescribePattern(m[1].str(), m[2].str()), true, 0};
  static const std::regex kLength(
      R"(^\[facet '(minLength|maxLength|length)'\] The value( '[\s\S]*')? has a length of '(\d+)'; this (underruns|exceeds) the allowed (minimum|maximum) length of '(\d+)'\.$)");
  if (std::regex_match(rest, m, kLength)) {
    if (m[3].str() == "0") return {subject + "must not be empty", true, 0};
    std::string what = attribute.empty() ? "text" : "value";
    return {subject + what + " is " + m[3].str() + " characters long; the " + m[5].str() + " is " + m[6].str(), true, 0};
  }
  static const std::regex kRange(
      R"(^\[facet '(maxInclusive|minInclusive)'\] The value '([^']*)' is (greater|less) than the (maximum|minimum) value allowed \('([^']*)'\)\.$)");
  if (std::regex_match(rest, m, kRange)) {
    return {subject + "'" + m[2].str() + "' is out of range; " + (m[1].str() == "maxInclusive" ? "the most" : "the least") +
                " allowed here is " + m[5].str(),
            true, 0};
  }
  static const std::regex kAtomic(R"(^'([\s\S]*)' is not a valid value of the (atomic|list) type '([^']+)'\.$)");
  if (std::regex_match(rest, m, kAtomic)) {
    // A failed facet of a derived type is reported too, and says more; these rank after it.
    bool builtin = m[3].str().rfind("xs:", 0) == 0;
    return {subject + DescribeBadValue(m[1].str(), m[3].str()), true, m[2].str() == "list" ? 2 : (builtin ? 0 : 1)};
  }
  static const std::regex kFixed(R"(^The value '([^']*)' does not match the fixed value constraint '([^']*)'\.$)");
  if (std::regex_match(rest, m, kFixed)) {
    if (attribute == "format") {
      return {element_only + "format '" + m[1].str() + "' is not supported; this version of Letterpress reads format=\"" +
                  m[2].str() + "\"",
              true, 0};
    }
    return {subject + "must be '" + m[2].str() + "', not '" + m[1].str() + "'", true, 0};
  }
  if (rest == "No matching global declaration available for the validation root.") {
    return {std::string("the root element must be <") + RootElement(type) + ">, not <" + element + ">"};
  }
  if (rest.rfind("Character content other than whitespace is not allowed", 0) == 0) {
    return {element_only + "text is not allowed directly inside <" + element + ">; it belongs in one of its child elements"};
  }
  if (rest.rfind("Element content is not allowed", 0) == 0) {
    return {element_only + "<" + element + "> holds text only; it cannot contain other elements", true, -1};
  }
  if (rest.rfind("Character content is not allowed, because the content type is empty", 0) == 0) {
    return {element_only + "<" + element + "> must be empty (it takes attributes only)", true, -1};
  }
  static const std::regex kFacet(R"(\[facet '[^']*'\] )");
  return {std::regex_replace(message, kFacet, "")};
}

// libxml2 gives a line (and, for parse errors, a column); for schema errors we find the element or
// attribute named in the message. libxml2's line is where the start tag ends, so a start tag wrapped over
// several lines is searched back to its '<name'.
// The byte offset of that position (the attribute's name, or the element's '<').
std::size_t FindOffset(const SourceFile& file, int line, const std::string& message) {
  static const std::regex kElementAttr(R"(^Element '([^']+)'(, attribute '([^']+)')?)");
  std::smatch m;
  auto column = [&](int at_line, std::size_t at) { return file.LineStart(at_line) + at; };
  if (std::regex_search(message, m, kElementAttr)) {
    const std::string element = "<" + m[1].str();
    const std::string attr = m[3].str();
    for (int l = line; l >= 1 && l > line - 200; --l) {
      std::string_view text = file.LineText(l);
      std::size_t e = text.find(element);
      while (e != std::string_view::npos && e + element.size() < text.size() &&
             std::string_view(" \t/>").find(text[e + element.size()]) == std::string_view::npos) {
        e = text.find(element, e + 1);  // '<finding' is not '<findings'
      }
      if (m[3].matched) {
        for (std::size_t a = text.find(attr, e == std::string_view::npos ? 0 : e); a != std::string_view::npos;
             a = text.find(attr, a + 1)) {
          bool before_ok = a == 0 || text[a - 1] == ' ' || text[a - 1] == '\t';
          std::size_t after = a + attr.size();
          while (after < text.size() && text[after] == ' ') ++after;
          if (before_ok && after < text.size() && text[after] == '=') return column(l, a);
        }
      }
      if (e != std::string_view::npos) return column(l, e);
    }
  }
  std::string_view text = file.LineText(line);
  std::size_t first = text.find_first_not_of(" \t");
  return column(line, first == std::string_view::npos ? 0 : first);
}


// The last place before byte `before` on a line where `needle` starts, or `fallback`.
std::size_t SearchBack(std::string_view line, std::size_t before, std::string_view needle, std::size_t fallback) {
  std::size_t at = line.substr(0, std::min(line.size(), before + needle.size())).rfind(needle);
  return at == std::string_view::npos ? fallback : at;
}

// Reports a document that is not well-formed. libxml2 stops at the first fatal error and what it says after
// that follows from it, so only the first is reported, rephrased, and placed where the mistake is.
void ReportParseError(const SourceFile& file, load::DocType type, const std::vector<RawError>& errors,
                      Diagnostics& diags) {
  const RawError& first = errors.front();
  const std::string& bytes = file.bytes();
  std::size_t content_end = bytes.find_last_not_of(" \t\r\n");
  content_end = content_end == std::string::npos ? 0 : content_end + 1;
  int line = std::max(1, first.line);
  std::size_t byte_col = static_cast<std::size_t>(std::max(1, first.col) - 1);
  std::size_t offset = line > file.line_count() ? bytes.size()
                                                : file.LineStart(line) + std::min(byte_col, file.LineText(line).size());
  std::string root = RootElement(type);
  std::smatch m;
  std::string message;
  // A comment, CDATA section or processing instruction left open swallows the rest of the file; the place
  // to show is where it was opened, not the end of the file.
  struct Unclosed {
    int code;
    const char* open;
    const char* close;
    const char* what;
  };
  for (const Unclosed& u : {Unclosed{XML_ERR_COMMENT_NOT_FINISHED, "<!--", "-->", "comment"},
                            Unclosed{XML_ERR_CDATA_NOT_FINISHED, "<![CDATA[", "]]>", "CDATA section"},
                            Unclosed{XML_ERR_PI_NOT_FINISHED, "<?", "?>", "processing instruction"}}) {
    if (first.code != u.code) continue;
    // The open one is the first opening after the last closing.
    std::size_t last_close = bytes.rfind(u.close);
    std::size_t from = last_close == std::string::npos ? 0 : last_close + std::string_view(u.close).size();
    if (std::size_t at = bytes.find(u.open, from); at != std::string::npos) offset = at;
    diags.Error({&file, std::min(offset, bytes.size())},
                std::string("malformed XML: this ") + u.what + " is never closed; end it with '" + u.close + "'");
    return;
  }
  // A complete but wrong closing tag at the very end ('</findingz>') is a mismatch, not a cut.
  bool complete_last_tag = first.code == XML_ERR_TAG_NAME_MISMATCH && content_end > 0 && bytes[content_end - 1] == '>';
  if (offset >= content_end && !complete_last_tag) {
    // The parser ran off the end: the file is cut short. Name the innermost element left open.
    std::string open_tag;
    static const std::regex kNotFinished(R"(Premature end of data in tag (\S+) line (\d+))");
    for (const RawError& e : errors) {
      if (e.code == XML_ERR_TAG_NOT_FINISHED && std::regex_search(e.message, m, kNotFinished)) {
        open_tag = "<" + m[1].str() + "> (opened at line " + m[2].str() + ")";
        break;
      }
    }
    if (first.code == XML_ERR_DOCUMENT_EMPTY) {
      message = "the file ends before its root element <" + root + ">; is it truncated?";
    } else if (!open_tag.empty()) {
      message = "the file ends before " + open_tag + " is closed; is it truncated?";
    } else {
      message = "the file ends in the middle of a tag; is it truncated?";
    }
    offset = content_end;
  } else {
    std::string_view text = file.LineText(line);
    std::size_t at = std::min(byte_col, text.size());
    static const std::regex kMismatch(R"(Opening and ending tag mismatch: (\S+) line (\d+) and (\S+))");
    static const std::regex kEntity(R"(Entity '([^']+)' not defined)");
    static const std::regex kRedefined(R"(Attribute (\S+) redefined)");
    static const std::regex kCharRef(R"(^xmlParseCharRef: invalid xmlChar value (\d+))");
    static const std::regex kPrefix(R"(^Namespace prefix (\S+) (for \S+ )?on \S+ is not defined)");
    if (first.code == XML_ERR_TAG_NAME_MISMATCH && std::regex_search(first.message, m, kMismatch)) {
      message = "closing tag </" + m[3].str() + "> does not match <" + m[1].str() + "> (opened at line " + m[2].str() +
                "); is </" + m[1].str() + "> missing or misspelt?";
      at = SearchBack(text, at, "</" + m[3].str(), at);
    } else if (first.code == XML_ERR_DOCUMENT_EMPTY) {
      message = "text before the root element; the document must begin with <" + root + ">";
    } else if (first.code == XML_ERR_DOCUMENT_END) {
      message = "content after the end of the root element </" + root + ">; a document has exactly one root element";
    } else if ((first.code == XML_ERR_UNDECLARED_ENTITY || first.code == XML_WAR_UNDECLARED_ENTITY) &&
               std::regex_search(first.message, m, kEntity)) {
      message = "unknown entity '&" + m[1].str() +
                ";'; XML has only &amp; &lt; &gt; &quot; and &apos;, so type the character itself";
      at = SearchBack(text, at, "&", at);
    } else if (first.code == XML_ERR_NAME_REQUIRED || first.code == XML_ERR_ENTITYREF_SEMICOL_MISSING) {
      message = "a '&' on its own must be written '&amp;'";
      at = SearchBack(text, at, "&", at);
    } else if (first.code == XML_ERR_RESERVED_XML_NAME) {
      message = "the XML declaration <?xml ...?> must be at the very start of the file; remove what comes before it";
      at = SearchBack(text, at, "<?xml", at);
    } else if (first.code == XML_ERR_ATTRIBUTE_REDEFINED && std::regex_search(first.message, m, kRedefined)) {
      message = "attribute '" + m[1].str() + "' is given twice";
      at = SearchBack(text, at, " " + m[1].str() + "=", at);
      if (at < text.size() && text[at] == ' ') ++at;
    } else if (first.code == XML_ERR_ATTRIBUTE_NOT_STARTED) {
      message = "an attribute value must be in quotes, e.g. ref=\"alpha-2025\"";
    } else if (std::regex_search(first.message, m, kCharRef)) {
      message = "character reference for code " + m[1].str() + " is not a character XML allows";
      at = SearchBack(text, at, "&#", at);
    } else if (std::regex_search(first.message, m, kPrefix)) {
      message = "unknown namespace prefix '" + m[1].str() + ":'; Letterpress documents use plain names without prefixes";
      at = SearchBack(text, at, m[1].str() + ":", at);
    } else if (first.message.rfind("Excessive depth in document", 0) == 0) {
      // libxml2's limit (256); its message suggests a parser option, which means nothing to the reader.
      message = "elements are nested too deeply (more than 256 levels)";
    } else if (first.code == XML_ERR_LT_IN_ATTRIBUTE) {
      message = "a '<' inside an attribute value must be written '&lt;'";
    } else {
      message = first.message;
    }
    offset = file.LineStart(line) + at;
  }
  diags.Error({&file, offset}, "malformed XML: " + message);
}

// Dates that xs:date accepts but the format does not: a time zone, or a year not written with 4 digits.
// Reported here so the document is refused before the model reads a date it cannot use.
void CheckDateForms(const SourceFile& file, xmlNodePtr node, Diagnostics& diags, std::set<std::size_t>& refused) {
  static const std::regex kDateLike(R"(-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?)");
  static const std::regex kPlain(R"(\d{4}-\d{2}-\d{2})");
  auto check = [&](const std::string& value, const std::string& subject, int line) {
    if (value.size() > 40 || !std::regex_match(value, kDateLike) || std::regex_match(value, kPlain)) return;
    bool zone = value.back() == 'Z' || (value.size() > 6 && value[value.size() - 3] == ':');
    std::string message = subject + "date '" + value + "' " +
                          (zone ? "has a time zone" : "has a year that is not 4 digits") + "; write dates as YYYY-MM-DD";
    std::size_t offset = FindOffset(file, line, subject);
    LineCol at = file.Position(offset);
    diags.AddAt(file.path(), at.line, at.col, file.LineText(at.line), Severity::kError, message);
    refused.insert(offset);
  };
  for (xmlNodePtr n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    std::string name = reinterpret_cast<const char*>(n->name);
    int line = static_cast<int>(xmlGetLineNo(n));
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
      xmlChar* value = xmlNodeGetContent(reinterpret_cast<xmlNodePtr>(a));
      check(value ? reinterpret_cast<const char*>(value) : "",
            "Element '" + name + "', attribute '" + reinterpret_cast<const char*>(a->name) + "': ", line);
      xmlFree(value);
    }
    bool text_only = n->children != nullptr;
    for (xmlNodePtr c = n->children; c; c = c->next) text_only = text_only && c->type == XML_TEXT_NODE;
    if (text_only) {
      xmlChar* value = xmlNodeGetContent(n);
      std::string text = value ? reinterpret_cast<const char*>(value) : "";
      xmlFree(value);
      std::size_t a = text.find_first_not_of(" \t\r\n"), b = text.find_last_not_of(" \t\r\n");
      if (a != std::string::npos) check(text.substr(a, b - a + 1), "Element '" + name + "': ", line);
    }
    CheckDateForms(file, n->children, diags, refused);
  }
}

// Where a DOCTYPE declaration starts, looking only through the prolog (declaration, comments, processing
// instructions). Checked before parsing, so a DTD (entity expansion, external fetches) never reaches libxml2.
std::optional<std::size_t> FindDoctype(std::string_view bytes) {
  std::size_t i = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (true) {
    i = bytes.find_first_not_of(" \t\r\n", i);
    if (i == std::string_view::npos) return std::nullopt;
    std::string_view rest = bytes.substr(i);
    std::size_t end = std::string_view::npos;
    if (rest.substr(0, 2) == "<?") {
      end = bytes.find("?>", i + 2);
      if (end != std::string_view::npos) end += 2;
    } else if (rest.substr(0, 4) == "<!--") {
      end = bytes.find("-->", i + 4);
      if (end != std::string_view::npos) end += 3;
    } else if (rest.substr(0, 9) == "<!DOCTYPE") {
      return i;
    } else {
      return std::nullopt;
    }
    if (end == std::string_view::npos) return std::nullopt;
    i = end;
  }
}

// libxml2 quotes whole values in its messages; a hostile multi-megabyte value would make an unreadable
// message and a slow one to match. Long quoted values are cut (at a character boundary).
std::string ShortenQuoted(const std::string& message) {
  constexpr std::size_t kKeep = 100;
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = message.find('\'', pos);
    std::size_t close = open == std::string::npos ? std::string::npos : message.find('\'', open + 1);
    if (close == std::string::npos) break;
    std::size_t keep = open + 1 + kKeep;
    if (close - open - 1 > kKeep + 20) {
      while (keep > open + 1 && (static_cast<unsigned char>(message[keep]) & 0xC0) == 0x80) --keep;
      out.append(message, pos, keep - pos);
      out += "...";
    } else {
      out.append(message, pos, close - pos);
    }
    out += '\'';
    pos = close + 1;
  }
  out.append(message, pos, std::string::npos);
  return out;
}

void Collect(ErrorCollector& collector, const xmlError* error) {
  if (!error || error->level == XML_ERR_NONE || error->level == XML_ERR_WARNING) return;
  RawError raw;
  raw.schema = error->domain == XML_FROM_SCHEMASV;
  raw.code = error->code;
  raw.line = error->line;
  if (raw.line <= 0 && error->node) raw.line = static_cast<int>(xmlGetLineNo(static_cast<xmlNodePtr>(error->node)));
  raw.col = error->int2;
  raw.message = ShortenQuoted(Trim(error->message ? error->message : "unknown XML error"));
  collector.errors.push_back(std::move(raw));
}

extern "C" void CollectError(void* context, xmlErrorPtr error) {
  Collect(*static_cast<ErrorCollector*>(context), error);
}

std::string Prop(xmlNodePtr node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = value ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return out;
}

bool IsXsd(xmlNodePtr node, const char* local_name) {
  return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, reinterpret_cast<const xmlChar*>(local_name));
}

void IndexSchema(xmlNodePtr node, std::map<std::string, xmlNodePtr>& types, std::vector<xmlNodePtr>& elements) {
  for (xmlNodePtr n = node; n; n = n->next) {
    if (IsXsd(n, "complexType") && !Prop(n, "name").empty()) types[Prop(n, "name")] = n;
    if (IsXsd(n, "element") && !Prop(n, "name").empty()) elements.push_back(n);
    IndexSchema(n->children, types, elements);
  }
}

// The attributes declared on a schema element or type, following named base and element types but not
// descending into nested element declarations.
void DeclaredAttributes(xmlNodePtr node, const std::map<std::string, xmlNodePtr>& types, std::set<std::string>& out,
                        int depth) {
  if (depth > 8) return;
  for (const char* ref : {"type", "base"}) {
    auto t = types.find(Prop(node, ref));
    if (t != types.end()) DeclaredAttributes(t->second, types, out, depth + 1);
  }
  for (xmlNodePtr c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || IsXsd(c, "element")) continue;
    if (IsXsd(c, "attribute") && !Prop(c, "name").empty()) out.insert(Prop(c, "name"));
    DeclaredAttributes(c, types, out, depth + 1);
  }
}

}  // namespace

struct SchemaSet::Compiled {
  xmlSchemaPtr schema = nullptr;
  std::map<std::string, std::vector<std::string>> attributes;  // element name -> declared attribute names
  ~Compiled() {
    if (schema) xmlSchemaFree(schema);
  }
};

SchemaSet::SchemaSet() { InitLibxml(); }
SchemaSet::~SchemaSet() = default;

namespace {

// Element name -> attribute names declared for it in a schema file and the files it includes, for
// "did you mean" on an unknown attribute.
std::map<std::string, std::vector<std::string>> LoadAttributeNames(const std::filesystem::path& path) {
  std::vector<xmlDocPtr> docs;
  std::vector<std::filesystem::path> pending = {path};
  std::set<std::filesystem::path> seen;
  while (!pending.empty()) {
    std::filesystem::path next = pending.back();
    pending.pop_back();
    if (!seen.insert(next).second) continue;
    xmlDocPtr doc = xmlReadFile(next.string().c_str(), nullptr, XML_PARSE_NONET);
    if (!doc) continue;
    docs.push_back(doc);
    for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
      if (IsXsd(n, "include")) pending.push_back(next.parent_path() / Prop(n, "schemaLocation"));
    }
  }
  std::map<std::string, xmlNodePtr> types;
  std::vector<xmlNodePtr> elements;
  for (xmlDocPtr doc : docs) IndexSchema(xmlDocGetRootElement(doc), types, elements);
  std::map<std::string, std::set<std::string>> found;
  for (xmlNodePtr e : elements) DeclaredAttributes(e, types, found[Prop(e, "name")], 0);
  for (xmlDocPtr doc : docs) xmlFreeDoc(doc);
  std::map<std::string, std::vector<std::string>> out;
  for (auto& [element, names] : found) out[element].assign(names.begin(), names.end());
  return out;
}

}  // namespace

bool SchemaSet::Load(const std::filesystem::path& schemas_dir, Diagnostics& diags) {
  using load::DocType;
  bool ok = true;
  for (DocType type : {DocType::kSite, DocType::kCalendar, DocType::kInspection, DocType::kFindings,
                       DocType::kResponses, DocType::kCorrections, DocType::kTheme, DocType::kPublished}) {
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
    compiled->attributes = LoadAttributeNames(path);
    schemas_[type] = std::move(compiled);
  }
  return ok;
}

bool SchemaSet::Validate(const load::SourceDocument& doc, Diagnostics& diags) const { return Check(doc, diags).valid; }

SchemaSet::Outcome SchemaSet::Check(const load::SourceDocument& doc, Diagnostics& diags) const {
  Outcome outcome;
  auto found = schemas_.find(doc.type);
  if (found == schemas_.end()) return outcome;
  const SourceFile& file = *doc.file;
  const std::string& bytes = file.bytes();
  // DTDs bring entity expansion ("billion laughs") and external fetches; the format has no use for them.
  if (std::optional<std::size_t> doctype = FindDoctype(bytes)) {
    diags.Error({&file, *doctype}, "DOCTYPE declarations are not allowed");
    return outcome;
  }
  // libxml2 counts a line at each LF only, but a lone CR (old Mac line endings) ends a line too, for the
  // XML parser and for SourceFile. Parsing a copy with each lone CR made an LF changes no byte offset and no
  // meaning (the parser reads a lone CR as an LF anyway) and makes libxml2's line numbers ours.
  std::string lf_bytes;
  const std::string* parsed = &bytes;
  if (bytes.find('\r') != std::string::npos) {
    lf_bytes = bytes;
    for (std::size_t i = 0; i < lf_bytes.size(); ++i) {
      if (lf_bytes[i] == '\r' && (i + 1 == lf_bytes.size() || lf_bytes[i + 1] != '\n')) lf_bytes[i] = '\n';
    }
    parsed = &lf_bytes;
  }
  ErrorCollector collector;
  // libxml2 keeps its error handler per thread; set it for this call only.
  xmlSetStructuredErrorFunc(&collector, CollectError);
  xmlDocPtr xml = xmlReadMemory(parsed->data(), static_cast<int>(parsed->size()), file.path().c_str(), "UTF-8",
                                kParseOptions);
  if (!xml || !collector.errors.empty()) {
    if (!collector.errors.empty()) {
      ReportParseError(file, doc.type, collector.errors, diags);
    } else {
      diags.Error({&file, 0}, "malformed XML");
    }
  } else if (xml->intSubset) {
    // Not reached while FindDoctype sees every prolog; kept so a DTD can never slip through to validation.
    diags.Error({&file, 0}, "DOCTYPE declarations are not allowed");
  } else {
    xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(found->second->schema);
    xmlSchemaSetValidStructuredErrors(validator, CollectError, &collector);
    int result = xmlSchemaValidateDoc(validator, xml);
    xmlSchemaFreeValidCtxt(validator);
    // Several errors about one value (a pattern and the type built on it, say) are reported once.
    struct Pending {
      int line, col;
      std::size_t offset;
      std::string subject;
      SchemaMessage message;
    };
    std::vector<Pending> pending;
    static const std::regex kSubject(R"(^Element '[^']+'(, attribute '[^']+')?)");
    for (const RawError& e : collector.errors) {
      std::size_t offset = e.line > 0 ? FindOffset(file, e.line, e.message) : 0;
      LineCol at = e.line > 0 ? file.Position(offset) : LineCol{0, 0};
      std::smatch m;
      std::string subject = std::regex_search(e.message, m, kSubject) ? m[0].str() : e.message;
      SchemaMessage message = Polish(e.message, doc.type, found->second->attributes);
      auto same = std::find_if(pending.begin(), pending.end(), [&](const Pending& p) {
        return message.about_value && p.message.about_value && p.line == at.line && p.subject == subject;
      });
      if (same == pending.end()) {
        pending.push_back({at.line, at.col, offset, subject, std::move(message)});
      } else if (message.rank < same->message.rank) {
        same->message = std::move(message);
      }
    }
    // A bad value (wrong type, out of range, not an allowed value) leaves the document usable: the model
    // reads the value as missing, so the document's other problems are found in the same run. A problem
    // of structure (a missing or unexpected element or attribute) makes it unusable.
    bool structural = result != 0 && collector.errors.empty();
    for (const Pending& p : pending) {
      diags.AddAt(file.path(), p.line, p.col, file.LineText(p.line), Severity::kError, p.message.text);
      // A format version this release does not read is not one bad value: the document is another format.
      bool format = p.subject.find("attribute 'format'") != std::string::npos;
      if (p.message.about_value && p.message.rank >= 0 && p.line > 0 && !format) {
        outcome.refused_values.insert(p.offset);
      } else {
        structural = true;
      }
    }
    CheckDateForms(file, xmlDocGetRootElement(xml), diags, outcome.refused_values);
    outcome.valid = result == 0 && collector.errors.empty() && outcome.refused_values.empty();
    outcome.usable = !structural;
  }
  if (xml) xmlFreeDoc(xml);
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (!outcome.usable) outcome.refused_values.clear();
  return outcome;
}

void ValidateAll(const SchemaSet& schemas, load::SourceSet& sources, Diagnostics& diags) {
  for (load::SourceDocument& doc : sources.documents()) {
    if (!doc.usable) continue;
    SchemaSet::Outcome outcome = schemas.Check(doc, diags);
    doc.usable = outcome.usable;
    doc.refused_values = std::move(outcome.refused_values);
  }
}

}  // namespace lp::validate
