#!/usr/bin/env bash
# Bulk apply figures: N PATCHes (email changes from a CSV mapping) against `roster sandbox` with
# added latency, at each concurrency. Prints time, rows and requests per second, 429s seen and the
# peak memory of the `roster bulk apply` process. Usage:
#   Benchmarks/bulk-apply.sh [ROWS=10000] [LATENCY_MS=50] [CONCURRENCIES="1 4 8"] [EXTRA_SANDBOX_ARGS]
# ROSTER=path/to/roster picks the binary (default: the release build, else the debug one).
set -euo pipefail
rows=${1:-10000}
latency=${2:-50}
concurrencies=${3:-"1 4 8"}
extra=${4:-}
here=$(cd "$(dirname "$0")/.." && pwd)
roster=${ROSTER:-}
if [ -z "$roster" ]; then
  for candidate in "$here/.build-release/release/roster" "$here/.build/release/roster" "$here/.build/debug/roster"; do
    if [ -x "$candidate" ]; then roster=$candidate; break; fi
  done
fi
[ -x "$roster" ] || { echo "build roster first (swift build -c release)" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# Enough users that ROWS of them have an email login (about 82% do).
users=$(( rows * 100 / 78 + 50 ))
printf '%-12s %8s %10s %10s %8s %8s %10s\n' concurrency rows seconds "rows/s" "req/s" "429s" "peak RSS"
for c in $concurrencies; do
  log="$work/requests-$c.jsonl"
  "$roster" sandbox --users "$users" --latency-ms "$latency" --request-log "$log" $extra > "$work/sandbox.json" &
  sandbox=$!
  for _ in $(seq 100); do [ -s "$work/sandbox.json" ] && break; sleep 0.1; done
  eval "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("export LOOKERSDK_BASE_URL=%r LOOKERSDK_CLIENT_ID=%r LOOKERSDK_CLIENT_SECRET=%r" % (d["base_url"], d["client_id"], d["client_secret"]))' "$work/sandbox.json")"
  export XDG_STATE_HOME="$work/state-$c"
  "$roster" users list --format json > "$work/users.json"
  python3 - "$work/users.json" "$rows" > "$work/map.csv" <<'PY'
import json, sys
users = json.load(open(sys.argv[1])); n = int(sys.argv[2])
print("user_id,email")
for u in users:
    e = (u.get("credentials_email") or {}).get("email")
    if e and n > 0:
        print("%s,bench.%s@bench.example" % (u["id"], u["id"])); n -= 1
PY
  "$roster" bulk plan --csv "$work/map.csv" --out "$work/plan.json" > /dev/null
  : > "$log"
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$roster" bulk apply "$work/plan.json" --yes --concurrency "$c" > "$work/out.jsonl" 2> "$work/err" || true
  end=$(date +%s.%N)
  python3 - "$log" "$work/out.jsonl" "$start" "$end" "$c" "$(tail -1 "$work/rss")" <<'PY'
import json, sys
log, out, start, end, c, rss = sys.argv[1:7]
reqs = [json.loads(l) for l in open(log) if l.strip()]
applied = sum(1 for l in open(out) if '"outcome":"applied"' in l)
secs = float(end) - float(start)
print("%-12s %8d %10.1f %10.1f %8.1f %8d %8.1f MiB" % (c, applied, secs, applied / secs, len(reqs) / secs,
      sum(1 for r in reqs if r.get("status") == 429), int(rss) / 1024))
PY
  kill "$sandbox"; wait "$sandbox" 2>/dev/null || true
done
