#!/usr/bin/env bash
# Runs a build's tests with the system clock moved (libfaketime): by default to the first Saturday
# at least a year from today (same time of day), so a test that depends on today's date, a weekday or
# the market's hours fails here instead of next week.
#   scripts/faketime-tests.sh BUILD_DIR [YYYY-MM-DD]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/faketime-tests.sh BUILD_DIR [YYYY-MM-DD]}
day=${2:-}
if [ -z "$day" ]; then
    ahead=$(date -u -d "+1 year" +%F)
    weekday=$(date -u -d "$ahead" +%u) # 1 = Monday ... 6 = Saturday
    day=$(date -u -d "$ahead +$(( (6 - weekday + 7) % 7 )) days" +%F)
fi
lib=$(find /usr/lib -name 'libfaketime.so.1' -path '*faketime*' | head -n 1)
[ -n "$lib" ] || { echo "libfaketime not found (Debian package faketime)" >&2; exit 1; }

days=$(( ($(date -u -d "$day" +%s) - $(date -u -d "$(date -u +%F)" +%s)) / 86400 ))
echo "Tests again with the clock moved $days days ahead, to $day ($(date -u -d "$day" +%A))"
# The package test installs the DEB (no dates involved) and the fuzzers have their own stage.
LD_PRELOAD="$lib" FAKETIME="+${days}d" FAKETIME_DONT_FAKE_MONOTONIC=1 QT_QPA_PLATFORM=offscreen \
    ctest --test-dir "$build" --output-on-failure -j"$(($(nproc) * 3))" --timeout 600 -LE '^(package|fuzz)$'
