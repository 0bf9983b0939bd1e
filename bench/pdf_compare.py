#!/usr/bin/env python3
"""Compares the PDF renderers on the same letters: WeasyPrint (what `build --pdf` runs) against Chromium's
print-to-PDF, once as the command line (`chromium --headless --print-to-pdf`, a new browser per letter) and
once through playwright-core's page.pdf() in one browser kept open (tagged and with an outline).

The letters are the nine real published letters (tests/real_letters/corpus) and the bundled examples, built
with `letterpress build --no-search`; each renderer prints the same letter page, in place (so the stylesheet
resolves on disk). For each PDF: seconds to render, pages (against the published PDF's for the real letters),
whether it is tagged (pdfinfo "Tagged", a structure tree with headings), the PDF/UA identification, and the
word ratio of its text (pdftotext, from the opening sentence to "Yours sincerely") against the published
text, measured as tests/real_letters/measure.py measures the HTML.

    bench/pdf_compare.py LETTERPRESS [SOURCE_DIR] [--runs 1] [--record bench/pdf.md]
"""
import argparse
import difflib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "real_letters"))
import measure  # noqa: E402  (published_words, words: the same measure as the fidelity test)

EXAMPLES = ["brackenholt-2026", "greywold-2026", "merrowgate-2025", "saltmouth-2025", "thornlow-2026"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

PLAYWRIGHT = r"""
const { chromium } = require(process.argv[1]);
const jobs = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
(async () => {
  const t0 = process.hrtime.bigint();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: JSON.parse(process.argv[3]) });
  const page = await browser.newPage();
  const launch = Number(process.hrtime.bigint() - t0) / 1e9;
  const times = [];
  for (const job of jobs) {
    const t = process.hrtime.bigint();
    await page.goto('file://' + job.src, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: job.out, preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  await browser.close();
  console.log(JSON.stringify({ launch, times }));
})().catch((e) => { console.error(e); process.exit(1); });
"""


def run(command, **kwargs):
    r = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if r.returncode != 0:
        sys.exit("FAIL: %s exited with %d\n%s%s" % (" ".join(command), r.returncode, r.stdout, r.stderr))
    return r.stdout


def build(letterpress, source, root, out, as_of):
    run([letterpress, "build", "--root", root, "--out", out, "--as-of", as_of, "--no-search", "--resources", source,
         "--jobs", "2", "-q"])
    return os.path.realpath(out)


def pdf_facts(pdf):
    info = run(["pdfinfo", pdf])
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    tagged = bool(re.search(r"^Tagged:\s+yes", info, re.M))
    subtype = re.search(r"^PDF subtype:\s+(.*)$", info, re.M)
    struct = subprocess.run(["pdfinfo", "-struct", pdf], capture_output=True, text=True).stdout
    elements = len([l for l in struct.splitlines() if l.strip() and not l.strip().startswith('"')])
    headings = len(re.findall(r"^\s*H[1-6]\b", struct, re.M))
    with open(pdf, "rb") as f:
        raw = f.read()
    return {"pages": pages, "tagged": tagged, "struct_elements": elements, "headings": headings,
            "struct_tree_root": b"/StructTreeRoot" in raw, "ua": b"pdfuaid" in raw,
            "subtype": subtype.group(1).strip() if subtype else "", "bytes": len(raw)}


def text_ratio(pdf, name, opening):
    text = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    if name in measure_letters:
        b = measure.published_words(name, opening)
        start = text.find(opening)
        end = text.find("Yours sincerely", max(start, 0))
        if start < 0 or end < 0:
            return 0.0
        a = measure.words(text[start:end])
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("letterpress")
    ap.add_argument("source", nargs="?", default=os.path.join(HERE, ".."))
    ap.add_argument("--runs", type=int, default=1, help="render each letter this many times; the median counts")
    ap.add_argument("--record", help="write the tables to this file (Markdown)")
    args = ap.parse_args()
    source = os.path.realpath(args.source)
    global measure_letters
    measure_letters = json.load(open(os.path.join(source, "tests", "real_letters", "letters.json")))["letters"]
    with tempfile.TemporaryDirectory() as tmp:
        real = build(args.letterpress, source, os.path.join(source, "tests", "real_letters", "corpus"),
                     os.path.join(tmp, "real"), "2026-01-01")
        examples = build(args.letterpress, source, os.path.join(source, "examples"), os.path.join(tmp, "ex"),
                         "2026-11-23")
        letters = [(name, os.path.join(real, "inspections", name, "index.html")) for name in measure_letters]
        letters += [(name, os.path.join(examples, "inspections", name, "index.html")) for name in EXAMPLES]
        renderers = {"WeasyPrint": [], "Chromium --print-to-pdf": [], "Chromium page.pdf (warm)": []}
        env = dict(os.environ, SOURCE_DATE_EPOCH="0")
        outs = {r: {} for r in renderers}
        for name, src in letters:
            for r in ("WeasyPrint", "Chromium --print-to-pdf"):
                out = os.path.join(tmp, "%s-%s.pdf" % (r.split()[0].lower() + ("-cli" if "print" in r else ""), name))
                times = []
                for _ in range(args.runs):
                    t = time.monotonic()
                    if r == "WeasyPrint":
                        run(["weasyprint", "--quiet", "--pdf-variant", "pdf/ua-1", src, out], env=env)
                    else:
                        run(["chromium"] + CHROMIUM_ARGS + ["--no-pdf-header-footer", "--print-to-pdf=" + out,
                                                            "file://" + src])
                    times.append(time.monotonic() - t)
                renderers[r].append(statistics.median(times))
                outs[r][name] = out
        jobs = [{"src": src, "out": os.path.join(tmp, "pw-%s.pdf" % name)} for name, src in letters]
        with open(os.path.join(tmp, "jobs.json"), "w") as f:
            json.dump(jobs * args.runs, f)
        pw = json.loads(run(["node", "-e", PLAYWRIGHT, os.path.join(source, "node_modules", "playwright-core"),
                             os.path.join(tmp, "jobs.json"), json.dumps(CHROMIUM_ARGS)]))
        per = [pw["times"][i::len(letters)] for i in range(len(letters))]
        renderers["Chromium page.pdf (warm)"] = [statistics.median(t) for t in per]
        outs["Chromium page.pdf (warm)"] = {name: j["out"] for (name, _), j in zip(letters, jobs)}

        rows = []
        for name, _ in letters:
            for r in renderers:
                facts = pdf_facts(outs[r][name])
                opening = measure_letters[name]["opening"] if name in measure_letters else None
                ratio = text_ratio(outs[r][name], name, opening) if opening else None
                seconds = renderers[r][[n for n, _ in letters].index(name)]
                rows.append((name, r, seconds, facts, ratio,
                             measure_letters[name]["pages"] if name in measure_letters else None))

    lines = ["| letter | renderer | seconds | pages (published) | tagged | structure elements (headings) | PDF/UA id | text ratio |",
             "| --- | --- | ---: | --- | --- | --- | --- | ---: |"]
    for name, r, seconds, facts, ratio, published in rows:
        lines.append("| %s | %s | %.2f | %d%s | %s | %d (%d) | %s | %s |" % (
            name, r, seconds, facts["pages"], " (%d)" % published if published else "",
            "yes" if facts["tagged"] and facts["struct_tree_root"] else "no", facts["struct_elements"],
            facts["headings"], "yes" if facts["ua"] else "no", "%.4f" % ratio if ratio is not None else "-"))
    summary = ["| renderer | total s (%d letters) | median s per letter | tagged | pages within 1 of published | mean text ratio (real letters) |" % len(letters),
               "| --- | ---: | ---: | --- | --- | ---: |"]
    for r in renderers:
        mine = [row for row in rows if row[1] == r]
        within = sum(1 for row in mine if row[5] and abs(row[3]["pages"] - row[5]) <= 1)
        real_rows = [row for row in mine if row[4] is not None]
        tagged = sum(1 for row in mine if row[3]["tagged"] and row[3]["struct_tree_root"])
        summary.append("| %s | %.1f | %.2f | %d of %d | %d of %d | %.4f |" % (
            r, sum(row[2] for row in mine), statistics.median(row[2] for row in mine), tagged, len(mine),
            within, len(real_rows), statistics.mean(row[4] for row in real_rows)))
    summary.append("")
    summary.append("Chromium through playwright-core: the browser's launch took %.2f s once, not counted per letter." %
                   pw["launch"])
    text = "\n".join(summary) + "\n\n" + "\n".join(lines) + "\n"
    print(text)
    if args.record:
        open(args.record, "w").write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
