#pragma once
// publish/s3_target: an S3 bucket (or any S3-compatible store) as a publish target. Requests are signed
// by libcurl's AWS Signature Version 4 support; custom endpoints are addressed path-style
// (endpoint/bucket/key), AWS itself virtual-hosted (bucket.s3.region.amazonaws.com/key).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "publish/plan.h"
#include "publish/target.h"

namespace lp::publish {

// One page of a ListObjectsV2 answer: the objects (keys as listed), and where the next page starts.
struct S3Listing {
  std::vector<ListedFile> objects;  // path = the full key; token = ETag without quotes; mtime in ms
  bool truncated = false;
  std::string next_token;
};
std::optional<S3Listing> ParseListObjects(std::string_view xml);

// An S3 error document's Code and Message ("NoSuchBucket", "The specified bucket does not exist"); empty
// strings when the body is not one.
struct S3Error {
  std::string code;
  std::string message;
};
S3Error ParseS3Error(std::string_view xml);

// The UploadId of a CreateMultipartUpload answer, and the ETag of a CompleteMultipartUpload answer; nullopt
// when the body is not one (S3 may answer 200 with an <Error> document to a complete request).
std::optional<std::string> ParseUploadId(std::string_view xml);
std::optional<std::string> ParseCompleteEtag(std::string_view xml);

// The MD5 an S3 ETag states, when it states one: a single-part upload's ETag is the hex MD5 of the content,
// a multipart one ("...-3") is not.
std::optional<std::string> Md5FromEtag(std::string_view etag);

// The S3 target for `spec`; requests are signed with config's keys for config's region.
std::unique_ptr<Target> MakeS3Target(const TargetSpec& spec, const TargetConfig& config);

}  // namespace lp::publish
