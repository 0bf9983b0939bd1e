#include "publish/target.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <sstream>

#include "base/text.h"
#include "publish/local_target.h"
#include "publish/s3_target.h"
#include "publish/webdav_target.h"

namespace lp::publish {

std::unique_ptr<Target> MakeTarget(const TargetSpec& spec, const TargetConfig& config) {
  switch (spec.kind) {
    case TargetKind::kS3: return MakeS3Target(spec, config);
    case TargetKind::kWebDav: return MakeWebDavTarget(spec, config);
    case TargetKind::kLocal: return MakeLocalTarget(spec, config);
  }
  return nullptr;
}

std::string ReadReleaseFile(const PutItem& item, std::string& bytes) {
  std::ifstream in(item.source, std::ios::binary);
  if (!in) return "cannot read " + item.source.string();
  std::ostringstream out;
  out << in.rdbuf();
  bytes = std::move(out).str();
  // The release is read as it is now: a file changed since the build would publish content its manifest
  // does not describe.
  if (bytes.size() != item.size || Sha256Hex(bytes) != item.sha256) {
    return item.source.string() + " changed after the site was built (it no longer matches the release manifest); build the site again";
  }
  return {};
}

std::string ReadReleasePart(const PutItem& item, std::uint64_t offset, std::uint64_t length, std::string& bytes) {
  std::ifstream in(item.source, std::ios::binary);
  if (!in) return "cannot read " + item.source.string();
  bytes.assign(static_cast<std::size_t>(length), '\0');
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(bytes.data(), static_cast<std::streamsize>(length));
  if (static_cast<std::uint64_t>(in.gcount()) != length) {
    return item.source.string() + " changed after the site was built (it is shorter than the release manifest says); build the site again";
  }
  return {};
}

std::string CheckReleaseFile(const PutItem& item) {
  std::ifstream in(item.source, std::ios::binary);
  if (!in) return "cannot read " + item.source.string();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::array<char, 1 << 16> buffer{};
  std::uint64_t size = 0;
  while (in) {
    in.read(buffer.data(), buffer.size());
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    EVP_DigestUpdate(ctx, buffer.data(), static_cast<std::size_t>(n));
    size += static_cast<std::uint64_t>(n);
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest.data(), &length);
  EVP_MD_CTX_free(ctx);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  if (size != item.size || hex != item.sha256) {
    return item.source.string() + " changed after the site was built (it no longer matches the release manifest); build the site again";
  }
  return {};
}

namespace {
std::array<unsigned char, 16> Md5(std::string_view bytes) {
  std::array<unsigned char, 16> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_md5(), nullptr);
  return digest;
}
}  // namespace

std::string Md5Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : Md5(bytes)) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

std::string Md5Base64(std::string_view bytes) {
  std::array<unsigned char, 16> digest = Md5(bytes);
  std::array<unsigned char, 32> encoded{};
  int n = EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(digest.size()));
  return std::string(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(n));
}

}  // namespace lp::publish
