#!/usr/bin/env bash
# Regenerates the dashboard screenshots in docs/screenshots/ with headless Chromium, so they cannot go stale
# silently. Needs Java 17+, Maven, Debian's chromium (apt-get install -y chromium) and npm (for playwright-core,
# installed once under ~/.cache/shears/playwright).
#
# With no argument: runs `./shears up --demo` (Kafka, every service and the demo sweep) in a scratch state directory,
# waits for the sweep's report, captures the experiment page, its comparison views (the first four trials ticked:
# their curves overlaid, the parallel coordinates) and the first demo trial's page, then stops everything.
#
# With --reproduce DATA_DIR: the comparison view of a finished real-text reproduction (`shears reproduce
# --data-dir DATA_DIR`, default ./.shears) as comparison-reproduce.png, the picture in the README: brings the run's
# Kafka log back with `shears up` on a scratch copy of DATA_DIR/kafka (DATA_DIR itself is only read; the
# checkpoints are not needed), and captures the trials table with five arms ticked (NASH-1, NASH-3, NASH-3@0.6,
# uniform-only-3, simplified CoFi), their overlaid curves, the parallel coordinates and the quality vs speed-up plot
# with its intervals, beside the report.
#
#   docs/screenshots/regenerate.sh            # ~11 min on 2 cores (the demo's budget) plus the build
#   docs/screenshots/regenerate.sh --reproduce /work/artifacts/reproduce-full/.shears   # ~1 min plus the build
#   SHEARS_DASHBOARD_PORT=18080 SHEARS_ORCHESTRATOR_PORT=18081 docs/screenshots/regenerate.sh
#   SHEARS_SCREENSHOTS_KEEP=DIR docs/screenshots/regenerate.sh   # keeps shears up's log (the demo's table) and the
#                                                                 # demo's report and figures in DIR
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/docs/screenshots"
dashboard_port="${SHEARS_DASHBOARD_PORT:-8080}"
orchestrator_port="${SHEARS_ORCHESTRATOR_PORT:-8081}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "regenerate.sh: no Chromium at $chromium (apt-get install -y chromium)" >&2; exit 2; }

reproduce=""
if [ "${1:-}" = "--reproduce" ]; then
  reproduce="${2:-.shears}"
  [ -d "$reproduce/kafka" ] || { echo "regenerate.sh: no Kafka log at $reproduce/kafka: pass the --data-dir" \
    "of a finished shears reproduce" >&2; exit 2; }
elif [ $# -gt 0 ]; then
  echo "regenerate.sh: unknown argument $1 (use no argument, or --reproduce DATA_DIR)" >&2
  exit 2
fi

state="$(mktemp -d)"
log="$state/up.log"
if [ -n "$reproduce" ]; then
  mkdir -p "$state/shears"
  cp -a "$reproduce/kafka" "$state/shears/kafka"
  "$root/shears" up --data-dir "$state/shears" --dashboard-port "$dashboard_port" \
    --orchestrator-port "$orchestrator_port" >"$log" 2>&1 &
else
  "$root/shears" up --demo --data-dir "$state/shears" --dashboard-port "$dashboard_port" \
    --orchestrator-port "$orchestrator_port" >"$log" 2>&1 &
fi
up=$!
cleanup() {
  kill "$up" 2>/dev/null || true
  wait "$up" 2>/dev/null || true
  # The log and the report live in the scratch directory, which goes; SHEARS_SCREENSHOTS_KEEP keeps copies.
  if [ -n "${SHEARS_SCREENSHOTS_KEEP:-}" ]; then
    mkdir -p "$SHEARS_SCREENSHOTS_KEEP" && cp "$log" "$SHEARS_SCREENSHOTS_KEEP/up.log" \
      && { [ ! -d "$state/shears/reports" ] || cp -a "$state/shears/reports" "$SHEARS_SCREENSHOTS_KEEP/"; } \
      && echo "regenerate.sh: shears up's log and report kept in $SHEARS_SCREENSHOTS_KEEP" >&2
  fi
  rm -rf "$state"
}
trap cleanup EXIT

limit="${SHEARS_SCREENSHOTS_TIMEOUT_S:-3600}"
started=$SECONDS
# Waits until the command in $1 succeeds, naming what for in $2.
await() {
  until eval "$1"; do
    if (( SECONDS - started > limit )); then
      echo "regenerate.sh: no $2 after ${limit}s (SHEARS_SCREENSHOTS_TIMEOUT_S); last lines:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    if ! kill -0 "$up" 2>/dev/null; then
      echo "regenerate.sh: shears up stopped before $2:" >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
    sleep 5
  done
}
base="http://127.0.0.1:$dashboard_port"

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

if [ -n "$reproduce" ]; then
  echo "regenerate.sh: bringing back the reproduction in $reproduce (log: $log) ..." >&2
  # The newest experiment the reproduction submitted, once the dashboard has replayed its evaluations.
  find_experiment='curl -fsS "$base/api/experiments" 2>/dev/null | python3 -c "
import json, sys
runs = [x for x in json.load(sys.stdin) if x[\"name\"].startswith(\"reproduce-\")]
runs.sort(key=lambda x: x.get(\"submittedAt\") or \"\")
print(runs[-1][\"experimentId\"] if runs else \"\")"'
  await 'curl -fsS "$base/health" 2>/dev/null | grep -q "\"caughtUp\" *: *true"' "dashboard caught up with the Kafka log"
  await '[ -n "$(eval "$find_experiment")" ]' "reproduction experiment on the dashboard"
  experiment="$(eval "$find_experiment")"
  await 'curl -fsS "$base/api/experiments/$experiment/report" | python3 -c "
import json, sys
sys.exit(0 if len(json.load(sys.stdin)[\"rows\"]) > 1 else 1)"' "report of $experiment"
  # Trials by index: 0 NASH-1, 2 NASH-3 (seed 1), 7 NASH-3@0.6, 10 uniform-only-3 (seed 1), 15 CoFi (seed 3).
  # The window is wide, and the page may use it, so that the table shows its metric columns.
  shot "$base/experiments/$experiment" "$out/comparison-reproduce.png" '#report tbody tr' \
    --tick-at '#trials input.pick' 0,2,7,10,15 --wait "#overlay-loss[data-trials='5'] .uplot" \
    --clip '.panel:has(#trials),#comparison,.panel:has(#scatter-box)' --width 2300 --css 'main{max-width:none}'
  exit 0
fi

echo "regenerate.sh: running the demo (log: $log) ..." >&2
await 'grep -qs "Report and figures:" "$log"' "demo report"
experiment="$(grep -o '/experiments/[A-Za-z0-9._-]*' "$log" | head -n 1 | cut -d/ -f3)"
[ -n "$experiment" ] || { echo "regenerate.sh: no experiment id in $log" >&2; exit 1; }
# The demo's first trial (index 0: NASH with one decoder layer kept, encoder sparsity 0.3).
trial="$(curl -fsS "$base/api/experiments/$experiment" | python3 -c '
import json, sys
trials = sorted(json.load(sys.stdin)["trials"], key=lambda t: t["index"])
print(trials[0]["trialId"])')"

shot "$base/experiments/$experiment" "$out/experiment-page-demo.png" '#report tbody tr'
shot "$base/experiments/$experiment" "$out/comparison-demo.png" '#report tbody tr' \
  --tick '#trials input.pick' 4 --wait "#overlay-loss[data-trials='4'] .uplot" --element '#comparison'
shot "$base/trials/$trial" "$out/trial-page-demo.png" '.uplot'
