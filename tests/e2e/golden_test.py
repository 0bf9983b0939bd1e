#!/usr/bin/env python3
"""Golden end-to-end test: build the bundled examples as of a fixed date and compare the whole output tree,
byte for byte, with the expected tree in tests/golden/examples-2026-11-23/ (the release record in
.letterpress/ is left out: it names the release and its time). The site is built twice, into two folders,
to prove the build reproducible.

    golden_test.py BINARY SOURCE_DIR [--update]

--update (or LETTERPRESS_UPDATE_GOLDEN=1) rewrites the expected tree from this build, for review with
`git diff`: the golden files are the product.
"""

import argparse
import difflib
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

AS_OF = "2026-11-23"
GOLDEN = Path("tests/golden/examples-2026-11-23")
EXCLUDED = ".letterpress"
DIFFS_SHOWN = 5
DIFF_LINES = 60


def build(binary, source, out):
    """Runs `letterpress build` on the examples, from the source tree as a user would."""
    command = [binary, "build", "--root", "examples", "--out", str(out), "--as-of", AS_OF, "--no-search",
               "--resources", str(source)]
    env = {k: v for k, v in os.environ.items() if k != "LETTERPRESS_RESOURCES"}
    result = subprocess.run(command, cwd=source, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(command)} exited with {result.returncode}\n{result.stdout}{result.stderr}")
    if result.stderr:
        sys.exit(f"FAIL: the build wrote to stderr:\n{result.stderr}")
    return Path(os.path.realpath(out))


def tree(root):
    """Relative paths of every file under root, sorted, leaving out the release record."""
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not (Path(dirpath) == root and d == EXCLUDED))
        for name in filenames:
            files.append((Path(dirpath) / name).relative_to(root).as_posix())
    return sorted(files)


def unified_diff(expected_path, actual_path, name):
    expected, actual = expected_path.read_bytes(), actual_path.read_bytes()
    try:
        a, b = expected.decode("utf-8").splitlines(keepends=True), actual.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return f"binary file {name} differs: expected {len(expected)} bytes, got {len(actual)}\n"
    lines = list(difflib.unified_diff(a, b, f"expected/{name}", f"actual/{name}"))
    shown = "".join(lines[:DIFF_LINES])
    if len(lines) > DIFF_LINES:
        shown += f"... ({len(lines) - DIFF_LINES} more diff lines)\n"
    return shown


def compare(expected_root, actual_root, what):
    """Returns a report of every difference between two trees ('' when identical)."""
    expected, actual = tree(expected_root), tree(actual_root)
    report = []
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    if missing:
        report.append(f"{len(missing)} files missing from {what}:\n" + "".join(f"  {p}\n" for p in missing))
    if extra:
        report.append(f"{len(extra)} unexpected files in {what}:\n" + "".join(f"  {p}\n" for p in extra))
    differing = [p for p in sorted(set(expected) & set(actual))
                 if not filecmp.cmp(expected_root / p, actual_root / p, shallow=False)]
    if differing:
        report.append(f"{len(differing)} files differ in {what}:\n" + "".join(f"  {p}\n" for p in differing))
        for p in differing[:DIFFS_SHOWN]:
            report.append(unified_diff(expected_root / p, actual_root / p, p))
    return "".join(report)


def update(source, site):
    golden = source / GOLDEN
    if golden.exists():
        shutil.rmtree(golden)
    shutil.copytree(site, golden, ignore=lambda d, names: [EXCLUDED] if Path(d) == site else [], symlinks=False)
    print(f"updated {golden} ({len(tree(golden))} files); review the change with git diff before committing it")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("source", type=Path)
    parser.add_argument("--update", action="store_true", help="rewrite the golden tree from this build")
    args = parser.parse_args()
    source = args.source.resolve()
    with tempfile.TemporaryDirectory(prefix="letterpress-golden-") as tmp:
        first = build(args.binary, source, Path(tmp) / "first" / "site")
        second = build(args.binary, source, Path(tmp) / "second" / "site")
        if not tree(first):
            sys.exit("FAIL: the build wrote no files")
        report = compare(first, second, "the second build")
        if report:
            sys.exit("FAIL: two builds of the same input differ\n" + report)
        if args.update or os.environ.get("LETTERPRESS_UPDATE_GOLDEN") == "1":
            update(source, first)
            return
        golden = source / GOLDEN
        if not golden.is_dir():
            sys.exit(f"FAIL: no golden tree at {golden}; create it with {sys.argv[0]} --update (or "
                     "LETTERPRESS_UPDATE_GOLDEN=1) and review it")
        report = compare(golden, first, "the build")
        if report:
            sys.exit(f"FAIL: the build differs from {GOLDEN}\n{report}\nIf the change is intended, rewrite the "
                     "expectation with LETTERPRESS_UPDATE_GOLDEN=1 (or --update) and review it with git diff.")
        print(f"ok: {len(tree(first))} files identical to {GOLDEN}, and the build is reproducible")


if __name__ == "__main__":
    main()
