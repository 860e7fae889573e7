#!/usr/bin/env bash
# Alert intake measured from outside: the published app (Release) on loopback, Debian's wrk as the load generator,
# and every figure next to the bare HTTP ceiling of the same app in the same run (/health/live, same connections).
# Usage: bench/wrk/run.sh [seconds per run, default 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
connections="${CONNECTIONS:-50}"
key="benchmarkeventsv2key000000000001"
out="${OUT:-/tmp/incidents-wrk}"
port="${PORT:-5097}"
base="http://127.0.0.1:${port}"

command -v wrk >/dev/null 2>&1 || { if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else sudo apt-get install -y wrk; fi; }

rm -rf "$out" && mkdir -p "$out/data"
dotnet publish src/Incidents.Web -c Release -o "$out/app" -v q --nologo >/dev/null
# The watchers (signed-in Chromium pages on /incidents, and the paging receiver) come from the bench harness.
dotnet build bench/Incidents.Bench -c Release -v q --nologo >/dev/null
receiver="${RECEIVER_PORT:-5098}"
export ASPNETCORE_ENVIRONMENT=Production Database__DataDirectory="$out/data" Jobs__RunServer=false \
    Alerts__EventsPerMinutePerKey=100000000 Logging__LogLevel__Default=Warning Paging__Webhook__SigningSecret=bench
(cd "$out/app" && dotnet Incidents.Web.dll seed-demo --incidents 0 --people-password 'Bench-Password-1' --events-key "$key" --escalation-seconds 3600 \
    --paging-webhook "http://127.0.0.1:${receiver}/page" >/dev/null)
(cd "$out/app" && exec dotnet Incidents.Web.dll --urls "$base" >"$out/app.log" 2>&1) &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done

run() { # name, wrk arguments…
    local name=$1; shift
    echo "== $name"
    wrk --latency "$@" | tee "$out/$name.txt" | grep -E "Requests/sec|  50%|  99%|Non-2xx|Socket errors" || true
}

# The JIT tiers up (and dynamic PGO settles) over the first ~20 s of load; figures are of the warm server.
RUN=warm run warmup -t2 -c"$connections" -d20s -s bench/wrk/new-alerts.lua "$base" >/dev/null
run ceiling -t2 -c"$connections" -d"${seconds}s" "$base/health/live"
RUN=new run new-alerts -t2 -c"$connections" -d"${seconds}s" -s bench/wrk/new-alerts.lua "$base"
# Group commit grows its batches with concurrency: the same load from 4x the connections.
RUN=new4 run new-alerts-4x -t2 -c"$((connections * 4))" -d"${seconds}s" -s bench/wrk/new-alerts.lua "$base"
run ceiling-4x -t2 -c"$((connections * 4))" -d"${seconds}s" "$base/health/live"
run repeats-warmup -t2 -c"$connections" -d3s -s bench/wrk/repeats.lua "$base" >/dev/null
run repeats -t2 -c"$connections" -d"${seconds}s" -s bench/wrk/repeats.lua "$base"
# The same new-alert load while people watch: 20 signed-in viewers keep /incidents open (Blazor circuits over the protocol;
# VIEWER_BROWSERS=1 for Chromium pages), and probe alerts (each its own incident, two a second) measure sent → shown in
# every list and sent → first page notification. The probes open and page incidents of their own, so the run the ratio
# is taken against sends them too, to no viewer; and because this VM's speed drifts by tens of percent within minutes,
# that reference is run just before and again just after.
watched() { # name, viewers
    local name=$1 count=$2
    echo "== $name ($count viewers, probes)"
    (cd bench/Incidents.Bench/bin/Release/net10.0 && TMPDIR=/dev/shm exec dotnet Incidents.Bench.dll --scenario watchers --base "$base/" --seconds "$seconds" \
        --viewers "$count" --receiver-port "$receiver" ${VIEWER_BROWSERS:+--browsers}) >"$out/$name-watchers.txt" 2>&1 &
    local watcher=$!
    for _ in $(seq 1 240); do grep -q READY "$out/$name-watchers.txt" && break; kill -0 $watcher 2>/dev/null || break; sleep 0.5; done
    RUN=$name run "$name" -t2 -c"$connections" -d"${seconds}s" -s bench/wrk/new-alerts.lua "$base"
    wait $watcher || true
    grep -v "^READY" "$out/$name-watchers.txt"
}
viewers="${VIEWERS:-20}"
watched new-alerts-probes-before 0
watched new-alerts-viewers "$viewers"
watched new-alerts-probes-after 0
RUN=storm run storm -t2 -c"$connections" -d60s -s bench/wrk/storm.lua "$base"

db="$out/data/incidents.db"
echo "== database"
sqlite3 "$db" "SELECT 'storm alerts', COUNT(*) FROM Alerts WHERE DedupKey LIKE 'storm-%';" 2>/dev/null \
  || echo "(install sqlite3 to count rows)"
sqlite3 "$db" "SELECT 'storm incidents', COUNT(DISTINCT IncidentId) FROM Alerts WHERE DedupKey LIKE 'storm-%';" 2>/dev/null || true
# Absorbed in: first to last storm alert stored (times are UTC ticks, 10,000 per millisecond).
sqlite3 "$db" "SELECT 'storm absorbed in ms', (MAX(FirstSeenAt) - MIN(FirstSeenAt)) / 10000.0 FROM Alerts WHERE DedupKey LIKE 'storm-%';" 2>/dev/null || true
sqlite3 "$db" "SELECT 'new-alert incidents', COUNT(DISTINCT IncidentId) FROM Alerts WHERE DedupKey LIKE 'new-%';" 2>/dev/null || true
