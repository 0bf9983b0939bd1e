// The parsers of what a publish target sends back: an S3 ListObjectsV2 page, an S3 error document, an
// ETag, and a WebDAV PROPFIND multistatus. The first byte picks the parser; the rest is the body.
// Nothing a server sends may crash them or make them read out of bounds.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "publish/s3_target.h"
#include "publish/webdav_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      auto listing = lp::publish::ParseListObjects(body);
      (void)listing;
      break;
    }
    case 1: {
      lp::publish::S3Error error = lp::publish::ParseS3Error(body);
      (void)error;
      break;
    }
    case 2: {
      auto md5 = lp::publish::Md5FromEtag(body);
      if (md5 && md5->size() != 32) std::abort();
      break;
    }
    default: {
      auto entries = lp::publish::ParseMultistatus(body, "/site/live/");
      (void)entries;
      break;
    }
  }
  return 0;
}
