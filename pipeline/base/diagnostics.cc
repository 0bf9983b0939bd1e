#include "base/diagnostics.h"

#include <algorithm>
#include <tuple>

#include "base/text.h"

namespace lp {
namespace {
// The byte index at which a 1-based character column starts (the end of the text past its last column).
std::size_t ByteOfColumn(std::string_view text, int col) {
  int column = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (column == col) return i;
    ++column;
  }
  return text.size();
}
}  // namespace

std::string Diagnostic::Format() const {
  std::string out = path;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(col);
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  out += message;
  out += '\n';
  if (line > 0 && !source_line.empty()) {
    // A very long line (a generated or hostile file) is cut to a window around the caret.
    std::string_view text = source_line;
    int column = 1;  // the column of text's first character
    std::string before, after;
    constexpr int kContext = 100;
    if (CountCodePoints(text) > 3 * kContext) {
      column = std::max(1, col - kContext);
      std::size_t start = ByteOfColumn(text, column);
      std::size_t end = ByteOfColumn(text, column + 2 * kContext);
      if (start > 0) before = "...";
      if (end < text.size()) after = "...";
      text = text.substr(start, end - start);
    }
    out += "    " + before;
    out += text;
    out += after + "\n    " + std::string(before.size(), ' ');
    // Keep tabs so the caret lines up under the same column in a terminal.
    for (std::size_t i = 0; i < text.size() && column < col; ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if ((c & 0xC0) == 0x80) continue;
      out += c == '\t' ? '\t' : ' ';
      ++column;
    }
    out += "^\n";
  }
  return out;
}

bool operator<(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.path, a.line, a.col, a.severity, a.message) <
         std::tie(b.path, b.line, b.col, b.severity, b.message);
}

bool operator==(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.path, a.line, a.col, a.severity, a.message) ==
         std::tie(b.path, b.line, b.col, b.severity, b.message);
}

namespace {
// Display the source line safely: control characters (and invalid bytes, which are reported separately)
// would corrupt a terminal, so they are shown as '?'.
std::string Printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  while (!line.empty()) {
    std::optional<std::size_t> bad = FindInvalidUtf8(line);
    std::size_t good = bad.value_or(line.size());
    for (char ch : line.substr(0, good)) {
      unsigned char c = static_cast<unsigned char>(ch);
      out += (c < 0x20 && c != '\t') || c == 0x7F ? '?' : ch;
    }
    if (!bad) break;
    out += '?';
    line.remove_prefix(good + 1);
  }
  return out;
}
}  // namespace

void Diagnostics::Add(const Loc& loc, Severity severity, std::string message) {
  if (!loc) {
    Diagnostic d;
    d.severity = severity;
    d.message = std::move(message);
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(d));
    return;
  }
  LineCol pos = loc.file->Position(loc.offset);
  AddAt(loc.file->path(), pos.line, pos.col, loc.file->LineText(pos.line), severity, std::move(message));
}

void Diagnostics::AddAt(std::string path, int line, int col, std::string_view source_line, Severity severity,
                        std::string message) {
  Diagnostic d;
  d.path = std::move(path);
  d.line = line;
  d.col = col;
  d.severity = severity;
  d.message = std::move(message);
  d.source_line = Printable(source_line);
  std::lock_guard lock(mutex_);
  items_.push_back(std::move(d));
}

void Diagnostics::FileError(std::string path, std::string message) {
  AddAt(std::move(path), 0, 0, {}, Severity::kError, std::move(message));
}

void Diagnostics::Append(const Diagnostics& other) {
  std::vector<Diagnostic> copy = other.Sorted();
  std::lock_guard lock(mutex_);
  items_.insert(items_.end(), copy.begin(), copy.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  auto all = Sorted();
  return static_cast<std::size_t>(
      std::count_if(all.begin(), all.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

std::size_t Diagnostics::warning_count() const { return Sorted().size() - error_count(); }

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> out;
  {
    std::lock_guard lock(mutex_);
    out = items_;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string Diagnostics::FormatAll() const {
  std::string out;
  for (const Diagnostic& d : Sorted()) out += d.Format();
  return out;
}

}  // namespace lp
