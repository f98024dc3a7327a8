#!/usr/bin/env python3
"""Deterministic selection of the Reuters-21578 gold sample.

Usage: python3 eval/select-reuters.py [CORPUS_DIR]
  (default /work/shared/corpora/reuters21578)

Prints relative paths (e.g. reut2-003/3120.txt), one per line:
  * 60 files whose body (text after the first line) contains a straight
    double quote '"', taken every k-th (k = n / 60, middle of each stride)
    from the list sorted by (directory, numeric file number);
  * 15 files with no quotation mark at all (no '"' and no "''") whose body
    contains the word "said", taken the same way (k = m / 15).
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpora/reuters21578"
SAID = re.compile(r"\bsaid\b")

files = []
for d in sorted(os.listdir(root)):
    p = os.path.join(root, d)
    if not (d.startswith("reut2-") and os.path.isdir(p)):
        continue
    for f in os.listdir(p):
        if f.endswith(".txt"):
            files.append((d, int(f[:-4]), f))
files.sort()

quoted, plain = [], []
for d, _, f in files:
    with open(os.path.join(root, d, f), encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    body = text.split("\n", 1)[1] if "\n" in text else ""
    rel = f"{d}/{f}"
    if '"' in body:
        quoted.append(rel)
    elif '"' not in text and "''" not in text and SAID.search(body):
        plain.append(rel)


def every_kth(items, want):
    # stride k = n / want (fractional), middle of each stride, so the picks
    # span the whole sorted list (all directories)
    n = len(items)
    return [items[(2 * i + 1) * n // (2 * want)] for i in range(want)]


sel = every_kth(quoted, 60) + every_kth(plain, 15)
base = [s.split("/")[1] for s in sel]
assert len(set(base)) == len(base), "basenames not unique"
for s in sel:
    print(s)
