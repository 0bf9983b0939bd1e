#!/usr/bin/env python3
"""End-to-end tests of the rules the site build promises (README: "What build produces", Embargo, Releases).

Usage: site_rules_test.py LETTERPRESS SOURCE_DIR [unittest arguments, e.g. a test class name]

Each test copies what it needs into its own temporary folder, runs the real binary there and checks the
output tree on disk. Standard library only; xmllint, WeasyPrint and pdftotext are used when installed.
"""

import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

LETTERPRESS = ""
SOURCE = ""

AS_OF = "2026-11-23"          # sallowmere-2026 is at pre-publication, published on 2026-12-08
SALLOWMERE_DAY = "2026-12-08"
FUTURE = "2026-12-01"         # after AS_OF, before SALLOWMERE_DAY: re-dated response, action plan, change note
BASE_URL = "https://inspections.example.org/"


# --- running the binary -------------------------------------------------------------------------------

def run(*args, env=None, check=None):
    """Runs letterpress with `args`; returns the CompletedProcess. `check` is the expected exit code."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    proc = subprocess.run([LETTERPRESS, *args], capture_output=True, text=True, env=full_env, timeout=600)
    if check is not None and proc.returncode != check:
        raise AssertionError(f"letterpress {' '.join(args)}: exit {proc.returncode}, expected {check}\n"
                             f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


def build(root, out, *extra, as_of=AS_OF, env=None, check=0):
    return run("build", "--root", str(root), "--out", str(out), "--as-of", as_of, *extra, env=env, check=check)


def have(tool):
    return shutil.which(tool) is not None


def copy_examples(tmp):
    corpus = os.path.join(tmp, "corpus")
    shutil.copytree(os.path.join(SOURCE, "examples"), corpus)
    return corpus


# --- looking at output trees --------------------------------------------------------------------------

def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tree(out):
    """The release `out` points at: relative path -> (sha256, inode, mtime_ns), every file."""
    root = os.path.realpath(out)
    files = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            files[os.path.relpath(path, root)] = (sha256(path), st.st_ino, st.st_mtime_ns)
    return files


def hashes(out):
    return {path: h for path, (h, _, _) in tree(out).items()}


def link(out):
    return os.readlink(out)


def staging_folders(out):
    releases = str(out) + ".releases"
    if not os.path.isdir(releases):
        return []
    return sorted(n for n in os.listdir(releases) if n.startswith(".staging-"))


def release_folders(out):
    return sorted(n for n in os.listdir(str(out) + ".releases")
                  if not n.startswith(".") and os.path.isdir(os.path.join(str(out) + ".releases", n)))


def decoded(data):
    """The bytes a reader of `data` sees: gzip members (the Pagefind index) are unpacked, repeatedly."""
    while data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def every_output_byte(folder):
    """(path, decoded bytes) of every regular file under `folder`, symbolic links not followed."""
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                yield path, decoded(f.read())


def pdf_text(path):
    """The text of a PDF with whitespace, hyphens and soft hyphens removed (line breaks may split words)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, check=True).stdout
    return squeeze(text)


def squeeze(data):
    return re.sub(rb"\s|-|\xc2\xad|\xe2\x80\x90|\xe2\x80\x91", b"", data)


# --- planting embargo markers -------------------------------------------------------------------------

MARKER_END = "x7f3a"  # 'x' is not a hex digit, so no hash or fingerprint can contain it by chance


class Markers:
    """Plants unique, plain-word markers in a corpus, each with the category that decides when it is public.

    A marker is EMBARGO-MARKER-<category>qv-<field><n>-x7f3a. Pagefind splits words at hyphens and stores
    lower-case words, so the whole marker is searched for in page text and the category word (which is
    unique thanks to 'qv') in everything, the search index included.
    """

    def __init__(self):
        self.by_category = {}
        self.count = 0
        self.control = ""  # a marker in public text, to prove the search finds what is there

    def new(self, category, field):
        self.count += 1
        field = re.sub(r"[^a-z]", "", field.lower())
        marker = f"EMBARGO-MARKER-{category}qv-{field}{self.count}-{MARKER_END}"
        self.by_category.setdefault(category, []).append(marker)
        return marker

    @staticmethod
    def word(category):
        return f"{category}qv".encode()

    def prefix_text(self, element, category, field=None):
        """Puts a marker in front of the element's own text, after its leading whitespace."""
        text = element.text or ""
        stripped = text.lstrip()
        lead = text[:len(text) - len(stripped)]
        element.text = f"{lead}{self.new(category, field or element.tag)} {stripped}"

    def prefix_attribute(self, element, name, category):
        element.set(name, f"{self.new(category, name)} {element.get(name)}")

    def email(self, element, category="email"):
        domain = element.get("email").split("@", 1)[1]
        element.set("email", f"{self.new(category, 'email')}@{domain}")


TEXT_ATTRIBUTES = ("name", "title", "role", "organisation")
# Elements whose text is free text (Line, Markdown or string in the schemas); the others are dates and codes.
TEXT_ELEMENTS = ("principal-authority", "complaint-hold", "change-note", "withdrawal", "body", "current", "proposed",
                 "evidence", "decision", "statement", "improvement-activity", "description", "progress")


def load_xml(path):
    return ET.parse(path)


def save_xml(tree_, path):
    tree_.write(path, encoding="UTF-8", xml_declaration=True)


def plant_everything(markers, path, category):
    """Every text and every name-like attribute of one document gets a marker; emails get email markers."""
    doc = load_xml(path)
    for element in doc.getroot().iter():
        if element.tag in TEXT_ELEMENTS:
            markers.prefix_text(element, category)
        for name in TEXT_ATTRIBUTES:
            if element.get(name) is not None:
                markers.prefix_attribute(element, name, category)
        if element.tag == "decision":
            markers.prefix_attribute(element, "by", category)
        if element.get("email") is not None:
            markers.email(element, "email" if category != "corrections" else "corrections")
    save_xml(doc, path)


def plant(corpus):
    """Plants a marker in every field that must not be public on AS_OF. Returns the Markers."""
    m = Markers()
    inspections = os.path.join(corpus, "inspections")
    unpublished = {"sallowmere-2026": "sallowmere", "orrinsford-2026": "draft", "kestlebury-2026": "fieldwork"}
    for inspection, category in unpublished.items():
        for name in ("inspection.xml", "findings.xml"):
            plant_everything(m, os.path.join(inspections, inspection, name), category)
    for inspection in sorted(os.listdir(inspections)):
        folder = os.path.join(inspections, inspection)
        corrections = os.path.join(folder, "corrections")
        if os.path.isdir(corrections):
            for name in sorted(os.listdir(corrections)):
                plant_everything(m, os.path.join(corrections, name), "corrections")
        if inspection not in unpublished:
            # Published letters name their addressees, but never their email addresses.
            path = os.path.join(folder, "inspection.xml")
            doc = load_xml(path)
            for addressee in doc.getroot().iter("addressee"):
                m.email(addressee)
            save_xml(doc, path)

    # A control: text of a published letter, public on AS_OF, that every search must find.
    path = os.path.join(inspections, "thornlow-2026", "findings.xml")
    doc = load_xml(path)
    body = doc.getroot().find("finding").find("body")
    m.control = "PUBLIC-CONTROL-thornlow-k9w2"
    body.text = f"\n      {m.control} {body.text.lstrip()}"
    save_xml(doc, path)

    # A partner response of a published inspection, re-dated after AS_OF.
    path = os.path.join(inspections, "brackenholt-2026", "responses.xml")
    doc = load_xml(path)
    response = doc.getroot().find("response")
    response.set("date", FUTURE)
    for element in response.iter():
        if element.tag in TEXT_ELEMENTS:
            m.prefix_text(element, "response")
        for name in TEXT_ATTRIBUTES:
            if element.get(name) is not None:
                m.prefix_attribute(element, name, "response")
    save_xml(doc, path)

    # The action plan of a published inspection, re-dated after AS_OF.
    path = os.path.join(inspections, "merrowgate-2025", "responses.xml")
    doc = load_xml(path)
    action_plan = doc.getroot().find("action-plan")
    action_plan.set("date", FUTURE)
    for element in action_plan.iter():
        if element.tag in TEXT_ELEMENTS:
            m.prefix_text(element, "actionplan")
        if element.get("owner-role") is not None:
            m.prefix_attribute(element, "owner-role", "actionplan")
    save_xml(doc, path)

    # A change note dated after AS_OF on a published letter.
    path = os.path.join(inspections, "brackenholt-2026", "inspection.xml")
    doc = load_xml(path)
    notes = doc.getroot().find("change-notes")
    note = ET.SubElement(notes, "change-note", {"date": FUTURE, "kind": "major"})
    note.text = "Amended the figures in the context section."
    note.tail, notes[-2].tail = notes[-2].tail, "\n    "
    m.prefix_text(note, "changenote", "note")
    save_xml(doc, path)
    return m


# --- the tests ----------------------------------------------------------------------------------------

class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lp-site-rules-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)


class EmbargoMarkerTest(TempDirTest):
    """Nothing that is not public on the as-of date reaches any output byte; and the search would see it."""

    NEVER_PUBLIC = ("draft", "fieldwork", "corrections", "email")
    LATER = ("sallowmere", "response", "actionplan", "changenote")

    def planted_corpus(self):
        corpus = copy_examples(self.tmp)
        markers = plant(corpus)
        check = run("check", "--root", corpus)
        self.assertEqual(check.returncode, 0, "the planted corpus must stay valid:\n" + check.stderr)
        for category in self.NEVER_PUBLIC + self.LATER:
            self.assertTrue(markers.by_category.get(category), f"no '{category}' marker planted")
        return corpus, markers

    def found(self, folder, markers, pdf=False):
        """marker or category word -> output files holding it, searching every file under `folder`.

        Whitespace and hyphens are ignored (a line break or hyphenation may split a marker in a PDF)."""
        hits = {}
        by_squeezed = {squeeze(mk.encode()): mk for ms in markers.by_category.values() for mk in ms}
        pattern = re.compile(rb"EMBARGOMARKER[a-z]+qv[a-z]+[0-9]+" + MARKER_END.encode())
        words = [Markers.word(c) for c in markers.by_category] + [MARKER_END.encode(), b"embargomarker"]
        for path, data in every_output_byte(folder):
            texts = [squeeze(data)]
            if pdf and path.endswith(".pdf"):
                texts.append(pdf_text(path))
            for text in texts:
                for match in set(pattern.findall(text)):
                    marker = by_squeezed.get(match, match.decode())
                    hits.setdefault(marker, set()).add(path)
                lowered = text.lower()
                for word in words:
                    if word in lowered:
                        hits.setdefault(word.decode(), set()).add(path)
                if squeeze(markers.control.encode()) in text:
                    hits.setdefault(markers.control, set()).add(path)
        return hits

    def assert_nothing_leaks(self, hits, categories, releases):
        leaks = {}
        for key, paths in hits.items():
            for category in categories:
                if key == Markers.word(category).decode() or f"-{category}qv-" in key:
                    leaks[key] = sorted(os.path.relpath(p, releases) for p in paths)
        self.assertEqual(leaks, {}, "embargoed text reached the output")

    def test_nothing_embargoed_reaches_any_output_byte(self):
        corpus, markers = self.planted_corpus()
        out = self.path("site")
        build(corpus, out)
        releases = out + ".releases"
        self.assertTrue(os.path.isfile(os.path.join(os.path.realpath(out), ".letterpress", "manifest.json")))
        self.assertTrue(any(p.startswith("pagefind" + os.sep) for p in tree(out)), "no search index was built")
        hits = self.found(releases, markers)
        self.assertIn(os.path.join(os.path.realpath(out), "inspections", "thornlow-2026", "index.html"),
                      hits.get(markers.control, ()), "the search does not find public text")
        self.assertEqual({k: v for k, v in hits.items() if k in (MARKER_END, "embargomarker")}, {},
                         "a marker reached the output")
        self.assert_nothing_leaks(hits, self.NEVER_PUBLIC + self.LATER, releases)
        # The scan covered every kind of output, the newer ones included.
        files = set(tree(out))
        for expected in ("feed.xml", "areas/merrowgate/feed.xml", "themes/front-door/feed.xml",
                         "themes/serious-youth-violence/feed.xml", "accessibility/index.html", "privacy/index.html",
                         "data/actions.csv", "areas/index.html"):
            self.assertIn(expected.replace("/", os.sep), files, f"{expected} was not built, so not scanned")
        self.assertNotIn(os.path.join("areas", "sallowmere", "feed.xml"), files)

        # The same search finds the markers once their date has come: it would have caught a leak.
        later = self.path("later")
        build(corpus, later, as_of=SALLOWMERE_DAY)
        hits = self.found(later + ".releases", markers)
        # ... in the new outputs too: the area and theme feeds, the home page's "what's new", the actions CSV.
        real_later = os.path.realpath(later)
        sallowmere_files = {os.path.relpath(p, real_later) for p in hits.get(Markers.word("sallowmere").decode(), ())
                            if p.startswith(real_later + os.sep)}
        for expected in ("areas/sallowmere/feed.xml", "themes/front-door/feed.xml", "feed.xml", "areas/index.html"):
            self.assertIn(expected.replace("/", os.sep), sallowmere_files)
        actionplan_files = {os.path.relpath(p, real_later) for p in hits.get(Markers.word("actionplan").decode(), ())
                            if p.startswith(real_later + os.sep)}
        self.assertIn(os.path.join("data", "actions.csv"), actionplan_files)
        self.assert_nothing_leaks(hits, self.NEVER_PUBLIC, later + ".releases")
        missing = {c: [mk for mk in markers.by_category[c] if mk not in hits] for c in self.LATER}
        shown = {c: len(markers.by_category[c]) - len(missing[c]) for c in self.LATER}
        print(f"markers shown on {SALLOWMERE_DAY}: {shown}; not shown anywhere: {missing}")
        # Every planted text is public once its date has come (the letter, its area, its addressees' names,
        # the response, the action plan, the change note), so each marker must now be found: the search
        # that found none of them on AS_OF would have caught any one of them leaking.
        self.assertEqual({c: ms for c, ms in missing.items() if ms}, {}, "public text not found in the output")
        # And searching decoded Pagefind files is what finds them in the index.
        index_hits = [p for p in hits[Markers.word("sallowmere").decode()] if os.sep + "pagefind" + os.sep in p]
        self.assertTrue(index_hits, "the sallowmere markers were not found in the search index")

    @unittest.skipUnless(have("weasyprint") and have("pdftotext"), "needs WeasyPrint and pdftotext")
    def test_nothing_embargoed_reaches_any_pdf(self):
        corpus, markers = self.planted_corpus()
        out = self.path("site")
        build(corpus, out, "--pdf", "--no-search", "--jobs", "2")
        pdfs = [p for p in tree(out) if p.endswith(".pdf")]
        self.assertTrue(pdfs, "no PDFs were built")
        for p in pdfs:
            self.assertFalse(re.search(r"sallowmere|orrinsford|kestlebury", p), f"PDF of an unpublished letter: {p}")
        hits = self.found(out + ".releases", markers, pdf=True)
        self.assertIn(os.path.join(os.path.realpath(out), "inspections", "thornlow-2026", "thornlow-2026.pdf"),
                      hits.get(markers.control, ()), "the search does not find public text in PDFs")
        self.assertEqual({k: v for k, v in hits.items() if k in (MARKER_END, "embargomarker")}, {},
                         "a marker reached a PDF")
        self.assert_nothing_leaks(hits, self.NEVER_PUBLIC + self.LATER, out + ".releases")


class AtomicReleaseTest(TempDirTest):
    """A failed or interrupted build leaves the site exactly as it was; the next build cleans up."""

    def change_corpus(self, corpus, word):
        path = os.path.join(corpus, "inspections", "thornlow-2026", "findings.xml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("<body>\n", f"<body>\n      Revised{word}. ", 1)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def assert_site_unchanged(self, out, before, target, what):
        self.assertEqual(link(out), target, f"{what}: the site link moved")
        self.assertEqual(tree(out), before, f"{what}: the site's files changed")
        self.assertEqual(staging_folders(out), [], f"{what}: a staging folder was left behind")

    def test_failed_and_killed_builds_leave_the_site_untouched(self):
        corpus = copy_examples(self.tmp)
        out = self.path("site")
        build(corpus, out)
        before, target = tree(out), link(out)

        # (a) invalid input: exit 1, nothing touched.
        findings = os.path.join(corpus, "inspections", "thornlow-2026", "findings.xml")
        with open(findings, encoding="utf-8") as f:
            good = f.read()
        with open(findings, "w", encoding="utf-8") as f:
            f.write(good[: len(good) // 2])
        proc = build(corpus, out, check=None)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assert_site_unchanged(out, before, target, "invalid XML")
        with open(findings, "w", encoding="utf-8") as f:
            f.write(good)

        # (b) the search step fails after the new release was staged.
        self.change_corpus(corpus, "one")
        proc = build(corpus, out, env={"LETTERPRESS_PAGEFIND": "/bin/false"}, check=None)
        self.assertNotEqual(proc.returncode, 0, proc.stdout)
        self.assertIn("Pagefind failed", proc.stderr)
        self.assert_site_unchanged(out, before, target, "failed search step")

        # (c) killed part-way (kill -9 of the whole process group: letterpress and its children).
        self.change_corpus(corpus, "two")
        env = dict(os.environ)
        args = [LETTERPRESS, "build", "--root", corpus, "--out", out, "--as-of", AS_OF]
        if have("weasyprint"):
            args += ["--pdf", "--jobs", "1"]
        else:
            slow = self.path("slow-pagefind")
            with open(slow, "w") as f:
                f.write("#!/bin/sh\nsleep 60\n")
            os.chmod(slow, 0o755)
            env["LETTERPRESS_PAGEFIND"] = slow
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            deadline = time.monotonic() + 30
            while not staging_folders(out) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(1.0)
            self.assertIsNone(proc.poll(), "the build finished before it could be killed part-way")
            self.assertTrue(staging_folders(out), "the build never started staging")
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        self.assertEqual(link(out), target, "killed build: the site link moved")
        self.assertEqual(tree(out), before, "killed build: the site's files changed")

        proc = build(corpus, out)
        self.assertNotEqual(link(out), target, "the build after the killed one did not switch the site")
        with open(os.path.join(out, "inspections", "thornlow-2026", "index.html"), encoding="utf-8") as f:
            self.assertIn("Revisedtwo", f.read())
        self.assertEqual(staging_folders(out), [], "the killed build's staging folder was not cleaned up")
        leftovers = [n for n in os.listdir(self.tmp) if n.startswith(".site.link-")]
        self.assertEqual(leftovers, [], "temporary links were left beside the site")


class ReproducibleTest(TempDirTest):
    """The same input and as-of date give byte-identical trees whatever --jobs is."""

    def test_jobs_1_and_4_give_identical_trees(self):
        one, four = self.path("one"), self.path("four")
        examples = os.path.join(SOURCE, "examples")
        build(examples, one, "--jobs", "1")
        build(examples, four, "--jobs", "4")
        a, b = hashes(one), hashes(four)
        self.assertTrue(any(p.startswith("pagefind" + os.sep) for p in a), "no search index was built")
        self.assertIn(os.path.join(".letterpress", "manifest.json"), a)
        differ = sorted(p for p in set(a) | set(b) if a.get(p) != b.get(p))
        self.assertEqual(differ, [], "files differ between --jobs 1 and --jobs 4")
        self.assertEqual(os.path.basename(link(one)), os.path.basename(link(four)))


class IncrementalTest(TempDirTest):
    """An unchanged build writes nothing; a one-finding change rewrites exactly the pages showing it."""

    def test_rebuild_writes_only_what_changed(self):
        corpus = copy_examples(self.tmp)
        out = self.path("site")
        build(corpus, out)
        before, target = tree(out), link(out)

        time.sleep(0.05)
        proc = build(corpus, out)
        self.assertIn("nothing written", proc.stdout)
        self.assertEqual(link(out), target)
        self.assertEqual(tree(out), before, "an unchanged build touched files (inode, mtime or bytes)")

        # One area for improvement of one published letter changes.
        path = os.path.join(corpus, "inspections", "thornlow-2026", "findings.xml")
        doc = load_xml(path)
        finding = next(f for f in doc.getroot().iter("finding") if f.get("kind") == "area-for-improvement")
        new_text = "Incrementalchangeqv the timeliness of return home interviews."
        finding.find("body").text = "\n      " + new_text + "\n    "
        save_xml(doc, path)
        build(corpus, out)
        self.assertNotEqual(link(out), target)
        after = tree(out)

        written = sorted(p for p in after if p not in before or after[p][1] != before[p][1])
        print(f"finding {finding.get('id')} of thornlow-2026 (agencies: {finding.get('agencies')}) changed; "
              f"files written ({len(written)}):\n  " + "\n  ".join(written))
        # Every file whose bytes did not change is the same file (a hard link to the previous release).
        relinked = sorted(p for p in after if p in before and after[p][0] == before[p][0] and after[p][1] != before[p][1])
        self.assertEqual(relinked, [], "unchanged files were rewritten instead of hard-linked")

        # The published files that show the finding: every one holding its new text (the search index and
        # the manifest are derived from the pages, and change with them).
        showing = set()
        for p in after:
            if p.startswith("pagefind/") or p.startswith(".letterpress/"):
                continue
            with open(os.path.join(out, p), "rb") as f:
                data = f.read()
            if p.endswith(".gz"):  # the whole-corpus data tables are gzip-compressed
                data = gzip.decompress(data)
            if b"Incrementalchangeqv" in data:
                showing.add(p)
        ins = "inspections/thornlow-2026/"
        expected = {ins + "index.html", ins + "recommendations/index.html"}
        expected |= {f"{ins}agencies/{a}/index.html" for a in finding.get("agencies").split()}
        self.assertLessEqual(expected, showing, "the new text is missing from a page that shows the finding")
        # The data index and the data page state each download's size, so they change with the tables.
        sizes = {"data/index.json", "data/index.html"}
        pages_written = {p for p in written if not p.startswith("pagefind/") and not p.startswith(".letterpress/")
                         and p not in sizes}
        self.assertEqual(pages_written, showing, "the files written are not exactly the pages showing the finding")
        self.assertIn(".letterpress/manifest.json", written)
        for p in written:
            self.assertFalse(p.startswith("assets/"), f"asset rewritten: {p}")
            self.assertFalse(p.startswith("inspections/") and not p.startswith(ins), f"other inspection rewritten: {p}")


class PdfReuseTest(TempDirTest):
    """With --pdf, a PDF is rendered again only when its page changed: a build with no change renders none, and
    a change to one letter renders only that letter's PDFs; every other PDF is the previous release's file."""

    def test_only_changed_letters_are_rendered_again(self):
        self.assertTrue(have("weasyprint"), "needs WeasyPrint (apt-get install weasyprint)")
        corpus = copy_examples(self.tmp)
        out = self.path("site")
        first = build(corpus, out, "--pdf", "--no-search", "--jobs", "2")
        rendered = re.search(r"PDFs: (\d+) rendered, (\d+) unchanged", first.stdout)
        self.assertIsNotNone(rendered, first.stdout)
        total = int(rendered.group(1))
        self.assertGreaterEqual(total, 10, first.stdout)
        before = tree(out)

        # Every input touched, nothing changed: the inputs differ by date, so the site is rendered again, and
        # equals the current release.
        for dirpath, _, names in os.walk(corpus):
            for name in names:
                os.utime(os.path.join(dirpath, name))
        again = build(corpus, out, "--pdf", "--no-search", "--jobs", "2")
        self.assertIn("nothing written", again.stdout)
        self.assertNotRegex(again.stdout, r"PDFs: [1-9]")
        self.assertEqual(tree(out), before, "a build with no change touched the site")

        # One finding of one letter changes: only the PDFs of documents that show it are rendered again.
        path = os.path.join(corpus, "inspections", "thornlow-2026", "findings.xml")
        doc = load_xml(path)
        finding = next(f for f in doc.getroot().iter("finding") if f.get("kind") == "area-for-improvement")
        finding.find("body").text = "\n      Pdfreusechangeqv the timeliness of return home interviews.\n    "
        save_xml(doc, path)
        changed = build(corpus, out, "--pdf", "--no-search", "--jobs", "2")
        counts = re.search(r"PDFs: (\d+) rendered, (\d+) unchanged", changed.stdout)
        self.assertIsNotNone(counts, changed.stdout)
        after = tree(out)
        pdfs = sorted(p for p in after if p.endswith(".pdf"))
        self.assertEqual(len(pdfs), total)
        renewed = sorted(p for p in pdfs if after[p][1] != before[p][1])
        self.assertIn("inspections/thornlow-2026/thornlow-2026.pdf", renewed)
        for p in renewed:
            self.assertIn(b"Pdfreusechangeqv", pdf_text(os.path.join(out, p)), f"{p} rendered again, but it does not show the change")
        self.assertEqual(int(counts.group(1)), len(renewed), changed.stdout)
        self.assertEqual(int(counts.group(2)), total - len(renewed), changed.stdout)
        self.assertIn(b"Pdfreusechangeqv", pdf_text(os.path.join(out, "inspections/thornlow-2026/thornlow-2026.pdf")))
        # The pages naming a PDF's size say the new PDF's size, and no page keeps an unfilled marker.
        for p in after:
            if p.endswith(".html"):
                with open(os.path.join(out, p), encoding="utf-8") as f:
                    self.assertNotIn("letterpress:pdf-facts", f.read(), p)
        letter_pdf = os.path.getsize(os.path.join(out, "inspections/thornlow-2026/thornlow-2026.pdf"))
        with open(os.path.join(out, "inspections/thornlow-2026/index.html"), encoding="utf-8") as f:
            self.assertIn(f"PDF, {(letter_pdf + 1023) // 1024} KB", f.read())


class LinkCheckTest(TempDirTest):
    """A broken internal link or anchor fails the build, is named, and nothing is written."""

    def test_broken_link_and_anchor_fail_the_build(self):
        resources = self.path("resources")
        for name in ("templates", "schemas", "site", "data"):
            shutil.copytree(os.path.join(SOURCE, name), os.path.join(resources, name))
        home = os.path.join(resources, "templates", "home.mustache")
        with open(home, encoding="utf-8") as f:
            text = f.read()
        with open(home, "w", encoding="utf-8") as f:
            f.write(text + '<p><a href="{{root}}nowhere/">Nowhere</a> <a href="#no-such-id">Nothing</a></p>\n')
        examples = os.path.join(SOURCE, "examples")

        fresh = self.path("fresh")
        proc = build(examples, fresh, "--resources", resources, "--no-search", check=1)
        self.assertRegex(proc.stderr, r"(?m)^index\.html: error: broken link '(\./)?nowhere/': no such file: nowhere/index\.html$")
        self.assertRegex(proc.stderr, r"(?m)^index\.html: error: broken link '#no-such-id': no element with id 'no-such-id' in index\.html$")
        self.assertFalse(os.path.lexists(fresh), "the failed build created the site")
        self.assertFalse(os.path.lexists(fresh + ".releases"), "the failed build created the releases folder")

        site = self.path("site")
        build(examples, site, "--no-search")
        before, target = tree(site), link(site)
        build(examples, site, "--resources", resources, "--no-search", as_of=SALLOWMERE_DAY, check=1)
        self.assertEqual((tree(site), link(site)), (before, target), "the failed build changed the site")
        self.assertEqual(staging_folders(site), [])


class RollbackTest(TempDirTest):
    """Releases are kept and can be switched back to; releases-kept is honoured."""

    def test_rollback_list_and_bad_id(self):
        examples = os.path.join(SOURCE, "examples")
        out = self.path("site")
        build(examples, out, "--no-search")
        first, first_files = os.path.basename(link(out)), hashes(out)
        build(examples, out, "--no-search", as_of=SALLOWMERE_DAY)
        second = os.path.basename(link(out))
        self.assertNotEqual(first, second)
        self.assertNotEqual(hashes(out), first_files)

        listing = run("rollback", "--out", out, "--list", check=0).stdout
        self.assertEqual(listing.split(), [first, second, "(current)"])
        bad = run("rollback", "--out", out, "--to", "no-such-release", check=1)
        self.assertIn("no release 'no-such-release'", bad.stderr)
        self.assertEqual(os.path.basename(link(out)), second)

        run("rollback", "--out", out, check=0)
        self.assertEqual(os.path.basename(link(out)), first)
        self.assertEqual(hashes(out), first_files)
        listing = run("rollback", "--out", out, "--list", check=0).stdout
        self.assertEqual(listing.split(), [first, "(current)", second])
        run("rollback", "--out", out, "--to", second, check=0)
        self.assertEqual(os.path.basename(link(out)), second)

    def test_releases_kept_is_honoured(self):
        corpus = copy_examples(self.tmp)
        site_xml = os.path.join(corpus, "letterpress.xml")
        with open(site_xml, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('releases-kept="5"', text)
        with open(site_xml, "w", encoding="utf-8") as f:
            f.write(text.replace('releases-kept="5"', 'releases-kept="2"'))
        out = self.path("site")
        ids = []
        for date in ("2026-03-09", "2026-05-01", AS_OF, SALLOWMERE_DAY):
            build(corpus, out, "--no-search", as_of=date)
            ids.append(os.path.basename(link(out)))
        self.assertEqual(len(set(ids)), 4, "the four builds should be four different sites")
        self.assertEqual(release_folders(out), sorted(ids[-2:]))
        listing = run("rollback", "--out", out, "--list", check=0).stdout
        self.assertEqual(listing.split(), [ids[-2], ids[-1], "(current)"])


class CrashSafeReleaseTest(TempDirTest):
    """A build killed at any step of the release switch leaves a complete live release, a history naming
    exactly complete releases, and nothing orphaned after the next build; rollback refuses an incomplete
    release; builds into the same --out at once never corrupt it (issue 15, item 2)."""

    STEPS = ["after-release-rename", "after-history-add", "after-link-switch", "after-history-prune", "during-prune"]

    def corpus_keeping(self, kept):
        corpus = copy_examples(self.tmp)
        site_xml = os.path.join(corpus, "letterpress.xml")
        with open(site_xml, encoding="utf-8") as f:
            text = f.read()
        with open(site_xml, "w", encoding="utf-8") as f:
            f.write(text.replace('releases-kept="5"', f'releases-kept="{kept}"'))
        return corpus

    def revise(self, corpus, word):
        path = os.path.join(corpus, "inspections", "thornlow-2026", "findings.xml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("<body>\n", f"<body>\n      Revised{word}. ", 1))

    def history(self, out):
        with open(str(out) + ".releases/history", encoding="utf-8") as f:
            return [line for line in f.read().split("\n") if line]

    def assert_complete(self, release_dir, what):
        with open(os.path.join(release_dir, ".letterpress", "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        self.assertTrue(manifest["files"], what)
        for entry in manifest["files"]:
            path = os.path.join(release_dir, entry["path"])
            self.assertTrue(os.path.isfile(path), f"{what}: {entry['path']} missing from {release_dir}")
            self.assertEqual(sha256(path), entry["sha256"], f"{what}: {entry['path']} differs")

    def assert_consistent(self, out, what, kept, orphans_allowed):
        releases = str(out) + ".releases"
        current = os.path.basename(link(out))
        history = self.history(out)
        self.assertIn(current, history, f"{what}: the live release is missing from the history")
        self.assert_complete(os.path.join(releases, current), f"{what}: live release")
        for rid in history:
            self.assert_complete(os.path.join(releases, rid), f"{what}: release {rid} named by the history")
        folders = release_folders(out)
        if orphans_allowed:
            self.assertTrue(set(history) <= set(folders), what)
        else:
            self.assertEqual(sorted(history), folders, f"{what}: release folders not named by the history")
            self.assertLessEqual(len(folders), kept, what)

    def test_a_kill_at_each_step_of_the_switch_leaves_a_consistent_site(self):
        corpus = self.corpus_keeping(2)
        out = self.path("site")
        build(corpus, out, "--no-search")
        self.revise(corpus, "zero")
        build(corpus, out, "--no-search")
        for step in self.STEPS:
            self.revise(corpus, step.replace("-", ""))
            proc = build(corpus, out, "--no-search", env={"LETTERPRESS_CRASH_AT": step}, check=None)
            self.assertEqual(proc.returncode, -signal.SIGKILL, f"{step}: the test build did not stop there\n{proc.stderr}")
            self.assert_consistent(out, f"killed {step}", 2, orphans_allowed=True)
            self.revise(corpus, "after" + step.replace("-", ""))
            build(corpus, out, "--no-search")
            self.assert_consistent(out, f"the build after a kill {step}", 2, orphans_allowed=False)
            self.assertEqual(staging_folders(out), [])

    def test_rollback_refuses_a_release_that_does_not_match_its_manifest(self):
        corpus = self.corpus_keeping(5)
        out = self.path("site")
        build(corpus, out, "--no-search")
        first = os.path.basename(link(out))
        self.revise(corpus, "one")
        build(corpus, out, "--no-search")
        second = os.path.basename(link(out))
        victim = os.path.join(str(out) + ".releases", first, "inspections", "thornlow-2026", "index.html")
        os.remove(victim)
        proc = run("rollback", "--out", out, "--to", first, check=1)
        self.assertIn("inspections/thornlow-2026/index.html: error: is missing from the release", proc.stderr)
        self.assertIn(f"release '{first}' is incomplete; refusing to switch to it", proc.stderr)
        self.assertEqual(os.path.basename(link(out)), second)

    def test_a_second_process_on_the_same_out_is_refused_naming_the_first(self):
        corpus = self.corpus_keeping(5)
        out = self.path("site")
        build(corpus, out, "--no-search")
        holder = subprocess.Popen([sys.executable, "-c", (
            "import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "os.ftruncate(fd, 0); os.write(fd, b'pid %d\\n' % os.getpid())\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n"), str(out) + ".releases/lock"], stdout=subprocess.PIPE, text=True)
        try:
            self.assertEqual(holder.stdout.readline().strip(), "locked")
            self.revise(corpus, "one")
            proc = build(corpus, out, "--no-search", check=1)
            self.assertIn(f"is in use by another Letterpress process (pid {holder.pid})", proc.stderr)
            proc = run("rollback", "--out", out, check=1)
            self.assertIn(f"is in use by another Letterpress process (pid {holder.pid})", proc.stderr)
        finally:
            holder.kill()
            holder.wait()
            holder.stdout.close()
        build(corpus, out, "--no-search")

    def test_concurrent_builds_into_one_out_keep_it_consistent(self):
        corpus_a = self.corpus_keeping(2)
        corpus_b = os.path.join(self.tmp, "corpus-b")
        shutil.copytree(corpus_a, corpus_b)
        out = self.path("site")
        refused = 0
        for round_no in range(6):
            self.revise(corpus_a, f"a{round_no}")
            self.revise(corpus_b, f"b{round_no}")
            procs = [subprocess.Popen([LETTERPRESS, "build", "--root", c, "--out", out, "--as-of", AS_OF,
                                       "--no-search", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True) for c in (corpus_a, corpus_b)]
            for p in procs:
                _, err = p.communicate(timeout=600)
                if p.returncode != 0:
                    self.assertEqual(p.returncode, 1, err)
                    self.assertIn("is in use by another Letterpress process", err)
                    refused += 1
            self.assert_consistent(out, f"round {round_no}", 2, orphans_allowed=False)
        self.assertLess(refused, 12, "every build was refused")


class MalformedReleaseFilesTest(TempDirTest):
    """A release manifest or release history that is malformed (wrong-typed field, not JSON, a line that is
    not a release id) is a diagnostic naming the file, with exit 1: never an internal error (exit 70), and
    never acted on: nothing is switched to, pruned or deleted because of it (issue 15, item 8)."""

    def two_releases(self):
        corpus = copy_examples(self.tmp)
        out = self.path("site")
        build(corpus, out, "--no-search")
        first = os.path.basename(link(out))
        build(corpus, out, "--no-search", as_of=SALLOWMERE_DAY)
        second = os.path.basename(link(out))
        self.assertNotEqual(first, second)
        return corpus, out, first, second

    def edit_manifest(self, out, release, change):
        path = os.path.join(str(out) + ".releases", release, ".letterpress", "manifest.json")
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
        text = change(manifest)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text if isinstance(text, str) else json.dumps(manifest))
        return path

    def test_a_wrong_typed_manifest_field_is_a_diagnostic(self):
        _, out, first, second = self.two_releases()

        def size_as_text(manifest):
            manifest["files"][0]["size"] = str(manifest["files"][0]["size"])
        path = self.edit_manifest(out, first, size_as_text)
        proc = run("rollback", "--out", out, "--to", first, check=1)
        self.assertIn(f"{os.path.realpath(path)}: error: malformed release manifest: files[0].size is missing or not a "
                      "whole number", proc.stderr.replace(self.tmp, os.path.realpath(self.tmp)))
        self.assertIn(f"release '{first}' is incomplete; refusing to switch to it", proc.stderr)
        self.assertEqual(os.path.basename(link(out)), second)

    def test_a_manifest_that_is_not_json_is_reported_at_its_position(self):
        _, out, first, second = self.two_releases()
        self.edit_manifest(out, first, lambda m: '{\n "format": 1,\n "files": [,\n')
        proc = run("rollback", "--out", out, "--to", first, check=1)
        self.assertRegex(proc.stderr, r"manifest\.json:3:12: error: the release manifest is not valid JSON \(syntax error")
        self.assertEqual(os.path.basename(link(out)), second)

    def test_a_current_manifest_with_a_wrong_typed_key_does_not_stop_the_next_build(self):
        corpus, out, _, second = self.two_releases()

        def key_as_number(manifest):
            manifest["key"] = 5
            manifest["files"][0]["sources"] = [1, 2]
        self.edit_manifest(out, second, key_as_number)
        path = os.path.join(corpus, "inspections", "thornlow-2026", "findings.xml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("<body>\n", "<body>\n      Revised. ", 1))
        build(corpus, out, "--no-search", as_of=SALLOWMERE_DAY, check=0)
        self.assertNotEqual(os.path.basename(link(out)), second)

    def test_a_wrong_typed_build_record_means_build_again(self):
        corpus, out, _, second = self.two_releases()
        record = os.path.join(str(out) + ".releases", "build-record.json")
        with open(record, encoding="utf-8") as f:
            fields = json.load(f)
        self.assertEqual(fields["release"], second)
        with open(record, "w", encoding="utf-8") as f:
            json.dump({"signature": 7, "release": ["x"], "valid_from": None, "valid_until": 3}, f)
        proc = build(corpus, out, "--no-search", as_of=SALLOWMERE_DAY, check=0)
        self.assertNotIn("internal error", proc.stderr)
        self.assertEqual(os.path.basename(link(out)), second)  # same inputs: the same release stays live
        with open(record, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["release"], second)  # and the record is written afresh

    def test_a_history_line_that_is_not_a_release_id_stops_build_and_rollback(self):
        corpus, out, first, second = self.two_releases()
        victim = self.path("victim")
        os.makedirs(victim)
        with open(os.path.join(victim, "keep.txt"), "w", encoding="utf-8") as f:
            f.write("not Letterpress's to delete\n")
        history = str(out) + ".releases/history"
        with open(history, "w", encoding="utf-8") as f:
            f.write(f"../../victim\n{first}\n{second}\n")
        folders = release_folders(out)
        for args in (["rollback", "--out", out, "--list"], ["rollback", "--out", out]):
            proc = run(*args, check=1)
            self.assertIn("history:1:1: error: '../../victim' is not a release id (16 characters 0-9 and a-f); fix or "
                          "remove the line", proc.stderr)
        path = os.path.join(corpus, "inspections", "thornlow-2026", "findings.xml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("<body>\n", "<body>\n      Revised. ", 1))
        proc = build(corpus, out, "--no-search", as_of=SALLOWMERE_DAY, check=1)
        self.assertIn("history:1:1: error: '../../victim' is not a release id", proc.stderr)
        self.assertIn("cannot build into a site whose release history is malformed", proc.stderr)
        self.assertTrue(os.path.isfile(os.path.join(victim, "keep.txt")))
        self.assertEqual(release_folders(out), folders)
        self.assertEqual(os.path.basename(link(out)), second)


class FeedAndSitemapTest(TempDirTest):
    """feed.xml and sitemap.xml are valid against their published schemas and point at real pages."""

    def site_file(self, out, url):
        self.assertTrue(url.startswith(BASE_URL), url)
        rel = url[len(BASE_URL):]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return os.path.join(out, rel)

    @unittest.skipUnless(have("xmllint"), "needs xmllint")
    def test_feed_and_sitemap_validate_and_resolve(self):
        out = self.path("site")
        build(os.path.join(SOURCE, "examples"), out, "--no-search")
        schemas = os.path.join(SOURCE, "tests", "schemas")
        for option, schema, doc in (("--schema", "sitemap.xsd", "sitemap.xml"), ("--relaxng", "atom.rng", "feed.xml")):
            proc = subprocess.run(["xmllint", "--noout", option, os.path.join(schemas, schema), os.path.join(out, doc)],
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, f"{doc} is not valid against {schema}:\n{proc.stderr}")

        sm = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
        locs = [e.text for e in ET.parse(os.path.join(out, "sitemap.xml")).getroot().iter(sm + "loc")]
        self.assertTrue(locs)
        for loc in locs:
            self.assertTrue(os.path.isfile(self.site_file(out, loc)), f"sitemap loc has no page: {loc}")

        atom = "{http://www.w3.org/2005/Atom}"
        feed = ET.parse(os.path.join(out, "feed.xml")).getroot()
        entries = {}
        for entry in feed.iter(atom + "entry"):
            href = entry.find(atom + "link").get("href")
            self.assertTrue(os.path.isfile(self.site_file(out, href)), f"feed entry link has no page: {href}")
            entries[href] = entry
        self.assertTrue(entries)
        # merrowgate-2025: a major change note on 2025-11-19, a minor one on 2025-12-02.
        merrowgate = entries[BASE_URL + "inspections/merrowgate-2025/"]
        self.assertEqual(merrowgate.find(atom + "published").text, "2025-11-04T00:00:00Z")
        self.assertEqual(merrowgate.find(atom + "updated").text, "2025-11-19T00:00:00Z")
        for invalid in (self.invalid_feed(), self.invalid_sitemap()):
            option, schema, text = invalid
            bad = self.path("bad.xml")
            with open(bad, "w", encoding="utf-8") as f:
                f.write(text)
            proc = subprocess.run(["xmllint", "--noout", option, os.path.join(schemas, schema), bad],
                                  capture_output=True, text=True)
            self.assertNotEqual(proc.returncode, 0, f"{schema} accepted an invalid document:\n{text}")

    @staticmethod
    def invalid_feed():
        # An entry without <updated> (required by RFC 4287 4.1.2).
        return ("--relaxng", "atom.rng",
                '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x:1</id>'
                "<updated>2026-01-01T00:00:00Z</updated><author><name>a</name></author>"
                "<entry><title>e</title><id>urn:x:2</id></entry></feed>")

    @staticmethod
    def invalid_sitemap():
        # A priority above 1.0.
        return ("--schema", "sitemap.xsd",
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/</loc>'
                "<priority>1.5</priority></url></urlset>")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: site_rules_test.py LETTERPRESS SOURCE_DIR [unittest arguments]")
    LETTERPRESS = os.path.abspath(sys.argv[1])
    SOURCE = os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[3:]])
