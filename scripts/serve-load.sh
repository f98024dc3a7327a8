#!/usr/bin/env bash
# Load test of `newsidx serve`: 32 concurrent clients (wrk, Debian package
# `wrk`) sending the Reuters bench queries as /api/search?q=…&limit=10 for
# 20 s against a Reuters-21578 index. Prints wrk's latency distribution
# (p50/p75/p90/p99) and errors. Uses ../shared/corpora/reuters21578 and
# ../shared/bench/queries-reuters.txt.
#
#   scripts/serve-load.sh [--connections 32] [--duration 20s] [--work DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
conns=32 duration=20s work=/tmp/newsidx-serve-load
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) conns=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "usage: $0 [--connections N] [--duration 20s] [--work DIR]" >&2; exit 2 ;;
  esac
done
corpus=../shared/corpora/reuters21578 queries=../shared/bench/queries-reuters.txt
if [ ! -d "$corpus" ] || [ ! -f "$queries" ]; then
  echo "serve-load: $corpus or $queries not found (needs ../shared); nothing measured"; exit 0
fi
command -v wrk >/dev/null || { echo "serve-load: wrk not found: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/newsidx
mkdir -p "$work"
if [ ! -f "$work/index/meta.json" ]; then
  "$bin" --quiet --index "$work/index" ingest "$corpus"
fi
"$bin" --index "$work/index" stats --format json | grep -m1 '"documents"'
log=$work/serve.log
"$bin" --index "$work/index" serve --addr 127.0.0.1:0 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q ' on http://' "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$log" | head -1)
echo "serve-load: $conns clients, $duration, $(grep -cv '^\s*\(#\|$\)' "$queries") queries, $url"
QUERIES=$PWD/$queries wrk --threads 2 --connections "$conns" --duration "$duration" --latency \
  --timeout 10s --script scripts/serve-load.lua "$url"
grep -q 'error' "$log" && { echo "serve-load: server errors:"; cat "$log"; } || true
