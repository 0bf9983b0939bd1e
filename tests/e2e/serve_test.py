#!/usr/bin/env python3
"""`letterpress serve` for real: start it on a copy of the examples, fetch pages over HTTP, edit a file and see
the change, break a file and see the diagnostics page, fix it and see the site again; preview an embargoed
letter with --as-of without writing anything into a public site folder; stop it and find the preview folder gone.

Usage: serve_test.py LETTERPRESS SOURCE_DIR
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

LETTERPRESS, SOURCE = sys.argv[1], sys.argv[2]
SALLOWMERE_DAY = "2026-12-08"   # sallowmere-2026, at pre-publication, is published on this day
BEFORE = "2026-11-23"
WAIT = 120                      # seconds to wait for a rebuild before giving up (not a timing assertion)


def fetch(url):
    """(status, body) of a GET, following no redirects."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


class Server:
    """A running `letterpress serve`, its output collected on a thread."""

    def __init__(self, root, as_of, resources=SOURCE):
        self.proc = subprocess.Popen(
            [LETTERPRESS, "serve", "--root", root, "--resources", resources, "--as-of", as_of, "--port", "0", "--no-search"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines = []
        self.ready = threading.Event()
        self.base = None
        self.preview = None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if not self.ready.wait(WAIT):
            self.stop()
            raise AssertionError("serve did not start:\n" + "".join(self.lines))

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            m = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
            if m:
                self.base = m.group(1)
            m = re.match(r"preview folder: (\S+)", line)
            if m:
                self.preview = m.group(1)
                self.ready.set()

    def output(self):
        return "".join(self.lines)

    def wait_for(self, path, predicate, what):
        """Polls `path` until predicate(status, body) holds; returns (status, body)."""
        deadline = time.monotonic() + WAIT
        while True:
            status, body = fetch(self.base + path)
            if predicate(status, body):
                return status, body
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: still HTTP {status} after {WAIT} s\n{body[:2000]}\n{self.output()}")
            time.sleep(0.3)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(30)  # everything it printed has been read
        self.proc.stdout.close()
        return self.proc.returncode


class ServeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lp-serve-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.root = os.path.join(self.tmp, "corpus")
        shutil.copytree(os.path.join(SOURCE, "examples"), self.root)
        # Templates, schemas, assets and data of our own, so a template can be edited without touching the source.
        self.resources = os.path.join(self.tmp, "resources")
        for name in ("templates", "schemas", "site", "data"):
            shutil.copytree(os.path.join(SOURCE, name), os.path.join(self.resources, name))

    def test_serves_rebuilds_on_change_and_shows_diagnostics(self):
        server = Server(self.root, BEFORE, self.resources)
        self.addCleanup(server.stop)
        self.assertTrue(server.base.startswith("http://127.0.0.1:"), "serves on loopback only")
        status, home = fetch(server.base + "/")
        self.assertEqual(200, status)
        self.assertIn("<h1>", home)
        status, letter = fetch(server.base + "/inspections/greywold-2026/")
        self.assertEqual(200, status)
        self.assertIn("rural poverty is often hidden", letter)
        status, _ = fetch(server.base + "/no-such-page/")
        self.assertEqual(404, status)
        status, _ = fetch(server.base + "/../../etc/passwd")
        self.assertEqual(404, status)

        # Edit a finding: the page shows the new text once the preview has rebuilt.
        findings = os.path.join(self.root, "inspections", "greywold-2026", "findings.xml")
        with open(findings, encoding="utf-8") as f:
            original = f.read()
        edited = original.replace("rural poverty is often hidden", "rural poverty is often unseen-serve-edit", 1)
        self.assertNotEqual(original, edited)
        with open(findings, "w", encoding="utf-8") as f:
            f.write(edited)
        server.wait_for("/inspections/greywold-2026/", lambda s, b: s == 200 and "unseen-serve-edit" in b,
                        "the edit did not reach the page")

        # Break the file: every page shows the diagnostics, in the format editors read, and so does the terminal.
        with open(findings, "w", encoding="utf-8") as f:
            f.write(edited.replace("</findings>", "", 1))
        status, page = server.wait_for("/inspections/greywold-2026/", lambda s, b: s == 500,
                                       "the broken file did not show the diagnostics page")
        self.assertIn("The site could not be built", page)
        self.assertRegex(page, r"findings\.xml:\d+:\d+: error: ")
        status, _ = fetch(server.base + "/")
        self.assertEqual(500, status, "every page shows the diagnostics while the input is invalid")
        self.assertRegex(server.output(), r"findings\.xml:\d+:\d+: error: ")

        # Fix it: the site is back.
        with open(findings, "w", encoding="utf-8") as f:
            f.write(original)
        status, page = server.wait_for("/inspections/greywold-2026/",
                                       lambda s, b: s == 200 and "rural poverty is often hidden" in b,
                                       "the fixed file did not bring the site back")

        # The templates are watched too.
        home = os.path.join(self.resources, "templates", "home.mustache")
        with open(home, encoding="utf-8") as f:
            template = f.read()
        with open(home, "w", encoding="utf-8") as f:
            f.write(template.replace("<h2>Latest reports</h2>", "<h2>Latest reports (template-serve-edit)</h2>", 1))
        server.wait_for("/", lambda s, b: s == 200 and "template-serve-edit" in b, "the template edit did not show")

        preview = server.preview
        self.assertTrue(os.path.isdir(preview))
        self.assertEqual(0, server.stop())
        self.assertFalse(os.path.exists(preview), "the preview folder is removed on exit")
        self.assertIn("stopped", server.output())

    def test_as_of_previews_an_embargoed_letter_without_touching_a_public_site(self):
        # A public site built as of BEFORE: sallowmere is embargoed there.
        public = os.path.join(self.tmp, "public")
        subprocess.run([LETTERPRESS, "build", "--root", self.root, "--resources", SOURCE, "--out", public,
                        "--as-of", BEFORE, "--no-search", "--quiet"], check=True)

        def snapshot(folder):
            return sorted((os.path.relpath(os.path.join(d, f), folder), os.path.getsize(os.path.join(d, f)))
                          for d, _, fs in os.walk(folder) for f in fs)
        before = snapshot(public + ".releases")
        self.assertFalse(os.path.exists(os.path.join(os.path.realpath(public), "inspections", "sallowmere-2026")))

        cwd = os.getcwd()
        os.chdir(self.tmp)  # serve's default would be beside here, if it had one: it must not be
        self.addCleanup(os.chdir, cwd)
        server = Server(self.root, SALLOWMERE_DAY)
        self.addCleanup(server.stop)
        status, page = fetch(server.base + "/inspections/sallowmere-2026/")
        self.assertEqual(200, status, "the embargoed letter is previewed as it will be on its day")
        self.assertIn("Sallowmere", page)
        self.assertFalse(server.preview.startswith(os.path.realpath(public)))
        self.assertEqual(0, server.stop())
        self.assertEqual(before, snapshot(public + ".releases"), "serve wrote into the public site")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["corpus", "public", "public.releases", "resources"])

        # serve has no --out: it cannot be pointed at a public folder.
        r = subprocess.run([LETTERPRESS, "serve", "--root", self.root, "--out", public, "--port", "0"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(2, r.returncode, r.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
