#!/usr/bin/env bash
# End-to-end check of `newsidx export --to quickwit --url` against a real
# Quickwit 0.9 node, then a two-node cluster, all on 127.0.0.1.
#
#   scripts/quickwit-e2e.sh [CORPUS_PATH...]
#
# Quickwit: $QUICKWIT, else ../shared/bin/quickwit. Corpus: the paths given,
# else seeds/, tests/fixtures/e2e (JSON lines: record numbers, url, source) and
# ../shared/corpora/web-dev. newsidx: $NEWSIDX, else a debug
# build (cargo build). Needs python3 (comparisons) and free loopback ports.
#
# 1. Starts node A (every service, file-backed metastore) on free ports.
# 2. Ingests the corpus with newsidx, pushes articles and quotations with
#    `newsidx export [--quotations] --to quickwit --url ... --create-index`
#    (0 rejected documents required).
# 3. Compares Quickwit with newsidx on the same corpus: document count;
#    the date_histogram (1-day buckets summed into months) vs
#    `newsidx timeline '*' --by month`; the `speakers` terms aggregation vs
#    `newsidx top speakers`; quotation counts per speaker vs
#    `newsidx count --quotes --speaker`; unstemmed term and phrase queries
#    vs `newsidx count`.
# 4. Restarts node A without the searcher service (indexing, metastore,
#    control plane, janitor) and starts node B with only the searcher in the
#    same cluster, then runs the same comparisons through B's REST API.
# Stops both nodes by PID (SIGTERM, SIGKILL after 15 s) and exits 1 on any
# difference, 2 when Quickwit, python3 or the corpus is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
qw="${QUICKWIT:-../shared/bin/quickwit}"
if [[ ! -x "$qw" ]]; then
  echo "quickwit-e2e: no Quickwit binary at $qw (set QUICKWIT); nothing checked" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "quickwit-e2e: python3 is needed for the comparisons" >&2; exit 2; }
if [[ $# -gt 0 ]]; then
  corpus=("$@")
else
  corpus=(seeds tests/fixtures/e2e ../shared/corpora/web-dev)
fi
for p in "${corpus[@]}"; do
  [[ -e "$p" ]] || { echo "quickwit-e2e: corpus path $p does not exist" >&2; exit 2; }
done
if [[ -z "${NEWSIDX:-}" ]]; then
  cargo build --quiet
  NEWSIDX="$root/target/debug/newsidx"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/newsidx-qw-e2e.XXXXXX")"
pids=()
# Stops the given node PIDs: SIGTERM, SIGKILL after 15 s (a draining
# Quickwit node may take a minute to leave; its data is thrown away).
stop_pids() {
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
}
stop_nodes() {
  [[ ${#pids[@]} -gt 0 ]] && stop_pids "${pids[@]}"
  pids=()
}
cleanup() {
  stop_nodes
  if [[ "${KEEP:-}" == 1 ]]; then echo "quickwit-e2e: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Three free loopback ports P, P+1 (REST, gRPC) and a gossip port.
free_ports() {
  python3 - <<'PY'
import random, socket
def free(port):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        finally:
            s.close()
    return True
for _ in range(1000):
    p = random.randrange(20000, 60000)
    if free(p) and free(p + 1) and free(p + 2):
        print(p, p + 1, p + 2)
        break
PY
}

# start_node NAME SERVICES PEER_GOSSIP_PORT(or "") → sets $rest
start_node() {
  local name="$1" services="$2" peer="$3" ports
  read -r rest grpc gossip < <(free_ports)
  mkdir -p "$work/$name"
  {
    echo "version: 0.8"
    echo "node_id: $name"
    echo "cluster_id: newsidx-e2e"
    echo "listen_address: 127.0.0.1"
    echo "advertise_address: 127.0.0.1"
    echo "rest:"
    echo "  listen_port: $rest"
    echo "grpc_listen_port: $grpc"
    echo "gossip_listen_port: $gossip"
    echo "data_dir: $work/$name"
    echo "metastore_uri: $work/indexes#polling_interval=1s"
    echo "default_index_root_uri: $work/indexes"
    [[ -n "$services" ]] && echo "enabled_services: [$services]"
    [[ -n "$peer" ]] && echo "peer_seeds: [\"127.0.0.1:$peer\"]"
  } >"$work/$name.yaml"
  QW_DISABLE_TELEMETRY=1 "$qw" run --config "$work/$name.yaml" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  local pid="$!"
  node_pid="$pid"
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "quickwit-e2e: node $name exited; its log:" >&2
      tail -20 "$work/$name.log" >&2
      exit 1
    fi
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$rest/health/readyz', timeout=2)" 2>/dev/null; then
      echo "node $name ready: REST 127.0.0.1:$rest, gRPC $grpc, gossip $gossip, pid $pid${services:+, services [$services]}"
      gossip_port="$gossip"
      return
    fi
    sleep 0.5
  done
  echo "quickwit-e2e: node $name not ready after 60 s; its log: $work/$name.log" >&2
  exit 1
}

echo "Quickwit: $("$qw" --version 2>/dev/null | head -1)"
start_node indexer "" ""
rest_a="$rest"
pid_a="$node_pid"

idx="$work/newsidx-index"
echo "\$ newsidx ingest ${corpus[*]}"
"$NEWSIDX" --index "$idx" ingest "${corpus[@]}" 2>&1 | tail -1
for kind in articles quotations; do
  flag=(); [[ $kind == quotations ]] && flag=(--quotations)
  echo "\$ newsidx export ${flag[*]:+${flag[*]} }--to quickwit --url http://127.0.0.1:$rest_a --create-index"
  "$NEWSIDX" --index "$idx" export "${flag[@]}" --to quickwit --url "http://127.0.0.1:$rest_a" --create-index | tee "$work/push-$kind.txt"
done

compare() {
  NEWSIDX="$NEWSIDX" IDX="$idx" REST="$1" LABEL="$2" python3 - <<'PY'
import json, os, subprocess, sys, urllib.error, urllib.request
from collections import Counter

newsidx, idx, rest, label = os.environ["NEWSIDX"], os.environ["IDX"], os.environ["REST"], os.environ["LABEL"]

def nx(*args):
    out = subprocess.run([newsidx, "--index", idx, *args, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)

def qw(index, query, aggs=None):
    body = {"query": query, "max_hits": 0}
    if aggs:
        body["aggs"] = aggs
    req = urllib.request.Request(f"http://127.0.0.1:{rest}/api/v1/{index}/search",
                                 data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            res = json.load(r)
    except urllib.error.HTTPError as e:
        sys.exit(f"Quickwit answered HTTP {e.code} to {query!r} on {index}: {e.read().decode()[:500]}")
    if res.get("errors"):
        sys.exit(f"Quickwit errors for {query!r}: {res['errors']}")
    return res

failures = 0
def check(what, ours, theirs):
    global failures
    same = ours == theirs
    failures += not same
    show = lambda v: json.dumps(v, ensure_ascii=False) if not isinstance(v, (int, str)) else v
    if same:
        summary = ours if isinstance(ours, (int, str)) else f"{len(ours)} values, all equal"
        print(f"  {'ok  ':5} {what}: {summary}")
    else:
        print(f"  {'DIFF':5} {what}: newsidx {show(ours)} vs Quickwit {show(theirs)}")

print(f"[{label}] comparisons through http://127.0.0.1:{rest}")
total = nx("count", "*")["articles"]
check("articles", total, qw("newsidx", "*")["num_hits"])

# Months: 1-day date_histogram buckets summed into calendar months.
tl = nx("timeline", "*", "--by", "month")
ours = {r["period"]: r["articles"] for r in tl["rows"] if r["articles"]}
res = qw("newsidx", "*", {"days": {"date_histogram": {"field": "date", "fixed_interval": "1d"}}})
months = Counter()
for b in res["aggregations"]["days"]["buckets"]:
    if b["doc_count"]:
        months[b["key_as_string"][:7]] += b["doc_count"]
check("articles per month (date_histogram vs timeline --by month)", ours, dict(months))
check("undated articles", tl["undated"], total - sum(months.values()))

top = nx("top", "speakers", "-n", "100000")
ours = {r["value"]: r["articles"] for r in top["rows"]}
res = qw("newsidx", "*", {"sp": {"terms": {"field": "speakers", "size": 100000}}})
theirs = {b["key"]: b["doc_count"] for b in res["aggregations"]["sp"]["buckets"]}
check("articles per speaker (terms aggregation vs top speakers)", ours, theirs)

# Quotations. newsidx --speaker X matches every speaker whose name holds the
# words of X in a row (and X's identity variants); the quotation index has
# exact canonical names, so the Quickwit query is the OR of those names.
res = qw("newsidx-quotations", "*", {"sp": {"terms": {"field": "speaker", "size": 100000}}})
names = [b["key"] for b in res["aggregations"]["sp"]["buckets"]]
check("quotations and tweets", nx("count", "--quotes", "*")["quotations"], res["num_hits"])
def words(s):
    return "".join(c.lower() if c.isalnum() else " " for c in s).split()
def holding(x):
    w = words(x)
    return [n for n in names if any(words(n)[i:i + len(w)] == w for i in range(len(words(n))))]
speakers = [s["speaker"] for s in nx("speakers", "-n", "5")["speakers"]]
for x, y in [(s, None) for s in speakers] + [(speakers[0], "iran"), (speakers[0], "people"), (speakers[0], "democrats")]:
    q = " OR ".join(f'speaker:"{n}"' for n in holding(x))
    if y:
        q = f"({q}) AND text:{y}"
    args = ["count", "--quotes", "--speaker", x] + ([y] if y else [])
    check(f"quotations of {x}" + (f" with {y!r}" if y else "") + f" [{q}]",
          nx(*args)["quotations"], qw("newsidx-quotations", q)["num_hits"])

# Unstemmed words and phrases (Quickwit 0.9 does not stem).
for q in ["embassy", "iran", "twitter", "trump", "\"white house\"", "\"prime minister\"",
          "election AND twitter", "iran OR iraq"]:
    check(f"count {q}", nx("count", q)["articles"], qw("newsidx", q)["num_hits"])
check("articles of source \"Example Post\" (--source)", nx("count", "--source", "Example Post")["articles"],
      qw("newsidx", 'source:"Example Post"')["num_hits"])
check("articles with a record number (JSON lines, CSV)",
      sum(1 for d in nx("export", "--fields", "record") if d.get("record") is not None),
      qw("newsidx", "record:>=1")["num_hits"])
# Where stemming shows (not a failure: documented in the README).
for q in ["embassies", "president"]:
    print(f"  info  count {q}: newsidx {nx('count', q)['articles']} (stemmed), "
          f"Quickwit {qw('newsidx', q)['num_hits']} (unstemmed)")
sys.exit(1 if failures else 0)
PY
}

status=0
push_ok() {
  local kind="$1" f="$work/push-$1.txt"
  grep -q ", 0 rejected," "$f" || { echo "  DIFF  $kind push: $(cat "$f")"; return 1; }
}
push_ok articles || status=1
push_ok quotations || status=1
compare "$rest_a" "node indexer" || status=1

# Two-node cluster: the indexer again, now without the searcher service
# (same data dir, file-backed metastore and index root), and a searcher-only
# node: every search below runs on the searcher node.
echo "restarting node indexer without the searcher service"
stop_pids "$pid_a"
pids=()
start_node indexer "metastore,control_plane,indexer,janitor" ""
gossip_a="$gossip_port"
start_node searcher searcher "$gossip_a"
rest_b="$rest"
python3 - "$rest_b" <<'PY' || status=1
import json, sys, time, urllib.error, urllib.request
# Wait until the searcher sees both nodes ready; show their services.
for _ in range(60):
    c = json.load(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v1/cluster", timeout=5))
    ready = sorted(n["node_id"] for n in c["ready_nodes"])
    if ready == ["indexer", "searcher"]:
        services = {s["chitchat_id"]["node_id"]: s["key_values"]["enabled_services"]["value"]
                    for s in c["chitchat_state_snapshot"]["node_states"]}
        print(f"cluster {c['cluster_id']} seen from {c['self_node_id']}: ready nodes "
              + ", ".join(f"{n} [{services.get(n, '?')}]" for n in ready))
        break
    time.sleep(0.5)
else:
    sys.exit(f"the searcher node never saw both nodes ready: {ready}")
# The searcher answers once it reaches the metastore: until then a search
# may fail (HTTP 5xx). Wait for both indexes to answer, 60 s at most.
start, last = time.time(), ""
for index in ["newsidx", "newsidx-quotations"]:
    while True:
        req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/api/v1/{index}/search",
                                     data=b'{"query":"*","max_hits":0}',
                                     headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(req, timeout=10).read()
            break
        except urllib.error.HTTPError as e:
            last = f"HTTP {e.code}: " + " ".join(e.read().decode()[:300].split())
        if time.time() - start > 60:
            sys.exit(f"the searcher node does not answer searches on {index} after 60 s: {last}")
        time.sleep(0.5)
print(f"searcher node answers searches after {time.time() - start:.1f} s"
      + (f" (before that: {last})" if last else ""))
PY
compare "$rest_b" "node searcher (searcher only)" || status=1

stopped="${pids[*]}"
stop_nodes
for pid in $stopped; do
  if kill -0 "$pid" 2>/dev/null; then echo "quickwit-e2e: node pid $pid still running" >&2; status=1; fi
done
echo "stopped both nodes (pids $stopped)"
if [[ $status == 0 ]]; then
  echo "quickwit-e2e: every comparison equal, 0 rejected documents"
else
  echo "quickwit-e2e: FAILED (differences above)"
fi
exit "$status"
