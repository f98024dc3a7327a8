#!/usr/bin/env bash
# The newsidx benchmark: newsidx vs ripgrep, SQLite FTS5 and tantivy's Python
# bindings on Reuters-21578 (as a .txt tree, and as one JSON-lines file: ingest
# only) and generated corpora. See BENCHMARKS.md.
#
#   scripts/bench.sh                    # Reuters + 200k + 1M generated articles
#   scripts/bench.sh --quick            # Reuters + 20k + 100k (a few minutes)
#   scripts/bench.sh --sizes 200000     # Reuters + 200k only
#
# Options:
#   --sizes N[,N...]  generated corpus sizes (default 200000,1000000)
#   --quick           same as --sizes 20000,100000
#   --data DIR        where corpora, peers and indexes go ($BENCH_DATA, default
#                     /work/bench-data when it exists, else /tmp/newsidx-bench)
#   --reps N          ingest repetitions (order reversed on even ones; default 1)
#   --rounds N        timed search rounds (default 5)
#   --no-reuters      skip Reuters
#   --peers-max N     above N articles run newsidx alone (default: peers everywhere)
#   --keep            keep the indexes (under DATA/results-*/work-*)
#   --reuse DIR       skip ingest: reuse the kept indexes and ingest figures of
#                     an earlier run DIR (DATA/results-...), re-measure the rest
#   --rg-count-max N  ripgrep hit counts only up to N articles (default 250000)
#   --whole-process-max N  newsidx search vs rg only up to N articles (default 250000)
#
# Needs: cargo, python3 (3.8+ with venv and sqlite3 with FTS5), network
# access to PyPI and Debian (or crates.io) for the peers, /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SIZES=200000,1000000
DATA=${BENCH_DATA:-}
REPS=1
ROUNDS=5
REUTERS=1
KEEP=()
PEERS_MAX=1000000000
EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) SIZES=$2; shift 2 ;;
        --quick) SIZES=20000,100000; shift ;;
        --data) DATA=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --no-reuters) REUTERS=0; shift ;;
        --keep) KEEP=(--keep); shift ;;
        --peers-max) PEERS_MAX=$2; shift 2 ;;
        --reuse|--rg-count-max|--whole-process-max) EXTRA+=("$1" "$2"); shift 2 ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ -z "$DATA" ]; then
    if [ -d /work/bench-data ]; then DATA=/work/bench-data; else DATA=/tmp/newsidx-bench; fi
fi
mkdir -p "$DATA"
SHARED=${NEWSIDX_SHARED:-$ROOT/../shared}
QUERIES=$SHARED/bench/queries-reuters.txt
log() { echo "[bench.sh] $*" >&2; }
[ -f "$QUERIES" ] || { log "no queries file at $QUERIES (set NEWSIDX_SHARED to the shared folder)"; exit 1; }

# --- peers, from the public registries ------------------------------------
if ! command -v rg >/dev/null; then
    log "installing ripgrep"
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get install -y -q ripgrep >/dev/null
    else
        cargo install --locked --root "$DATA/cargo" ripgrep
        export PATH=$DATA/cargo/bin:$PATH
    fi
fi
if ! command -v hyperfine >/dev/null; then
    log "installing hyperfine"
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get install -y -q hyperfine >/dev/null
    else
        cargo install --locked --root "$DATA/cargo" hyperfine
        export PATH=$DATA/cargo/bin:$PATH
    fi
fi
[ -x /usr/bin/time ] || { log "installing GNU time"; apt-get install -y -q time >/dev/null; }
if [ ! -x "$DATA/venv/bin/python" ]; then
    log "creating $DATA/venv"
    python3 -m venv "$DATA/venv"
fi
if ! "$DATA/venv/bin/python" -c 'import tantivy' 2>/dev/null; then
    log "installing tantivy-py 0.27 from PyPI"
    "$DATA/venv/bin/pip" install -q 'tantivy==0.27.*'
fi
"$DATA/venv/bin/python" -c 'import sqlite3; sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")' \
    || { log "this Python's sqlite3 has no FTS5"; exit 1; }

# --- newsidx -----------------------------------------------------------------
log "building newsidx (release)"
cargo build --release --quiet
BIN=$ROOT/target/release/newsidx

# --- corpora -----------------------------------------------------------------
CORPORA=()
if [ "$REUTERS" = 1 ]; then
    if [ -d "$SHARED/corpora/reuters21578" ]; then
        CORPORA+=("reuters=$SHARED/corpora/reuters21578")
    else
        log "Reuters-21578 not found at $SHARED/corpora/reuters21578: skipped"
    fi
fi
if [ "$REUTERS" = 1 ] && [ -d "$SHARED/corpora/reuters21578" ]; then
    # The same articles as one JSON-lines file: one reader, records
    # prepared on every core.
    if [ ! -s "$DATA/reuters.jsonl" ]; then
        log "writing Reuters-21578 as JSON lines to $DATA/reuters.jsonl"
        scripts/reuters-jsonl "$SHARED/corpora/reuters21578" "$DATA/reuters.jsonl"
    fi
    CORPORA+=("reuters-jsonl=$DATA/reuters.jsonl")
fi
IFS=, read -ra NS <<<"$SIZES"
for n in "${NS[@]}"; do
    dir=$DATA/gen-$n-seed42
    if [ ! -f "$dir/.complete" ]; then
        log "generating $n articles into $dir"
        rm -rf "$dir"
        python3 scripts/gen-corpus --count "$n" --seed 42 --out "$dir"
        touch "$dir/.complete"
    fi
    CORPORA+=("gen-$n=$dir")
done

OUT=$DATA/results-$(date -u +%Y%m%d-%H%M%S)
ARGS=()
for c in "${CORPORA[@]}"; do ARGS+=(--corpus "$c"); done
log "results go to $OUT"
"$DATA/venv/bin/python" scripts/bench.py --bin "$BIN" --queries "$QUERIES" --out "$OUT" \
    --reps "$REPS" --rounds "$ROUNDS" --peers-max "$PEERS_MAX" "${KEEP[@]}" "${EXTRA[@]}" "${ARGS[@]}"
log "done: $OUT/results.md"
