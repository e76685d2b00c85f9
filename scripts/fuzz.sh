#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz/ (the protocol parser; the games library driven by
# command sequences) for SECONDS each (default 60), starting from the committed corpus.
#   scripts/fuzz.sh [SECONDS]
# Builds them with clang++ -fsanitize=fuzzer,address,undefined in build-fuzz (only the fuzz
# targets and the games library), fuzzes a temporary copy of the corpus (the committed one never
# grows by accident) and fails, printing the crash file, if a target crashes, leaks, times out
# (5 s per input) or uses more than 2 GB. tests/fuzz/README.md says how to run longer and how to
# add a crash to the corpus. Ends with a one-line summary.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
case "$seconds" in ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2 ;; esac
cxx=${EARSHOT_FUZZ_CXX:-clang++}
command -v "$cxx" >/dev/null 2>&1 || { echo "fuzz: $cxx not found (scripts/setup.sh --test installs clang)" >&2; exit 1; }

build=build-fuzz
flags="-g1 -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="$flags" \
      -DEARSHOT_FUZZ=ON -DEARSHOT_BENCH=OFF -DEARSHOT_TESTS=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_protocol fuzz_games >/dev/null

export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
crashes="$build/crashes"
mkdir -p "$crashes"

summary=()
failed=()
for target in protocol games; do
  mkdir -p "$work/$target"
  cp -R tests/fuzz/corpus/$target/. "$work/$target/"
  log="$build/fuzz_$target.log"
  echo "fuzz: $target for ${seconds}s (log: $log)"
  dict=()
  [ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")
  rc=0
  "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=4096 \
      "${dict[@]}" -print_final_stats=1 -artifact_prefix="$crashes/$target-" "$work/$target" >"$log" 2>&1 || rc=$?
  # The last status line: "#RUNS DONE cov: N ft: N corp: N/Nb ... exec/s: N ..."
  stats=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  runs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$stats")
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$stats")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$stats")
  rate=$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$stats")
  if [ "$rc" != 0 ]; then
    crash=$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -1)
    echo "fuzz: $target FAILED (exit $rc): ${crash:-see $log}" >&2
    grep -E 'ERROR|fuzz check failed|runtime error|SUMMARY' "$log" | head -5 >&2 || true
    failed+=("$target: ${crash:-$log}")
  fi
  summary+=("$target ${runs:-?} runs (${rate:-?}/s) cov ${cov:-?} ft ${ft:-?}")
done

IFS=';'
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: FAILED after ${seconds}s each: ${failed[*]}"
  exit 1
fi
echo "fuzz: no crashes in ${seconds}s per target: ${summary[*]}"
