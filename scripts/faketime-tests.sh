#!/usr/bin/env bash
# Runs a build's tests with the system clock moved (libfaketime): by default to the first Saturday
# at least a year from today (same time of day), so a test that depends on today's date, a weekday or
# the market's hours fails here instead of next week. `market` instead moves it to the first
# Wednesday at least a year ahead that is no market holiday, at 15:30 UTC (10:30 or 11:30 in New
# York): the market open, on a weekday, as a trader's day is.
#   scripts/faketime-tests.sh BUILD_DIR [YYYY-MM-DD | market]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/faketime-tests.sh BUILD_DIR [YYYY-MM-DD | market]}
day=${2:-}
# The first day at least a year ahead that is weekday $1 (1 = Monday ... 6 = Saturday).
weekday_ahead() {
    local ahead weekday
    ahead=$(date -u -d "+1 year" +%F)
    weekday=$(date -u -d "$ahead" +%u)
    date -u -d "$ahead +$(( ($1 - weekday + 7) % 7 )) days" +%F
}
lib=$(find /usr/lib -name 'libfaketime.so.1' -path '*faketime*' | head -n 1)
[ -n "$lib" ] || { echo "libfaketime not found (Debian package faketime)" >&2; exit 1; }

if [ "$day" = market ]; then
    day=$(weekday_ahead 3)
    # A Wednesday can be New Year's Day, Juneteenth, Independence Day or Christmas: a week on.
    while [[ "$(date -u -d "$day" +%m-%d)" =~ ^(01-01|06-19|07-04|12-25)$ ]]; do
        day=$(date -u -d "$day +7 days" +%F)
    done
    echo "Tests again with the clock at $day 15:30 UTC ($(date -u -d "$day" +%A)), the market open"
    clock="@$day 15:30:00"
    zone=(TZ=UTC) # "@..." is read in the local zone
else
    [ -n "$day" ] || day=$(weekday_ahead 6)
    days=$(( ($(date -u -d "$day" +%s) - $(date -u -d "$(date -u +%F)" +%s)) / 86400 ))
    echo "Tests again with the clock moved $days days ahead, to $day ($(date -u -d "$day" +%A))"
    clock="+${days}d"
    zone=()
fi
# The package test installs the DEB (no dates involved) and the fuzzers have their own stage. The
# clock runs on from where it is put. FAKETIME_FORCE_MONOTONIC_FIX=0: with glibc 2.36
# libfaketime turns that fix on by itself, and a timed wait on the monotonic clock then returns at
# once (a 0.5 s pthread_cond_timedwait measured at 0.000 s; 0.500 s with it off): QThread::wait
# gave up on a network thread, which then ended after Qt's statics were gone and printed a
# warning into a CLI test's one-line error.
env "${zone[@]}" LD_PRELOAD="$lib" FAKETIME="$clock" FAKETIME_DONT_FAKE_MONOTONIC=1 \
    FAKETIME_FORCE_MONOTONIC_FIX=0 QT_QPA_PLATFORM=offscreen \
    ctest --test-dir "$build" --output-on-failure -j"$(($(nproc) * 3))" --timeout 600 -LE '^(package|fuzz)$'
