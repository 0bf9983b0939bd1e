"""Real servers on loopback for the publish tests, and the proxies in front of them.

  NginxDav      nginx with WebDAV (dav + dav_ext) and basic auth, config in a temp dir
  S3rver        s3rver from npm, the S3-compatible store
  SigV4Proxy    in front of s3rver: recomputes every request's AWS Signature V4 with botocore and answers
                403 SignatureDoesNotMatch (or InvalidAccessKeyId, RequestTimeTooSkewed, ...) as S3 does;
                s3rver itself then sees an anonymous request
  FaultProxy    in front of each server: counts and logs requests, injects faults (dropped connections,
                500, 503 with Retry-After, delays, stalls, corrupted bodies) and, after every request,
                calls a hook that records the target's state

Everything listens on 127.0.0.1 only, on ports the kernel hands out, and every server is stopped by
close() (the tests use try/finally and contextlib.ExitStack).
"""

import base64
import contextlib
import datetime
import hashlib
import hmac
import html
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOOPBACK = "127.0.0.1"
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade"}


def free_port():
    """A port nothing listens on right now (for servers that cannot be handed port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def wait_for_port(port, proc=None, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening on {port}")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(0.2)
            if s.connect_ex((LOOPBACK, port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {LOOPBACK}:{port} after {timeout} s")


def stop_process(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# ---------------------------------------------------------------------------------------------
# nginx + WebDAV

class NginxDav:
    """nginx serving `root` with WebDAV under /, basic auth for `user`/`password`."""

    def __init__(self, workdir, user="publisher", password="s3cret pass", create_full_put_path=False, max_body="0"):
        self.dir = os.path.join(workdir, "nginx")
        self.root = os.path.join(self.dir, "www")
        os.makedirs(os.path.join(self.dir, "tmp"), exist_ok=True)
        os.makedirs(self.root, exist_ok=True)
        self.user, self.password = user, password
        digest = base64.b64encode(hashlib.sha1(password.encode()).digest()).decode()
        with open(os.path.join(self.dir, "htpasswd"), "w") as f:
            f.write(f"{user}:{{SHA}}{digest}\n")
        self.proc = None
        self.max_body, self.create_full_put_path = max_body, create_full_put_path
        self._start()

    def restart(self, max_body):
        """Starts nginx again on the same folder with another client_max_body_size (the port may change)."""
        stop_process(self.proc)
        self.max_body = max_body
        self._start()

    def _start(self):
        create_full_put_path = self.create_full_put_path
        module = "/usr/lib/nginx/modules/ngx_http_dav_ext_module.so"
        if not os.path.exists(module):
            raise RuntimeError("nginx's WebDAV module is missing: apt-get install nginx libnginx-mod-http-dav-ext")
        for attempt in range(3):
            self.port = free_port()
            conf = os.path.join(self.dir, "nginx.conf")
            with open(conf, "w") as f:
                f.write(f"""
daemon off;
master_process off;
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
load_module {module};
events {{ worker_connections 512; }}
http {{
  access_log off;
  client_body_temp_path {self.dir}/tmp/body;
  proxy_temp_path {self.dir}/tmp/proxy;
  fastcgi_temp_path {self.dir}/tmp/fastcgi;
  uwsgi_temp_path {self.dir}/tmp/uwsgi;
  scgi_temp_path {self.dir}/tmp/scgi;
  include /etc/nginx/mime.types;
  types {{ application/atom+xml atom; }}
  keepalive_requests 100000;
  server {{
    listen {LOOPBACK}:{self.port};
    root {self.root};
    client_max_body_size {self.max_body};
    location / {{
      dav_methods PUT DELETE MKCOL COPY MOVE;
      dav_ext_methods PROPFIND OPTIONS;
      create_full_put_path {"on" if create_full_put_path else "off"};
      dav_access user:rw group:r all:r;
      auth_basic "letterpress publish test";
      auth_basic_user_file {self.dir}/htpasswd;
    }}
  }}
}}
""")
            self.proc = subprocess.Popen(["nginx", "-p", self.dir, "-c", conf, "-e", f"{self.dir}/error.log"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                wait_for_port(self.port, self.proc)
                return
            except RuntimeError:
                stop_process(self.proc)
                if attempt == 2:
                    raise

    def close(self):
        stop_process(self.proc)

    def files(self, prefix):
        """{site path: (size, mtime_ns)} of the files under /prefix on the server's disk."""
        base = os.path.join(self.root, prefix)
        out = {}
        for dirpath, _, names in os.walk(base):
            for n in names:
                full = os.path.join(dirpath, n)
                try:
                    st = os.stat(full)
                except FileNotFoundError:
                    continue
                out[os.path.relpath(full, base).replace(os.sep, "/")] = (st.st_size, st.st_mtime_ns, full)
        return out


# ---------------------------------------------------------------------------------------------
# s3rver

class S3rver:
    def __init__(self, workdir, source_dir, buckets=("site",)):
        self.dir = os.path.join(workdir, "s3rver")
        os.makedirs(self.dir, exist_ok=True)
        script = os.path.join(source_dir, "node_modules", "s3rver", "bin", "s3rver.js")
        if not os.path.exists(script):
            raise RuntimeError("s3rver is missing: run scripts/setup.sh (npm install)")
        self.proc = None
        for attempt in range(3):
            self.port = free_port()
            # s3rver makes ListObjectsV2 continuation tokens with DES, which Node 17+ keeps in OpenSSL 3's
            # legacy provider: without it every listing of more than 1,000 keys fails with HTTP 500.
            cmd = ["node", "--openssl-legacy-provider", script, "-d", self.dir, "-a", LOOPBACK, "-p", str(self.port), "--silent",
                   "--no-vhost-buckets"]
            for b in buckets:
                cmd += ["--configure-bucket", b]
            self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_for_port(self.port, self.proc, timeout=30)
                return
            except RuntimeError:
                stop_process(self.proc)
                if attempt == 2:
                    raise

    def close(self):
        stop_process(self.proc)

    def files(self, bucket, prefix):
        """{site path: (size, mtime_ns, object file)} of the complete objects under bucket/prefix/.

        s3rver writes an object's bytes straight into place and its metadata after them, so an object
        counts as present once its metadata exists."""
        base = os.path.join(self.dir, bucket, prefix)
        out = {}
        suffix = "._S3rver_object"
        for dirpath, _, names in os.walk(base):
            for n in names:
                if not n.endswith(suffix):
                    continue
                full = os.path.join(dirpath, n)
                if not os.path.exists(full[: -len(suffix)] + "._S3rver_metadata.json"):
                    continue
                try:
                    st = os.stat(full)
                except FileNotFoundError:
                    continue
                rel = os.path.relpath(full[: -len(suffix)], base).replace(os.sep, "/")
                out[rel] = (st.st_size, st.st_mtime_ns, full)
        return out


# ---------------------------------------------------------------------------------------------
# Proxies

class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        owner = self.server.owner
        with owner.connection_lock:
            owner.connections += 1

    def _any(self):
        body = b""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                body += self.rfile.read(size)
                self.rfile.readline()
        else:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                body = self.rfile.read(length)
        self.server.owner.handle(self, body)

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = do_MKCOL = do_PROPFIND = do_OPTIONS = _any
    do_COPY = do_MOVE = _any

    def log_message(self, *args):
        pass

    def send(self, status, headers, body, head=False):
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in HOP_BY_HOP and k.lower() != "content-length":
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        # A client that gave up on a stalled answer closes its end; that is the point of a stall.
        import sys
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class _Proxy:
    """Forwards every request to an upstream server over kept-alive connections (one per thread)."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.local = threading.local()
        self.connection_lock = threading.Lock()
        self.connections = 0  # client connections accepted: few, when the client reuses them
        self.server = _Server((LOOPBACK, 0), _Handler)
        self.server.owner = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def forward(self, h, body, drop_headers=()):
        """Sends the request upstream as received; returns (status, headers, body)."""
        for attempt in range(2):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = http.client.HTTPConnection(LOOPBACK, self.upstream_port, timeout=120)
                self.local.conn = conn
            try:
                conn.putrequest(h.command, h.path, skip_host=True, skip_accept_encoding=True)
                for k, v in h.headers.items():
                    if k.lower() in HOP_BY_HOP or k.lower() in drop_headers:
                        continue
                    conn.putheader(k, v)
                if body or h.command in ("PUT", "POST", "PROPFIND"):
                    if "content-length" not in (k.lower() for k in h.headers.keys()):
                        conn.putheader("Content-Length", str(len(body)))
                conn.endheaders(body if body else None)
                resp = conn.getresponse()
                data = resp.read()
                if resp.will_close:
                    conn.close()
                    self.local.conn = None
                return resp.status, resp.getheaders(), data
            except (ConnectionError, http.client.HTTPException, OSError):
                conn.close()
                self.local.conn = None
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")


def _s3_error(h, status, code, message, extra=""):
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{html.escape(message)}</Message>'
            f"{extra}<RequestId>letterpress-test</RequestId></Error>").encode()
    h.send(status, [("Content-Type", "application/xml")], body, head=h.command == "HEAD")


class SigV4Proxy(_Proxy):
    """Checks each request's AWS Signature V4 as S3 would, with botocore's own signer, then forwards it
    to s3rver without its credentials."""

    def __init__(self, upstream_port, keys, region="us-east-1"):
        super().__init__(upstream_port)
        self.keys = dict(keys)  # access key id -> secret
        self.region = region
        self.checked = 0
        self.rejected = []
        self.lock = threading.Lock()

    def handle(self, h, body):
        from botocore.auth import S3SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        auth = h.headers.get("Authorization", "")
        m = re.fullmatch(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/s3/aws4_request,\s*"
                         r"SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})", auth)
        if not m:
            return self.reject(h, 403, "AccessDenied", "Anonymous or malformed authorization: " + auth[:60])
        key, scope_date, region, signed, signature = m.groups()
        if key not in self.keys:
            return self.reject(h, 403, "InvalidAccessKeyId",
                               "The AWS Access Key Id you provided does not exist in our records.")
        if region != self.region:
            return self.reject(h, 400, "AuthorizationHeaderMalformed",
                               f"the region '{region}' is wrong; expecting '{self.region}'",
                               f"<Region>{self.region}</Region>", [("x-amz-bucket-region", self.region)])
        amz_date = h.headers.get("x-amz-date", "")
        try:
            when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return self.reject(h, 403, "AccessDenied", "missing or malformed x-amz-date")
        if abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds()) > 900 or scope_date != amz_date[:8]:
            return self.reject(h, 403, "RequestTimeTooSkewed",
                               "The difference between the request time and the current time is too large.")
        payload_hash = h.headers.get("x-amz-content-sha256")
        if payload_hash is None:
            return self.reject(h, 400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
        if payload_hash != "UNSIGNED-PAYLOAD" and payload_hash != hashlib.sha256(body).hexdigest():
            return self.reject(h, 400, "XAmzContentSHA256Mismatch",
                               "The provided 'x-amz-content-sha256' header does not match what was computed.")
        md5 = h.headers.get("Content-MD5")
        if md5 is not None and md5 != base64.b64encode(hashlib.md5(body).digest()).decode():
            return self.reject(h, 400, "BadDigest", "The Content-MD5 you specified did not match what we received.")
        names = signed.split(";")
        headers = {}
        for name in names:
            values = h.headers.get_all(name)
            if values is None:
                return self.reject(h, 403, "SignatureDoesNotMatch", f"signed header '{name}' is missing")
            headers[name] = ",".join(v.strip() for v in values)
        request = AWSRequest(method=h.command, url="http://" + headers.get("host", "") + h.path, headers=headers,
                             data=body)
        request.context["timestamp"] = amz_date
        signer = S3SigV4Auth(Credentials(key, self.keys[key]), "s3", region)
        canonical = signer.canonical_request(request)
        string_to_sign = signer.string_to_sign(request, canonical)
        expected = signer.signature(string_to_sign, request)
        if signed != ";".join(sorted(names)) or "host" not in names or "x-amz-date" not in names:
            return self.reject(h, 403, "SignatureDoesNotMatch", "SignedHeaders must be sorted and include host and x-amz-date")
        if not hmac.compare_digest(expected, signature):
            return self.reject(h, 403, "SignatureDoesNotMatch",
                               "The request signature we calculated does not match the signature you provided. "
                               "Check your key and signing method.",
                               f"<CanonicalRequest>{html.escape(canonical)}</CanonicalRequest>")
        with self.lock:
            self.checked += 1
        status, resp_headers, data = self.forward(
            h, body, drop_headers=("authorization", "x-amz-security-token", "x-amz-date", "x-amz-content-sha256"))
        h.send(status, resp_headers, data, head=h.command == "HEAD")

    def reject(self, h, status, code, message, extra="", headers=()):
        with self.lock:
            self.rejected.append((h.command, h.path, code, message))
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{html.escape(message)}'
                f"</Message>{extra}<RequestId>letterpress-test</RequestId></Error>").encode()
        h.send(status, [("Content-Type", "application/xml")] + list(headers), body, head=h.command == "HEAD")


class Faults:
    """Which faults to inject, decided per request from a seeded random generator (so a failing run can be
    replayed) and from explicit rules."""

    def __init__(self, seed=1, drop=0.0, drop_after=0.0, error500=0.0, busy503=0.0, delay=0.0, delay_seconds=(0.0, 0.0),
                 stall=0.0, stall_seconds=0.0, retry_after="1", corrupt_paths=(), every_delay=0.0, methods=None):
        self.random = random.Random(seed)
        self.drop, self.drop_after, self.error500, self.busy503 = drop, drop_after, error500, busy503
        self.delay, self.delay_seconds = delay, delay_seconds
        self.stall, self.stall_seconds = stall, stall_seconds
        self.retry_after = retry_after
        self.corrupt_paths = set(corrupt_paths)
        self.every_delay = every_delay
        self.methods = methods  # None: any method is fair game

    def choose(self, method):
        if self.methods is not None and method not in self.methods:
            return None
        r = self.random.random()
        for name, p in (("drop", self.drop), ("drop_after", self.drop_after), ("500", self.error500),
                        ("503", self.busy503), ("delay", self.delay), ("stall", self.stall)):
            if r < p:
                return name
            r -= p
        return None


class FaultProxy(_Proxy):
    """Logs every request, injects faults, and after each request calls `after_request()`."""

    def __init__(self, upstream_port, faults=None, after_request=None):
        super().__init__(upstream_port)
        self.faults = faults or Faults()
        self.after_request = after_request
        self.lock = threading.Lock()
        self.log = []  # (method, path, status or fault)
        self.active = 0

    def clear(self):
        with self.lock:
            self.log = []

    def requests(self, method=None):
        with self.lock:
            return [e for e in self.log if method is None or e[0] == method]

    def quiesce(self, timeout=20.0):
        """Waits until no request is being handled: everything a killed client sent has landed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.active == 0:
                    return True
            time.sleep(0.02)
        return False

    def handle(self, h, body):
        with self.lock:
            self.active += 1
        try:
            self._handle(h, body)
        finally:
            with self.lock:
                self.active -= 1

    def _handle(self, h, body):
        with self.lock:
            fault = self.faults.choose(h.command)
            delay = self.faults.random.uniform(*self.faults.delay_seconds) if fault == "delay" else 0.0
        try:
            if self.faults.every_delay:
                time.sleep(self.faults.every_delay)
            if fault == "drop":
                self.record(h, "dropped")
                h.close_connection = True
                return
            if fault == "500":
                self.record(h, 500)
                h.send(500, [("Content-Type", "text/plain")], b"injected failure\n", head=h.command == "HEAD")
                return
            if fault == "503":
                self.record(h, 503)
                h.send(503, [("Content-Type", "text/plain"), ("Retry-After", self.faults.retry_after)], b"busy\n",
                       head=h.command == "HEAD")
                return
            if fault == "delay":
                time.sleep(delay)
            if h.command == "PUT" and any(h.path.endswith(p) for p in self.faults.corrupt_paths) and body:
                body = bytes([body[0] ^ 0x20]) + body[1:]  # same size, other content
            status, headers, data = self.forward(h, body)
            if fault == "stall":
                # The server did the work and is slow to say so: the client gives up and tries again.
                time.sleep(self.faults.stall_seconds)
            if fault == "drop_after":
                # The server did the work, the client never hears of it.
                self.record(h, f"dropped after {status}")
                h.close_connection = True
                return
            # Logged before the answer goes back, so the log is complete when the client exits.
            self.record(h, status)
            h.send(status, headers, data, head=h.command == "HEAD")
        finally:
            if self.after_request:
                self.after_request()

    def record(self, h, outcome):
        with self.lock:
            self.log.append((h.command, urllib.parse.unquote(h.path), outcome))


# ---------------------------------------------------------------------------------------------
# What readers would see: every page they can reach links only to files that exist

LINK_RE = re.compile(rb'\s(?:href|src)="([^"]*)"')
LOC_RE = re.compile(rb"<loc>([^<]*)</loc>")
# What readers and crawlers open without following a link: the site's root, the page a server shows for a
# missing URL, and what crawlers fetch by well-known name. (A feed is opened without a link only by those
# who subscribed, so only once it existed: the tests pass it among the "bookmarked" files.)
ENTRY_POINTS = ("index.html", "404.html", "sitemap.xml", "robots.txt")


class LinkChecker:
    """Checks a snapshot of the target: starting from the entry points (and pages readers may have
    bookmarked), every link of every reachable page must resolve to a file present on the target, and the
    search index's entry file must name metadata that is present."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/") + "/"
        self.cache = {}  # (path, size, mtime_ns) -> [targets]

    def links(self, path, size, mtime, full):
        key = (path, size, mtime)
        if key not in self.cache:
            try:
                with open(full, "rb") as f:
                    data = f.read()
            except FileNotFoundError:
                data = b""
            refs = []
            if path.endswith(".html") or path.endswith(".xml"):
                refs = [m.group(1).decode("utf-8", "replace") for m in LINK_RE.finditer(data)]
            if path.endswith(".xml"):
                refs += [m.group(1).decode("utf-8", "replace") for m in LOC_RE.finditer(data)]
            targets = []
            for ref in refs:
                t = self.resolve(path, html.unescape(ref))
                if t is not None:
                    targets.append(t)
            # The search page's script loads Pagefind, which loads its entry file, which names the
            # metadata of the current index.
            if path.endswith(".js") and not path.startswith("pagefind/") and b"pagefind/pagefind.js" in data:
                targets.append("pagefind/pagefind.js")
            if path == "pagefind/pagefind.js":
                targets.append("pagefind/pagefind-entry.json")
            if path == "pagefind/pagefind-entry.json":
                try:
                    for lang in json.loads(data)["languages"].values():
                        targets.append(f"pagefind/pagefind.{lang['hash']}.pf_meta")
                except (ValueError, KeyError, TypeError):
                    pass
            self.cache[key] = targets
        return self.cache[key]

    def resolve(self, page, ref):
        if ref.startswith(self.base_url):
            ref = "/" + ref[len(self.base_url):]
        elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref) or ref.startswith("//"):
            return None
        ref = ref.split("#", 1)[0].split("?", 1)[0]
        if not ref:
            return None
        if ref.startswith("/"):
            joined = ref[1:]
        else:
            joined = page.rsplit("/", 1)[0] + "/" + ref if "/" in page else ref
        parts = []
        for p in joined.split("/"):
            if p == "..":
                if parts:
                    parts.pop()
            elif p not in ("", "."):
                parts.append(p)
        target = "/".join(parts)
        if joined.endswith("/") or not target:
            target = (target + "/" if target else "") + "index.html"
        return target

    def violations(self, files, bookmarked=()):
        """`files`: {path: (size, mtime_ns, full path)}. Returns (["page -> missing target", ...], the set of
        files reachable from the entry points and `bookmarked`)."""
        present = set(files)
        todo = [p for p in list(ENTRY_POINTS) + list(bookmarked) if p in present]
        seen = set()
        bad = []
        while todo:
            page = todo.pop()
            if page in seen or page not in present:
                continue
            seen.add(page)
            size, mtime, full = files[page]
            if not page.endswith((".html", ".xml", ".js", ".json")):
                continue
            for t in self.links(page, size, mtime, full):
                if t not in present:
                    bad.append(f"{page} -> {t}")
                else:
                    todo.append(t)
        return sorted(set(bad)), seen


class StateRecorder:
    """The hook a FaultProxy calls after every request: takes the target's state and checks it.

    Readers reach pages from the entry points, and come back to pages they reached before (bookmarks, a
    feed they subscribed to): every file that has been reachable and present ever since, and that the site
    being published keeps, counts as an entry point too. A page that a publish put up but never linked to (a killed run's new
    files) was never reachable, so nobody can be holding it."""

    def __init__(self, snapshot, checker):
        self.snapshot = snapshot  # () -> {path: (size, mtime_ns, full)}
        self.checker = checker
        self.lock = threading.Lock()
        self.keep = None         # paths of the site being published (None: any)
        self.ever = set()        # every file reachable in some state so far
        self.states = 0          # requests after which the state was taken
        self.distinct = 0        # distinct states checked
        self.violations = []     # (state number, [violations])
        self.last = None

    def __call__(self):
        with self.lock:
            files = self.snapshot()
            self.states += 1
            fingerprint = frozenset((p, v[0], v[1]) for p, v in files.items())
            if fingerprint == self.last:
                return
            self.last = fingerprint
            self.distinct += 1
            # A page that was deleted is no one's bookmark any more: whoever comes back finds it gone, and
            # if a later publish puts it back, it is a new page.
            self.ever &= set(files)
            roots = [p for p in self.ever if self.keep is None or p in self.keep]
            bad, reachable = self.checker.violations(files, roots)
            self.ever |= reachable
            if bad:
                self.violations.append((self.states, bad))


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def http_get(port, path, headers=None):
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), resp.read()
    finally:
        conn.close()


@contextlib.contextmanager
def temp_dir(prefix):
    d = tempfile.mkdtemp(prefix=prefix)
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# A hostile server

class EndlessServer(_Proxy):
    """Answers every listing (PROPFIND, or an S3 ListObjectsV2 GET) with a reply that never ends: `mode`
    "flood" streams XML as fast as the client reads it, "drip" sends a few bytes every half second (never a
    stall, never an end). Anything else gets 404."""

    def __init__(self, mode="flood"):
        self.mode = mode
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.owner = self
        self.connection_lock = threading.Lock()
        self.connections = 0
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def handle(self, h, body):
        import time as _time
        listing = h.command == "PROPFIND" or (h.command == "GET" and "list-type=2" in h.path)
        if not listing:
            h.send(404, [("Content-Type", "text/plain")], b"not here")
            return
        h.send_response(207 if h.command == "PROPFIND" else 200)
        h.send_header("Content-Type", "application/xml")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        if h.command == "PROPFIND":
            head = b'<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">'
            entry = (b"<D:response><D:href>/pub/site/endless-%06d.html</D:href><D:propstat><D:prop>"
                     b"<D:getcontentlength>10</D:getcontentlength></D:prop><D:status>HTTP/1.1 200 OK</D:status>"
                     b"</D:propstat></D:response>")
        else:
            head = b'<?xml version="1.0"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            entry = b"<Contents><Key>live/endless-%06d.html</Key><Size>10</Size><ETag>x</ETag></Contents>"

        def chunk(data):
            h.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

        try:
            chunk(head)
            n = 0
            while True:
                if self.mode == "drip":
                    chunk(b" ")
                    h.wfile.flush()
                    _time.sleep(0.5)
                else:
                    chunk(b"".join(entry % (n + i) for i in range(200)))
                    n += 200
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
