#!/usr/bin/env python3
"""The peers of the newsidx benchmark, as a researcher would write them.

    peers.py ingest-tantivy CORPUS INDEX_DIR   # tantivy's Python bindings
    peers.py ingest-sqlite CORPUS DB_FILE      # SQLite FTS5 (porter unicode61)
    peers.py rg-plan QUERY                     # the ripgrep command(s) for a query

Both indexers read every `.txt` file under CORPUS (sorted walk), decode it as
UTF-8 (invalid bytes replaced) and index it with no parsing beyond the
` date YYYY-MM-DD ` header: fields `path` (stored), `date` (indexed, stored,
fast), `title` (empty for `.txt`) and `body` (stored, positions), analyzer
`en_stem` (tantivy: simple tokenizer, remove long, lower case, English
Snowball stemmer) / `porter unicode61` (SQLite). Default writer settings:
`index.writer()` (tantivy picks its threads and a 128 MB heap), one commit;
SQLite in one transaction.

The query functions (`TantivyPeer`, `SqlitePeer`, `rg_files`) are imported by
`bench.py` to time them in-process.
"""

import datetime
import json
import os
import re
import shlex
import subprocess
import sys
import time

HEADER = re.compile(r"^\ufeff?\s*date\s+(\d{4})-(\d{2})-(\d{2})\b")


def corpus_files(root):
    """Every .txt file under root, in sorted order."""
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        out.extend(os.path.join(d, f) for f in sorted(files) if f.endswith(".txt"))
    return out


def is_jsonl(corpus):
    """A corpus given as one JSON-lines file (scripts/reuters-jsonl)."""
    return os.path.isfile(corpus) and corpus.endswith(".jsonl")


def records(corpus):
    """(path, text, date) of every article: each .txt file under a directory,
    or each line of a JSON-lines file ({"id", "date", "text"}; path
    FILE:ID)."""
    if not is_jsonl(corpus):
        for p in corpus_files(corpus):
            text, date = read(p)
            yield p, text, date
        return
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            date = None
            if r.get("date"):
                y, m, d = map(int, r["date"].split("-"))
                date = datetime.datetime(y, m, d, tzinfo=datetime.timezone.utc)
            yield f"{corpus}:{r['id']}", r["text"], date


def read(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", errors="replace")
    m = HEADER.match(text)
    date = None
    if m:
        try:
            date = datetime.datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=datetime.timezone.utc)
        except ValueError:
            pass
    return text, date


# --- tantivy's Python bindings -------------------------------------------


def tantivy_schema():
    import tantivy

    b = tantivy.SchemaBuilder()
    b.add_text_field("path", stored=True, tokenizer_name="raw")
    b.add_date_field("date", stored=True, indexed=True, fast=True)
    b.add_text_field("title", stored=True, tokenizer_name="en_stem")
    b.add_text_field("body", stored=True, tokenizer_name="en_stem")
    return b.build()


def ingest_tantivy(corpus, index_dir):
    import tantivy

    os.makedirs(index_dir, exist_ok=True)
    index = tantivy.Index(tantivy_schema(), path=index_dir)
    writer = index.writer()
    n = 0
    for p, text, date in records(corpus):
        doc = tantivy.Document()
        doc.add_text("path", p)
        if date is not None:
            doc.add_date("date", date)
        doc.add_text("body", text)
        writer.add_document(doc)
        n += 1
    writer.commit()
    writer.wait_merging_threads()
    return n


class TantivyPeer:
    """Searches an index made by `ingest_tantivy`: top 10 by score + count."""

    def __init__(self, index_dir):
        import tantivy

        self.index = tantivy.Index.open(index_dir)
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, q):
        query = self.index.parse_query(q, ["title", "body"])
        res = self.searcher.search(query, 10, count=True)
        return res.count

    def num_docs(self):
        return self.searcher.num_docs


# --- SQLite FTS5 ------------------------------------------------------------


def ingest_sqlite(corpus, db_file):
    import sqlite3

    if os.path.exists(db_file):
        os.remove(db_file)
    con = sqlite3.connect(db_file)
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5("
        "path UNINDEXED, date UNINDEXED, title, body, tokenize='porter unicode61')"
    )

    def rows():
        for p, text, date in records(corpus):
            yield (p, date.date().isoformat() if date else None, "", text)

    with con:
        con.executemany("INSERT INTO docs(path, date, title, body) VALUES (?, ?, ?, ?)", rows())
    n = con.execute("SELECT count(*) FROM docs").fetchone()[0]
    con.close()
    return n


class SqlitePeer:
    """Searches a database made by `ingest_sqlite`: top 10 by bm25 + count."""

    def __init__(self, db_file):
        import sqlite3

        self.con = sqlite3.connect(db_file)

    def search(self, q):
        self.con.execute(
            "SELECT path, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", (q,)
        ).fetchall()
        return self.con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (q,)).fetchone()[0]

    def num_docs(self):
        return self.con.execute("SELECT count(*) FROM docs").fetchone()[0]


# --- ripgrep ------------------------------------------------------------------

TOKEN = re.compile(r'"[^"]*"|\(|\)|AND\b|OR\b|[^\s()"]+')


def leaf_pattern(leaf):
    """A ripgrep regex for a term or a "phrase": whole words, any case, the
    words of a phrase separated by any whitespace (line breaks included)."""
    words = leaf.strip('"').split()
    return r"\b" + r"\s+".join(re.escape(w) for w in words) + r"\b"


def rg_plan(query):
    """The query as a boolean tree for ripgrep: ("leaf", pattern) |
    ("and", [..]) | ("or", [..]). The grammar is that of
    queries-reuters.txt: terms, phrases, AND, OR, one level of parentheses.
    """
    toks = TOKEN.findall(query)
    pos = 0

    def expr():
        nonlocal pos
        items, op = [atom()], None
        while pos < len(toks) and toks[pos] != ")":
            if toks[pos] in ("AND", "OR"):
                op = toks[pos].lower()
                pos += 1
            else:
                op = op or "and"  # implicit conjunction, as newsidx
            items.append(atom())
        return items[0] if len(items) == 1 else (op or "and", items)

    def atom():
        nonlocal pos
        t = toks[pos]
        pos += 1
        if t == "(":
            e = expr()
            pos += 1  # ")"
            return e
        return ("leaf", leaf_pattern(t))

    return expr()


def rg_command(query, corpus):
    """One ripgrep command answering `query` (files listed), when the query
    is a single term/phrase or an OR of them; None otherwise."""
    plan = rg_plan(query)
    leaves = [plan] if plan[0] == "leaf" else plan[1] if plan[0] == "or" else None
    if leaves is None or any(l[0] != "leaf" for l in leaves):
        return None
    cmd = ["rg", "--files-with-matches", "--ignore-case", "--multiline", "--no-messages"]
    for l in leaves:
        cmd += ["-e", l[1]]
    return cmd + [corpus]


def rg_files(query, corpus):
    """The set of files ripgrep finds for `query`: each term or phrase is
    one rg run; AND intersects, OR unites the file sets."""

    def ev(node):
        if node[0] == "leaf":
            out = subprocess.run(
                ["rg", "--files-with-matches", "--ignore-case", "--multiline", "--no-messages",
                 "-e", node[1], corpus],
                capture_output=True, text=True,
            ).stdout
            return set(out.split("\n")) - {""}
        sets = [ev(c) for c in node[1]]
        return set.intersection(*sets) if node[0] == "and" else set.union(*sets)

    return ev(rg_plan(query))


def main():
    cmd, *args = sys.argv[1:]
    t = time.time()
    if cmd == "ingest-tantivy":
        n = ingest_tantivy(*args)
    elif cmd == "ingest-sqlite":
        n = ingest_sqlite(*args)
    elif cmd == "rg-plan":
        c = rg_command(args[0], args[1] if len(args) > 1 else "CORPUS")
        print(shlex.join(c) if c else rg_plan(args[0]))
        return
    else:
        sys.exit(f"unknown command {cmd}")
    print(f"{cmd}: {n} documents in {time.time() - t:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
