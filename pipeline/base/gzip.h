#pragma once
// gzip (RFC 1952) with zlib, written so that the same bytes in always give the same bytes out: no file name
// and a zero modification time in the header, one compression level.

#include <string>
#include <string_view>

namespace lp {

// The gzip file of `bytes`, compressed at zlib's best level.
std::string Gzip(std::string_view bytes);

// The bytes a gzip file holds; empty with `ok` false when it is not one.
std::string Gunzip(std::string_view gz, bool& ok);

}  // namespace lp
