#!/usr/bin/env python3
"""PDF test: build the bundled examples with --pdf and read every letter back with poppler (pdfinfo,
pdftotext): each letter PDF exists, is tagged, has the letter's headings in reading order, numbers its pages
"Page X of N" and carries the running header "<Area>: letter of findings" on every page. A second build into
another folder must give byte-identical PDFs.

    pdf_test.py BINARY SOURCE_DIR
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

AS_OF = "2026-11-23"
# The letters public on AS_OF, and each area's name as the running header gives it.
LETTERS = {
    "brackenholt-2026": "Brackenholt",
    "greywold-2026": "Greywold",
    "merrowgate-2025": "Merrowgate",
    "saltmouth-2025": "Saltmouth",
    "thornlow-2026": "Thornlow",
}
# A current-format letter's sections, in reading order ("Areas for priority action" only where there is one).
HEADINGS = ["Context", "Headline findings", "What needs to improve?", "Strengths", "Main findings",
            "Practice study: highly effective practice", "Practice study: practice that needs to improve", "Next steps"]
PRIORITY = "Areas for priority action"

failures = []


def fail(message):
    failures.append(message)


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(map(str, command))} exited with {result.returncode}\n{result.stdout}{result.stderr}")
    return result.stdout


def build(binary, source, out):
    env = {k: v for k, v in os.environ.items() if k != "LETTERPRESS_RESOURCES"}
    run([binary, "build", "--root", "examples", "--out", str(out), "--as-of", AS_OF, "--pdf", "--no-search",
         "--resources", str(source)], cwd=source, env=env)
    return Path(os.path.realpath(out))


def page_count(pdf):
    info = run(["pdfinfo", str(pdf)])
    match = re.search(r"^Pages:\s+(\d+)$", info, re.M)
    return int(match.group(1)) if match else 0, info


def page_text(pdf, page):
    return run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"])


def check_letter(pdf, inspection, area):
    if not pdf.is_file():
        fail(f"{inspection}: no letter PDF at {pdf}")
        return
    pages, info = page_count(pdf)
    if not re.search(r"^Tagged:\s+yes$", info, re.M):
        fail(f"{inspection}: the PDF is not tagged\n{info}")
    if pages < 2:
        fail(f"{inspection}: a letter of findings should run to several pages, got {pages}")

    # Headings, in reading order, as the structure tree gives them to assistive technology.
    structure = run(["pdfinfo", "-struct-text", str(pdf)])
    headings = [h.strip() for h in re.findall(r'^\s*H[1-6](?: \(block\))?\n\s*"([^"]*)"', structure, re.M)]
    expected = list(HEADINGS)
    if inspection == "saltmouth-2025":
        expected.insert(expected.index("What needs to improve?"), PRIORITY)
    found = [h for h in headings if h in expected]
    if found != expected:
        fail(f"{inspection}: tagged headings in reading order\n  expected {expected}\n  got      {headings}")
    if inspection != "saltmouth-2025" and PRIORITY in headings:
        fail(f"{inspection}: has '{PRIORITY}' but no priority action")

    # The same headings in the text a reader extracts, in the same order.
    text = run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"])
    lines = [line.strip() for line in text.splitlines()]
    position = -1
    for heading in expected:
        try:
            position = lines.index(heading, position + 1)
        except ValueError:
            fail(f"{inspection}: heading '{heading}' not found in the text after line {position}")
            break

    # Running header and page numbers on every page.
    header = f"{area}: letter of findings"
    for page in range(1, pages + 1):
        content = page_text(pdf, page)
        if f"Page {page} of {pages}" not in content:
            fail(f"{inspection}: page {page} does not say 'Page {page} of {pages}'")
        if header not in content:
            fail(f"{inspection}: page {page} lacks the running header '{header}'")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("source", type=Path)
    args = parser.parse_args()
    for tool in ("pdfinfo", "pdftotext", "weasyprint"):
        if not shutil.which(tool):
            sys.exit(f"FAIL: {tool} is not installed (apt-get install poppler-utils weasyprint)")
    source = args.source.resolve()
    with tempfile.TemporaryDirectory(prefix="letterpress-pdf-") as tmp:
        first = build(args.binary, source, Path(tmp) / "first" / "site")
        for inspection, area in LETTERS.items():
            check_letter(first / "inspections" / inspection / f"{inspection}.pdf", inspection, area)
        extra = sorted(p.parent.name for p in (first / "inspections").glob("*/index.html")
                       if p.parent.name not in LETTERS)
        if extra:
            fail(f"letters published that this test does not expect on {AS_OF}: {extra}")

        second = build(args.binary, source, Path(tmp) / "second" / "site")
        pdfs = sorted(p.relative_to(first).as_posix() for p in first.rglob("*.pdf"))
        if len(pdfs) < len(LETTERS) * 2:
            fail(f"expected a PDF of every letter and recommendations page, found {pdfs}")
        for pdf in pdfs:
            # A link resolved against the build's own folder is broken for every reader (and makes the
            # bytes depend on where the site was built).
            leaked = (first / pdf).read_bytes().count(b"file://")
            if leaked:
                fail(f"{pdf}: {leaked} links to file:// URLs on the build machine")
            other = second / pdf
            if not other.is_file():
                fail(f"{pdf}: missing from the second build")
            elif (first / pdf).read_bytes() != other.read_bytes():
                fail(f"{pdf}: differs between two builds of the same input")
        for pdf in sorted(p.relative_to(second).as_posix() for p in second.rglob("*.pdf")):
            if pdf not in pdfs:
                fail(f"{pdf}: only in the second build")
    if failures:
        sys.exit("FAIL:\n" + "\n".join(failures))
    print(f"ok: {len(LETTERS)} letter PDFs tagged, with headings, page numbers and running headers; "
          f"{len(pdfs)} PDFs byte-identical across two builds")


if __name__ == "__main__":
    main()
