#!/usr/bin/env python3
"""The newsidx benchmark driver (run by scripts/bench.sh; see BENCHMARKS.md).

For each corpus (Reuters-21578, then the generated ones) it measures, with
the engines interleaved so that machine drift spreads over all of them:

1. ingest: newsidx, tantivy-py and SQLite FTS5 one after the other, in an
   order rotated from corpus to corpus (and reversed on the second
   repetition with --reps 2), each under `/usr/bin/time -v`: wall, CPU,
   peak RSS, documents/s, MB/s, index size;
2. search inside the engine: 1 warm-up round, then --rounds rounds; in each
   round every engine runs the 40 queries (top 10 by score + count), the
   engines' order rotated per round. newsidx runs as `newsidx bench
   --rounds 1` (its own warm-up round untimed), the peers in this process;
3. hit counts of the 40 queries for every engine (and ripgrep when the
   corpus is at most --rg-count-max articles);
4. whole-process time of `newsidx search` vs `rg` for five queries
   (hyperfine, --warmup 2);
5. `timeline` and `top speakers` (when the binary has them).

Everything measured goes to OUT/results.json and OUT/results.md.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

RG_QUERIES = ["oil", "Chernobyl", '"interest rates"', '"trade deficit"', "coffee OR cocoa"]
ENGINES = ["newsidx", "tantivy-py", "sqlite-fts5"]


def log(*a):
    print("[bench]", *a, file=sys.stderr, flush=True)


def dir_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(d, f))
            except OSError:
                pass
    return total


def time_v(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns wall, user, sys (s), peak
    RSS (MB, ru_maxrss: anonymous + file-backed pages such as mmap-ed index
    files) and the peak of anonymous memory alone (RssAnon, sampled every
    0.1 s from /proc)."""
    proc = subprocess.Popen(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    anon = 0
    child = None
    while proc.poll() is None:
        try:
            if child is None:
                kids = open(f"/proc/{proc.pid}/task/{proc.pid}/children").read().split()
                child = kids[0] if kids else None
            if child:
                for line in open(f"/proc/{child}/status"):
                    if line.startswith("RssAnon"):
                        anon = max(anon, int(line.split()[1]))
        except (OSError, IndexError, ValueError):
            pass
        time.sleep(0.1)
    _, err = proc.communicate()
    r = subprocess.CompletedProcess(cmd, proc.returncode, "", err)
    if r.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr[-3000:]}")
    out = {"anon_mb": anon / 1024}
    for line in r.stderr.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            v = line.rsplit(": ", 1)[1].split(":")
            out["wall"] = sum(float(x) * 60**i for i, x in enumerate(reversed(v)))
        elif line.startswith("User time"):
            out["user"] = float(line.rsplit(": ", 1)[1])
        elif line.startswith("System time"):
            out["sys"] = float(line.rsplit(": ", 1)[1])
        elif line.startswith("Maximum resident set size"):
            out["rss_mb"] = int(line.rsplit(": ", 1)[1]) / 1024
    return out


def ingest(engine, a, corpus, work):
    target = os.path.join(work, {"newsidx": "newsidx-idx", "tantivy-py": "tantivy-idx",
                                 "sqlite-fts5": "fts5.db"}[engine])
    if os.path.isdir(target):
        shutil.rmtree(target)
    elif os.path.exists(target):
        os.remove(target)
    py = [sys.executable, peers.__file__]
    cmd = {
        "newsidx": [a.bin, "--index", target, "-q", "ingest", corpus],
        "tantivy-py": py + ["ingest-tantivy", corpus, target],
        "sqlite-fts5": py + ["ingest-sqlite", corpus, target],
    }[engine]
    m = time_v(cmd)
    m["index_mb"] = dir_bytes(target) / 1e6
    m["target"] = target
    return m


def newsidx_round(a, index, queries_file):
    out = subprocess.run(
        [a.bin, "--index", index, "bench", queries_file, "--rounds", "1", "--format", "json"],
        capture_output=True, text=True, check=True,
    ).stdout
    rep = json.loads(out)
    return [(q["median_us"], q["hits"]) for q in rep["queries"]]


def peer_round(peer, queries):
    res = []
    for q in queries:
        t = time.perf_counter()
        n = peer.search(q)
        res.append(((time.perf_counter() - t) * 1e6, n))
    return res


def pct(values, p):
    s = sorted(values)
    k = max(1, -(-len(s) * p // 100))
    return s[int(k) - 1]


def median_low(values):
    s = sorted(values)
    return s[(len(s) - 1) // 2]


def hyperfine(cmds, names, export):
    args = ["hyperfine", "--warmup", "2", "--runs", "10", "-N", "-i", "--style", "none",
            "--export-json", export]
    # -N: no intermediate shell, so process start-up is measured as is.
    for c in cmds:
        args.append(" ".join(shell_quote(x) for x in c))
    subprocess.run(args, check=True, capture_output=True, text=True)
    res = json.load(open(export))["results"]
    return {n: {"median_ms": r["median"] * 1e3, "mean_ms": r["mean"] * 1e3,
                "min_ms": r["min"] * 1e3} for n, r in zip(names, res)}


def shell_quote(s):
    if re.fullmatch(r"[\w@%+=:,./-]+", s):
        return s
    return "'" + s.replace("'", "'\"'\"'") + "'"


def has_command(a, name):
    r = subprocess.run([a.bin, name, "--help"], capture_output=True)
    return r.returncode == 0


def bench_corpus(a, label, corpus, queries, work, rotation):
    os.makedirs(work, exist_ok=True)
    res = {"label": label, "corpus": corpus}
    log(f"{label}: counting files and warming the page cache")
    if peers.is_jsonl(corpus):
        # One JSON-lines file: its records are the articles; ingest only
        # (the same articles are searched as a .txt tree).
        res["files"] = sum(1 for _ in open(corpus, "rb"))
        res["bytes"] = os.path.getsize(corpus)
        res["ingest_only"] = True
    else:
        files = peers.corpus_files(corpus)
        res["files"] = len(files)
        res["bytes"] = sum(os.path.getsize(f) for f in files)
    subprocess.run(["rg", "-c", "--no-messages", "zzzzqqqq", corpus], capture_output=True)

    if a.reuse:
        return search_phases(a, res, queries, work, reuse_ingest(a, label, work, res))

    # 1. ingest, interleaved
    engines = ENGINES if res["files"] <= a.peers_max else ["newsidx"]
    res["engines"] = engines
    order = [e for e in ENGINES[rotation:] + ENGINES[:rotation] if e in engines]
    runs = {e: [] for e in engines}
    for rep in range(a.reps):
        for e in (order if rep % 2 == 0 else list(reversed(order))):
            log(f"{label}: ingest {e} (rep {rep + 1})")
            runs[e].append(ingest(e, a, corpus, work))
            log(f"{label}: ingest {e}: {runs[e][-1]}")
    res["ingest_order"] = order
    res["ingest"] = {}
    for e, rs in runs.items():
        best = min(rs, key=lambda r: r["wall"])
        res["ingest"][e] = {
            "wall_s": statistics.mean(r["wall"] for r in rs),
            "walls": [r["wall"] for r in rs],
            "cpu_s": statistics.mean(r["user"] + r["sys"] for r in rs),
            "rss_mb": max(r["rss_mb"] for r in rs),
            "anon_mb": max(r["anon_mb"] for r in rs),
            "index_mb": best["index_mb"],
        }
        w = res["ingest"][e]["wall_s"]
        res["ingest"][e]["docs_s"] = res["files"] / w
        res["ingest"][e]["mb_s"] = res["bytes"] / 1e6 / w
    targets = {e: runs[e][-1]["target"] for e in engines}
    if res.get("ingest_only"):
        if not a.keep:
            for t in targets.values():
                shutil.rmtree(t) if os.path.isdir(t) else os.remove(t)
        return res
    return search_phases(a, res, queries, work, targets)


def reuse_ingest(a, label, work, res):
    """--reuse: the ingest figures and the kept indexes of an earlier run."""
    old = json.load(open(os.path.join(a.reuse, "results.json")))
    prev = next(r for r in old["results"] if r["label"] == label)
    for k in ("engines", "ingest_order", "ingest"):
        res[k] = prev[k]
    res["ingest_from"] = a.reuse
    names = {"newsidx": "newsidx-idx", "tantivy-py": "tantivy-idx", "sqlite-fts5": "fts5.db"}
    return {e: os.path.join(a.reuse, "work-" + label, names[e]) for e in res["engines"]}


def search_phases(a, res, queries, work, targets):
    label, corpus, engines = res["label"], res["corpus"], res["engines"]

    # 2. in-engine search, interleaved per round
    tpy = peers.TantivyPeer(targets["tantivy-py"]) if "tantivy-py" in engines else None
    sq = peers.SqlitePeer(targets["sqlite-fts5"]) if "sqlite-fts5" in engines else None
    res["docs"] = {"tantivy-py": tpy.num_docs() if tpy else None,
                   "sqlite-fts5": sq.num_docs() if sq else None}
    samples = {e: [[] for _ in queries] for e in engines}
    hits = {}
    for rnd in range(a.rounds + 1):
        o = [e for e in ENGINES[rnd % 3:] + ENGINES[:rnd % 3] if e in engines]
        log(f"{label}: search round {rnd} ({'warm-up' if rnd == 0 else 'timed'}) {o}")
        for e in o:
            if e == "newsidx":
                r = newsidx_round(a, targets[e], a.queries)
            elif e == "tantivy-py":
                r = peer_round(tpy, queries)
            else:
                r = peer_round(sq, queries)
            hits[e] = [n for _, n in r]
            if rnd > 0:
                for i, (us, _) in enumerate(r):
                    samples[e][i].append(us)
    res["search"] = {}
    for e in engines:
        per_q = [median_low(s) for s in samples[e]]
        every = [x for s in samples[e] for x in s]
        res["search"][e] = {
            "median_us": median_low(every),
            "p95_us": pct(every, 95),
            "mean_of_medians_us": statistics.mean(per_q),
            "per_query_median_us": per_q,
            "per_query_p95_us": [pct(s, 95) for s in samples[e]],
        }
    res["hits"] = hits

    # 3. ripgrep hit counts
    if res["files"] <= a.rg_count_max:
        log(f"{label}: ripgrep hit counts")
        res["hits"]["rg"] = [len(peers.rg_files(q, corpus)) for q in queries]

    # 4. whole process: newsidx search vs rg
    if res["files"] <= a.whole_process_max:
        res["whole_process"] = {}
        for q in RG_QUERIES:
            log(f"{label}: hyperfine {q}")
            cmds = [[a.bin, "--index", targets["newsidx"], "search", q],
                    peers.rg_command(q, corpus)]
            res["whole_process"][q] = hyperfine(cmds, ["newsidx", "rg"],
                                                os.path.join(work, "hyperfine.json"))

    # 5. research commands
    res["research"] = {}
    for name, args in (("timeline", a.timeline_args), ("top speakers", a.top_args)):
        if not has_command(a, args[0]):
            res["research"][name] = None
            continue
        log(f"{label}: hyperfine {name}")
        cmd = [a.bin, "--index", targets["newsidx"]] + args
        res["research"][name] = hyperfine([cmd], [name], os.path.join(work, "hyperfine.json"))[name]
    if not a.keep and not a.reuse:
        for e in engines:
            t = targets[e]
            shutil.rmtree(t) if os.path.isdir(t) else os.remove(t)
    return res


def fmt(x, d=1):
    return f"{x:,.{d}f}"


def markdown(all_res, a, meta):
    L = []
    L.append(f"Run {meta['date']} on {meta['machine']}; {meta['versions']}.\n")
    for r in all_res:
        engines = r["engines"]
        L.append(f"### {r['label']}: {r['files']:,} articles, {r['bytes'] / 1e6:,.0f} MB\n")
        src = f"; figures of {r['ingest_from']}" if r.get("ingest_from") else ""
        L.append(f"Ingest (order {', '.join(r['ingest_order'])}; reps {a.reps}{src}):\n")
        L.append("| engine | wall s | CPU s | peak RSS MB | peak anon MB | docs/s | MB/s | index MB | wall ÷ newsidx's |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        n = r["ingest"]["newsidx"]
        for e in engines:
            m = r["ingest"][e]
            L.append(f"| {e} | {fmt(m['wall_s'], 2)} | {fmt(m['cpu_s'], 2)} | {fmt(m['rss_mb'], 0)} | "
                     f"{fmt(m['anon_mb'], 0)} | {fmt(m['docs_s'], 0)} | {fmt(m['mb_s'], 1)} | "
                     f"{fmt(m['index_mb'], 1)} | {m['wall_s'] / n['wall_s']:.2f} |")
        if "tantivy-py" in engines:
            t, s = r["ingest"]["tantivy-py"], r["ingest"]["sqlite-fts5"]
            L.append(f"\nnewsidx/tantivy-py wall **{n['wall_s'] / t['wall_s']:.2f}×** "
                     f"(CPU {n['cpu_s'] / t['cpu_s']:.2f}×), "
                     f"newsidx/SQLite wall **{n['wall_s'] / s['wall_s']:.2f}×** "
                     f"(CPU {n['cpu_s'] / s['cpu_s']:.2f}×), "
                     f"index size newsidx/tantivy-py **{n['index_mb'] / t['index_mb']:.2f}×**.\n")
        if r.get("ingest_only"):
            L.append("(One JSON-lines file: ingest only; the same articles are searched as a .txt tree.)\n")
            continue
        L.append(f"Search inside the engine, {len(r['search']['newsidx']['per_query_median_us'])} queries, "
                 f"top 10 + count, 1 warm-up + {a.rounds} rounds (µs):\n")
        L.append("| engine | median | p95 | mean of per-query medians | median ÷ newsidx's |")
        L.append("|---|---:|---:|---:|---:|")
        ns = r["search"]["newsidx"]
        for e in engines:
            m = r["search"][e]
            L.append(f"| {e} | {fmt(m['median_us'])} | {fmt(m['p95_us'])} | "
                     f"{fmt(m['mean_of_medians_us'])} | {m['median_us'] / ns['median_us']:.2f} |")
        if "tantivy-py" in engines:
            ts = r["search"]["tantivy-py"]
            L.append(f"\nnewsidx/tantivy-py median **{ns['median_us'] / ts['median_us']:.2f}×** "
                     f"(mean of per-query medians {ns['mean_of_medians_us'] / ts['mean_of_medians_us']:.2f}×).\n")
        if "whole_process" in r:
            L.append("Whole process, `newsidx search Q` (top 10 with snippets) vs "
                     "`rg --files-with-matches --ignore-case --multiline` (hyperfine median, ms):\n")
            L.append("| query | newsidx | rg | rg ÷ newsidx |")
            L.append("|---|---:|---:|---:|")
            for q, v in r["whole_process"].items():
                L.append(f"| `{q}` | {fmt(v['newsidx']['median_ms'], 2)} | {fmt(v['rg']['median_ms'], 1)} | "
                         f"{v['rg']['median_ms'] / v['newsidx']['median_ms']:.0f}× |")
            L.append("")
        for name, v in r["research"].items():
            L.append(f"- `{name}`: " + ("not available in this binary" if v is None
                                         else f"median {fmt(v['median_ms'], 1)} ms"))
        L.append("")
        he = [e for e in ENGINES + ["rg"] if e in r["hits"]]
        agree = sum(1 for i in range(len(r["hits"]["newsidx"]))
                    if len({r["hits"][e][i] for e in he}) == 1)
        L.append(f"Hit counts: {', '.join(he)} all agree on {agree} of "
                 f"{len(r['hits']['newsidx'])} queries.\n")
        L.append("| query | " + " | ".join(he) + " |")
        L.append("|---|" + "---:|" * len(he))
        for i, q in enumerate(meta["queries"]):
            L.append(f"| `{q}` | " + " | ".join(f"{r['hits'][e][i]:,}" for e in he) + " |")
        L.append("")
    return "\n".join(L)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--corpus", action="append", default=[], metavar="LABEL=PATH")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--reps", type=int, default=1)
    p.add_argument("--rg-count-max", type=int, default=250_000)
    p.add_argument("--whole-process-max", type=int, default=250_000)
    p.add_argument("--timeline-args", default="timeline oil")
    p.add_argument("--top-args", default="top speakers")
    p.add_argument("--keep", action="store_true", help="keep the indexes")
    p.add_argument("--reuse", metavar="RESULTS_DIR",
                   help="skip ingest: reuse the indexes (kept with --keep) and ingest "
                        "figures of an earlier run, re-measure everything else")
    p.add_argument("--peers-max", type=int, default=10**9,
                   help="above this many articles, run newsidx alone")
    a = p.parse_args()
    a.timeline_args = a.timeline_args.split()
    a.top_args = a.top_args.split()
    a.bin = os.path.abspath(a.bin)
    os.makedirs(a.out, exist_ok=True)
    queries = [line.strip() for line in open(a.queries, encoding="utf-8")
               if line.strip() and not line.lstrip().startswith("#")]
    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"

    import sqlite3
    import tantivy
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                   f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
                   f"Linux {platform.release()}",
        "versions": f"{version([a.bin, '--version'])}, tantivy-py {getattr(tantivy, '__version__', '0.27')}, "
                    f"SQLite {sqlite3.sqlite_version}, {version(['rg', '--version'])}, "
                    f"Python {platform.python_version()}, {version(['hyperfine', '--version'])}",
        "queries": queries,
    }
    all_res = []
    for i, spec in enumerate(a.corpus):
        label, path = spec.split("=", 1)
        r = bench_corpus(a, label, path, queries, os.path.join(a.out, "work-" + label), i % 3)
        all_res.append(r)
        json.dump({"meta": meta, "results": all_res}, open(os.path.join(a.out, "results.json"), "w"),
                  indent=1)
        with open(os.path.join(a.out, "results.md"), "w") as f:
            f.write(markdown(all_res, a, meta))
        log(f"{label}: done; tables in {a.out}/results.md")


if __name__ == "__main__":
    main()
