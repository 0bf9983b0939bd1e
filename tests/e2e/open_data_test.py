#!/usr/bin/env python3
"""Open data on the examples site: every data file validates against its published JSON Schema with an
independent validator (python3-jsonschema), and the figures agree with the pages a reader sees.

Usage: open_data_test.py LETTERPRESS_BINARY SOURCE_DIR
"""
import csv
import glob
import html.parser
import json
import os
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
        for name, schema in (("findings.csv", "findings-csv.schema.json"), ("inspections.csv", "inspections-csv.schema.json"),
                             ("actions.csv", "actions-csv.schema.json")):
            with open(os.path.join(self.site, "data", name), newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            self.assertGreater(len(rows), 0)
            for i, row in enumerate(rows):
                self.assertValid(row, schema, "%s row %d" % (name, i + 2))

    def test_a_broken_file_would_fail_validation(self):
        data = json.load(open(glob.glob(os.path.join(self.site, "inspections", "*", "data.json"))[0], encoding="utf-8"))
        data["findings"][0]["kind"] = "opinion"
        validator = Draft202012Validator(self.schemas["inspection.schema.json"])
        self.assertFalse(validator.is_valid(data))

    def test_figures_agree_with_the_letter_pages(self):
        rows = list(csv.DictReader(open(os.path.join(self.site, "data", "findings.csv"), newline="", encoding="utf-8")))
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
            # One CSV row per finding per agency: the same agencies the letter shows for each finding.
            names = {a["id"]: a["name"] for a in data["agencies"]}
            for finding in data["findings"]:
                if finding["kind"] in ("context", "headline-findings"):
                    continue
                csv_agencies = sorted(r["agency_name"] for r in rows
                                      if r["inspection_id"] == inspection_id and r["finding_id"] == finding["id"])
                self.assertEqual(sorted(names[a] for a in finding["agencies"]), csv_agencies)
                label = page.labels.get(finding["id"], "")
                for agency in finding["agencies"]:
                    self.assertIn(names[agency], label, "%s %s" % (inspection_id, finding["id"]))

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

    def test_embargoed_inspections_have_no_data(self):
        index = json.load(open(os.path.join(self.site, "data", "index.json"), encoding="utf-8"))
        ids = {i["id"] for i in index["inspections"]}
        self.assertNotIn("sallowmere-2026", ids)  # pre-publication until 2026-12-08
        self.assertNotIn("orrinsford-2026", ids)  # at factual accuracy
        for name in ("findings.csv", "inspections.csv", "actions.csv", "index.json"):
            text = open(os.path.join(self.site, "data", name), encoding="utf-8").read()
            self.assertNotIn("sallowmere", text.lower())
            self.assertNotIn("orrinsford", text.lower())


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
