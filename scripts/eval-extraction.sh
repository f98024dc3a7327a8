#!/usr/bin/env bash
# Scores `newsidx parse` (date, @handles, quoted speakers) against the hand
# labels in ../shared/corpora/web-dev/gold.jsonl.
#
# Usage: scripts/eval-extraction.sh [--half 1|2] [--gold FILE --corpus DIR] [--verbose] [--min-speaker-f1 F]
# --half 1 scores the first half of the labelled files by file number, --half 2
# the second (develop on one, check the other). --gold/--corpus score another
# labelled set (e.g. eval/reuters-gold.jsonl over ../shared/corpora/reuters21578).
# Other arguments are passed to ../shared/eval/score_extraction.py.
# NEWSIDX_BIN=/path/to/newsidx scores that binary instead of building this checkout.
# Exits 0 with a message when ../shared is not there (e.g. on CI).
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${NEWSIDX_SHARED:-../shared}"
corpus="$shared/corpora/web-dev"
gold="$corpus/gold.jsonl"
scorer="$shared/eval/score_extraction.py"
half=""
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --half) half="$2"; shift 2 ;;
        --gold) gold="$2"; shift 2 ;;
        --corpus) corpus="$2"; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
if [[ ! -f "$gold" || ! -f "$scorer" ]]; then
    echo "eval-extraction: $shared (gold labels and scorer) not found; nothing to score."
    exit 0
fi
# NEWSIDX_BIN scores another build (e.g. a baseline, for an A/B comparison).
bin="${NEWSIDX_BIN:-}"
if [[ -z "$bin" ]]; then
    cargo build --release --quiet
    bin=./target/release/newsidx
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -c '
import json, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
lines.sort(key=lambda l: json.loads(l)["file"])
half = sys.argv[3]
mid = (len(lines) + 1) // 2
if half == "1":
    lines = lines[:mid]
elif half == "2":
    lines = lines[mid:]
elif half:
    sys.exit("eval-extraction: --half takes 1 or 2")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.writelines(lines)
' "$gold" "$tmp/gold.jsonl" "$half"
mapfile -t files < <(python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    print(sys.argv[2] + "/" + json.loads(line)["file"])
' "$tmp/gold.jsonl" "$corpus")
"$bin" parse --format jsonl "${files[@]}" > "$tmp/predicted.jsonl"
python3 "$scorer" "$tmp/gold.jsonl" "$tmp/predicted.jsonl" ${args[@]+"${args[@]}"}
