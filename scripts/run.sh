#!/usr/bin/env bash
# Installs what is missing, builds Earshot (optimized) and runs it. Arguments go to `earshot`,
# e.g. scripts/run.sh --port 9000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DEARSHOT_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target earshot
exec build/server/earshot "$@"
