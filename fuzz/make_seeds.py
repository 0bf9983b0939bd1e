#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (fuzz/seeds/<target>/) from the project's own inputs: the examples
corpus, the bad-input cases (tests/bad_input/cases/*/files) and the Markdown policy examples, plus a few
hand-written replies of S3 and WebDAV servers, manifests and dates. Seeds are named by the SHA-1 of their
bytes, as libFuzzer names what it finds, so rerunning this only adds files. Commit the result.

Usage: fuzz/make_seeds.py
"""
import glob
import hashlib
import os
import re

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
# The document kinds fuzz_corpus replaces, in the order of its first byte.
KINDS = ["letterpress.xml", "inspection.xml", "findings.xml", "responses.xml", "theme"]


def write(target, data):
    folder = os.path.join(here, "seeds", target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def kind_of(path):
    name = os.path.basename(path)
    if "/themes/" in path.replace(os.sep, "/"):
        return KINDS.index("theme")
    return KINDS.index(name) if name in KINDS else None


documents = glob.glob(os.path.join(root, "examples", "**", "*.xml"), recursive=True)
documents += glob.glob(os.path.join(root, "tests", "bad_input", "cases", "*", "files", "**", "*.xml"), recursive=True)
for path in sorted(documents):
    data = open(path, "rb").read()
    if len(data) > 256 * 1024:
        continue
    if "/corrections/" in path.replace(os.sep, "/"):
        write("fuzz_corrections", data)
        continue
    kind = kind_of(path)
    if kind is not None:
        write("fuzz_corpus", bytes([kind]) + data)
        # Markdown bodies, as the policy sees them once the XML is read.
        for body in re.findall(rb"<body>(.*?)</body>", data, re.S):
            write("fuzz_markdown", body.replace(b"&lt;", b"<").replace(b"&gt;", b">").replace(b"&amp;", b"&"))

policy = open(os.path.join(root, "tests", "markdown", "policy.txt"), encoding="utf-8").read()
for example in re.findall(r"^`{32} example\n(.*?)^\.\n", policy, re.S | re.M):
    write("fuzz_markdown", example.replace("\u2192", "\t"))

write("fuzz_listing", b"\x00" + b"""<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix>
<IsTruncated>true</IsTruncated><NextContinuationToken>t/1=</NextContinuationToken>
<Contents><Key>p/a.html</Key><LastModified>2026-01-02T03:04:05.678Z</LastModified>
<ETag>"00112233445566778899aabbccddeeff"</ETag><Size>10</Size></Contents>
<Contents><Key>p/b%20c.pdf</Key><LastModified>2026-01-02T03:04:05Z</LastModified>
<ETag>&quot;00112233445566778899aabbccddeeff-2&quot;</ETag><Size>99999999</Size></Contents>
</ListBucketResult>""")
write("fuzz_listing", b"\x01<Error><Code>SlowDown</Code><Message>Reduce your request rate</Message></Error>")
write("fuzz_listing", b"\x02\"00112233445566778899AABBCCDDEEFF\"")
write("fuzz_listing", b"\x03" + b"""<?xml version="1.0"?>
<D:multistatus xmlns:D="DAV:">
<D:response><D:href>/site/live/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype>
</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response><D:href>https://dav.example/site/live/x%20y.html</D:href><D:propstat><D:prop>
<D:getcontentlength>42</D:getcontentlength><D:getlastmodified>Tue, 01 Dec 2026 10:00:00 GMT</D:getlastmodified>
<D:getetag>"2a-1"</D:getetag><D:resourcetype/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
</D:multistatus>""")
write("fuzz_manifest", """{"format": 1, "generator": "letterpress 0.1.0", "site": "k1",
"files": [
{"path": "a.css", "size": 1, "sha256": "aa", "content_type": "text/css; charset=utf-8", "cache_control": "public, max-age=31536000, immutable", "token": "e"},
{"path": "index.html", "size": 2, "sha256": "bb", "content_type": "text/html; charset=utf-8", "cache_control": "public, max-age=300", "token": ""}
]}
""")
for date in ["2025-03-20", "2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31", "2025-3-20", "20/03/2025",
             "2025-03-20Z", "2025-12-25"]:
    write("fuzz_date", date)
# fuzz_release: the first byte picks the release manifest (even) or the release history (odd).
write("fuzz_release", b"\x00" + b"""{
 "files": [
  {
   "path": "index.html",
   "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
   "size": 4,
   "sources": [
    "letterpress.xml",
    "inspections/alpha-2025/inspection.xml"
   ]
  },
  {
   "path": "assets/site.css",
   "sha256": "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
   "size": 5,
   "sources": []
  }
 ],
 "format": 1,
 "key": "3a1f0c2b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a"
}
""")
write("fuzz_release", b"\x00" + b'{"format": 1, "key": "k", "files": [{"path": "../x", "size": 1, "sha256": "aa"}]}')
write("fuzz_release", b"\x00" + b'{"format": 1, "files": [{"path": "a", "size": "1", "sha256": 2, "sources": [3]}]}')
write("fuzz_release", b"\x01" + b"3a1f0c2b9d8e7f6a\n0123456789abcdef\nfedcba9876543210\n")
write("fuzz_release", b"\x01" + b"3a1f0c2b9d8e7f6a\r\n../../home\n\n0123456789ABCDEF")
