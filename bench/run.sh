#!/usr/bin/env bash
# Load benchmarks: Earshot against a Node.js `ws` reference server (bench/README.md).
#
#   bench/run.sh [--quick] [--only SCENARIO[,SCENARIO...]] [--servers earshot,reference] [--out FILE]
#                [--data-dir DIR] [--trace DIR]
#
# Builds Earshot and the load tool (Release, in build-bench), installs the reference server's npm
# packages, runs every scenario against both servers (a fresh server for each), prints a table of
# the figures with their ratios and writes them as JSON (build-bench/bench-results.json unless
# --out says otherwise). Scenarios: machine (no server: what the kernel alone does) memory fanout
# throughput storm slow. --quick runs smaller
# sizes and shorter windows (about two minutes in all). --data-dir puts Earshot's data directory
# under DIR (e.g. /dev/shm, to see what its fsyncs cost). --trace writes every latency sample (and
# the storm's drops and returns) under DIR, one file per server and scenario, in CLOCK_MONOTONIC ms
# (see bench/README.md). Targets are printed, never asserted: the exit status is non-zero only when
# something could not be run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/build-bench"
ALL_SCENARIOS="machine memory fanout throughput storm slow"
SCENARIOS=$ALL_SCENARIOS
SERVERS="earshot reference"
QUICK=0
OUT="$BUILD/bench-results.json"
KEY=bench-facilitator-key
DATA_PARENT=""
TRACE_DIR=""

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --only) shift; SCENARIOS=$(echo "${1:?--only needs scenario names}" | tr ',' ' ') ;;
    --servers) shift; SERVERS=$(echo "${1:?--servers needs names}" | tr ',' ' ') ;;
    --out) shift; OUT=$(realpath -m "${1:?--out needs a file}") ;;
    --data-dir) shift; DATA_PARENT=$(realpath -m "${1:?--data-dir needs a directory}") ;;
    --trace) shift; TRACE_DIR=$(realpath -m "${1:?--trace needs a directory}") ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for s in $SCENARIOS; do
  case " $ALL_SCENARIOS " in *" $s "*) ;; *) echo "bench/run.sh: unknown scenario $s (one of: $ALL_SCENARIOS)" >&2; exit 2 ;; esac
done
for s in $SERVERS; do
  case "$s" in earshot|reference) ;; *) echo "bench/run.sh: unknown server $s (earshot, reference)" >&2; exit 2 ;; esac
done

for tool in cmake c++ node npm; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is needed (Debian: cmake g++ nodejs npm, and the build dependencies of README.md)" >&2; exit 1; }
done

say() { printf '\n== %s\n' "$*" >&2; }

# ---- build --------------------------------------------------------------------------------------

say "building earshot and earshot-load (Release, $BUILD)"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DEARSHOT_TESTS=OFF >/dev/null
fi
TARGETS="earshot earshot-load"
[ -n "${EARSHOT_BIN:-}" ] && TARGETS=earshot-load
# shellcheck disable=SC2086
cmake --build "$BUILD" -j"$(nproc)" --target $TARGETS >"$BUILD/bench-build.log" 2>&1 ||
  { tail -30 "$BUILD/bench-build.log" >&2; echo "bench/run.sh: the build failed (log: $BUILD/bench-build.log)" >&2; exit 1; }
# EARSHOT_BIN=path benchmarks another earshot binary (the load tool is still built here).
EARSHOT="${EARSHOT_BIN:-$BUILD/server/earshot}"
LOAD="$BUILD/bench/earshot-load"

say "installing the reference server's packages (npm ci)"
(cd "$ROOT/bench/reference" && npm ci --no-audit --no-fund --loglevel=error >&2)

# ---- servers --------------------------------------------------------------------------------------

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
WORK=$(mktemp -d "$BUILD/bench-run.XXXXXX")
DATA="$WORK/data"
if [ -n "$DATA_PARENT" ]; then
  mkdir -p "$DATA_PARENT"
  DATA=$(mktemp -d "$DATA_PARENT/earshot-bench-data.XXXXXX")
fi
SERVER_PID=""
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
cleanup() {
  stop_server
  rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

EARSHOT_LIMITS=()
if "$EARSHOT" --help 2>&1 | grep -q -- '--max-per-address'; then
  EARSHOT_LIMITS+=(--max-per-address 0)
fi
if "$EARSHOT" --help 2>&1 | grep -q -- '--max-connections'; then
  EARSHOT_LIMITS+=(--max-connections 19000)
fi

# start_server NAME: starts a fresh server, sets SERVER_PID and PORT.
start_server() {
  local name=$1 log="$WORK/$1-server.log" prefix
  rm -rf "$DATA" && mkdir -p "$DATA"
  if [ "$name" = earshot ]; then
    "$EARSHOT" --port 0 --bind 127.0.0.1 --quiet --facilitator-key "$KEY" --public-url http://127.0.0.1:0 \
      --data "$DATA" "${EARSHOT_LIMITS[@]}" >"$log" 2>&1 &
    prefix="earshot: listening on port "
  else
    node "$ROOT/bench/reference/server.mjs" --port 0 --bind 127.0.0.1 --facilitator-key "$KEY" >"$log" 2>&1 &
    prefix="listening on port "
  fi
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 300); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$log" >&2; echo "bench/run.sh: the $name server exited" >&2; return 1; fi
    PORT=$(sed -n "s/^$prefix\([0-9]*\).*/\1/p" "$log" | head -1)
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "bench/run.sh: the $name server printed no port in 30 s" >&2
  return 1
}

# ---- scenarios ------------------------------------------------------------------------------------

# The load tool's options for each scenario (full run, then --quick).
args_for() {
  if [ "$QUICK" = 1 ]; then
    case "$1" in
      machine) echo "--clients 500 --rooms 40 --per-room 50 --duration 2" ;;
      memory) echo "--sizes 1000,2000" ;;
      fanout) echo "--clients 500 --duration 8 --concurrency 20" ;;
      throughput) echo "--rooms 40 --per-room 50 --word-rate 40 --warmup 2 --duration 6" ;;
      storm) echo "--clients 1000 --rooms 5 --word-rate 20" ;;
      slow) echo "--word-rate 20 --max-turns 100 --warmup 5 --duration 15" ;;
    esac
  else
    case "$1" in
      machine) echo "--clients 500 --rooms 100 --per-room 50 --duration 5" ;;
      memory) echo "--sizes 1000,10000" ;;
      fanout) echo "--clients 500 --duration 30 --concurrency 20" ;;
      throughput) echo "--rooms 100 --per-room 50 --word-rate 40 --warmup 3 --duration 20" ;;
      storm) echo "--clients 5000 --rooms 10 --word-rate 20" ;;
      slow) echo "--word-rate 20 --max-turns 100 --warmup 10 --duration 60" ;;
    esac
  fi
}

FAILED=0
RESULTS=()
for scenario in $SCENARIOS; do
  if [ "$scenario" = machine ]; then  # no server: the same for both
    say "machine: the kernel alone, no server"
    result="$WORK/machine.json"
    # shellcheck disable=SC2046
    if timeout 300 "$LOAD" machine $(args_for machine) >"$result"; then
      RESULTS+=("$result")
    else
      echo "bench/run.sh: the machine scenario failed" >&2
      FAILED=1
    fi
    continue
  fi
  for server in $SERVERS; do
    say "$scenario: $server"
    start_server "$server" || { FAILED=1; stop_server; continue; }
    result="$WORK/$server-$scenario.json"
    trace=()
    if [ -n "$TRACE_DIR" ]; then
      mkdir -p "$TRACE_DIR"
      trace=(--trace "$TRACE_DIR/$server-$scenario.trace")
    fi
    # shellcheck disable=SC2046
    if timeout 900 "$LOAD" "$scenario" --url "ws://127.0.0.1:$PORT/ws" --key "$KEY" --pid "$SERVER_PID" \
      $(args_for "$scenario") "${trace[@]}" >"$result.tmp"; then
      node -e 'const fs=require("fs");const r=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));r.server=process.argv[2];fs.writeFileSync(process.argv[3],JSON.stringify(r));' \
        "$result.tmp" "$server" "$result"
      rm -f "$result.tmp"
      RESULTS+=("$result")
    else
      echo "bench/run.sh: $scenario against $server failed (server log: $WORK/$server-server.log)" >&2
      FAILED=1
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "bench/run.sh: the $server server died during $scenario" >&2
      tail -5 "$WORK/$server-server.log" >&2
      FAILED=1
    fi
    stop_server
  done
done

say "results$([ "$QUICK" = 1 ] && echo ' (--quick: smaller sizes, shorter windows)')"
mkdir -p "$(dirname "$OUT")"
node "$ROOT/bench/report.mjs" "$OUT" "${RESULTS[@]}"
echo
echo "figures written to $OUT (raw results and server logs in $WORK)"
exit "$FAILED"
