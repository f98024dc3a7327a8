#!/usr/bin/env bash
# Extraction throughput: `newsidx parse` on Reuters-21578 as one JSON-lines
# file, on one core (taskset -c 0), three runs; prints MB/s of input.
# Uses ../shared/corpora/reuters21578 (NEWSIDX_SHARED to override); exits 0
# with a message when it is not there.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${NEWSIDX_SHARED:-../shared}"
corpus="$shared/corpora/reuters21578"
if [[ ! -d "$corpus" ]]; then
    echo "parse-speed: $corpus not found; nothing to measure."
    exit 0
fi
cargo build --release --quiet
jsonl="${TMPDIR:-/tmp}/newsidx-reuters.jsonl"
if [[ ! -s "$jsonl" ]]; then
    scripts/reuters-jsonl "$corpus" "$jsonl"
fi
bytes=$(stat -c %s "$jsonl")
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
times=()
for _ in 1 2 3; do
    s=$(date +%s.%N)
    "${pin[@]}" ./target/release/newsidx parse --format jsonl "$jsonl" > /dev/null
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc -l)")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
printf 'input %d bytes; runs %s s; median %.2f s; %.1f MB/s on one core\n' \
    "$bytes" "${times[*]}" "$median" "$(echo "$bytes / 1000000 / $median" | bc -l)"
