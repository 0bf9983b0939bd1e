#!/usr/bin/env python3
"""Every example and good fixture is valid according to an independent validator, `xmllint --schema`, so the
schemas and the code cannot drift apart; and `letterpress check` agrees that they are valid.

Usage: xmllint_test.py LETTERPRESS_BINARY SOURCE_DIR
"""
import os
import subprocess
import sys

binary, source = sys.argv[1], sys.argv[2]
schemas = os.path.join(source, "schemas")


def schema_for(path):
    name = os.path.basename(path)
    parts = path.split(os.sep)
    if name == "letterpress.xml":
        return "site.xsd"
    if "themes" in parts:
        return "theme.xsd"
    if "corrections" in parts:
        return "corrections.xsd"
    if name in ("inspection.xml", "findings.xml", "responses.xml"):
        return name.replace(".xml", ".xsd")
    if name.startswith("bank-holidays"):
        return "calendar.xsd"
    return None


failures = []
checked = 0
corpora = [os.path.join(source, "examples"), os.path.join(source, "tests", "fixtures", "minimal")]
for root in corpora + [os.path.join(source, "data")]:
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".xml"):
                continue
            path = os.path.join(folder, name)
            schema = schema_for(path)
            if schema is None:
                failures.append("%s: no schema known for this file" % path)
                continue
            r = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", os.path.join(schemas, schema), path],
                               capture_output=True, text=True)
            checked += 1
            if r.returncode != 0:
                failures.append("%s: xmllint --schema %s failed:\n%s" % (path, schema, r.stderr))
for root in corpora:
    r = subprocess.run([binary, "check", "--root", root, "--resources", source, "--strict"], capture_output=True, text=True)
    if r.returncode != 0:
        failures.append("letterpress check --strict --root %s failed:\n%s" % (root, r.stderr))
# The validator must be able to fail: a document with an unknown element is rejected.
bad = os.path.join(os.environ.get("TMPDIR", "/tmp"), "lp-xmllint-bad-%d.xml" % os.getpid())
with open(bad, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0"?><theme id="x" format="1"><titel>x</titel></theme>\n')
r = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(schemas, "theme.xsd"), bad], capture_output=True)
os.remove(bad)
if r.returncode == 0:
    failures.append("xmllint accepted an invalid document: the check cannot fail")
for f in failures:
    print("FAIL:", f)
print("%d documents validated with xmllint, %d failures" % (checked, len(failures)))
sys.exit(1 if failures or checked < 30 else 0)
