#!/usr/bin/env python3
"""Real letters, measured: builds tests/real_letters/corpus (nine published letters in the input format) and
compares each rendered letter page with the published text, as /work/shared/real-letters/README.md says:
the words from the opening sentence to "Yours sincerely", lowercased, curly quotes made straight, compared
with difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(). With --pdf, also the PDF's page count
against the published one (within one page).

    measure.py LETTERPRESS SOURCE_DIR [--pdf] [--min 0.97] [--record bench/real_letters.md]

Exits 1, naming each letter and figure, when a letter falls below --min or its page count is off."""
import argparse
import difflib
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def words(text):
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return text.split()


def published_words(name, opening):
    text = open(os.path.join(HERE, "published", name + ".txt"), encoding="utf-8").read()
    start = text.index(opening)
    end = text.index("Yours sincerely", start)
    return words(text[start:end])


class LetterText(html.parser.HTMLParser):
    """The text of a letter page after its <h1> title (the opening sentence onwards)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.after_title = False
        self.in_title = False
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "h1" and dict(attrs).get("id") == "document-title":
            self.in_title = True
        # The page's publication header (title, summary, metadata, contents, documents) comes first; the letter
        # itself repeats its title as the subject line, and the opening sentence follows that.
        if tag == "p" and "letter-subject" in (dict(attrs).get("class") or "").split():
            self.in_title = True
            self.after_title = False
            self.parts = []
        if tag in ("script", "style"):
            self.skip += 1
        if tag in ("p", "li", "h2", "h3", "div", "section", "br"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("h1", "p") and self.in_title:
            self.in_title = False
            self.after_title = True
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in ("p", "li", "h2", "h3", "div", "section"):
            self.parts.append(" ")

    def handle_data(self, data):
        if self.after_title and not self.skip:
            self.parts.append(data)


def rendered_words(page):
    parser = LetterText()
    parser.feed(open(page, encoding="utf-8").read())
    text = "".join(parser.parts)
    return words(text[:text.index("Yours sincerely")])


def pdf_pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("letterpress")
    ap.add_argument("source")
    ap.add_argument("--pdf", action="store_true")
    ap.add_argument("--min", type=float, default=0.97)
    ap.add_argument("--record", help="write the figures as a Markdown table to this file")
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"), help="corpus root (default: the fixtures)")
    args = ap.parse_args()
    manifest = json.load(open(os.path.join(HERE, "letters.json")))["letters"]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "site")
        command = [args.letterpress, "build", "--root", args.corpus, "--out", out,
                   "--as-of", "2026-01-01", "--no-search", "--resources", args.source]
        if args.pdf:
            command.append("--pdf")
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout + run.stderr)
            print("FAIL: the real-letters corpus did not build")
            return 1
        rows, failures = [], []
        for name, info in manifest.items():
            a = rendered_words(os.path.join(out, "inspections", name, "index.html"))
            b = published_words(name, info["opening"])
            ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
            pages = pdf_pages(os.path.join(out, "inspections", name, name + ".pdf")) if args.pdf else None
            rows.append((name, ratio, len(a), len(b), pages, info["pages"]))
            if ratio < args.min:
                failures.append("%s: ratio %.4f is below %.2f" % (name, ratio, args.min))
            if pages is not None and abs(pages - info["pages"]) > 1:
                failures.append("%s: %d PDF pages, the published letter has %d" % (name, pages, info["pages"]))
    table = ["| letter | ratio | words rendered | words published | PDF pages | published pages |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, ratio, na, nb, pages, published in rows:
        table.append("| %s | %.4f | %d | %d | %s | %d |" % (name, ratio, na, nb, "-" if pages is None else pages,
                                                           published))
    print("\n".join(table))
    if args.record:
        open(args.record, "w").write("\n".join(table) + "\n")
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
