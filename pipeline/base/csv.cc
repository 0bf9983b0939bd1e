#include "base/csv.h"

namespace lp {

std::string CsvField(std::string_view value) {
  bool formula = !value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos;
  if (!formula && value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = formula ? "\"'" : "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::string row;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) row += ',';
    row += CsvField(fields[i]);
  }
  return row + "\r\n";
}

}  // namespace lp
