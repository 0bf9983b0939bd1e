#!/usr/bin/env python3
"""`letterpress publish` against real servers on 127.0.0.1: nginx with WebDAV, and s3rver behind a
proxy that checks every AWS Signature V4 with botocore; a fault-injecting proxy in front of each records
the target after every request, so the test can check that no reader could ever reach a broken link.

Usage: publish_test.py LETTERPRESS_BINARY SOURCE_DIR CASE
Cases: webdav-roundtrip, webdav-faults, webdav-kill, webdav-errors, s3-roundtrip, s3-faults, s3-kill,
       s3-errors, local, usage, hostile, webdav-large, s3-large
Each case prints what it measured and ends with "N passed, N failed".
"""

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Faults, FaultProxy, LinkChecker, StateRecorder  # noqa: E402

BINARY, SOURCE = None, None
RESULTS = {"passed": 0, "failed": 0}
MANIFEST = ".letterpress/publish-manifest.json"


def check(condition, what, detail=""):
    if condition:
        RESULTS["passed"] += 1
    else:
        RESULTS["failed"] += 1
        print(f"FAIL: {what}" + (f"\n      {detail}" if detail else ""), flush=True)
    return condition


def note(text):
    print(text, flush=True)


# ---------------------------------------------------------------------------------------------
# Sites

def build_site(tmp, name, as_of="2026-11-23", root=None):
    out = os.path.join(tmp, "sites", name)
    r = subprocess.run([BINARY, "build", "--root", root or os.path.join(SOURCE, "examples"), "--resources", SOURCE,
                        "--out", out, "--as-of", as_of, "-q"], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError(f"letterpress build failed ({r.returncode}):\n{r.stderr}")
    return out


def changed_corpus(tmp):
    """A copy of the examples with one finding's words changed."""
    root = os.path.join(tmp, "corpus-changed")
    shutil.copytree(os.path.join(SOURCE, "examples"), root)
    for dirpath, _, names in sorted(os.walk(os.path.join(root, "inspections"))):
        if "findings.xml" in names:
            path = os.path.join(dirpath, "findings.xml")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            text, n = re.subn(r"(<finding\b[^>]*>.*?<body>\s*)", r"\1Amended: ", text, count=1, flags=re.S)
            if n:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                return root
    raise RuntimeError("no finding to change in the examples")


def site_files(site):
    """{path: (size, sha256)} from the release manifest."""
    with open(os.path.join(site, ".letterpress", "manifest.json")) as f:
        return {e["path"]: (e["size"], e["sha256"]) for e in json.load(f)["files"]}


def base_url():
    with open(os.path.join(SOURCE, "examples", "letterpress.xml"), encoding="utf-8") as f:
        return re.search(r"<base-url>([^<]+)</base-url>", f.read()).group(1)


def expected_headers(path):
    """Content-Type and Cache-Control the site's files must be served with on S3 (an independent table)."""
    ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    types = {"html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
             "json": "application/json", "txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8",
             "svg": "image/svg+xml", "pdf": "application/pdf", "gz": "application/gzip"}
    if path == "feed.xml" or path.endswith("/feed.xml"):  # the site feed and one per area and theme
        ctype = "application/atom+xml"
    elif ext == "xml":
        ctype = "application/xml"
    else:
        ctype = types.get(ext, "application/octet-stream")
    immutable = re.fullmatch(r"assets/[^/]+\.[0-9a-f]{10}(\.[^/.]+)?", path) or \
        re.fullmatch(r"pagefind/(?:[^/]+/)?[^/]*_[0-9a-f]{6,}\.pf_(?:fragment|index|meta)", path)
    return ctype, "public, max-age=31536000, immutable" if immutable else "public, max-age=300"


# ---------------------------------------------------------------------------------------------
# Targets under test

class DavSetup:
    kind = "webdav"

    def __init__(self, stack, tmp, faults=None):
        self.server = stack.enter_context(contextlib.closing(harness.NginxDav(tmp)))
        self.prefix = "pub/site"
        self.recorder = StateRecorder(lambda: self.files(), LinkChecker(base_url()))
        self.proxy = stack.enter_context(contextlib.closing(FaultProxy(self.server.port, faults, self.recorder)))
        self.url = f"webdav+http://127.0.0.1:{self.proxy.port}/{self.prefix}"
        self.env = {"LETTERPRESS_WEBDAV_USER": self.server.user, "LETTERPRESS_WEBDAV_PASSWORD": self.server.password}
        self.args = []

    def files(self):
        return {p: v for p, v in self.server.files(self.prefix).items() if not p.startswith(".letterpress/")}

    def raw_files(self):
        return self.server.files(self.prefix)

    def request_path(self, path):
        return "/" + self.prefix + "/" + path

    def fetch(self, path):
        import base64
        auth = base64.b64encode(f"{self.server.user}:{self.server.password}".encode()).decode()
        return harness.http_get(self.server.port, "/" + self.prefix + "/" + path, {"Authorization": "Basic " + auth})


class S3Setup:
    kind = "s3"
    KEY, SECRET = "AKIDLETTERPRESSTEST", "letterpress/test+secret"

    def __init__(self, stack, tmp, faults=None):
        self.server = stack.enter_context(contextlib.closing(harness.S3rver(tmp, SOURCE, buckets=("site",))))
        self.sigv4 = stack.enter_context(contextlib.closing(harness.SigV4Proxy(self.server.port, {self.KEY: self.SECRET})))
        self.bucket, self.prefix = "site", "live"
        self.recorder = StateRecorder(lambda: self.files(), LinkChecker(base_url()))
        self.proxy = stack.enter_context(contextlib.closing(FaultProxy(self.sigv4.port, faults, self.recorder)))
        self.url = f"s3://{self.bucket}/{self.prefix}"
        self.env = {"AWS_ACCESS_KEY_ID": self.KEY, "AWS_SECRET_ACCESS_KEY": self.SECRET, "AWS_REGION": "us-east-1"}
        self.args = ["--endpoint", f"http://127.0.0.1:{self.proxy.port}"]

    def files(self):
        return {p: v for p, v in self.server.files(self.bucket, self.prefix).items() if not p.startswith(".letterpress/")}

    def raw_files(self):
        return self.server.files(self.bucket, self.prefix)

    def request_path(self, path):
        return f"/{self.bucket}/{self.prefix}/{path}"

    def fetch(self, path):
        # Straight from s3rver, anonymously: what a reader of the bucket's website gets.
        return harness.http_get(self.server.port, f"/{self.bucket}/{self.prefix}/{path}")


def publish(setup, site, *args, env=None, timeout=300):
    all_env = dict(os.environ)
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION",
              "LETTERPRESS_S3_ENDPOINT", "LETTERPRESS_WEBDAV_USER", "LETTERPRESS_WEBDAV_PASSWORD"):
        all_env.pop(k, None)
    all_env.update(setup.env if env is None else env)
    if hasattr(setup, "recorder"):
        with setup.recorder.lock:
            setup.recorder.keep = set(site_files(site))
    start = time.monotonic()
    r = subprocess.run([BINARY, "publish", "--site", site, "--to", setup.url] + setup.args + list(args),
                       capture_output=True, text=True, env=all_env, timeout=timeout, stdin=subprocess.DEVNULL)
    r.seconds = time.monotonic() - start
    return r


def summary_json(result):
    try:
        return json.loads(result.stdout)
    except ValueError:
        return {}


def assert_target_is(setup, site, label, tidy=True):
    """The target holds exactly the site's files (no extra, no missing, no stale), each served back over
    HTTP with the right bytes (and, on S3, headers), plus the publish manifest."""
    expected = site_files(site)
    on_target = setup.files()
    missing = sorted(set(expected) - set(on_target))
    extra = sorted(set(on_target) - set(expected))
    check(not missing and not extra, f"{label}: the target holds exactly the site's files",
          f"missing {missing[:5]} extra {extra[:5]}")
    stale, wrong_headers = [], []
    for path, (size, sha) in sorted(expected.items()):
        if path not in on_target:
            continue
        status, headers, body = setup.fetch(path)
        if status != 200 or len(body) != size or harness.hashlib.sha256(body).hexdigest() != sha:
            stale.append(f"{path} ({status}, {len(body)} bytes)")
        if setup.kind == "s3":
            ctype, cache = expected_headers(path)
            if headers.get("content-type") != ctype or headers.get("cache-control") != cache:
                wrong_headers.append(f"{path}: {headers.get('content-type')!r}, {headers.get('cache-control')!r}")
    check(not stale, f"{label}: every file fetched back over HTTP matches the manifest", f"{stale[:5]}")
    if setup.kind == "s3":
        check(not wrong_headers, f"{label}: Content-Type and Cache-Control as the site needs", f"{wrong_headers[:5]}")
    check(MANIFEST in setup.raw_files(), f"{label}: the publish manifest is on the target")
    if setup.kind == "webdav" and tidy:
        base = os.path.join(setup.server.root, setup.prefix)
        empty = [os.path.relpath(d, base) for d, subdirs, names in os.walk(base) if not subdirs and not names]
        check(not empty, f"{label}: no empty folder is left on the WebDAV server", f"{empty[:5]}")


def deleted_files(setup):
    """Site paths of the files DELETEd (folders, which end in '/', left out)."""
    # A set: a DELETE that s3rver answered with a 500 (its folder clean-up races with parallel deletes)
    # is retried, and is still one deletion.
    return sorted({p for p in site_paths_of(setup, setup.proxy.requests("DELETE")) if not p.endswith("/")})


def mutating(proxy):
    return [e for e in proxy.requests() if e[0] in ("PUT", "DELETE", "MKCOL", "MOVE", "COPY", "POST")]


def site_paths_of(setup, entries):
    out = []
    for method, path, _ in entries:
        prefix = setup.request_path("")
        if path.startswith(prefix):
            out.append(path[len(prefix):])
    return out


def assert_no_broken_links(setup, label):
    rec = setup.recorder
    check(rec.states > 0, f"{label}: the target's state was recorded after every request")
    check(not rec.violations, f"{label}: after every one of {rec.states} requests ({rec.distinct} distinct states), "
          "every reachable page links only to files on the target",
          "; ".join(f"after request {n}: {v[:3]}" for n, v in rec.violations[:3]))


# ---------------------------------------------------------------------------------------------
# Cases

def case_roundtrip(setup_class, tmp):
    v1 = build_site(tmp, "v1")
    with contextlib.ExitStack() as stack:
        t = setup_class(stack, tmp)
        n_files = len(site_files(v1))

        connections = t.proxy.connections
        r = publish(t, v1, "--json")
        s = summary_json(r)
        check(r.returncode == 0, "first publish exits 0", r.stderr[-2000:])
        opened = t.proxy.connections - connections
        check(0 < opened <= 8 + s.get("retries", 0), "the first publish reuses its connections (at most --jobs of them)",
              f"{opened} connections for {len(t.proxy.requests())} requests")
        puts = site_paths_of(t, t.proxy.requests("PUT"))
        site_puts = [p for p in puts if p != MANIFEST]
        check(set(puts) == set(site_files(v1)) | {MANIFEST} and len(site_puts) == n_files + s.get("retries", 0),
              "first publish PUTs every file once (plus any retry), and the manifest", f"{len(puts)} PUTs for {n_files} files")
        check(puts[0] == MANIFEST and puts[-1] == MANIFEST and puts.count(MANIFEST) == 2,
              "the manifest is marked incomplete before the first file and written complete after the last",
              f"{[p for p in puts if p == MANIFEST]} first {puts[:1]} last {puts[-1:]}")
        check(s.get("complete") is True and len(s.get("uploads", [])) == n_files and
              all(u["reason"] == "new" for u in s.get("uploads", [])), "--json reports every upload as new")
        note(f"{t.kind}: first publish of {n_files} files ({sum(v[0] for v in site_files(v1).values())} bytes): "
             f"{r.seconds:.2f} s, {len(t.proxy.requests())} requests over {opened} connections")
        assert_target_is(t, v1, "first publish")

        t.proxy.clear()
        r = publish(t, v1)
        check(r.returncode == 0, "republishing an unchanged site exits 0", r.stderr[-2000:])
        check(len(mutating(t.proxy)) == 0, "republishing an unchanged site sends no file (no PUT, DELETE or MKCOL)",
              f"{mutating(t.proxy)[:5]}")
        check("0 uploaded, 0 deleted, " + str(n_files) + " unchanged" in r.stdout, "the summary says nothing changed",
              r.stdout[-500:])
        check([e[0] for e in t.proxy.requests()] == ["GET"] and site_paths_of(t, t.proxy.requests()) == [MANIFEST],
              "an unchanged republish reads the manifest with one request and lists nothing",
              f"{t.proxy.requests()[:5]}")
        note(f"{t.kind}: unchanged republish: {len(t.proxy.requests())} requests "
             f"({', '.join(sorted(set(e[0] for e in t.proxy.requests())))}), {r.seconds:.2f} s")
        t.proxy.clear()
        r = publish(t, v1, "--full-listing", "--json")
        check(r.returncode == 0 and not mutating(t.proxy) and summary_json(r).get("listing_reason") == "--full-listing",
              "--full-listing lists the whole target and finds nothing to do", r.stderr[-500:])
        note(f"{t.kind}: unchanged republish with --full-listing: {len(t.proxy.requests())} requests "
             f"({', '.join(sorted(set(e[0] for e in t.proxy.requests())))}), {r.seconds:.2f} s")

        # One finding changed: only the files it affects move.
        v2 = build_site(tmp, "v2", root=changed_corpus(tmp))
        before, after = site_files(v1), site_files(v2)
        changed = {p for p in after if p in before and before[p] != after[p]}
        added = set(after) - set(before)
        removed = set(before) - set(after)
        check(0 < len(changed) < len(after) // 2, "changing one finding changes some files, not most",
              f"{len(changed)} changed")

        t.proxy.clear()
        snapshot = t.raw_files()
        r = publish(t, v2, "--dry-run")
        check(r.returncode == 0, "--dry-run exits 0", r.stderr[-2000:])
        check(not mutating(t.proxy), "--dry-run sends no PUT, DELETE or MKCOL", f"{mutating(t.proxy)[:5]}")
        check(t.raw_files() == snapshot, "--dry-run changes nothing on the target")
        for p in sorted(changed)[:3]:
            check(re.search(r"upload\s+content differs\s+" + re.escape(p) + r"\n", r.stdout) is not None,
                  f"--dry-run lists {p} with its reason", r.stdout[-1500:])
        check("dry run: nothing was changed" in r.stdout, "--dry-run says it changed nothing")

        t.proxy.clear()
        r = publish(t, v2, "--json")
        s = summary_json(r)
        check(r.returncode == 0, "publishing one changed finding exits 0", r.stderr[-2000:])
        puts = site_paths_of(t, t.proxy.requests("PUT"))
        check(set(puts) == changed | added | {MANIFEST},
              "only the files the changed finding affects are uploaded (and the manifest)",
              f"extra {sorted(set(puts) - changed - added - {MANIFEST})[:5]} "
              f"missing {sorted((changed | added) - set(puts))[:5]}")
        reasons = {u["path"]: u["reason"] for u in s.get("uploads", [])}
        check(all(reasons.get(p) == "content differs" for p in changed) and all(reasons.get(p) == "new" for p in added),
              "each upload carries its reason", f"{list(reasons.items())[:5]}")
        check(deleted_files(t) == sorted(removed), "only removed files are deleted")
        note(f"{t.kind}: one changed finding: {len(changed)} changed + {len(added)} new files uploaded, "
             f"{len(removed)} deleted, {r.seconds:.2f} s")
        assert_target_is(t, v2, "after one changed finding")

        # A much smaller site: the deletions are refused without --yes.
        v3 = build_site(tmp, "v3", as_of="2026-03-01")
        gone = set(site_files(v2)) - set(site_files(v3))
        check(len(gone) > 10, "the earlier as-of date drops more than 10 files", f"{len(gone)}")
        t.proxy.clear()
        r = publish(t, v3)
        check(r.returncode == 3, "more deletions than --max-deletes: exit 3", f"{r.returncode}\n{r.stderr[-1500:]}")
        check("deletions refused" in r.stderr and "--yes" in r.stderr, "the refusal says how to go ahead",
              r.stderr[-1500:])
        check(not t.proxy.requests("DELETE"), "nothing is deleted without --yes")
        check(set(site_files(v3)) <= set(t.files()) and gone <= set(t.files()),
              "the new files are up and the old ones stay")
        t.proxy.clear()
        r = publish(t, v3, "--max-deletes", str(len(gone)))
        check(r.returncode == 0, "a --max-deletes as large as the deletions lets them run", r.stderr[-1500:])
        check(deleted_files(t) == sorted(gone), "exactly the dropped files are deleted", f"extra {sorted(set(deleted_files(t)) - gone)[:5]} missing {sorted(gone - set(deleted_files(t)))[:5]} n={len(deleted_files(t))}")
        assert_target_is(t, v3, "after the deletions")

        t.proxy.clear()
        r = publish(t, v3, "--verify")
        check(r.returncode == 0, "--verify of a good target exits 0", r.stderr[-1500:])
        check(len(t.proxy.requests("GET")) >= len(site_files(v3)), "--verify fetches every file back")
        check(f"{len(site_files(v3))} verified" in r.stdout, "--verify says how many files it checked", r.stdout[-300:])
        assert_no_broken_links(t, "roundtrip")


def fault_profile(seed, heavy=False, methods=None):
    if heavy:
        return Faults(seed=seed, drop=0.08, drop_after=0.08, error500=0.1, busy503=0.1, delay=0.1,
                      delay_seconds=(0.05, 0.2), retry_after="0", methods=methods)
    # Stalls are longer than --request-timeout 1 below, so the client gives up on them and tries again.
    return Faults(seed=seed, drop=0.03, drop_after=0.03, error500=0.03, busy503=0.03, delay=0.05,
                  delay_seconds=(0.05, 0.2), stall=0.01, stall_seconds=1.5, retry_after="1")


def case_faults(setup_class, tmp):
    old = build_site(tmp, "old", as_of="2026-03-01")
    new = build_site(tmp, "new")
    with contextlib.ExitStack() as stack:
        t = setup_class(stack, tmp)
        r = publish(t, old)
        check(r.returncode == 0, "the old site publishes cleanly", r.stderr[-1500:])

        outcomes = []
        partial = 0
        injected = 0
        retries = 0
        # Moderate faults with retries: each run succeeds, or stops cleanly with exit 3.
        # Heavy faults on uploads and deletions only, so those runs get past the listing and stop part-way.
        writes = {"PUT", "DELETE"}
        for seed, site, heavy, methods, extra in ((11, new, False, None, []), (12, old, False, None, ["--yes"]),
                                                  (13, new, True, writes, ["--retries", "1"]),
                                                  (14, old, True, writes, ["--retries", "0", "--yes"]),
                                                  (15, new, True, None, ["--retries", "0"])):
            t.proxy.faults = fault_profile(seed, heavy, methods)
            t.proxy.clear()
            r = publish(t, site, "--json", "--request-timeout", "1", "-j", "4", *extra)
            s = summary_json(r)
            injected += sum(1 for e in t.proxy.requests() if not isinstance(e[2], int) or e[2] >= 500)
            retries += s.get("retries", 0)
            outcomes.append(r.returncode)
            note(f"{t.kind}: seed {seed}: exit {r.returncode} in {r.seconds:.1f} s, {len(t.proxy.requests())} requests, "
                 f"{s.get('retries', 0)} retries")
            if r.returncode == 3 and any(u["ok"] for u in s.get("uploads", [])):
                partial += 1
            check(r.returncode in (0, 3), f"seed {seed}: with faults the publish succeeds or fails cleanly (0 or 3)",
                  f"{r.returncode}\n{r.stderr[-1500:]}")
            if r.returncode == 3:
                check(("did not complete" in r.stderr and "run the same publish again" in r.stderr) or
                      ("no file on the target was changed" in r.stderr and "run the same publish again" in r.stderr),
                      f"seed {seed}: a failed publish says what is on the target and what to do", r.stderr[-1500:])
                check(s.get("complete") is False, f"seed {seed}: --json says the publish is incomplete")
            else:
                # Removing emptied folders is best effort: under faults one may stay until the next publish.
                assert_target_is(t, site, f"seed {seed}", tidy=False)
        note(f"{t.kind}: under faults: exits {outcomes}, {injected} injected faults, {retries} retries, "
             f"{t.recorder.states} requests recorded")
        check(injected > 20, "faults were really injected", f"{injected}")
        check(retries > 0, "the publisher retried")
        check(3 in outcomes, "at least one run gave up (exit 3) under heavy faults", f"{outcomes}")
        check(partial > 0, "at least one run stopped part-way through its uploads", f"{partial}")

        # Without faults the next run completes whatever the last one left.
        t.proxy.faults = Faults()
        t.proxy.clear()
        r = publish(t, new, "--yes")
        check(r.returncode == 0, "after the faults, the next publish completes", r.stderr[-1500:])
        assert_target_is(t, new, "after the faults")
        assert_no_broken_links(t, "faults")


def case_kill(setup_class, tmp):
    old = build_site(tmp, "old", as_of="2026-03-01")
    new = build_site(tmp, "new")
    env = dict(os.environ)
    with contextlib.ExitStack() as stack:
        t = setup_class(stack, tmp)
        r = publish(t, old)
        check(r.returncode == 0, "the old site publishes cleanly", r.stderr[-1500:])

        def start_and_kill(site, after_puts):
            t.proxy.faults = Faults(every_delay=0.06)  # slow enough to stop part-way
            t.proxy.clear()
            all_env = {k: v for k, v in env.items() if not k.startswith(("AWS_", "LETTERPRESS_"))}
            all_env.update(t.env)
            with t.recorder.lock:
                t.recorder.keep = set(site_files(site))
            proc = subprocess.Popen([BINARY, "publish", "--site", site, "--to", t.url, "--yes", "-j", "2"] + t.args,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=all_env,
                                    stdin=subprocess.DEVNULL)
            try:
                deadline = time.monotonic() + 60
                while len(t.proxy.requests("PUT")) < after_puts and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.02)
                running = proc.poll() is None
                proc.send_signal(signal.SIGKILL)
            finally:
                proc.wait(timeout=30)
            # Requests the killed publisher had already sent still land (the proxy holds each a moment):
            # let them, as the network would, before the next publish looks at the target.
            check(t.proxy.quiesce(), "the killed publisher's requests in flight have landed")
            t.proxy.faults = Faults()
            return running

        # Killed once every new file is up and a few replacements have gone in: the target now holds
        # changed files that the manifest (still the old site's) describes as they were.
        n_new = len(set(site_files(new)) - set(site_files(old)))
        t0 = time.monotonic()
        killed = start_and_kill(new, n_new + 5)
        check(killed, f"the publisher was killed part-way (still running after {n_new + 5} PUTs)")
        note(f"{t.kind}: killed after {len(t.proxy.requests('PUT'))} PUTs, {time.monotonic() - t0:.1f} s")
        # Back to the old site: the manifest on the target still describes it, but the target holds part of
        # the new one. The listing, not the manifest, must decide.
        t.proxy.clear()
        r = publish(t, old, "--yes")
        check(r.returncode == 0, "after kill -9, publishing the old site again exits 0", r.stderr[-1500:])
        restored = set(site_paths_of(t, t.proxy.requests("PUT"))) - {MANIFEST}
        check(len(restored) >= 3, "the files the killed run replaced are put back, though the manifest vouched for them",
              f"{sorted(restored)}")
        note(f"{t.kind}: re-publishing the old site after the kill: {r.seconds:.1f} s, "
             f"{len(restored)} files put back, {len(deleted_files(t))} deleted")
        assert_target_is(t, old, "old site after a killed publish of the new one")

        t0 = time.monotonic()
        killed = start_and_kill(new, 30)
        check(killed, "the second publisher was killed part-way")
        note(f"{t.kind}: killed again after {len(t.proxy.requests('PUT'))} PUTs, {time.monotonic() - t0:.1f} s")
        t.proxy.clear()
        r = publish(t, new)
        note(f"{t.kind}: publishing the new site after that kill: {r.seconds:.1f} s, "
             f"{len(site_paths_of(t, t.proxy.requests('PUT')))} PUTs")
        check(r.returncode == 0, "after kill -9, publishing the new site again exits 0", r.stderr[-1500:])
        assert_target_is(t, new, "new site after a killed publish of itself")
        t.proxy.clear()
        r = publish(t, new)
        check(r.returncode == 0 and not mutating(t.proxy), "and a further publish finds nothing to do",
              f"{mutating(t.proxy)[:5]}")
        assert_no_broken_links(t, "kill")


def case_errors(setup_class, tmp):
    site = build_site(tmp, "v1")
    changed = build_site(tmp, "v2", root=changed_corpus(tmp))
    with contextlib.ExitStack() as stack:
        t = setup_class(stack, tmp)
        if t.kind == "webdav":
            bad = dict(t.env, LETTERPRESS_WEBDAV_PASSWORD="wrong")
            r = publish(t, site, env=bad)
            check(r.returncode == 3, "wrong WebDAV password: exit 3", f"{r.returncode} {r.stderr}")
            check("authentication failed (HTTP 401" in r.stderr and t.url[len("webdav+"):] in r.stderr,
                  "wrong WebDAV password: the message names the target and the status", r.stderr)
        else:
            r = publish(t, site, env=dict(t.env, AWS_SECRET_ACCESS_KEY="wrong-secret"))
            check(r.returncode == 3, "wrong secret key: exit 3", f"{r.returncode} {r.stderr}")
            check("HTTP 403 SignatureDoesNotMatch" in r.stderr and "s3://site/live" in r.stderr and
                  "AWS_SECRET_ACCESS_KEY" in r.stderr, "wrong secret key: the message names the target, status and fix",
                  r.stderr)
            r = publish(t, site, env=dict(t.env, AWS_ACCESS_KEY_ID="AKIDUNKNOWN"))
            check(r.returncode == 3 and "HTTP 403 InvalidAccessKeyId" in r.stderr, "unknown access key: exit 3, named",
                  r.stderr)
            no_bucket = OtherUrl(t, "s3://no-such-bucket/live")
            r = publish(no_bucket, site)
            check(r.returncode == 3, "a bucket that does not exist: exit 3", f"{r.returncode} {r.stderr}")
            check("the bucket 'no-such-bucket' does not exist" in r.stderr and "HTTP 404 NoSuchBucket" in r.stderr,
                  "a bucket that does not exist: the message says so, with the status", r.stderr)
            r = publish(t, site, "--region", "eu-west-2")
            check(r.returncode == 3 and "pass --region us-east-1" in r.stderr, "wrong region: exit 3, names the right one",
                  r.stderr)
            codes = {code for _, _, code, _ in t.sigv4.rejected}
            check({"SignatureDoesNotMatch", "InvalidAccessKeyId", "AuthorizationHeaderMalformed"} <= codes,
                  "the signature checks really rejected those", f"{codes}")
            r = publish(t, site, env={})
            check(r.returncode == 2 and "AWS_ACCESS_KEY_ID" in r.stderr, "no credentials: usage error, exit 2", r.stderr)
        check(not t.files(), "nothing reached the target through a refused request")

        closed = harness.free_port()
        if t.kind == "webdav":
            unreachable = OtherUrl(t, t.url.replace(f":{t.proxy.port}/", f":{closed}/"))
        else:
            unreachable = OtherUrl(t, t.url)
            unreachable.args = ["--endpoint", f"http://127.0.0.1:{closed}"]
        start = time.monotonic()
        r = publish(unreachable, site, "--retries", "2")
        check(r.returncode == 3, "an unreachable host: exit 3", f"{r.returncode} {r.stderr}")
        check(f"127.0.0.1:{closed}" in r.stderr and "Couldn't connect to server" in r.stderr and "after 3 tries" in r.stderr,
              "an unreachable host: the message names the host, the curl error and the tries", r.stderr)
        note(f"{t.kind}: unreachable host reported after {time.monotonic() - start:.1f} s with --retries 2")

        # --verify finds a file the server stores damaged.
        r = publish(t, site)
        check(r.returncode == 0, "the site publishes", r.stderr[-1500:])
        victim = sorted(p for p in site_files(site) if p.startswith("inspections/") and p.endswith(".html"))[0]
        full = t.files()[victim][2]
        stat = os.stat(full)
        with open(full, "r+b") as f:
            first = f.read(1)
            f.seek(0)
            f.write(bytes([first[0] ^ 0x20]))
        os.utime(full, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: only the bytes differ
        r = publish(t, site)
        check(r.returncode == 0, "without --verify the damage goes unseen (same size and time)", r.stderr[-500:])
        r = publish(t, site, "--verify")
        check(r.returncode == 3, "--verify: a file corrupted on the server exits 3", f"{r.returncode} {r.stderr[-1500:]}")
        check(victim in r.stderr and "different content" in r.stderr, "--verify names the corrupted file", r.stderr[-1500:])
        r = publish(t, site, "--verify")
        check(r.returncode == 0, "the next publish puts the damaged file right", r.stderr[-1500:])
        assert_target_is(t, site, "after repairing the corrupted file")

        if t.kind == "webdav":
            # Damage on the way to the server (WebDAV has no checksum of its own): --verify catches it.
            target_changed = sorted(p for p in site_files(changed) if site_files(changed)[p] != site_files(site).get(p)
                                    and p.endswith(".html"))[0]
            t.proxy.faults = Faults(corrupt_paths={t.request_path(target_changed)})
            r = publish(t, changed, "--verify")
            t.proxy.faults = Faults()
            check(r.returncode == 3 and target_changed in r.stderr, "--verify catches a body damaged in transit",
                  f"{r.returncode} {r.stderr[-1500:]}")
            r = publish(t, changed, "--verify")
            check(r.returncode == 0, "and the next publish repairs it", r.stderr[-1500:])
            assert_target_is(t, changed, "after repairing the damaged upload")
        assert_no_broken_links(t, "errors")


class OtherUrl:
    """Another --to for the same servers (a missing bucket, a closed port)."""

    def __init__(self, setup, url):
        self.__dict__.update({k: v for k, v in setup.__dict__.items() if k != "recorder"})
        self.kind, self.url = setup.kind, url


def case_local(tmp):
    v1 = build_site(tmp, "v1")
    v3 = build_site(tmp, "v3", as_of="2026-03-01")
    dest = os.path.join(tmp, "www")

    class Local:
        kind = "local"
        url = "file://" + dest
        env = {}
        args = []

        def files(self):
            out = {}
            for dirpath, _, names in os.walk(dest):
                for n in names:
                    full = os.path.join(dirpath, n)
                    rel = os.path.relpath(full, dest)
                    if not rel.startswith(".letterpress/"):
                        st = os.stat(full)
                        out[rel] = (st.st_size, st.st_mtime_ns, full)
            return out

        def raw_files(self):
            return {os.path.relpath(os.path.join(d, n), dest) for d, _, ns in os.walk(dest) for n in ns}

        def fetch(self, path):
            with open(os.path.join(dest, path), "rb") as f:
                return 200, {}, f.read()

    t = Local()
    r = publish(t, v1)
    check(r.returncode == 0, "local: first publish exits 0", r.stderr)
    assert_target_is(t, v1, "local")
    before = t.files()
    r = publish(t, v1)
    check(r.returncode == 0 and t.files() == before, "local: an unchanged republish writes nothing", r.stderr)
    r = publish(t, v3)
    check(r.returncode == 3 and "deletions refused" in r.stderr, "local: deletions over the cap are refused", r.stderr)
    r = publish(t, v3, "--yes")
    check(r.returncode == 0, "local: --yes deletes them", r.stderr)
    assert_target_is(t, v3, "local after deletions")
    leftover = [d for d, _, ns in os.walk(dest) if not ns and not os.listdir(d)]
    check(not leftover, "local: no empty folder is left behind", f"{leftover[:3]}")
    victim = os.path.join(dest, "index.html")
    st = os.stat(victim)
    with open(victim, "r+b") as f:
        f.write(b"X")
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
    r = publish(t, v3, "--verify")
    check(r.returncode == 3 and "index.html" in r.stderr, "local: --verify finds a corrupted file", r.stderr)
    r = publish(t, v3)
    check(r.returncode == 0, "local: and the next publish repairs it", r.stderr)
    assert_target_is(t, v3, "local after repair")
    # The site folder is locked (build, rollback or another publish from it holds OUT.releases/lock, as flock
    # shows it): publish refuses, naming the holder, and leaves the target as it was; once free, it publishes.
    import fcntl
    before = t.files()
    with open(v1 + ".releases/lock", "r+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.seek(0)
        held.truncate()
        held.write(f"pid {os.getpid()}\n")
        held.flush()
        r = publish(t, v1, "--yes")
        check(r.returncode == 3 and "in use by another Letterpress process" in r.stderr and f"pid {os.getpid()}" in r.stderr,
              "local: publish from a site folder another process holds is refused, naming that process", r.stderr)
        check(t.files() == before, "local: the refused publish leaves the target untouched")
    r = publish(t, v1, "--yes")
    check(r.returncode == 0, "local: once the lock is released the publish goes ahead", r.stderr)
    assert_target_is(t, v1, "local after the lock was released")
    t.url = os.path.join(v1, "inner")
    r = publish(t, v1)
    check(r.returncode == 2 and "overlaps the site" in r.stderr, "local: a target inside the site is refused", r.stderr)


def case_usage(tmp):
    site = build_site(tmp, "v1")

    class Any:
        kind, env, args = "none", {}, []

        def __init__(self, url):
            self.url = url

    for url, words in (("ftp://host/x", "unsupported scheme 'ftp://'"), ("https://host/x", "webdav+https://"),
                       ("s3://Bad_Bucket/x", "not a valid bucket name"),
                       ("webdav+http://u:p@host/x", "LETTERPRESS_WEBDAV_USER")):
        r = publish(Any(url), site)
        check(r.returncode == 2 and words in r.stderr, f"usage error for {url}: exit 2 naming the problem",
              f"{r.returncode} {r.stderr}")
    r = publish(Any("webdav+http://publisher:hunter2@host/x"), site)
    check(r.returncode == 2 and "hunter2" not in r.stderr and "webdav+http://publisher:***@host/x" in r.stderr,
          "a refused --to with a password prints it masked", r.stderr)
    s3_any = Any("s3://site/live")
    s3_any.env = {"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret"}
    r = publish(s3_any, site, "--endpoint", "http://AKIDTEST:wJalrXUtnFEMI@127.0.0.1:9")
    check(r.returncode == 2 and "wJalrXUtnFEMI" not in r.stderr and "http://AKIDTEST:***@127.0.0.1:9" in r.stderr,
          "a refused --endpoint with a secret prints it masked", r.stderr)
    r = publish(Any("webdav+http://127.0.0.1:9/x"), site, "--endpoint", "http://127.0.0.1:9")
    check(r.returncode == 2 and "--endpoint" in r.stderr, "--endpoint with a WebDAV target: exit 2", r.stderr)
    r = subprocess.run([BINARY, "publish", "--site", site], capture_output=True, text=True)
    check(r.returncode == 2 and "--to" in r.stderr, "--to is required: exit 2", r.stderr)
    r = publish(Any(os.path.join(tmp, "out")), os.path.join(tmp, "not-built"))
    check(r.returncode == 1 and "build it first" in r.stderr, "an unbuilt site: exit 1 with what to do", r.stderr)


def measured_publish(site, url, extra, env):
    """Runs a publish under /usr/bin/time; returns (exit code, stderr, seconds, peak memory in MB)."""
    all_env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LETTERPRESS_"))}
    all_env.update(env)
    start = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "peak-kb %M", BINARY, "publish", "--site", site, "--to", url] + extra,
                       capture_output=True, text=True, env=all_env, timeout=120, stdin=subprocess.DEVNULL)
    seconds = time.monotonic() - start
    m = re.search(r"peak-kb (\d+)\s*$", r.stderr)
    peak_mb = int(m.group(1)) / 1024 if m else float("inf")
    return r.returncode, r.stderr, seconds, peak_mb


def case_hostile(tmp):
    """A server whose listing never ends: publish stops at the response cap, or at --timeout for the whole run,
    exits 3 naming the limit, and its memory stays bounded."""
    site = build_site(tmp, "v1")
    s3_env = {"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1"}
    with contextlib.closing(harness.EndlessServer("flood")) as flood, contextlib.closing(harness.EndlessServer("drip")) as drip:
        for kind, url, extra, env in (
                ("webdav", f"webdav+http://127.0.0.1:{flood.port}/pub/site", [], {}),
                ("s3", "s3://site/live", ["--endpoint", f"http://127.0.0.1:{flood.port}"], s3_env)):
            for cap in ("1000000", None):
                args = extra + (["--max-response-bytes", cap] if cap else [])
                code, err, seconds, peak = measured_publish(site, url, args, env)
                shown = cap or str(64 << 20)
                check(code == 3, f"{kind}: an endless listing exits 3 (cap {shown})", f"{code} {err[-800:]}")
                check(f"was cut off at the cap of {shown} bytes (--max-response-bytes)" in err,
                      f"{kind}: the message names the cap of {shown} bytes", err[-800:])
                limit_mb = int(shown) / (1 << 20) * 3 + 64
                check(peak < limit_mb, f"{kind}: peak memory stays bounded by the cap ({peak:.0f} MB < {limit_mb:.0f} MB)")
                note(f"{kind}: endless listing, cap {shown} bytes: exit {code} after {seconds:.2f} s, peak {peak:.0f} MB")
        for kind, url, extra, env in (
                ("webdav", f"webdav+http://127.0.0.1:{drip.port}/pub/site", [], {}),
                ("s3", "s3://site/live", ["--endpoint", f"http://127.0.0.1:{drip.port}"], s3_env)):
            code, err, seconds, peak = measured_publish(site, url, extra + ["--timeout", "3"], env)
            check(code == 3, f"{kind}: a listing that drips forever exits 3 with --timeout 3", f"{code} {err[-800:]}")
            check("the publish ran out of time (--timeout 3 s for the whole run)" in err,
                  f"{kind}: the message names the whole-run timeout", err[-800:])
            note(f"{kind}: dripping listing, --timeout 3: exit {code} after {seconds:.2f} s, peak {peak:.0f} MB")


def case_webdav_large(tmp):
    """A WebDAV server with a small client_max_body_size: each file over it is refused with a message naming
    the file and the limit, pages that may link to one are held back, the rest is published in link-safe order;
    with the limit raised, the next publish finishes."""
    site = build_site(tmp, "v1")
    files = site_files(site)
    sizes = sorted({v[0] for v in files.values()}, reverse=True)
    limit = sizes[2] - 1  # the files of the three largest sizes are over it
    too_big = {p for p, v in files.items() if v[0] > limit}
    with contextlib.ExitStack() as stack:
        t = DavSetup(stack, tmp)
        t.server.restart(str(limit))
        t.proxy.upstream_port, t.proxy.local = t.server.port, harness.threading.local()
        r = publish(t, site, "--json")
        s = summary_json(r)
        check(r.returncode == 3, "files over the server's limit: exit 3", f"{r.returncode} {r.stderr[-1500:]}")
        refused = {u["path"]: u.get("error", "") for u in s.get("uploads", []) if not u["ok"]}
        check(set(refused) == too_big, f"exactly the files over {limit} bytes are refused",
              f"refused {sorted(refused)} over the limit {sorted(too_big)}")
        for path in sorted(too_big):
            words = (f"the server refused {path} ({files[path][0]} bytes) as too large (HTTP 413): its limit on one "
                     f"request body is below {files[path][0]} bytes")
            check(words in refused.get(path, "") and "client_max_body_size" in refused.get(path, ""),
                  f"the refusal of {path} names the file, its size and the server's limit", refused.get(path, ""))
            check(words in r.stderr, f"the summary names {path} and the limit", r.stderr[-2000:])
        held = {h["path"] for h in s.get("held_back", [])}
        check(s.get("not_tried") == [], "no step is abandoned for a refused file", f"{s.get('not_tried', [])[:5]}")
        on_target = set(t.files())
        check(on_target == set(files) - too_big - held, "every other file is on the target",
              f"missing {sorted(set(files) - too_big - held - on_target)[:5]}")
        check(len(on_target) > len(files) // 2, f"most of the site is published ({len(on_target)} of {len(files)} files)")
        check(s.get("deletes_skipped") is False and not t.proxy.requests("DELETE"), "nothing is deleted")
        note(f"webdav: client_max_body_size {limit}: {len(too_big)} files refused, {len(held)} held back, "
             f"{len(on_target)} of {len(files)} published")
        assert_no_broken_links(t, "a publish with files over the server's limit")

        t.server.restart("0")
        t.proxy.upstream_port, t.proxy.local = t.server.port, harness.threading.local()
        r = publish(t, site)
        check(r.returncode == 0, "with the limit raised, the next publish finishes", r.stderr[-1500:])
        assert_target_is(t, site, "after the limit was raised")
        assert_no_broken_links(t, "the publish that finishes")


def synthetic_site(tmp, name, files):
    """A built site as `publish` reads it (a release folder and its manifest), from {path: bytes}."""
    import hashlib
    root = os.path.join(tmp, "sites", name)
    os.makedirs(os.path.join(root, ".letterpress"), exist_ok=True)
    entries = []
    for path, data in sorted(files.items()):
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
        entries.append({"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    with open(os.path.join(root, ".letterpress", "manifest.json"), "w") as f:
        json.dump({"key": name, "files": entries}, f)
    return root


def case_s3_large(tmp):
    """A file over --multipart-threshold goes up in parts (every request signed and checked), arrives whole,
    and the next publish knows it is there."""
    big = random.Random(7).randbytes(12 * 1024 * 1024 + 12345)
    site = synthetic_site(tmp, "large", {
        "index.html": b'<!doctype html><title>x</title><a href="data/findings.csv.gz">data</a>\n',
        "data/findings.csv.gz": big,
        "data/findings-2026.csv": b"inspection_id\r\nalpha\r\n"})
    with contextlib.ExitStack() as stack:
        t = S3Setup(stack, tmp)
        r = publish(t, site, "--multipart-threshold", str(5 * 1024 * 1024), "--json")
        check(r.returncode == 0, "a site with a 12 MB file publishes in parts", r.stderr[-1500:])
        requests = [(m, p) for m, p, _ in t.proxy.requests()]
        key = t.request_path("data/findings.csv.gz")
        creates = [p for m, p in requests if m == "POST" and p.startswith(key + "?uploads")]
        parts = sorted(p for m, p in requests if m == "PUT" and p.startswith(key + "?partNumber="))
        completes = [p for m, p in requests if m == "POST" and p.startswith(key + "?uploadId=")]
        check(len(creates) == 1 and len(completes) == 1, "one multipart upload is started and completed", f"{requests}")
        check([p.split("&")[0] for p in parts] == [key + f"?partNumber={n}" for n in (1, 2, 3)],
              "the 12 MB file goes up in three parts of at most 5 MiB", f"{parts}")
        check(not [p for m, p in requests if m == "PUT" and p == key], "and never in one PUT")
        check(not t.sigv4.rejected and t.sigv4.checked >= 6, "every request was signed and the signatures checked",
              f"{t.sigv4.rejected[:3]}")
        status, headers, body = t.fetch("data/findings.csv.gz")
        check(status == 200 and body == big, "the object holds exactly the file's bytes", f"{status} {len(body)}")
        check(headers.get("content-type") == "application/gzip" and headers.get("cache-control") == "public, max-age=300",
              "with the headers the site needs", f"{headers.get('content-type')} {headers.get('cache-control')}")
        small = [p for m, p in requests if m == "PUT" and p == t.request_path("data/findings-2026.csv")]
        check(len(small) == 1, "a file under the threshold goes up in one PUT")
        note(f"s3: a {len(big)}-byte file in parts: {len(requests)} requests, {r.seconds:.2f} s")

        for extra in ([], ["--full-listing"]):
            t.proxy.clear()
            r = publish(t, site, "--multipart-threshold", str(5 * 1024 * 1024), *extra)
            check(r.returncode == 0 and not mutating(t.proxy),
                  f"republishing finds the multipart object unchanged {' '.join(extra) or '(manifest only)'}",
                  f"{mutating(t.proxy)[:5]} {r.stderr[-500:]}")
        t.proxy.clear()
        r = publish(t, site)
        check(r.returncode == 0 and not mutating(t.proxy), "a publish with the default threshold changes nothing either")
        other = synthetic_site(tmp, "large-default", {"index.html": b"<!doctype html><title>y</title>\n",
                                                      "data/findings.csv.gz": big[::-1]})
        t.proxy.clear()
        r = publish(t, other, "--yes")
        puts = [p for m, p, _ in t.proxy.requests() if m == "PUT"]
        check(r.returncode == 0 and t.request_path("data/findings.csv.gz") in puts,
              "under the default 16 MiB threshold the same size goes in one PUT", f"{puts}")
        status, _, body = t.fetch("data/findings.csv.gz")
        check(body == big[::-1], "and arrives whole")


CASES = {
    "webdav-roundtrip": lambda tmp: case_roundtrip(DavSetup, tmp),
    "webdav-faults": lambda tmp: case_faults(DavSetup, tmp),
    "webdav-kill": lambda tmp: case_kill(DavSetup, tmp),
    "webdav-errors": lambda tmp: case_errors(DavSetup, tmp),
    "s3-roundtrip": lambda tmp: case_roundtrip(S3Setup, tmp),
    "s3-faults": lambda tmp: case_faults(S3Setup, tmp),
    "s3-kill": lambda tmp: case_kill(S3Setup, tmp),
    "s3-errors": lambda tmp: case_errors(S3Setup, tmp),
    "local": case_local,
    "usage": case_usage,
    "hostile": case_hostile,
    "webdav-large": case_webdav_large,
    "s3-large": case_s3_large,
}


def main():
    global BINARY, SOURCE
    if len(sys.argv) != 4 or sys.argv[3] not in CASES:
        print(__doc__)
        return 2
    BINARY, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    start = time.monotonic()
    with harness.temp_dir("letterpress-publish-") as tmp:
        try:
            CASES[sys.argv[3]](tmp)
        except Exception as e:  # a crash is a failure, reported with its cause
            import traceback
            traceback.print_exc()
            check(False, f"{sys.argv[3]} ran to the end", repr(e))
    print(f"{sys.argv[3]}: {time.monotonic() - start:.1f} s")
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 0 if RESULTS["failed"] == 0 and RESULTS["passed"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
