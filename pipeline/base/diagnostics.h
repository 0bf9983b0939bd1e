#pragma once
// Diagnostics are values collected across a whole run, so one run reports every problem.
// Printed as `path:line:col: error: message`, then the source line and a caret.

#include <mutex>
#include <string>
#include <vector>

#include "base/source.h"

namespace lp {

enum class Severity { kError, kWarning };

struct Diagnostic {
  std::string path;
  int line = 0;  // 0: the diagnostic is about the whole file
  int col = 0;
  Severity severity = Severity::kError;
  std::string message;
  std::string source_line;  // the line the caret points into; empty when there is no position

  // `path:line:col: error: message`, plus the source line and a caret when known.
  std::string Format() const;
  friend bool operator<(const Diagnostic& a, const Diagnostic& b);
  friend bool operator==(const Diagnostic& a, const Diagnostic& b);
};

// A sink that stages append to. Thread-safe; output order is fixed by sorting, never by arrival.
class Diagnostics {
 public:
  void Error(const Loc& loc, std::string message) { Add(loc, Severity::kError, std::move(message)); }
  void Warning(const Loc& loc, std::string message) { Add(loc, Severity::kWarning, std::move(message)); }
  // A problem with a whole file (it could not be read, say).
  void FileError(std::string path, std::string message);
  void Add(const Loc& loc, Severity severity, std::string message);
  void AddAt(std::string path, int line, int col, std::string_view source_line, Severity severity,
             std::string message);
  void Append(const Diagnostics& other);

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  // Sorted by path, line, column, then message; duplicates removed.
  std::vector<Diagnostic> Sorted() const;
  // Every diagnostic formatted, sorted, each ending in a newline.
  std::string FormatAll() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Diagnostic> items_;
};

}  // namespace lp
