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
    python3 - "$corpus" "$jsonl" <<'PY'
import json, os, re, sys
root, out = sys.argv[1], sys.argv[2]
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt"))
with open(out, "w", encoding="utf-8") as fh:
    for p in paths:
        t = open(p, encoding="utf-8", errors="replace").read()
        m = re.match(r" date (\d{4}-\d{2}-\d{2}) ?", t)
        fh.write(json.dumps({"id": os.path.relpath(p, root), "date": m.group(1) if m else None,
                             "text": t[m.end():] if m else t}) + "\n")
PY
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
