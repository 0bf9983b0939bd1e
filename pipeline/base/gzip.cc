#include "base/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <array>

namespace lp {

std::string Gzip(std::string_view bytes) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper. zlib writes its header with no name and mtime 0, and OS_CODE fixed at
  // build time, so the output depends on the input alone.
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out;
  out.resize(deflateBound(&z, static_cast<uLong>(bytes.size())) + 64);
  std::size_t in_pos = 0;
  int status = Z_OK;
  // zlib counts in uInt: feed the input in pieces below 1 GiB.
  constexpr std::size_t kPiece = 1u << 30;
  while (status != Z_STREAM_END) {
    std::size_t piece = std::min(kPiece, bytes.size() - in_pos);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + in_pos));
    z.avail_in = static_cast<uInt>(piece);
    bool last = in_pos + piece == bytes.size();
    do {
      if (z.total_out == out.size()) out.resize(out.size() * 2);
      std::size_t room = std::min(kPiece, out.size() - static_cast<std::size_t>(z.total_out));
      z.next_out = reinterpret_cast<Bytef*>(out.data() + z.total_out);
      z.avail_out = static_cast<uInt>(room);
      status = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
    } while (z.avail_out == 0 || (last && status != Z_STREAM_END));
    in_pos += piece;
  }
  out.resize(static_cast<std::size_t>(z.total_out));
  deflateEnd(&z);
  return out;
}

struct GzipWriter::State {
  z_stream z{};
  bool finished = false;
};

GzipWriter::GzipWriter() : state_(new State) {
  // The same settings as Gzip: zlib's output does not depend on how the input is divided into pieces.
  deflateInit2(&state_->z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
}

GzipWriter::~GzipWriter() {
  deflateEnd(&state_->z);
  delete state_;
}

void GzipWriter::Deflate(std::string_view piece, bool last) {
  z_stream& z = state_->z;
  constexpr std::size_t kPiece = 1u << 30;
  std::size_t in_pos = 0;
  int status = Z_OK;
  do {
    std::size_t size = std::min(kPiece, piece.size() - in_pos);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data() + in_pos));
    z.avail_in = static_cast<uInt>(size);
    bool final_piece = last && in_pos + size == piece.size();
    do {
      std::array<char, 65536> buffer{};
      z.next_out = reinterpret_cast<Bytef*>(buffer.data());
      z.avail_out = static_cast<uInt>(buffer.size());
      status = deflate(&z, final_piece ? Z_FINISH : Z_NO_FLUSH);
      out_.append(buffer.data(), buffer.size() - z.avail_out);
    } while (z.avail_out == 0 || (final_piece && status != Z_STREAM_END));
    in_pos += size;
  } while (in_pos < piece.size());
}

void GzipWriter::Add(std::string_view piece) {
  if (!piece.empty() && !state_->finished) Deflate(piece, false);
}

std::string GzipWriter::Finish() {
  if (!state_->finished) Deflate({}, true);
  state_->finished = true;
  return std::move(out_);
}

std::string Gunzip(std::string_view gz, bool& ok) {
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  std::string out;
  std::array<char, 65536> buffer{};
  int status = Z_OK;
  while (status == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer.data());
    z.avail_out = static_cast<uInt>(buffer.size());
    status = inflate(&z, Z_NO_FLUSH);
    out.append(buffer.data(), buffer.size() - z.avail_out);
    if (status == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  inflateEnd(&z);
  ok = status == Z_STREAM_END && z.avail_in == 0;
  if (!ok) out.clear();
  return out;
}

}  // namespace lp
