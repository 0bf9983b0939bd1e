#!/usr/bin/env python3
"""Generates the worst-case inputs of the hardening work (issue 15) from the examples corpus.

Usage: bench/worst_cases.py CASE OUT_DIR, where CASE is
  glossary-16000    16,000 glossary terms in letterpress.xml, every one used in one finding's body of a
                    published letter (matching was cubic: 4,000 terms took 268 s, 16,000 did not finish)
  duplicates-100000 one finding naming the same agency 100,000 times (it passed and made a 57 MB site)
"""
import os
import re
import shutil
import sys

case, out = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
examples = os.path.join(here, "..", "examples")
shutil.rmtree(out, ignore_errors=True)
shutil.copytree(examples, out)
findings = os.path.join(out, "inspections", "merrowgate-2025", "findings.xml")  # a published letter


def replace_first_body(path, text):
    xml = open(path, encoding="utf-8").read()
    xml = re.sub(r"(<finding [^>]*>\s*(?:<moderation [^>]*/>\s*)?<body>)", lambda m: m.group(1) + text + " ", xml, count=1)
    open(path, "w", encoding="utf-8").write(xml)


if case == "glossary-16000":
    abbrs = []
    for k in range(16000):
        abbr, n = "T", k
        while True:
            abbr += chr(ord("A") + n % 26)
            n //= 26
            if n == 0:
                break
        abbrs.append(abbr)
    site = os.path.join(out, "letterpress.xml")
    xml = open(site, encoding="utf-8").read()
    terms = "".join('    <term abbr="%s">benchmark term %d</term>\n' % (a, k) for k, a in enumerate(abbrs))
    xml = xml.replace("  <glossary>\n", "  <glossary>\n" + terms, 1)
    open(site, "w", encoding="utf-8").write(xml)
    replace_first_body(findings, " ".join(reversed(abbrs)) + ".")
elif case == "duplicates-100000":
    xml = open(findings, encoding="utf-8").read()
    m = re.search(r'<finding [^>]*agencies="([a-z-]+)', xml)
    xml = xml[: m.end(1)] + (" " + m.group(1)) * 100000 + xml[m.end(1):]
    open(findings, "w", encoding="utf-8").write(xml)
else:
    sys.exit("unknown case " + case)
