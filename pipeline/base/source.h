#pragma once
// A source file held in memory with a line index, so any byte offset can be reported as line:column.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lp {

// 1-based line and column; the column counts characters (UTF-8 code points), as editors do.
struct LineCol {
  int line = 0;
  int col = 0;
};

// The bytes of one input file and where its lines start. Immutable once built.
class SourceFile {
 public:
  SourceFile(std::string path, std::string bytes);
  const std::string& path() const { return path_; }
  const std::string& bytes() const { return bytes_; }
  // The line and column of a byte offset (clamped to the end of the file).
  LineCol Position(std::size_t offset) const;
  // The byte offset of the start of a 1-based line (end of file past the last line).
  std::size_t LineStart(int line) const;
  // The text of a 1-based line without its line ending; empty past the end.
  std::string_view LineText(int line) const;
  int line_count() const { return static_cast<int>(line_starts_.size()); }

 private:
  std::string path_;
  std::string bytes_;
  std::vector<std::size_t> line_starts_;
};

// A place in a source file. A null file means "no position" (the diagnostic names only a path).
struct Loc {
  const SourceFile* file = nullptr;
  std::size_t offset = 0;
  explicit operator bool() const { return file != nullptr; }
};

}  // namespace lp
