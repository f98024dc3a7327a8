#!/usr/bin/env python3
"""Deterministic selection of the second (blind) Reuters-21578 gold sample.

Usage: python3 select-reuters-2.py [CORPUS_DIR] [FIRST_GOLD]
  (defaults /work/shared/corpora/reuters21578 and
   /work/main/eval/reuters-gold.jsonl)

Same classes and ordering as eval/select-reuters.py, but:
  * every file already in the first gold set is removed from the candidate
    lists BEFORE striding;
  * a different offset inside each stride: 2/3 of the way through it
    (items[(3i+2)*n // (3*want)]) instead of the middle (1/2).
Prints relative paths, one per line: 45 quoted (body after the first line
contains '"'), then 10 paraphrase-only controls (no '"' and no "''" anywhere,
body contains the word "said"). No randomness.
"""
import json
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpora/reuters21578"
first = sys.argv[2] if len(sys.argv) > 2 else "/work/main/eval/reuters-gold.jsonl"
SAID = re.compile(r"\bsaid\b")

with open(first, encoding="utf-8") as fh:
    excluded = {json.loads(l)["file"] for l in fh if l.strip()}
excluded_base = {e.split("/")[1] for e in excluded}

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
    rel = f"{d}/{f}"
    if rel in excluded or f in excluded_base:
        continue
    with open(os.path.join(root, d, f), encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    body = text.split("\n", 1)[1] if "\n" in text else ""
    if '"' in body:
        quoted.append(rel)
    elif '"' not in text and "''" not in text and SAID.search(body):
        plain.append(rel)


def every_kth(items, want):
    # stride k = n / want (fractional); take the item 2/3 of the way into
    # each stride, so picks span the whole sorted list (all directories)
    n = len(items)
    return [items[(3 * i + 2) * n // (3 * want)] for i in range(want)]


sel = every_kth(quoted, 45) + every_kth(plain, 10)
base = [s.split("/")[1] for s in sel]
assert len(set(base)) == len(base), "basenames not unique"
assert not (set(sel) & excluded), "overlap with first gold set"
assert not (set(base) & excluded_base), "basename overlap with first gold set"
print(f"# quoted candidates {len(quoted)}, plain candidates {len(plain)}", file=sys.stderr)
for s in sel:
    print(s)
