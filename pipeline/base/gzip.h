#pragma once
// gzip (RFC 1952) with zlib, written so that the same bytes in always give the same bytes out: no file name
// and a zero modification time in the header, one compression level.

#include <string>
#include <string_view>

namespace lp {

// The gzip file of `bytes`, compressed at zlib's best level.
std::string Gzip(std::string_view bytes);

// The same gzip file built from its input piece by piece, so the whole input need never be in memory at once:
// Finish() gives exactly Gzip(all the pieces joined).
class GzipWriter {
 public:
  GzipWriter();
  ~GzipWriter();
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;
  void Add(std::string_view piece);
  std::string Finish();

 private:
  void Deflate(std::string_view piece, bool last);
  struct State;
  State* state_;
  std::string out_;
};

// The bytes a gzip file holds; empty with `ok` false when it is not one.
std::string Gunzip(std::string_view gz, bool& ok);

}  // namespace lp
