#!/usr/bin/env python3
"""Publishing at scale, through a proxy on loopback that adds a fixed delay to every request (a real
network's round trip): a synthetic site of N files (default 10,000, in folders like a built site's) is
published to nginx WebDAV and to s3rver (behind the SigV4-checking proxy), then published again unchanged,
with the manifest-only read (the default) and with --full-listing (what every publish did before).
Also the worst cases of a hostile server: a listing that never ends, against the response cap and --timeout.

Usage: bench/publish_bench.py [--files N] [--delay SECONDS] [BINARY]
Prints a Markdown table; bench/publish.md records a run.
"""
import argparse
import contextlib
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
source = os.path.dirname(here)
sys.path.insert(0, os.path.join(source, "tests", "publish"))
import harness  # noqa: E402


def synthetic_site(root, files):
    """A release folder and its manifest: `files` files, about ten per report folder, 2-12 kB each."""
    rng = random.Random(1)
    entries = []
    os.makedirs(os.path.join(root, ".letterpress"), exist_ok=True)
    names = ["index.html", "data.json", "recommendations/index.html", "responses/index.html", "agencies/health/index.html",
             "agencies/police/index.html", "agencies/social-care/index.html", "agencies/education/index.html",
             "agencies/partnership/index.html", "letter.pdf"]
    for i in range(files):
        folder, name = divmod(i, len(names))
        path = f"inspections/area-{folder:05d}/{names[name]}"
        data = (f"<!doctype html><title>{path}</title>\n".encode() + rng.randbytes(rng.randint(1000, 6000)).hex().encode())
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
        entries.append({"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    with open(os.path.join(root, ".letterpress", "manifest.json"), "w") as f:
        json.dump({"key": "bench", "files": entries}, f)
    return sum(e["size"] for e in entries)


def run(binary, site, url, args, env):
    all_env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LETTERPRESS_"))}
    all_env.update(env)
    start = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "peak-kb %M", binary, "publish", "--site", site, "--to", url, "--json", "-q"]
                       + args, capture_output=True, text=True, env=all_env, stdin=subprocess.DEVNULL)
    seconds = time.monotonic() - start
    peak = re.search(r"peak-kb (\d+)", r.stderr)
    try:
        summary = json.loads(r.stdout)
    except ValueError:
        summary = {}
    return r.returncode, summary, seconds, int(peak.group(1)) // 1024 if peak else -1, r.stderr[-600:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--delay", type=float, default=0.030)
    parser.add_argument("--only", choices=("webdav", "s3", "hostile"), help="run one part only")
    parser.add_argument("binary", nargs="?", default=os.path.join(source, "build", "dev", "pipeline", "letterpress"))
    a = parser.parse_args()
    binary = os.path.abspath(a.binary)
    rows = []
    with harness.temp_dir("letterpress-bench-") as tmp:
        site = os.path.join(tmp, "site")
        size = synthetic_site(site, a.files)
        print(f"site: {a.files} files, {size / 1e6:.1f} MB; every request delayed {a.delay * 1000:.0f} ms", flush=True)
        with contextlib.ExitStack() as stack:
            dav = stack.enter_context(contextlib.closing(harness.NginxDav(tmp)))
            dav_proxy = stack.enter_context(contextlib.closing(
                harness.FaultProxy(dav.port, harness.Faults(every_delay=a.delay))))
            s3 = stack.enter_context(contextlib.closing(harness.S3rver(tmp, source, buckets=("site",))))
            keys = {"AKIDBENCH": "bench-secret"}
            sigv4 = stack.enter_context(contextlib.closing(harness.SigV4Proxy(s3.port, keys)))
            s3_proxy = stack.enter_context(contextlib.closing(
                harness.FaultProxy(sigv4.port, harness.Faults(every_delay=a.delay))))
            targets = [
                ("WebDAV (nginx)", dav_proxy, f"webdav+http://127.0.0.1:{dav_proxy.port}/pub/site", [],
                 {"LETTERPRESS_WEBDAV_USER": dav.user, "LETTERPRESS_WEBDAV_PASSWORD": dav.password}),
                ("S3 (s3rver)", s3_proxy, "s3://site/live", ["--endpoint", f"http://127.0.0.1:{s3_proxy.port}"],
                 {"AWS_ACCESS_KEY_ID": "AKIDBENCH", "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_REGION": "us-east-1"}),
            ]
            targets = [t for t in targets if a.only in (None, "webdav" if "WebDAV" in t[0] else "s3")]
            for name, proxy, url, args, env in targets:
                for label, extra in (("first publish", []), ("unchanged, manifest only (default)", []),
                                     ("unchanged, --full-listing (the old way)", ["--full-listing"])):
                    proxy.clear()
                    code, summary, seconds, peak, err = run(binary, site, url, args + extra, env)
                    if code != 0:
                        print(f"{name} {label}: exit {code}\n{err}", file=sys.stderr)
                    methods = {}
                    for method, _, _ in proxy.requests():
                        methods[method] = methods.get(method, 0) + 1
                    rows.append((name, label, code, len(proxy.requests()),
                                 ", ".join(f"{m} {n}" for m, n in sorted(methods.items())), seconds, peak))
                    print(f"| {name} | {label} | {code} | {rows[-1][3]:,} | {rows[-1][4]} | {seconds:.2f} s | {peak} MB |",
                          flush=True)

        s3_env = {"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1"}
        if a.only not in (None, "hostile"):
            return
        with contextlib.closing(harness.EndlessServer("flood")) as flood, \
                contextlib.closing(harness.EndlessServer("drip")) as drip:
            for name, url, args, env in (
                    ("WebDAV, endless PROPFIND, default cap (64 MiB)", f"webdav+http://127.0.0.1:{flood.port}/pub/site", [], {}),
                    ("S3, endless ListObjectsV2, default cap (64 MiB)", "s3://site/live",
                     ["--endpoint", f"http://127.0.0.1:{flood.port}"], s3_env),
                    ("WebDAV, dripping PROPFIND, --timeout 5", f"webdav+http://127.0.0.1:{drip.port}/pub/site",
                     ["--timeout", "5"], {}),
                    ("S3, dripping listing, --timeout 5", "s3://site/live",
                     ["--endpoint", f"http://127.0.0.1:{drip.port}", "--timeout", "5"], s3_env)):
                code, summary, seconds, peak, err = run(binary, site, url, args, env)
                print(f"| {name} | exit {code} | {seconds:.2f} s | {peak} MB |", flush=True)


if __name__ == "__main__":
    main()
