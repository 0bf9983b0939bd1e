// publish: the pure decisions behind `letterpress publish` (plan order and reasons, trust in the remote
// manifest, headers, retries, URLs, listings). The network side is tested against real servers in
// tests/publish/.

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "publish/content_type.h"
#include "publish/manifest.h"
#include "publish/plan.h"
#include "publish/report.h"
#include "publish/retry.h"
#include "publish/s3_target.h"
#include "publish/target.h"
#include "publish/target_url.h"
#include "publish/transfer.h"
#include "publish/webdav_target.h"

namespace lp::publish {
namespace {

using std::chrono::milliseconds;

LocalFile Local(const std::string& path, const std::string& sha = "aa", std::uint64_t size = 10) {
  return {path, size, sha, std::nullopt, ContentTypeFor(path), CacheControlFor(path)};
}

RemoteFile Remote(const std::string& path, const std::string& sha = "aa", std::uint64_t size = 10) {
  return {path, size, "", sha, std::nullopt, ContentTypeFor(path), CacheControlFor(path), true};
}

// The plan flattened to "step | reason | path" lines, in the order the uploads and deletions happen.
std::vector<std::string> Flatten(const PublishPlan& plan) {
  std::vector<std::string> out;
  for (const Step& s : plan.steps) {
    for (const Upload& u : s.uploads) out.push_back(s.title + " | " + ReasonText(u.reason) + " | " + u.path);
  }
  for (const DeleteStep& s : plan.delete_steps) {
    for (const Delete& d : s.deletes) out.push_back(s.title + " | not in site | " + d.path);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Plan: order and reasons

TEST(PublishPlan, FirstPublishPutsLeavesThenReportsThenIndexesThenEachEntryPointAfterWhatItLinksTo) {
  std::vector<LocalFile> site = {
      Local("index.html"), Local("404.html"), Local("sitemap.xml"), Local("robots.txt"), Local("feed.xml"),
      Local("areas/index.html"), Local("inspections/a-2025/index.html"), Local("inspections/a-2025/letter.pdf"),
      Local("assets/site.0123456789.css"), Local("pagefind/pagefind-entry.json"), Local("search/index.html"),
  };
  PublishPlan plan = MakePlan(site, {}, PlanOptions{});
  std::vector<std::string> expected = {
      "new assets, PDFs and search index | new | assets/site.0123456789.css",
      "new assets, PDFs and search index | new | inspections/a-2025/letter.pdf",
      "new assets, PDFs and search index | new | pagefind/pagefind-entry.json",
      "new report pages | new | inspections/a-2025/index.html",
      "new index pages | new | areas/index.html",
      "new index pages | new | search/index.html",
      "new entry point feed.xml | new | feed.xml",
      "new entry point index.html | new | index.html",
      "new entry point 404.html | new | 404.html",
      "new entry point sitemap.xml | new | sitemap.xml",
      "new entry point robots.txt | new | robots.txt",
  };
  EXPECT_EQ(Flatten(plan), expected);
  EXPECT_EQ(plan.steps.size(), 8u);  // each new entry point is a step of its own
  EXPECT_EQ(plan.unchanged, 0u);
  EXPECT_EQ(plan.upload_count(), 11u);
  EXPECT_EQ(plan.upload_bytes(), 110u);
}

TEST(PublishPlan, EveryNewFileGoesUpBeforeAnyReplacementSoReplacedPagesNeverLinkToMissingFiles) {
  // The changed report page links to the new responses page and the new search fragment; the changed
  // search entry file names the new fragment.
  std::vector<LocalFile> site = {Local("inspections/a/index.html", "new"), Local("inspections/a/responses/index.html"),
                                 Local("pagefind/fragment/en_abc1234.pf_fragment"), Local("pagefind/pagefind-entry.json", "new"),
                                 Local("index.html", "new"), Local("reports/index.html")};
  std::vector<RemoteFile> target = {Remote("inspections/a/index.html", "old"), Remote("pagefind/pagefind-entry.json", "old"),
                                    Remote("index.html", "old"), Remote("reports/index.html")};
  std::vector<std::string> expected = {
      "new assets, PDFs and search index | new | pagefind/fragment/en_abc1234.pf_fragment",
      "new report pages | new | inspections/a/responses/index.html",
      "changed assets, PDFs and search index | content differs | pagefind/pagefind-entry.json",
      "changed report pages | content differs | inspections/a/index.html",
      "changed entry points | content differs | index.html",
  };
  PublishPlan plan = MakePlan(site, target, PlanOptions{});
  EXPECT_EQ(Flatten(plan), expected);
  EXPECT_EQ(plan.unchanged, 1u);
}

struct ReasonCase {
  const char* name;
  LocalFile local;
  std::optional<RemoteFile> remote;
  bool headers_matter;
  std::optional<UploadReason> expected;  // nullopt: unchanged
};

TEST(PublishPlan, ReasonPerFile) {
  RemoteFile no_hash = Remote("a.html");
  no_hash.sha256.reset();
  RemoteFile md5_same = no_hash;
  md5_same.md5 = "m1";
  RemoteFile md5_other = no_hash;
  md5_other.md5 = "m2";
  LocalFile with_md5 = Local("a.html");
  with_md5.md5 = "m1";
  RemoteFile old_type = Remote("a.html");
  old_type.content_type = "text/html";
  RemoteFile old_cache = Remote("a.html");
  old_cache.cache_control = "max-age=60";
  RemoteFile headers_unknown = Remote("a.html");
  headers_unknown.cache_control.reset();
  const ReasonCase cases[] = {
      {"absent", Local("a.html"), std::nullopt, true, UploadReason::kNew},
      {"same", Local("a.html"), Remote("a.html"), true, std::nullopt},
      {"other hash", Local("a.html", "bb"), Remote("a.html"), true, UploadReason::kContentDiffers},
      {"other size", Local("a.html", "aa", 11), Remote("a.html"), true, UploadReason::kContentDiffers},
      {"no hash known", Local("a.html"), no_hash, true, UploadReason::kUnconfirmed},
      {"same md5", with_md5, md5_same, true, std::nullopt},
      {"other md5", with_md5, md5_other, true, UploadReason::kContentDiffers},
      {"md5 unknown locally", Local("a.html"), md5_same, true, UploadReason::kUnconfirmed},
      {"other content type", Local("a.html"), old_type, true, UploadReason::kHeadersDiffer},
      {"other cache control", Local("a.html"), old_cache, true, UploadReason::kHeadersDiffer},
      {"headers unknown", Local("a.html"), headers_unknown, true, UploadReason::kUnconfirmed},
      {"headers not kept by the target", Local("a.html"), old_cache, false, std::nullopt},
      {"headers unknown, not kept", Local("a.html"), headers_unknown, false, std::nullopt},
  };
  for (const ReasonCase& c : cases) {
    std::vector<RemoteFile> target;
    if (c.remote) target.push_back(*c.remote);
    PlanOptions options;
    options.headers_matter = c.headers_matter;
    PublishPlan plan = MakePlan({c.local}, target, options);
    if (!c.expected) {
      EXPECT_EQ(plan.upload_count(), 0u) << c.name;
      EXPECT_EQ(plan.unchanged, 1u) << c.name;
    } else {
      ASSERT_EQ(plan.upload_count(), 1u) << c.name;
      EXPECT_EQ(ReasonText(plan.steps[0].uploads[0].reason), std::string(ReasonText(*c.expected))) << c.name;
    }
  }
}

TEST(PublishPlan, UnchangedSiteNeedsNothing) {
  std::vector<LocalFile> site = {Local("index.html"), Local("assets/a.0123456789.css"), Local("inspections/x/index.html")};
  std::vector<RemoteFile> target = {Remote("index.html"), Remote("assets/a.0123456789.css"), Remote("inspections/x/index.html")};
  PublishPlan plan = MakePlan(site, target, PlanOptions{});
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_TRUE(plan.delete_steps.empty());
  EXPECT_EQ(plan.unchanged, 3u);
  EXPECT_EQ(FormatPlan(plan), "");
}

TEST(PublishPlan, DeletionsTakePagesBeforeTheAssetsTheyUse) {
  std::vector<RemoteFile> target = {Remote("assets/old.0123456789.css"), Remote("inspections/gone/index.html"),
                                    Remote("areas/gone/index.html"), Remote("feed.xml"), Remote("index.html")};
  PublishPlan plan = MakePlan({Local("index.html")}, target, PlanOptions{});
  std::vector<std::string> expected = {
      "old entry points | not in site | feed.xml",
      "old index pages | not in site | areas/gone/index.html",
      "old report pages | not in site | inspections/gone/index.html",
      "old assets, PDFs and search index | not in site | assets/old.0123456789.css",
  };
  EXPECT_EQ(Flatten(plan), expected);
  EXPECT_FALSE(plan.deletes_refused);
}

TEST(PublishPlan, LetterpressOwnFilesAreNeverPlanned) {
  PublishPlan plan = MakePlan({Local(".letterpress/manifest.json")}, {Remote(".letterpress/publish-manifest.json")}, PlanOptions{});
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_TRUE(plan.delete_steps.empty());
}

TEST(PublishPlan, MaxDeletesRefusesMoreThanTheCapUnlessAllowed) {
  auto targets = [](int n) {
    std::vector<RemoteFile> t;
    for (int i = 0; i < n; ++i) t.push_back(Remote("old/" + std::to_string(i) + ".html"));
    return t;
  };
  const std::tuple<int, int, bool, bool> cases[] = {
      // deletions, --max-deletes, --yes, refused
      {10, 10, false, false}, {11, 10, false, true}, {11, 10, true, false}, {1, 0, false, true},
      {0, 0, false, false},   {500, -1, false, false},
  };
  for (const auto& [n, cap, yes, refused] : cases) {
    PlanOptions options;
    options.max_deletes = cap;
    options.allow_any_deletes = yes;
    PublishPlan plan = MakePlan({}, targets(n), options);
    EXPECT_EQ(plan.delete_count(), static_cast<std::size_t>(n));
    EXPECT_EQ(plan.deletes_refused, refused) << n << " deletions, cap " << cap << (yes ? ", --yes" : "");
  }
}

TEST(PublishPlan, GroupsAndEntryRanks) {
  EXPECT_EQ(GroupOf("index.html"), Group::kEntry);
  EXPECT_EQ(GroupOf("robots.txt"), Group::kEntry);
  EXPECT_EQ(GroupOf("inspections/a/index.html"), Group::kReport);
  EXPECT_EQ(GroupOf("inspections/a/letter.pdf"), Group::kLeaf);
  EXPECT_EQ(GroupOf("reports/2025/index.html"), Group::kIndex);
  EXPECT_EQ(GroupOf("data/inspections.json"), Group::kLeaf);
  EXPECT_EQ(GroupOf("areas/index.html"), Group::kIndex);  // only the site root's index.html is an entry point
  EXPECT_LT(EntryRank("feed.xml"), EntryRank("index.html"));
  EXPECT_LT(EntryRank("index.html"), EntryRank("404.html"));
  EXPECT_LT(EntryRank("index.html"), EntryRank("sitemap.xml"));
  EXPECT_LT(EntryRank("sitemap.xml"), EntryRank("robots.txt"));
  EXPECT_EQ(EntryRank("areas/index.html"), -1);
}

// ---------------------------------------------------------------------------------------------
// Weighing the listing against the manifest

struct TrustCase {
  const char* name;
  ListedFile listed;
  std::optional<ManifestFile> recorded;
  std::optional<std::int64_t> manifest_mtime;
  bool vouched;
};

TEST(ResolveRemote, TheManifestIsTrustedOnlyWhereTheListingAgrees) {
  ManifestFile m{"a.html", 10, "sha", "text/html; charset=utf-8", "public, max-age=300", "etag1"};
  ManifestFile untagged = m;
  untagged.token = "";
  auto listed = [](std::uint64_t size, std::string token, std::optional<std::int64_t> mtime) {
    ListedFile l;
    l.path = "a.html";
    l.size = size;
    l.token = std::move(token);
    l.mtime = mtime;
    return l;
  };
  const TrustCase cases[] = {
      {"tag matches", listed(10, "etag1", std::nullopt), m, std::nullopt, true},
      {"tag differs", listed(10, "etag2", std::nullopt), m, std::nullopt, false},
      {"size differs", listed(11, "etag1", std::nullopt), m, std::nullopt, false},
      {"older than the manifest", listed(10, "", 99), untagged, 100, true},
      {"as old as the manifest (same second)", listed(10, "", 100), untagged, 100, false},
      {"newer than the manifest (an interrupted publish)", listed(10, "", 101), untagged, 100, false},
      {"tag matches but newer than the manifest", listed(10, "etag1", 101), m, 100, false},
      {"tag matches and older", listed(10, "etag1", 99), m, 100, true},
      {"no manifest entry", listed(10, "etag1", 99), std::nullopt, 100, false},
      {"nothing ties the entry to the file", listed(10, "", std::nullopt), untagged, std::nullopt, false},
      {"the target has tags, the manifest none, no times", listed(10, "etag1", std::nullopt), untagged, std::nullopt, false},
  };
  for (const TrustCase& c : cases) {
    std::vector<ManifestFile> manifest;
    if (c.recorded) manifest.push_back(*c.recorded);
    std::vector<RemoteFile> out = ResolveRemote({c.listed}, manifest, c.manifest_mtime);
    ASSERT_EQ(out.size(), 1u) << c.name;
    EXPECT_EQ(out[0].vouched, c.vouched) << c.name;
    EXPECT_EQ(out[0].sha256.has_value(), c.vouched) << c.name;
    if (c.vouched) {
      EXPECT_EQ(*out[0].sha256, "sha") << c.name;
      EXPECT_EQ(*out[0].cache_control, "public, max-age=300") << c.name;
    }
  }
}

TEST(ResolveRemote, WhatTheTargetSaysItselfWinsAndOwnFilesAreLeftOut) {
  ListedFile probed;
  probed.path = "b.css";
  probed.size = 3;
  probed.md5 = "m";
  probed.content_type = "text/css";
  ListedFile own;
  own.path = ".letterpress/publish-manifest.json";
  std::vector<RemoteFile> out = ResolveRemote({probed, own}, {}, std::nullopt);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].path, "b.css");
  EXPECT_EQ(*out[0].md5, "m");
  EXPECT_EQ(*out[0].content_type, "text/css");
  EXPECT_FALSE(out[0].sha256);
  EXPECT_FALSE(out[0].vouched);
}

// ---------------------------------------------------------------------------------------------
// Headers

TEST(PublishHeaders, ContentTypes) {
  const std::pair<const char*, const char*> cases[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"assets/letterpress.24e6ffdf1e.css", "text/css; charset=utf-8"},
      {"assets/search.058bae4a1c.js", "text/javascript; charset=utf-8"},
      {"pagefind/pagefind-entry.json", "application/json"},
      {"robots.txt", "text/plain; charset=utf-8"},
      {"inspections/a/letter.pdf", "application/pdf"},
      {"LOGO.SVG", "image/svg+xml"},
      {"favicon.ico", "image/x-icon"},
      {"fonts/a.woff2", "font/woff2"},
      {"pagefind/wasm.en-gb.pagefind", "application/octet-stream"},
      {"pagefind/fragment/en-gb_17a9842.pf_fragment", "application/octet-stream"},
      {"data/inspections.csv", "text/csv; charset=utf-8"},
      {"data/findings.csv.gz", "application/gzip"},
      {"README", "application/octet-stream"},
      {".hidden", "application/octet-stream"},
  };
  for (const auto& [path, type] : cases) EXPECT_EQ(ContentTypeFor(path), type) << path;
  EXPECT_EQ(ContentTypeFor("feed.xml", "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"),
            "application/atom+xml");
  EXPECT_EQ(ContentTypeFor("sitemap.xml", "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"),
            "application/xml");
  EXPECT_EQ(ContentTypeFor("feed.xml"), "application/xml");  // no bytes, no sniffing
}

TEST(PublishHeaders, LongLivedImmutableCachingOnlyForContentAddressedFiles) {
  const std::pair<const char*, bool> cases[] = {
      {"assets/letterpress.24e6ffdf1e.css", true},
      {"assets/search.058bae4a1c.js", true},
      {"assets/LICENSE.0123456789", true},  // an asset without an extension
      {"assets/letterpress.css", false},
      {"assets/letterpress.24e6ffdf1.css", false},    // nine hex digits
      {"assets/letterpress.24E6FFDF1E.css", false},   // fingerprints are lower-case
      {"assets/sub/x.0123456789.css", false},         // assets are flat
      {"inspections/a.0123456789.html", false},
      {"pagefind/fragment/en-gb_17a9842.pf_fragment", true},
      {"pagefind/index/en-gb_9a6c1c8.pf_index", true},
      {"pagefind/pagefind.en-gb_5cc6934cbf3b3.pf_meta", true},
      {"pagefind/pagefind.js", false},
      {"pagefind/pagefind-entry.json", false},
      {"pagefind/wasm.en-gb.pagefind", false},
      {"index.html", false},
      {"feed.xml", false},
      {"sitemap.xml", false},
      {"inspections/a/letter.pdf", false},
  };
  for (const auto& [path, immutable] : cases) {
    EXPECT_EQ(IsContentAddressed(path), immutable) << path;
    EXPECT_EQ(CacheControlFor(path), immutable ? "public, max-age=31536000, immutable" : "public, max-age=300") << path;
  }
}

// ---------------------------------------------------------------------------------------------
// Retries

TEST(PublishRetry, HttpDatesInAllThreeForms) {
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Sun Nov  6 08:49:37 1994"), 784111777);
  EXPECT_EQ(ParseHttpDate("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  EXPECT_EQ(ParseHttpDate("Thu, 29 Feb 2024 12:00:00 GMT"), 1709208000);
  EXPECT_EQ(ParseHttpDate("Fri, 29 Feb 2023 12:00:00 GMT"), std::nullopt);  // not a leap year
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 UTC"), std::nullopt);
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 25:49:37 GMT"), std::nullopt);
  EXPECT_EQ(ParseHttpDate("yesterday"), std::nullopt);
  EXPECT_EQ(ParseHttpDate(""), std::nullopt);
}

TEST(PublishRetry, RetryAfterInSecondsOrAsADate) {
  const std::int64_t now = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(ParseRetryAfter("120", now), milliseconds(120000));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:50:07 GMT", now), milliseconds(30000));
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now), milliseconds(0));  // already past
  EXPECT_EQ(ParseRetryAfter("99999999999999999999", now), milliseconds(86400000));     // capped, no overflow
  EXPECT_EQ(ParseRetryAfter("-5", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("1.5", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("", now), std::nullopt);
}

TEST(PublishRetry, BackoffDoublesWithinJitterBoundsUpToTheCap) {
  const milliseconds base(250), cap(20000);
  for (int retry = 1; retry <= 12; ++retry) {
    long long ceiling = std::min<long long>(cap.count(), 250LL << (retry - 1));
    EXPECT_EQ(BackoffDelay(retry, base, cap, 0.0).count(), ceiling / 2) << retry;
    EXPECT_EQ(BackoffDelay(retry, base, cap, 0.999999).count(), ceiling - 1) << retry;
    for (double u : {0.1, 0.5, 0.9}) {
      milliseconds d = BackoffDelay(retry, base, cap, u);
      EXPECT_GE(d.count(), ceiling / 2) << retry;
      EXPECT_LE(d.count(), ceiling) << retry;
    }
  }
  EXPECT_EQ(BackoffDelay(1, base, cap, 0.0), milliseconds(125));
  EXPECT_EQ(BackoffDelay(1000, base, cap, 1.0), cap);  // no overflow far past the cap
  EXPECT_EQ(BackoffDelay(0, base, cap, 0.0), milliseconds(125));
}

TEST(PublishRetry, WhichFailuresAreWorthAnotherTry) {
  for (long s : {408L, 429L, 500L, 502L, 503L, 504L, 599L}) EXPECT_TRUE(IsRetryableStatus(s)) << s;
  for (long s : {200L, 204L, 301L, 400L, 401L, 403L, 404L, 409L, 412L, 501L, 505L}) EXPECT_FALSE(IsRetryableStatus(s)) << s;
  EXPECT_TRUE(IsRetryableCurlCode(7));    // CURLE_COULDNT_CONNECT
  EXPECT_TRUE(IsRetryableCurlCode(28));   // CURLE_OPERATION_TIMEDOUT
  EXPECT_TRUE(IsRetryableCurlCode(52));   // CURLE_GOT_NOTHING
  EXPECT_TRUE(IsRetryableCurlCode(56));   // CURLE_RECV_ERROR
  EXPECT_FALSE(IsRetryableCurlCode(3));   // CURLE_URL_MALFORMAT
  EXPECT_FALSE(IsRetryableCurlCode(60));  // CURLE_PEER_FAILED_VERIFICATION: a retry will not fix a certificate
}

TEST(PublishRetry, IsoTimestamps) {
  EXPECT_EQ(ParseIsoTimestampMs("1994-11-06T08:49:37.000Z"), 784111777000);
  EXPECT_EQ(ParseIsoTimestampMs("1994-11-06T08:49:37.25Z"), 784111777250);
  EXPECT_EQ(ParseIsoTimestampMs("1994-11-06T08:49:37Z"), 784111777000);
  EXPECT_EQ(ParseIsoTimestampMs("1994-11-06T08:49:37.123456Z"), 784111777123);
  EXPECT_EQ(ParseIsoTimestampMs("1994-11-06T08:49:37+01:00"), std::nullopt);
  EXPECT_EQ(ParseIsoTimestampMs("1994-11-06"), std::nullopt);
}

TEST(PublishTransfer, FailuresAreDescribedWithStatusOrTransportError) {
  HttpResponse refused;
  refused.error = "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server";
  refused.tries = 6;
  EXPECT_EQ(DescribeFailure(refused), "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server (after 6 tries)");
  HttpResponse denied;
  denied.status = 403;
  denied.tries = 1;
  EXPECT_EQ(DescribeFailure(denied, "SignatureDoesNotMatch: nope"), "HTTP 403 SignatureDoesNotMatch: nope");
}

// ---------------------------------------------------------------------------------------------
// Target URLs

TEST(PublishTargetUrl, Kinds) {
  std::string error;
  std::optional<TargetSpec> s3 = ParseTargetUrl("s3://my-bucket/site/live/", &error);
  ASSERT_TRUE(s3) << error;
  EXPECT_EQ(s3->kind, TargetKind::kS3);
  EXPECT_EQ(s3->bucket, "my-bucket");
  EXPECT_EQ(s3->prefix, "site/live");
  std::optional<TargetSpec> bare = ParseTargetUrl("s3://my.bucket", &error);
  ASSERT_TRUE(bare) << error;
  EXPECT_EQ(bare->prefix, "");
  std::optional<TargetSpec> dav = ParseTargetUrl("webdav+https://dav.example.org:8443/sites/live site", &error);
  ASSERT_TRUE(dav) << error;
  EXPECT_EQ(dav->kind, TargetKind::kWebDav);
  EXPECT_EQ(dav->base_url, "https://dav.example.org:8443/sites/live%20site/");
  std::optional<TargetSpec> root = ParseTargetUrl("webdav+http://127.0.0.1:8080", &error);
  ASSERT_TRUE(root) << error;
  EXPECT_EQ(root->base_url, "http://127.0.0.1:8080/");
  std::optional<TargetSpec> file = ParseTargetUrl("file:///srv/www/my%20site", &error);
  ASSERT_TRUE(file) << error;
  EXPECT_EQ(file->kind, TargetKind::kLocal);
  EXPECT_EQ(file->local_path, "/srv/www/my site");
  std::optional<TargetSpec> path = ParseTargetUrl("out/www", &error);
  ASSERT_TRUE(path) << error;
  EXPECT_EQ(path->kind, TargetKind::kLocal);
  EXPECT_EQ(path->local_path, "out/www");
}

TEST(PublishTargetUrl, ErrorsSayWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"ftp://host/site", "--to 'ftp://host/site': unsupported scheme 'ftp://'; use s3://bucket/prefix, webdav+https://host/path, file:///path or a plain path"},
      {"https://host/site", "--to 'https://host/site': say which protocol to publish with: webdav+https://... for a WebDAV server, or s3://bucket/prefix with --endpoint for an S3-compatible one"},
      {"s3://AB/site", "--to 's3://AB/site': 'AB' is not a valid bucket name (3-63 lower-case letters, digits, '.' and '-')"},
      {"s3://key:secret@bucket/x", "--to 's3://key:***@bucket/x': credentials do not belong in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"},
      {"s3://bucket/a/../b", "--to 's3://bucket/a/../b': the path may not contain '.' or '..' segments"},
      {"webdav+https://user:pw@host/x", "--to 'webdav+https://user:***@host/x': credentials do not belong in the URL; set LETTERPRESS_WEBDAV_USER and LETTERPRESS_WEBDAV_PASSWORD"},
      {"webdav+http://host:99999/x", "--to 'webdav+http://host:99999/x': 'host:99999' is not a host[:port]"},
      {"webdav+http:///x", "--to 'webdav+http:///x': '' is not a host[:port]"},
      {"webdav+http://host/x?y=1", "--to 'webdav+http://host/x?y=1': may not have a query or fragment"},
      {"file://server/share", "--to 'file://server/share': a file:// URL names a local directory; its host must be empty or localhost"},
      {"", "--to '': is empty"},
  };
  for (const auto& [url, message] : cases) {
    std::string error;
    EXPECT_FALSE(ParseTargetUrl(url, &error)) << url;
    EXPECT_EQ(error, message);
  }
}

TEST(PublishTargetUrl, EndpointsAndEncoding) {
  std::string error;
  EXPECT_EQ(ParseEndpoint("http://127.0.0.1:9000/", &error), "http://127.0.0.1:9000");
  EXPECT_EQ(ParseEndpoint("https://s3.eu-west-2.amazonaws.com", &error), "https://s3.eu-west-2.amazonaws.com");
  EXPECT_EQ(ParseEndpoint("127.0.0.1:9000", &error), std::nullopt);
  EXPECT_EQ(error, "endpoint '127.0.0.1:9000' must be an http:// or https:// URL");
  EXPECT_EQ(ParseEndpoint("http://host/path", &error), std::nullopt);
  EXPECT_EQ(ParseEndpoint("http://AKIA:wJalrXUtnFEMI@127.0.0.1:9000", &error), std::nullopt);
  EXPECT_EQ(error, "endpoint 'http://AKIA:***@127.0.0.1:9000' must be scheme://host[:port] with no path or credentials");
  EXPECT_EQ(ParseEndpoint("ftp://token@host", &error), std::nullopt);
  EXPECT_EQ(error, "endpoint 'ftp://***@host' must be an http:// or https:// URL");
  EXPECT_EQ(EncodePath("a b/c+d/é~x"), "a%20b/c%2Bd/%C3%A9~x");
  EXPECT_EQ(EncodeQueryValue("site/live"), "site%2Flive");
  EXPECT_EQ(DecodePercent("a%20b%2f"), "a b/");
  EXPECT_EQ(DecodePercent("a%2"), std::nullopt);
  EXPECT_EQ(DecodePercent("a%zz"), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Listings

TEST(PublishListings, S3ListObjectsV2) {
  std::optional<S3Listing> l = ParseListObjects(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>site</Name><Prefix>live/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>
  <IsTruncated>true</IsTruncated><NextContinuationToken>tok+1/2=</NextContinuationToken>
  <Contents><Key>live/index.html</Key><LastModified>2026-11-23T19:08:02.125Z</LastModified>
    <ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag><Size>1234</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>live/big.pdf</Key><LastModified>2026-11-23T19:08:03.000Z</LastModified>
    <ETag>"0123456789abcdef0123456789abcdef-3"</ETag><Size>99000000</Size></Contents>
</ListBucketResult>)");
  ASSERT_TRUE(l);
  EXPECT_TRUE(l->truncated);
  EXPECT_EQ(l->next_token, "tok+1/2=");
  ASSERT_EQ(l->objects.size(), 2u);
  EXPECT_EQ(l->objects[0].path, "live/index.html");
  EXPECT_EQ(l->objects[0].size, 1234u);
  EXPECT_EQ(l->objects[0].token, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(l->objects[0].md5, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(l->objects[0].mtime, 1795460882125);
  EXPECT_EQ(l->objects[1].md5, std::nullopt);  // a multipart ETag is not an MD5
  EXPECT_FALSE(ParseListObjects("<Error><Code>NoSuchBucket</Code></Error>"));
  EXPECT_FALSE(ParseListObjects("not xml"));
}

TEST(PublishListings, S3Errors) {
  S3Error e = ParseS3Error(R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>nope</BucketName></Error>)");
  EXPECT_EQ(e.code, "NoSuchBucket");
  EXPECT_EQ(e.message, "The specified bucket does not exist");
  EXPECT_EQ(ParseS3Error("").code, "");
  EXPECT_EQ(ParseS3Error("<html>busy</html>").code, "");
  EXPECT_EQ(Md5FromEtag("0123456789ABCDEF0123456789abcdef"), "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(Md5FromEtag("abc"), std::nullopt);
}

TEST(PublishListings, WebDavMultistatusAsNginxAndOthersWriteIt) {
  std::optional<std::vector<DavEntry>> entries = ParseMultistatus(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:multistatus xmlns:D="DAV:">
<D:response><D:href>/site%20x/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype>
  <D:getlastmodified>Mon, 23 Nov 2026 19:08:02 GMT</D:getlastmodified></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response><D:href>/site%20x/a/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop>
  <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response><D:href>http://dav.example.org/site%20x/b%20c.txt</D:href>
  <D:propstat><D:prop><D:getcontentlength>3</D:getcontentlength><D:getlastmodified>Mon, 23 Nov 2026 19:08:02 GMT</D:getlastmodified>
    <D:resourcetype/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
  <D:propstat><D:prop><D:getetag/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>
<response xmlns="DAV:"><href>/site%20x/e.html</href><propstat><prop><getetag>"5-abc"</getetag><getcontentlength>5</getcontentlength></prop>
  <status>HTTP/1.1 200 OK</status></propstat></response>
<D:response><D:href>/elsewhere/f.txt</D:href></D:response>
</D:multistatus>)",
                                                                 "/site%20x/");
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[0].path, "");
  EXPECT_TRUE((*entries)[0].folder);
  EXPECT_EQ((*entries)[1].path, "a");
  EXPECT_TRUE((*entries)[1].folder);
  EXPECT_EQ((*entries)[2].path, "b c.txt");
  EXPECT_FALSE((*entries)[2].folder);
  EXPECT_EQ((*entries)[2].size, 3u);
  EXPECT_EQ((*entries)[2].mtime, 1795460882);
  EXPECT_EQ((*entries)[2].etag, "");  // the 404 propstat holds no value
  EXPECT_EQ((*entries)[3].path, "e.html");
  EXPECT_EQ((*entries)[3].etag, "\"5-abc\"");
  EXPECT_FALSE(ParseMultistatus("<html/>", "/"));
}

// ---------------------------------------------------------------------------------------------
// The manifest and the report

TEST(PublishManifest, AnIncompleteManifestSaysSoAndAnOldOneCountsAsComplete) {
  PublishManifest m;
  m.site_key = "k";
  m.complete = false;
  std::string text = SerializeManifest(m);
  EXPECT_EQ(text, "{\"format\":1,\"generator\":\"letterpress 0.1.0\",\"site\":\"k\",\"complete\":false,\"files\":[\n]}\n");
  std::optional<PublishManifest> back = ParseManifest(text, nullptr);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->complete);
  back = ParseManifest("{\"format\":1,\"files\":[]}", nullptr);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->complete);
  back = ParseManifest("{\"format\":1,\"complete\":\"yes\",\"files\":[]}", nullptr);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->complete);  // anything but true is not complete
}

TEST(PublishListings, MultipartUploadAnswers) {
  EXPECT_EQ(ParseUploadId(R"(<?xml version="1.0" encoding="UTF-8"?>
<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>site</Bucket>
<Key>live/data/findings.csv.gz</Key><UploadId>VXBsb2FkIElE+/=</UploadId></InitiateMultipartUploadResult>)"),
            "VXBsb2FkIElE+/=");
  EXPECT_EQ(ParseUploadId("<Error><Code>AccessDenied</Code></Error>"), std::nullopt);
  EXPECT_EQ(ParseUploadId("<InitiateMultipartUploadResult/>"), std::nullopt);
  EXPECT_EQ(ParseCompleteEtag(R"(<CompleteMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
<Location>http://x/site/live/a</Location><Bucket>site</Bucket><Key>live/a</Key><ETag>"3858f62230ac3c915f300c664312c11f-9"</ETag>
</CompleteMultipartUploadResult>)"),
            "\"3858f62230ac3c915f300c664312c11f-9\"");
  // S3 can answer a complete request with 200 and an error document, after a long wait.
  EXPECT_EQ(ParseCompleteEtag("<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>"),
            std::nullopt);
  EXPECT_EQ(Md5FromEtag("3858f62230ac3c915f300c664312c11f-9"), std::nullopt);
}

TEST(PublishManifest, RoundTripsAndRejectsWhatItCannotRead) {
  PublishManifest m;
  m.site_key = "k1";
  m.files = {{"b.html", 2, "bb", "text/html; charset=utf-8", "public, max-age=300", ""},
             {"a.css", 1, "aa", "text/css; charset=utf-8", "public, max-age=31536000, immutable", "etag"}};
  std::string text = SerializeManifest(m);
  EXPECT_EQ(text,
            "{\"format\":1,\"generator\":\"letterpress 0.1.0\",\"site\":\"k1\",\"files\":[\n"
            "{\"path\":\"a.css\",\"size\":1,\"sha256\":\"aa\",\"content_type\":\"text/css; charset=utf-8\",\"cache_control\":\"public, max-age=31536000, immutable\",\"token\":\"etag\"},\n"
            "{\"path\":\"b.html\",\"size\":2,\"sha256\":\"bb\",\"content_type\":\"text/html; charset=utf-8\",\"cache_control\":\"public, max-age=300\",\"token\":\"\"}\n"
            "]}\n");
  std::string error;
  std::optional<PublishManifest> back = ParseManifest(text, &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->site_key, "k1");
  ASSERT_EQ(back->files.size(), 2u);
  EXPECT_EQ(back->files[0].path, "a.css");
  EXPECT_EQ(back->files[0].token, "etag");
  EXPECT_EQ(back->files[1].size, 2u);
  EXPECT_FALSE(ParseManifest("{\"format\":2,\"files\":[]}", &error));
  EXPECT_EQ(error, "not a format-1 publish manifest");
  EXPECT_FALSE(ParseManifest("{\"format\":1,\"files\":[{\"path\":\"a\"}]}", &error));
  EXPECT_EQ(error, "an entry lacks path, size or sha256");
  EXPECT_FALSE(ParseManifest("garbage", &error));
  EXPECT_EQ(error, "not JSON");
}

TEST(PublishReport, PlanAndProgressInWords) {
  std::vector<LocalFile> site = {Local("assets/a.0123456789.css", "x", 2500), Local("index.html", "new", 1200)};
  std::vector<RemoteFile> target = {Remote("index.html", "old", 1200), Remote("old.html")};
  PublishPlan plan = MakePlan(site, target, PlanOptions{});
  EXPECT_EQ(FormatPlan(plan),
            "step 1: new assets, PDFs and search index (1 file, 2.5 kB)\n"
            "  upload  new                    assets/a.0123456789.css\n"
            "step 2: changed entry points (1 file, 1.2 kB)\n"
            "  upload  content differs        index.html\n"
            "then the manifest, then deletions (1 file, once every upload succeeded)\n"
            "  delete  not in site            old.html\n");
  EXPECT_EQ(HumanBytes(999), "999 B");
  EXPECT_EQ(HumanBytes(2'000'000), "2.0 MB");
  Progress p{45, 92, 1'200'000, 2'000'000};
  EXPECT_EQ(ProgressLine(p, 2.0), "publishing 45/92 files, 1.2 MB/2.0 MB, 600.0 kB/s, 0:01 left");
  EXPECT_EQ(ProgressLine({0, 92, 0, 2'000'000}, 0.1), "publishing 0/92 files, 0 B/2.0 MB");
  EXPECT_EQ(FormatEvent({Action::kUpload, "index.html", "content differs", 10, true, "", 1}),
            "uploaded  content differs        index.html\n");
  EXPECT_EQ(FormatEvent({Action::kUpload, "index.html", "new", 10, false, "HTTP 503 (after 6 tries)", 6}),
            "FAILED upload  index.html: HTTP 503 (after 6 tries)\n");
}

TEST(PublishReport, IncompletePublishSaysWhatIsAndIsNotOnTheTarget) {
  PublishReport r;
  r.target = "s3://site at http://127.0.0.1:9";
  r.site_files = 3;
  r.plan = MakePlan({Local("a.css"), Local("index.html"), Local("b.css")}, {Remote("b.css"), Remote("gone.html")}, PlanOptions{});
  r.uploads = {{Action::kUpload, "a.css", "new", 10, false, "HTTP 503 (after 6 tries)", 6}};
  r.not_tried = {"index.html"};
  r.deletes_skipped = true;
  r.seconds = 1.25;
  EXPECT_FALSE(r.complete());
  EXPECT_EQ(FormatSummary(r),
            "letterpress publish: the publish to s3://site at http://127.0.0.1:9 did not complete (1.2 s)\n"
            "  uploaded: 0 of 2 (1 files were already there)\n"
            "  failed:   1 upload:\n"
            "    a.css: HTTP 503 (after 6 tries)\n"
            "  not tried: 1 upload of later steps (they may link to what failed; the target keeps their previous version or none)\n"
            "  deletions not done: 1 file stay on the target until a publish completes every upload\n"
            "  every page a reader can reach links only to files on the target; run the same publish again to finish\n");
}

TEST(PublishDigests, Md5ForS3) {
  EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Md5Base64(""), "1B2M2Y8AsgTpgAmY7PhCfg==");
  EXPECT_EQ(Md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
}

}  // namespace
}  // namespace lp::publish
