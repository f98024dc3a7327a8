#!/usr/bin/env python3
"""Deterministic selection of the Reuters-21578 gold samples.

Usage: python3 eval/select-reuters.py [--set 1|2|3|4|5|6|7] [CORPUS_DIR]
  (default set 1; corpus /work/shared/corpora/reuters21578)

Prints relative paths (e.g. reut2-003/3120.txt), one per line, from the files
sorted by (directory, numeric file number), no randomness:
  * quoted files: the body (text after the first line) contains a straight
    double quote '"';
  * paraphrase-only controls: no quotation mark at all (no '"' and no "''")
    and the body contains the word "said".
Set 1 (eval/reuters-gold.jsonl): 60 quoted + 15 controls, the middle item of
each of n/want equal strides. Set 2 (eval/reuters-gold-2.jsonl): every file
of set 1 (and every file sharing a basename with one) is removed first, then
45 quoted + 10 controls, the item 2/3 of the way into each stride.
Set 3 (eval/reuters-gold-3.jsonl): the files of sets 1 and 2 (and their
basenames) removed, then 45 quoted + 10 controls, the item 1/3 of the way
into each stride.
Set 4 (eval/reuters-gold-4.jsonl): the files of sets 1, 2 and 3 (and their
basenames) removed, then 45 quoted + 10 controls, the item 1/6 of the way
into each stride.
Set 5 (eval/reuters-gold-5.jsonl): the files of sets 1, 2, 3 and 4 (and
their basenames) removed, then 60 quoted + 12 controls, the item 5/6 of the
way into each stride.
Set 6 (eval/reuters-gold-6.jsonl): the files of sets 1 to 5 (and their
basenames) removed, then 60 quoted + 12 controls, the item 5/12 (1/3 + 1/12)
of the way into each stride.
Set 7 (eval/reuters-gold-7.jsonl): the files of sets 1 to 6 (and their
basenames) removed, then 60 quoted + 12 controls, the item 7/12 (1/2 + 1/12)
of the way into each stride.
"""
import json
import os
import re
import sys

args = sys.argv[1:]
which = "1"
if args[:1] == ["--set"]:
    which, args = args[1], args[2:]
if which not in ("1", "2", "3", "4", "5", "6", "7"):
    sys.exit("select-reuters: --set takes 1, 2, 3, 4, 5, 6 or 7")
root = args[0] if args else "/work/shared/corpora/reuters21578"
SAID = re.compile(r"\bsaid\b")
here = os.path.dirname(os.path.abspath(__file__))

excluded, excluded_base = set(), set()
earlier = {
    "1": [],
    "2": ["reuters-gold.jsonl"],
    "3": ["reuters-gold.jsonl", "reuters-gold-2.jsonl"],
    "4": ["reuters-gold.jsonl", "reuters-gold-2.jsonl", "reuters-gold-3.jsonl"],
    "5": [
        "reuters-gold.jsonl",
        "reuters-gold-2.jsonl",
        "reuters-gold-3.jsonl",
        "reuters-gold-4.jsonl",
    ],
    "6": [
        "reuters-gold.jsonl",
        "reuters-gold-2.jsonl",
        "reuters-gold-3.jsonl",
        "reuters-gold-4.jsonl",
        "reuters-gold-5.jsonl",
    ],
    "7": [
        "reuters-gold.jsonl",
        "reuters-gold-2.jsonl",
        "reuters-gold-3.jsonl",
        "reuters-gold-4.jsonl",
        "reuters-gold-5.jsonl",
        "reuters-gold-6.jsonl",
    ],
}
for name in earlier[which]:
    with open(os.path.join(here, name), encoding="utf-8") as fh:
        excluded |= {json.loads(l)["file"] for l in fh if l.strip()}
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


def every_kth(items, want, num, den):
    """The item num/den of the way into each of `want` equal strides."""
    n = len(items)
    return [items[(den * i + num) * n // (den * want)] for i in range(want)]


if which == "1":
    sel = every_kth(quoted, 60, 1, 2) + every_kth(plain, 15, 1, 2)
elif which == "2":
    sel = every_kth(quoted, 45, 2, 3) + every_kth(plain, 10, 2, 3)
elif which == "3":
    sel = every_kth(quoted, 45, 1, 3) + every_kth(plain, 10, 1, 3)
elif which == "4":
    sel = every_kth(quoted, 45, 1, 6) + every_kth(plain, 10, 1, 6)
elif which == "5":
    sel = every_kth(quoted, 60, 5, 6) + every_kth(plain, 12, 5, 6)
elif which == "6":
    sel = every_kth(quoted, 60, 5, 12) + every_kth(plain, 12, 5, 12)
else:
    sel = every_kth(quoted, 60, 7, 12) + every_kth(plain, 12, 7, 12)
base = [s.split("/")[1] for s in sel]
assert len(set(base)) == len(base), "basenames not unique"
assert not (set(base) & excluded_base), "overlap with an earlier gold set"
for s in sel:
    print(s)
