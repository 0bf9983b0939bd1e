#include "base/source.h"

#include <algorithm>

namespace lp {

SourceFile::SourceFile(std::string path, std::string bytes) : path_(std::move(path)), bytes_(std::move(bytes)) {
  // A line ends at "\r\n", "\n" or a lone "\r", as XML reads them (XML 1.0 section 2.11), so our line
  // numbers agree with libxml2's and with the editor that wrote a file with old Mac line endings.
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < bytes_.size(); ++i) {
    if (bytes_[i] == '\n' || (bytes_[i] == '\r' && (i + 1 == bytes_.size() || bytes_[i + 1] != '\n'))) {
      line_starts_.push_back(i + 1);
    }
  }
}

LineCol SourceFile::Position(std::size_t offset) const {
  offset = std::min(offset, bytes_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t line_index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  int col = 1;
  for (std::size_t i = line_starts_[line_index]; i < offset; ++i) {
    // Count code points: continuation bytes (10xxxxxx) do not start a character.
    if ((static_cast<unsigned char>(bytes_[i]) & 0xC0) != 0x80) ++col;
  }
  return {static_cast<int>(line_index) + 1, col};
}

std::size_t SourceFile::LineStart(int line) const {
  if (line < 1) return 0;
  if (static_cast<std::size_t>(line) > line_starts_.size()) return bytes_.size();
  return line_starts_[static_cast<std::size_t>(line) - 1];
}

std::string_view SourceFile::LineText(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return {};
  std::size_t start = line_starts_[static_cast<std::size_t>(line) - 1];
  std::size_t end = bytes_.find_first_of("\r\n", start);
  if (end == std::string::npos) end = bytes_.size();
  return std::string_view(bytes_).substr(start, end - start);
}

}  // namespace lp
