#!/usr/bin/env bash
# Installs what Earshot needs on Debian 12, and nothing that is already there.
#   scripts/setup.sh          build dependencies (compiler, CMake, libraries)
#   scripts/setup.sh --test   also what the tests need (Chromium, Node.js, playwright-core)
# Idempotent and non-interactive; runs as root, or through sudo otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pkgs=(g++ cmake make pkg-config libboost1.81-dev nlohmann-json3-dev doctest-dev
      libsqlite3-dev libqrcodegencpp-dev zlib1g-dev libbrotli-dev)
if [ "$want_test" = 1 ]; then
  pkgs+=(chromium nodejs npm curl clang libclang-rt-14-dev)
fi

missing=()
for p in "${pkgs[@]}"; do
  # A package counts as present when dpkg says it is installed (or a command of that name exists
  # for tools that may come from elsewhere, such as a Node.js not installed through apt).
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
    g++) command -v g++ >/dev/null 2>&1 && continue ;;
    cmake) command -v cmake >/dev/null 2>&1 && continue ;;
  esac
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$want_test" = 1 ]; then
  # Browser-test tooling only: playwright-core drives Debian's Chromium; it never downloads a browser.
  if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
    echo "setup: installing the browser tests' tools: playwright-core, axe-core (npm)"
    (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
