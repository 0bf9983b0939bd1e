#!/usr/bin/env python3
"""Runs one bad-input case: copies tests/fixtures/minimal, applies the case, runs `letterpress check`,
and compares stderr, stdout and the exit code with the case's `expected` file word for word.

A case folder holds:
  files/      files copied over the fixture at the same relative paths (may be binary)
  delete      optional: relative paths to remove, one per line
  generate.py optional: run in the corpus folder after files/ and delete (for oversized input and the like)
  args        optional: extra arguments for `letterpress check`, one per line
  expected    the exact output: stderr, then stdout, then a last line `exit: N`

--update rewrites `expected` from the actual output, for review with git diff.
"""
import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
fixture = os.path.join(here, "..", "fixtures", "minimal")


def run(binary, resources, case):
    with tempfile.TemporaryDirectory(prefix="lp-bad-") as tmp:
        corpus = os.path.join(tmp, "corpus")
        shutil.copytree(fixture, corpus, symlinks=True)
        files = os.path.join(case, "files")
        if os.path.isdir(files):
            shutil.copytree(files, corpus, dirs_exist_ok=True, symlinks=True)
        delete = os.path.join(case, "delete")
        if os.path.exists(delete):
            for line in open(delete, encoding="utf-8").read().split("\n"):
                target = os.path.join(corpus, line.strip())
                if line.strip():
                    shutil.rmtree(target) if os.path.isdir(target) else os.remove(target)
        generate = os.path.join(case, "generate.py")
        if os.path.exists(generate):
            subprocess.run([sys.executable, generate], cwd=corpus, check=True)
        args = []
        if os.path.exists(os.path.join(case, "args")):
            args = [a for a in open(os.path.join(case, "args"), encoding="utf-8").read().split("\n") if a]
        result = subprocess.run([binary, "check", "--root", ".", "--resources", resources] + args, cwd=corpus,
                                capture_output=True, timeout=120)
        out = result.stderr.decode("utf-8", "replace") + result.stdout.decode("utf-8", "replace")
        return out + "exit: %d\n" % result.returncode, result.returncode


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--resources", required=True)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("case")
    a = parser.parse_args()
    actual, code = run(os.path.abspath(a.bin), os.path.abspath(a.resources), os.path.abspath(a.case))
    if code < 0 or code >= 70:
        sys.stdout.write(actual)
        print("FAIL: letterpress crashed or reported an internal error (exit %d)" % code)
        return 1
    expected_path = os.path.join(a.case, "expected")
    if a.update:
        open(expected_path, "w", encoding="utf-8").write(actual)
        return 0
    expected = open(expected_path, encoding="utf-8").read() if os.path.exists(expected_path) else ""
    if actual != expected:
        sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                   "expected", "actual"))
        print("FAIL: output differs (run with --update to accept, then review)")
        return 1
    if code == 0:
        print("FAIL: a bad-input case must exit non-zero")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
