#!/usr/bin/env bash
# Regenerates the dashboard screenshots in docs/screenshots/ from the current demo, so they cannot go stale
# silently: runs `./shears up --demo` (Kafka, every service and the demo sweep) in a scratch state directory,
# waits for the sweep's report, captures the experiment page, its comparison views (the first four trials ticked:
# their curves overlaid, the parallel coordinates) and the first demo trial's page with headless Chromium, then
# stops everything. Needs Java 17+, Maven, Debian's chromium (apt-get install -y chromium) and npm (for playwright-core,
# installed once under ~/.cache/shears/playwright).
#
#   docs/screenshots/regenerate.sh            # ~11 min on 2 cores (the demo's budget) plus the build
#   SHEARS_DASHBOARD_PORT=18080 SHEARS_ORCHESTRATOR_PORT=18081 docs/screenshots/regenerate.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/docs/screenshots"
dashboard_port="${SHEARS_DASHBOARD_PORT:-8080}"
orchestrator_port="${SHEARS_ORCHESTRATOR_PORT:-8081}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "regenerate.sh: no Chromium at $chromium (apt-get install -y chromium)" >&2; exit 2; }

state="$(mktemp -d)"
log="$state/up.log"
"$root/shears" up --demo --data-dir "$state/shears" --dashboard-port "$dashboard_port" \
  --orchestrator-port "$orchestrator_port" >"$log" 2>&1 &
up=$!
cleanup() {
  kill "$up" 2>/dev/null || true
  wait "$up" 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT

limit="${SHEARS_SCREENSHOTS_TIMEOUT_S:-3600}"
started=$SECONDS
echo "regenerate.sh: running the demo (log: $log) ..." >&2
until grep -q "Report and figures:" "$log"; do
  if (( SECONDS - started > limit )); then
    echo "regenerate.sh: no demo report after ${limit}s (SHEARS_SCREENSHOTS_TIMEOUT_S); last lines:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  if ! kill -0 "$up" 2>/dev/null; then
    echo "regenerate.sh: shears up stopped before the demo's report:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  sleep 5
done

experiment="$(grep -o '/experiments/[A-Za-z0-9._-]*' "$log" | head -n 1 | cut -d/ -f3)"
[ -n "$experiment" ] || { echo "regenerate.sh: no experiment id in $log" >&2; exit 1; }
base="http://127.0.0.1:$dashboard_port"
# The demo's first trial (index 0: NASH with one decoder layer kept, encoder sparsity 0.3).
trial="$(curl -fsS "$base/api/experiments/$experiment" | python3 -c '
import json, sys
trials = sorted(json.load(sys.stdin)["trials"], key=lambda t: t["index"])
print(trials[0]["trialId"])')"

# Chromium's own --screenshot fires before the live pages have their data (and never settles with
# --virtual-time-budget while the SSE stream stays open), so Playwright waits for the rendered data instead.
pw="${SHEARS_PLAYWRIGHT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/shears/playwright}"
if [ ! -d "$pw/node_modules/playwright-core" ]; then
  command -v npm >/dev/null || { echo "regenerate.sh: npm is needed for playwright-core" >&2; exit 2; }
  mkdir -p "$pw" && (cd "$pw" && npm install --silent --no-audit --no-fund playwright-core@1.65.1) >&2
fi
cp "$root/docs/screenshots/shoot.mjs" "$pw/shoot.mjs"

shot() {
  local url="$1" file="$2" ready="$3"
  shift 3
  CHROMIUM="$chromium" node "$pw/shoot.mjs" "$url" "$file" "$ready" "$@"
  echo "regenerate.sh: wrote $file from $url" >&2
}
shot "$base/experiments/$experiment" "$out/experiment-page-demo.png" '#report tbody tr'
shot "$base/experiments/$experiment" "$out/comparison-demo.png" '#report tbody tr' \
  --tick '#trials input.pick' 4 --wait "#overlay-loss[data-trials='4'] .uplot" --element '#comparison'
shot "$base/trials/$trial" "$out/trial-page-demo.png" '.uplot'
