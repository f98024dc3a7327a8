#!/usr/bin/env bash
# Scores `newsidx parse` (date, @handles, quoted speakers) against the hand
# labels in ../shared/corpora/web-dev/gold.jsonl.
#
# Usage: scripts/eval-extraction.sh [--verbose] [--min-speaker-f1 F]
# Extra arguments are passed to ../shared/eval/score_extraction.py.
# Exits 0 with a message when ../shared is not there (e.g. on CI).
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${NEWSIDX_SHARED:-../shared}"
corpus="$shared/corpora/web-dev"
scorer="$shared/eval/score_extraction.py"
if [[ ! -f "$corpus/gold.jsonl" || ! -f "$scorer" ]]; then
    echo "eval-extraction: $shared (gold labels and scorer) not found; nothing to score."
    exit 0
fi
cargo build --release --quiet
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mapfile -t files < <(python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if line:
        print(sys.argv[2] + "/" + json.loads(line)["file"])
' "$corpus/gold.jsonl" "$corpus")
./target/release/newsidx parse --format jsonl "${files[@]}" > "$tmp/predicted.jsonl"
python3 "$scorer" "$corpus/gold.jsonl" "$tmp/predicted.jsonl" "$@"
