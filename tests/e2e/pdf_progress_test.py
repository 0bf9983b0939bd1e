#!/usr/bin/env python3
"""PDF progress and reuse: `build --pdf` on a copy of the bundled examples.

- Not on a terminal, a build prints one summary line ("PDFs: 14 rendered, 0 unchanged": each letter, its
  prioritised recommendations and its partner responses) and no progress line.
- The same build again changes nothing: the site is up to date and no PDF is rendered or rewritten.
- After an input is touched but not changed, the whole build runs, and still renders no PDF: every letter's
  PDF is the previous release's file (the same inode).
- After a main finding of two letters changes (text that only the letter prints), on a terminal (run under
  `script`), the progress line counts the PDFs rendered against the total with the time elapsed and an
  estimate of the time left ("PDFs: 1 of 2, 3 s elapsed, about 3 s left"), ends with the total, and the
  summary says 2 rendered and the rest unchanged: only those two letters' PDFs are new files.

    pdf_progress_test.py BINARY SOURCE_DIR
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

AS_OF = "2026-11-23"
# The letters public on AS_OF.
LETTERS = ["brackenholt-2026", "greywold-2026", "merrowgate-2025", "saltmouth-2025", "thornlow-2026"]
CHANGED = ["greywold-2026", "thornlow-2026"]

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def command(binary, source, root, out):
    return [binary, "build", "--root", str(root), "--out", str(out), "--as-of", AS_OF, "--pdf", "--no-search",
            "--jobs", "2", "--resources", str(source)]


def run(args):
    env = {k: v for k, v in os.environ.items() if k != "LETTERPRESS_RESOURCES"}
    result = subprocess.run(args, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"FAIL: {shlex.join(map(str, args))} exited with {result.returncode}\n{result.stdout}{result.stderr}")
    return result


def run_on_terminal(args):
    """Runs a command with a pseudo-terminal as its stdout and stderr (util-linux `script`); returns what it
    printed, carriage returns included."""
    env = {k: v for k, v in os.environ.items() if k != "LETTERPRESS_RESOURCES"}
    result = subprocess.run(["script", "-qec", shlex.join(map(str, args)), "/dev/null"], capture_output=True,
                            env=env, stdin=subprocess.DEVNULL)
    output = result.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    if result.returncode != 0:
        sys.exit(f"FAIL: on a terminal, {shlex.join(map(str, args))} exited with {result.returncode}\n{output}")
    return output


def pdf_inodes(out):
    """Every PDF of the site the output folder serves, by path: its inode (a reused PDF keeps it)."""
    site = Path(os.path.realpath(out))
    found = {str(pdf.relative_to(site)): pdf.stat().st_ino for pdf in sorted(site.rglob("*.pdf"))}
    for name in LETTERS:
        check(f"inspections/{name}/{name}.pdf" in found, f"no PDF for the letter of {name}")
    return found


def summary(stdout):
    return re.findall(r"^PDFs: (\d+) rendered, (\d+) unchanged$", stdout, re.M)


def main():
    binary, source = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        root, out = Path(tmp) / "corpus", Path(tmp) / "site"
        shutil.copytree(source / "examples", root)

        # 1. Not a terminal: one summary line, no progress.
        first = run(command(binary, source, root, out))
        inodes = pdf_inodes(out)
        total = len(inodes)
        check(total == 14, f"expected 14 PDFs (5 letters, 5 recommendations, 4 responses), found {sorted(inodes)}")
        check(summary(first.stdout) == [(str(total), "0")],
              f"a cold build should say 'PDFs: {total} rendered, 0 unchanged':\n{first.stdout}")
        check("\r" not in first.stderr and " elapsed" not in first.stderr,
              f"not on a terminal, a build prints no progress line:\n{first.stderr!r}")

        # 2. The same build again: up to date, nothing rendered, nothing rewritten.
        again = run(command(binary, source, root, out))
        check(again.stdout.startswith("site is up to date"),
              f"an unchanged build should say the site is up to date:\n{again.stdout}")
        check(summary(again.stdout) == [] and "PDFs" not in again.stderr,
              f"an unchanged build renders no PDF:\n{again.stdout}{again.stderr}")
        check(pdf_inodes(out) == inodes, "an unchanged build left the letters' PDFs as they were")

        # 3. An input touched, not changed: the build runs through, finds every page as it was, and renders no
        # PDF: either the site is found unchanged as a whole, or every letter's PDF is reused.
        # (Fails while the PDF facts written into the pages make every page differ from the previous release:
        # then each letter counts as changed and is rendered again. The build work of issue 14 fixes that.)
        os.utime(root / "letterpress.xml")
        touched = run(command(binary, source, root, out))
        check(re.match(r"site is up to date \(\d+ files\)", touched.stdout) or summary(touched.stdout) == [("0", str(total))],
              f"a build whose inputs did not change should render no PDF:\n{touched.stdout}")
        check(pdf_inodes(out) == inodes, "the unchanged letters' PDFs are the previous release's files (hard links)")

        # 4. Two letters changed, on a terminal: progress, then the summary.
        # (Fails while the PDF facts make every page differ: then all 14 PDFs are rendered again, not 2.)
        for name in CHANGED:
            findings = root / "inspections" / name / "findings.xml"
            text = findings.read_text(encoding="utf-8")
            at = text.index("<body>", text.index('kind="main-finding"')) + len("<body>")
            findings.write_text(text[:at] + "Changed for the progress test. " + text[at:], encoding="utf-8")
        shown = run_on_terminal(command(binary, source, root, out))
        progress = re.findall(r"\rPDFs: (\d+) of (\d+), (\d+) s elapsed, about (\d+) s left", shown)
        check([(done, total) for done, total, _, _ in progress] == [("1", "2"), ("2", "2")],
              f"on a terminal, the progress line should count 1 of 2, then 2 of 2:\n{shown!r}")
        if len(progress) == 2:
            elapsed = [int(e) for _, _, e, _ in progress]
            check(elapsed[0] <= elapsed[1], f"elapsed time runs forward: {progress}")
            check(progress[1][3] == "0", f"with every PDF done, the estimate is 0 s left: {progress}")
        check(re.search(r"s left +\n", shown) is not None, f"the progress line ends with a new line when done:\n{shown!r}")
        check(summary(shown) == [("2", str(total - 2))],
              f"the summary should say 'PDFs: 2 rendered, {total - 2} unchanged':\n{shown!r}")
        now = pdf_inodes(out)
        check(sorted(now) == sorted(inodes), f"the same PDFs: {sorted(now)}")
        for path in sorted(set(now) & set(inodes)):
            if path in [f"inspections/{name}/{name}.pdf" for name in CHANGED]:
                check(now[path] != inodes[path], f"{path}: its letter changed, so it should be rendered again")
            else:
                check(now[path] == inodes[path], f"{path}: its document did not change, so it should be the previous file")

    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: PDF summary, progress on a terminal, and PDFs reused when their letter did not change")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
