#!/usr/bin/env python3
"""Checks that the README's emulator gaps and the `emulator-gap N` tags agree. Usage:
    python3 scripts/gaps.py [--root DIR] [--list]

The README's section `## Emulator gaps` numbers the gaps: its items are the
lines `- **N.** ` up to the next `## ` heading (an item goes on over its
indented lines), numbered upwards, each number once (a deleted gap's number is
not given to another, so numbers may be missing). Every place that exists only because of a gap
carries the tag `emulator-gap N` in a comment. The files read are git's
(`git ls-files --cached --others --exclude-standard`: tracked, and new ones not
ignored) but README.md, this script, its tests and binary files. An item whose
text says `No workaround` is tagged nowhere; every other item is tagged once at
least; every tag names an item (no zero in front of its number). Each file under
scripts/local-aws/gaps/ is one gap's workaround, named `NN-<words>.sh` and
tagged with that number (`07-x.sh`: `emulator-gap 7`), one file a gap.
Exits 1 if anything disagrees (each problem on its own line), else 0.
`--list` prints each gap's places (file:line) first.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

SECTION = "## Emulator gaps"
ITEM = re.compile(r"- \*\*(\d+)\.\*\* ")
TAG = re.compile(r"emulator-gap (\d+)\b")
NO_WORKAROUND = "No workaround"
GAPS_DIR = PurePosixPath("scripts/local-aws/gaps")
GAP_FILE = re.compile(r"(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*\.sh")
SKIPPED = {"README.md", "scripts/gaps.py", "scripts/test_gaps.py"}


def read_items(text):
    """The section's items as {number: (line, text)}, and the problems of its numbering."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.rstrip() == SECTION), None)
    if start is None:
        return {}, [f"README.md: no section '{SECTION}'"]
    items, order, current = {}, [], None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.startswith("## "):
            break
        if (m := ITEM.match(line)):
            current = int(m.group(1))
            order.append((current, i + 1))
            items.setdefault(current, (i + 1, []))[1].append(line[m.end():])
        elif current is not None and line[:1] in (" ", "\t") and line.strip():
            items[current][1].append(line.strip())
        else:
            current = None
    problems = [f"README.md:{at}: item {n} after item {before}" for (before, _), (n, at) in zip(order, order[1:])
                if n <= before]
    if not order:
        problems.append(f"README.md: no numbered item in '{SECTION}'")
    return {n: (at, " ".join(parts)) for n, (at, parts) in items.items()}, problems


def listed_files(root):
    """Git's files under `root` (tracked, and untracked ones not ignored) that exist, as posix paths."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=root, capture_output=True, check=True).stdout
    return sorted({p for p in out.decode("utf-8").split("\0") if p and (Path(root) / p).is_file()})


def find_tags(root, files):
    """{gap: [(path, line, tag text)]} over the text files among `files`."""
    tags = {}
    for path in files:
        if path in SKIPPED:
            continue
        data = (Path(root) / path).read_bytes()
        if b"\0" in data:
            continue  # binary
        for no, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
            for m in TAG.finditer(line):
                tags.setdefault(int(m.group(1)), []).append((path, no, m.group()))
    return tags


def check(root):
    """(items, tags, problems) of the repository at `root`."""
    items, problems = read_items((Path(root) / "README.md").read_text(encoding="utf-8"))
    files = listed_files(root)
    tags = find_tags(root, files)
    for n, places in sorted(tags.items()):
        for path, no, text in places:
            if n not in items:
                problems.append(f"{path}:{no}: {text}: no such item in the README's '{SECTION}'")
            elif text != f"emulator-gap {n}":
                problems.append(f"{path}:{no}: {text}: write the number as {n}")
    for n, (at, text) in sorted(items.items()):
        if NO_WORKAROUND in text and n in tags:
            where = ", ".join(f"{p}:{no}" for p, no, _ in tags[n])
            problems.append(f"gap {n} (README.md:{at}) says '{NO_WORKAROUND}' but is tagged at {where}")
        elif NO_WORKAROUND not in text and n not in tags:
            problems.append(f"gap {n} (README.md:{at}) has no tag 'emulator-gap {n}' (or its item says '{NO_WORKAROUND}')")
    seen = {}
    for path in files:
        p = PurePosixPath(path)
        if GAPS_DIR not in p.parents:
            continue
        m = GAP_FILE.fullmatch(p.name)
        if p.parent != GAPS_DIR or not m:
            problems.append(f"{path}: not named {GAPS_DIR}/NN-<words>.sh")
            continue
        n = int(m.group(1))
        if not any(place[0] == path for place in tags.get(n, [])):
            problems.append(f"{path}: no tag 'emulator-gap {n}'")
        if n in seen:
            problems.append(f"{path}: a second file for gap {n} (after {seen[n]})")
        seen.setdefault(n, path)
    return items, tags, problems


def report(root, listing=False, out=sys.stdout):
    items, tags, problems = check(root)
    p = lambda *a: print(*a, file=out)
    if listing:
        for n in sorted(items):
            places = ", ".join(f"{path}:{no}" for path, no, _ in tags.get(n, []))
            p(f"gap {n}: {places or ('no workaround' if NO_WORKAROUND in items[n][1] else 'no place')}")
    for problem in problems:
        p(problem)
    if problems:
        return 1
    worked = [n for n in items if n in tags]
    p(f"gaps: {len(items)} in README, {len(worked)} worked around at {sum(len(tags[n]) for n in worked)} places, "
      f"{len(items) - len(worked)} with no workaround")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent), help="the repository (holds README.md)")
    ap.add_argument("--list", action="store_true", help="print each gap's places (file:line) first")
    args = ap.parse_args(argv)
    return report(args.root, args.list)


if __name__ == "__main__":
    sys.exit(main())
