#!/usr/bin/env python3
"""Open data on the examples site: every data file validates against its published JSON Schema with an
independent validator (python3-jsonschema), and the figures agree with the pages a reader sees.

Usage: open_data_test.py LETTERPRESS_BINARY SOURCE_DIR
"""
import csv
import glob
import gzip
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from jsonschema import Draft202012Validator

BINARY, SOURCE = sys.argv[1], sys.argv[2]
AS_OF = "2026-11-23"


class LetterCounter(html.parser.HTMLParser):
    """Counts the finding items of each section of a letter page, and the agencies each names."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.counts = {}
        self.in_agencies = False
        self.depth = 0
        self.current = None
        self.labels = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2" and a.get("id"):
            self.section = a["id"]
        if tag == "section" and "practice-study" in (a.get("class") or "").split():
            self.section = "practice-studies"  # each study carries its own heading inside its section
        if tag in ("li", "section") and (a.get("id") or "").startswith("finding-"):
            self.counts[self.section] = self.counts.get(self.section, 0) + 1
            self.current = a["id"][len("finding-"):]
        if tag == "span" and self.in_agencies:
            self.depth += 1
        elif tag == "span" and a.get("class") == "agencies":
            self.in_agencies = True
            self.depth = 1
            self.labels[self.current] = ""

    def handle_endtag(self, tag):
        if tag == "span" and self.in_agencies:
            self.depth -= 1
            self.in_agencies = self.depth > 0

    def handle_data(self, data):
        if self.in_agencies:
            self.labels[self.current] += data


def unneutralised(cell):
    """The value a CSV cell stands for: the apostrophe in front of a would-be formula taken off."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] != "" and cell[1:2] in "=+-@\t\r" else cell


def read_table(path):
    """The rows of a CSV data file, gzip-compressed or not, as dicts keyed by the header row."""
    raw = open(path, "rb").read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


class OpenDataTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="lp-data-")
        cls.site = os.path.join(cls.tmp.name, "site")
        subprocess.run([BINARY, "build", "--root", os.path.join(SOURCE, "examples"), "--out", cls.site,
                        "--as-of", AS_OF, "--no-search", "--quiet"], check=True)
        cls.schemas = {}
        for path in glob.glob(os.path.join(cls.site, "schemas", "*.json")):
            cls.schemas[os.path.basename(path)] = json.load(open(path, encoding="utf-8"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assertValid(self, instance, schema_name, where):
        validator = Draft202012Validator(self.schemas[schema_name], format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
        self.assertEqual([], ["%s %s: %s" % (where, list(e.path), e.message) for e in errors[:5]])

    def test_published_schemas_are_the_source_schemas(self):
        for name, schema in self.schemas.items():
            self.assertEqual(schema, json.load(open(os.path.join(SOURCE, "schemas", "data", name), encoding="utf-8")))
        Draft202012Validator.check_schema  # the meta-schema check below raises on an invalid schema
        for schema in self.schemas.values():
            Draft202012Validator.check_schema(schema)

    def test_every_data_file_validates_against_its_schema(self):
        files = glob.glob(os.path.join(self.site, "inspections", "*", "data.json"))
        self.assertEqual(5, len(files))  # the five letters public on the as-of date
        for path in files:
            data = json.load(open(path, encoding="utf-8"))
            self.assertTrue(data["$schema"].endswith("/schemas/inspection.schema.json"))
            self.assertValid(data, "inspection.schema.json", path)
        index = json.load(open(os.path.join(self.site, "data", "index.json"), encoding="utf-8"))
        self.assertValid(index, "index.schema.json", "index.json")
        figures = glob.glob(os.path.join(self.site, "themes", "*", "overview", "figures.json"))
        self.assertEqual(1, len(figures))  # only the complete round has a published overview
        for path in figures:
            self.assertValid(json.load(open(path, encoding="utf-8")), "theme-figures.schema.json", path)
        tables = {"inspections.csv": "inspections-csv.schema.json",
                  "findings.csv.gz": "findings-csv.schema.json", "finding-agencies.csv.gz": "finding-agencies-csv.schema.json",
                  "actions.csv": "actions-csv.schema.json"}
        for path in glob.glob(os.path.join(self.site, "data", "*-[0-9][0-9][0-9][0-9].csv")):
            name = os.path.basename(path)
            tables[name] = "findings-csv.schema.json" if name.startswith("findings-") else "finding-agencies-csv.schema.json"
        self.assertEqual(8, len(tables))  # the examples' public letters were published in two years
        for name, schema in tables.items():
            rows = read_table(os.path.join(self.site, "data", name))
            self.assertGreater(len(rows), 0, name)
            for i, row in enumerate(rows):
                self.assertValid(row, schema, "%s row %d" % (name, i + 2))

    def test_a_broken_file_would_fail_validation(self):
        data = json.load(open(glob.glob(os.path.join(self.site, "inspections", "*", "data.json"))[0], encoding="utf-8"))
        data["findings"][0]["kind"] = "opinion"
        validator = Draft202012Validator(self.schemas["inspection.schema.json"])
        self.assertFalse(validator.is_valid(data))

    def test_figures_agree_with_the_letter_pages(self):
        rows = read_table(os.path.join(self.site, "data", "finding-agencies.csv.gz"))
        inspections = {r["inspection_id"]: r for r in csv.DictReader(
            open(os.path.join(self.site, "data", "inspections.csv"), newline="", encoding="utf-8"))}
        sections = {"area-for-priority-action": "areas-for-priority-action", "area-for-improvement": "what-needs-to-improve",
                    "strength": "strengths", "main-finding": "main-findings"}
        for inspection_id, summary in inspections.items():
            page = LetterCounter()
            page.feed(open(os.path.join(self.site, "inspections", inspection_id, "index.html"), encoding="utf-8").read())
            data = json.load(open(os.path.join(self.site, "inspections", inspection_id, "data.json"), encoding="utf-8"))
            for kind, section in sections.items():
                in_json = [f for f in data["findings"] if f["kind"] == kind]
                self.assertEqual(page.counts.get(section, 0), len(in_json), "%s %s" % (inspection_id, kind))
            self.assertEqual(int(summary["improvements"]), page.counts.get("what-needs-to-improve", 0))
            self.assertEqual(int(summary["strengths"]), page.counts.get("strengths", 0))
            self.assertEqual(int(summary["priority_actions"]), page.counts.get("areas-for-priority-action", 0))
            # One finding-agencies row per finding per agency: the same agencies the agency pages show for each finding.
            names = {a["id"]: a["name"] for a in data["agencies"]}
            for finding in data["findings"]:
                if finding["kind"] in ("context", "headline-findings"):
                    continue
                csv_agencies = sorted(r["agency_name"] for r in rows
                                      if r["inspection_id"] == inspection_id and r["finding_id"] == finding["id"])
                self.assertEqual(sorted(names[a] for a in finding["agencies"]), csv_agencies)
                # The letter names no agencies beside a finding (as published letters do); each agency's own page
                # carries exactly the findings attributed to it.
                self.assertNotIn(finding["id"], page.labels)
                for agency in data["agencies"]:
                    agency_page = open(os.path.join(self.site, "inspections", inspection_id, "agencies", agency["id"],
                                                    "index.html"), encoding="utf-8").read()
                    shown = 'id="finding-%s"' % finding["id"] in agency_page
                    self.assertEqual(agency["id"] in finding["agencies"], shown,
                                     "%s %s on %s's page" % (inspection_id, finding["id"], agency["id"]))

    def test_actions_csv_says_which_actions_are_overdue_on_the_build_date(self):
        with open(os.path.join(self.site, "data", "actions.csv"), newline="", encoding="utf-8") as f:
            rows = {(r["inspection_id"], r["action_id"]): r for r in csv.DictReader(f)}
        # merrowgate-2025 as of 2026-11-23: act-6 was due 2026-07-31 and is in progress; act-1 is complete.
        self.assertEqual("yes", rows[("merrowgate-2025", "act-6")]["overdue"])
        self.assertEqual("in-progress", rows[("merrowgate-2025", "act-6")]["status"])
        self.assertEqual("no", rows[("merrowgate-2025", "act-1")]["overdue"])
        for row in rows.values():
            overdue = row["status"] != "complete" and row["due"] < AS_OF
            self.assertEqual("yes" if overdue else "no", row["overdue"], row["action_id"])
        # The responses page flags the same actions.
        page = open(os.path.join(self.site, "inspections", "merrowgate-2025", "responses", "index.html"), encoding="utf-8").read()
        overdue_ids = sorted(a for (i, a), r in rows.items() if i == "merrowgate-2025" and r["overdue"] == "yes")
        self.assertGreater(len(overdue_ids), 0)
        for action_id in overdue_ids:
            row_start = page.index('<tr id="action-%s">' % action_id)
            self.assertIn("Overdue</strong>", page[row_start:page.index("</tr>", row_start)])
        self.assertEqual(len(overdue_ids), page.count('class="tag tag-overdue"'))

    def test_each_findings_text_appears_once(self):
        findings = read_table(os.path.join(self.site, "data", "findings.csv.gz"))
        keys = [(r["inspection_id"], r["finding_id"]) for r in findings]
        self.assertEqual(len(keys), len(set(keys)))
        expected = {}
        for path in glob.glob(os.path.join(self.site, "inspections", "*", "data.json")):
            data = json.load(open(path, encoding="utf-8"))
            for f in data["findings"]:
                if f["kind"] not in ("context", "headline-findings"):
                    expected[(data["id"], f["id"])] = (f["text_markdown"], " ".join(f["agencies"]))
        self.assertEqual(set(expected), set(keys))
        for r in findings:
            self.assertEqual(expected[(r["inspection_id"], r["finding_id"])],
                             (unneutralised(r["text"]), r["agencies"]))
        agencies = read_table(os.path.join(self.site, "data", "finding-agencies.csv.gz"))
        self.assertEqual(sum(len(a.split()) for _, a in expected.values()), len(agencies))
        self.assertNotIn("text", agencies[0])

    def test_the_years_together_are_the_whole_corpus(self):
        for table in ("findings", "finding-agencies"):
            whole = read_table(os.path.join(self.site, "data", table + ".csv.gz"))
            parts = []
            for path in sorted(glob.glob(os.path.join(self.site, "data", table + "-[0-9][0-9][0-9][0-9].csv"))):
                year = path[-8:-4]
                rows = read_table(path)
                parts.extend(rows)
                if table == "findings":
                    self.assertEqual({year}, {r["published"][:4] for r in rows}, path)
            key = lambda r: (r["inspection_id"], r["finding_id"], r.get("agency_id", ""))
            self.assertEqual(sorted(whole, key=key), sorted(parts, key=key), table)

    def test_compressed_files_are_reproducible_gzip(self):
        for path in glob.glob(os.path.join(self.site, "data", "*.gz")):
            raw = open(path, "rb").read()
            self.assertEqual(b"\x1f\x8b\x08", raw[:3], path)
            self.assertEqual(b"\x00\x00\x00\x00", raw[4:8], "%s: a gzip header with no time in it" % path)
            self.assertEqual(0, raw[3] & 0x08, "%s: no file name in the header" % path)

    def test_sizes_are_stated_in_the_index_and_on_the_data_page(self):
        index = json.load(open(os.path.join(self.site, "data", "index.json"), encoding="utf-8"))
        page = open(os.path.join(self.site, "data", "index.html"), encoding="utf-8").read()
        downloads = [f for f in index["files"] if "bytes" in f]
        self.assertEqual(8, len(downloads))
        for f in downloads:
            name = f["url"].rsplit("/", 1)[1]
            size = os.path.getsize(os.path.join(self.site, "data", name))
            self.assertEqual(size, f["bytes"], name)
            words = "%d bytes" % size if size < 1000 else None
            row = re.search(r'<tr><td><a href="%s" download>%s</a></td><td>[^<]*</td><td>([^<]*)</td></tr>'
                            % (re.escape(name), re.escape(name)), page)
            self.assertIsNotNone(row, "%s is not listed on the data page" % name)
            if words:
                self.assertEqual(words, row.group(1))
            else:
                number, unit = row.group(1).split()
                scale = {"kB": 1e3, "MB": 1e6, "GB": 1e9}[unit]
                self.assertAlmostEqual(size / scale, float(number), delta=0.51 if float(number) >= 10 else 0.051)

    def test_embargoed_inspections_have_no_data(self):
        index = json.load(open(os.path.join(self.site, "data", "index.json"), encoding="utf-8"))
        ids = {i["id"] for i in index["inspections"]}
        self.assertNotIn("sallowmere-2026", ids)  # pre-publication until 2026-12-08
        self.assertNotIn("orrinsford-2026", ids)  # at factual accuracy
        for path in glob.glob(os.path.join(self.site, "data", "*")):
            raw = open(path, "rb").read()
            text = (gzip.decompress(raw) if path.endswith(".gz") else raw).decode("utf-8")
            self.assertNotIn("sallowmere", text.lower())
            self.assertNotIn("orrinsford", text.lower())


class CsvInjectionTest(unittest.TestCase):
    """Finding text and agency names that a spreadsheet would run as formulas reach every CSV as text."""

    def test_no_cell_of_any_csv_starts_a_formula(self):
        with tempfile.TemporaryDirectory(prefix="lp-csv-") as tmp:
            root = os.path.join(tmp, "corpus")
            shutil.copytree(os.path.join(SOURCE, "tests", "fixtures", "minimal"), root)
            findings = os.path.join(root, "inspections", "alpha-2025", "findings.xml")
            text = open(findings, encoding="utf-8").read()
            text = text.replace("<body>How well health and police practitioners recognise neglect.</body>",
                                "<body>=HYPERLINK(&quot;http://evil.example&quot;,&quot;open&quot;)</body>")
            text = text.replace("<body>Health visitors are persistent.</body>", "<body>-2+3</body>")
            open(findings, "w", encoding="utf-8").write(text)
            inspection = os.path.join(root, "inspections", "alpha-2025", "inspection.xml")
            text = open(inspection, encoding="utf-8").read().replace('name="Alphaton Police"', 'name="@SUM(1+1)"')
            open(inspection, "w", encoding="utf-8").write(text)
            site = os.path.join(tmp, "site")
            subprocess.run([BINARY, "build", "--root", root, "--out", site, "--as-of", "2026-01-01", "--no-search",
                            "--quiet"], check=True)
            cells = []
            for path in glob.glob(os.path.join(site, "data", "**", "*.csv"), recursive=True):
                with open(path, newline="", encoding="utf-8") as f:
                    for row in csv.reader(f):
                        cells.extend((os.path.basename(path), c) for c in row)
            self.assertGreater(len(cells), 0)
            self.assertEqual([], [(name, c) for name, c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")])
            values = {c for _, c in cells}
            self.assertIn("'=HYPERLINK(\"http://evil.example\",\"open\")", values)
            self.assertIn("'-2+3", values)
            self.assertIn("'@SUM(1+1)", values)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
