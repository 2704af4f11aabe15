#!/usr/bin/env bash
# Builds ChainGate and starts the desktop console. With no Alpaca keys it opens in DEMO mode on
# the built-in fake Alpaca server. Installs missing packages first. Extra arguments go to chaingate.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build/release -j"$(nproc)"
exec build/release/ui/chaingate "$@"
