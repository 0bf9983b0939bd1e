#pragma once
// CSV as Letterpress writes it (RFC 4180: comma-separated, CRLF line ends, fields quoted when they must be),
// with every cell that a spreadsheet would run as a formula neutralised. Every CSV file the tool writes is
// made here, so the rule holds in one place.

#include <string>
#include <string_view>
#include <vector>

namespace lp {

// One CSV field. A value that starts with '=', '+', '-', '@', a tab or a carriage return is what Excel,
// LibreOffice and Google Sheets read as a formula (or as the start of one); it is written with an apostrophe
// in front and quoted, as OWASP's CSV injection guidance says ("=1+1" -> "\"'=1+1\""), so a spreadsheet shows
// the text instead of running it. Values holding a comma, a quote or a line break are quoted, with quotes
// doubled.
std::string CsvField(std::string_view value);

// One row: the fields joined by commas, ended by CRLF.
std::string CsvRow(const std::vector<std::string>& fields);

// Builds a CSV file row by row.
class CsvWriter {
 public:
  explicit CsvWriter(const std::vector<std::string>& header) { Row(header); }
  void Row(const std::vector<std::string>& fields) { text_ += CsvRow(fields); }
  const std::string& text() const { return text_; }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

}  // namespace lp
