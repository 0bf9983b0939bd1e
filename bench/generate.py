#!/usr/bin/env python3
"""Generates a synthetic corpus of N published inspections for benchmarks, by cloning the published example
inspections under new ids, area names and slugs (text and structure stay realistic: 3,000+ words each).

Usage: bench/generate.py N OUT_DIR
"""
import os
import re
import shutil
import sys

n, out = int(sys.argv[1]), sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
examples = os.path.join(here, "..", "examples")
templates = []
for name in sorted(os.listdir(os.path.join(examples, "inspections"))):
    folder = os.path.join(examples, "inspections", name)
    if "<status>published</status>" in open(os.path.join(folder, "inspection.xml"), encoding="utf-8").read():
        templates.append(name)
shutil.rmtree(out, ignore_errors=True)
os.makedirs(os.path.join(out, "inspections"))
os.makedirs(os.path.join(out, "themes"))
shutil.copy(os.path.join(examples, "letterpress.xml"), out)
rounds = {}
for i in range(n):
    source = templates[i % len(templates)]
    area = re.match(r"([a-z]+)-", source).group(1)
    new_id = "%s%d-%s" % (area, i, source.split("-")[-1])
    folder = os.path.join(out, "inspections", new_id)
    os.makedirs(folder)
    for file in ("inspection.xml", "findings.xml", "responses.xml"):
        path = os.path.join(examples, "inspections", source, file)
        if not os.path.exists(path):
            continue
        text = open(path, encoding="utf-8").read()
        text = text.replace('"%s"' % source, '"%s"' % new_id)
        if file == "inspection.xml":
            text = re.sub(r'slug="[a-z0-9-]+"', 'slug="%s%d"' % (area, i), text)
            text = re.sub(r'(<area name=")([^"]+)"', lambda m: '%s%s %d"' % (m.group(1), m.group(2), i), text)
            text = re.sub(r'la-code="E06(\d{6})"', 'la-code="E06%06d"' % (900000 + i % 99999), text)
            text = re.sub(r"<change-notes>.*?</change-notes>", "", text, flags=re.S)
        open(os.path.join(folder, file), "w", encoding="utf-8").write(text)
    theme = re.search(r'<theme ref="([^"]+)"', open(os.path.join(folder, "inspection.xml"), encoding="utf-8").read()).group(1)
    rounds.setdefault(theme, []).append(new_id)
for theme, members in rounds.items():
    text = open(os.path.join(examples, "themes", theme + ".xml"), encoding="utf-8").read()
    refs = "\n".join('    <inspection ref="%s"/>' % m for m in members)
    text = re.sub(r"<round>.*?</round>", "<round>\n%s\n  </round>" % refs, text, flags=re.S)
    open(os.path.join(out, "themes", theme + ".xml"), "w", encoding="utf-8").write(text)
print("generated %d inspections in %s" % (n, out))
