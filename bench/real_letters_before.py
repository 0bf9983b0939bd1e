#!/usr/bin/env python3
"""The 'before' figures of bench/real_letters.md: rewrites the real-letters fixtures into the input format as
it stood before issue 11 (no <letter> wording, structured addressees, ranked improvements, titled practice
studies), so that a binary from before can build them, then measures that binary with the same test.

    python3 bench/real_letters_before.py OLD_LETTERPRESS SOURCE_DIR_OF_OLD_BINARY
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "tests", "real_letters")


def downgrade(root):
    site = os.path.join(root, "letterpress.xml")
    s = open(site).read()
    s = re.sub(r'\s*<earlier-name[^>]*/>', "", s)
    s = re.sub(r'(<inspectorate [^>]*?)>\s*</inspectorate>', r"\1/>", s)
    s = s.replace(' statement-mailbox="ProtectionOfChildren@ofsted.gov.uk"', "")
    open(site, "w").write(s)
    for name in os.listdir(os.path.join(root, "inspections")):
        folder = os.path.join(root, "inspections", name)
        p = os.path.join(folder, "inspection.xml")
        s = open(p).read()

        def addressee(m):
            parts = [x.strip() for x in m.group(1).split(",")]
            parts += ["-"] * (3 - len(parts))
            return '<addressee name="%s" role="%s" organisation="%s" email="addressee@example.org"/>' % (
                parts[0], parts[1], ", ".join(parts[2:]))
        s = re.sub(r"<addressee>(.*?)</addressee>", addressee, s)
        s = re.sub(r' organisation="[^"]*"/>', "/>", s.replace("<signatory", "<signatory")) if False else \
            re.sub(r'(<signatory [^>]*?) organisation="[^"]*"', r"\1", s)
        s = re.sub(r"\s*<action-plan-due>.*?</action-plan-due>", "", s)
        open(p, "w").write(s)
        p = os.path.join(folder, "findings.xml")
        s = open(p).read()
        s = re.sub(r"\s*<letter>.*?</letter>", "", s, flags=re.S)
        s = re.sub(r' (heading|group)="[^"]*"', "", s)
        counter = {"n": 0}

        def rank(m):
            counter["n"] += 1
            return m.group(0) + ' priority="%d"' % counter["n"]
        s = re.sub(r'kind="area-for-improvement"', rank, s)
        s = re.sub(r'(kind="practice-study-[a-z]+")', r'\1 title="Child"', s)
        # The old rules wanted main findings in every letter; the 2016-20 letters had none, so a one-word one
        # stands in (it adds the words "main findings" and "none" to those letters).
        if "main-finding" not in s:
            s = s.replace("</findings>", '  <finding id="main-1" kind="main-finding" agencies="partnership">\n'
                          '    <moderation by="ofsted" on="2000-01-01"/>\n    <body>None.</body>\n  </finding>\n</findings>')
            s = re.sub(r'(<finding id="main-1"[^>]*>\s*<moderation by=")[^"]*" on="[^"]*"',
                       lambda m: m.group(1) + re.search(r'<moderation by="([^"]*)" on="([^"]*)"', s).group(1) +
                       '" on="' + re.search(r'<moderation by="([^"]*)" on="([^"]*)"', s).group(2) + '"', s)
        open(p, "w").write(s)


def main():
    old, source = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "corpus")
        shutil.copytree(os.path.join(FIXTURES, "corpus"), root)
        downgrade(root)
        return subprocess.run([sys.executable, os.path.join(FIXTURES, "measure.py"), old, source, "--corpus", root,
                               "--min", "0"] + sys.argv[3:]).returncode


if __name__ == "__main__":
    sys.exit(main())
