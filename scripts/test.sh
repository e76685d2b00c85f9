#!/usr/bin/env bash
# Installs what is missing, builds everything with AddressSanitizer and UndefinedBehaviorSanitizer
# (warnings are errors), and runs every test: unit, integration over loopback, and the browser
# tests in headless Chromium. Ends with ctest's summary line. Debug information is line tables
# only (-g1: sanitizer reports keep file and line; build with -g to debug with gdb).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
build=build-test
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g1 -O1" \
      -DEARSHOT_SANITIZE=ON -DEARSHOT_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
scripts/fuzz.sh 30  # the libFuzzer targets, 30 s each (tests/fuzz/README.md); fails on a crash
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$build"
exec ctest --output-on-failure --timeout 600 "$@"
