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
