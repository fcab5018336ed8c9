#!/usr/bin/env bash
# Remakes the user guide's screenshots (docs/img/*.png) from a running demo, in headless Chromium:
#   scripts/screenshots.sh [OUT_DIR]      (default docs/img)
# Starts `./ecofoyer demo` on a free port with a throw-away data directory, waits for its household sign-in, runs the
# dashboard's test-scoped DocScreenshots (the browser tests' WebDriver set-up) against it, then stops the demo.
# Needs Chromium and chromedriver (ECO_TEST_CHROMIUM / ECO_TEST_CHROMEDRIVER, default /usr/bin/chromium and
# /usr/bin/chromedriver), a JDK 17 and Maven. The images are documentation: look at them, then commit them.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$(realpath -m "${1:-$ROOT/docs/img}")
export ECO_TEST_CHROMIUM=${ECO_TEST_CHROMIUM:-/usr/bin/chromium}
export ECO_TEST_CHROMEDRIVER=${ECO_TEST_CHROMEDRIVER:-/usr/bin/chromedriver}
WORK=$(mktemp -d)
DEMO_PID=
cleanup() {
  if [ -n "$DEMO_PID" ] && kill -0 "$DEMO_PID" 2>/dev/null; then
    kill -TERM "$DEMO_PID"
    wait "$DEMO_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
echo "screenshots: building the dashboard's test classes and their class path..." >&2
mvn -B -q -ntp -o -pl dashboard -am test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=test > "$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; exit 1; }
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "screenshots: starting the demo on port $PORT..." >&2
./ecofoyer demo --port "$PORT" --data-dir "$WORK/data" > "$WORK/demo.log" 2>&1 &
DEMO_PID=$!
# The demo prints its sign-in once the household, its data and its engagement (alert, report, challenge) are in.
for _ in $(seq 1 180); do
  grep -q "is running at http://127.0.0.1:$PORT/" "$WORK/demo.log" && grep -q "Demo sign-in: login 'demo'" "$WORK/demo.log" && break
  kill -0 "$DEMO_PID" 2>/dev/null || { tail -n 40 "$WORK/demo.log" >&2; exit 1; }
  sleep 1
done
PASSWORD=$(sed -n "s/.*Demo sign-in: login 'demo', password '\([^']*\)'.*/\1/p" "$WORK/demo.log" | head -n1)
[ -n "$PASSWORD" ] || { echo "screenshots: no demo sign-in in the demo's log" >&2; tail -n 40 "$WORK/demo.log" >&2; exit 1; }
# The demo's engagement (an alert, last month's report, a challenge) is made once its rollups exist: wait for it.
for _ in $(seq 1 120); do
  grep -q "Demo engagement: a challenge" "$WORK/demo.log" && break
  sleep 1
done
# Gas and water come from the demo's fake utilities, a call window at a time (Teleo: 28 days a call, 2 a second): wait
# for both syncs, else the water card shows the history only up to where the sync had got.
for _ in $(seq 1 180); do
  grep -q "sync of meter demo-gas done" "$WORK/demo.log" && grep -q "sync of meter demo-water done" "$WORK/demo.log" && break
  sleep 1
done
java -cp "dashboard/target/test-classes:dashboard/target/classes:$(cat dashboard/target/classpath.txt)" \
  org.ecofoyer.dashboard.DocScreenshots "http://127.0.0.1:$PORT" demo "$PASSWORD" "$OUT"
echo "screenshots: done, in $OUT (each should stay under 200 kB)" >&2
