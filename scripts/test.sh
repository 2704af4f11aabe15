#!/usr/bin/env bash
# Builds ChainGate and runs every test: a release build with the desktop (its tests run twice: today
# and with the clock a year ahead on a weekend), then the engine again under AddressSanitizer +
# UndefinedBehaviorSanitizer, then the parsers' libFuzzer targets for a bounded time (clang;
# tests/fuzz). Installs missing packages first.
#   scripts/test.sh            all three builds
#   scripts/test.sh --fast     release build only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

jobs=$(nproc)
# Each step's time, for the log: where CI's minutes go.
started=$(date +%s)
stage() {
    local name=$1 t0
    shift
    t0=$(date +%s)
    "$@"
    echo "== $name: $(($(date +%s) - t0)) s ($(($(date +%s) - started)) s in all)"
}
export QT_QPA_PLATFORM=offscreen
# A compiler cache when the machine has one (a developer's; CI's clean machine does not).
launcher=()
# ccache caches a file compiled over a precompiled header only with this sloppiness.
if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-pch_defines,time_macros}
fi

cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHAINGATE_WERROR=ON "${launcher[@]}"
stage "release build" cmake --build build/release -j"$jobs"
# Most tests wait (servers, timers, a stopped database): measured on 2 cores, the suite took 139 s
# at -j2 for 55 s of CPU, and 63 s at -j6.
stage "release tests" ctest --test-dir build/release --output-on-failure -j"$((jobs * 3))" --timeout 600

# No test may depend on today's date: the suites run again with the system clock (libfaketime)
# a year ahead, on a Saturday, and on a weekday with the market open. Monotonic clocks stay real
# so timers and timeouts behave.
stage "tests, clock moved" scripts/faketime-tests.sh build/release
stage "tests, clock in market hours" scripts/faketime-tests.sh build/release market

if [ "${1:-}" != "--fast" ]; then
    # Line tables (-g1) are all a sanitizer's report needs; full debug info made each file 10-15 %
    # slower to compile (measured: 14.4 -> 12.5 s for the transport suite).
    cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
        -DCHAINGATE_WERROR=ON -DCHAINGATE_SANITIZE=ON -DCHAINGATE_BUILD_GUI=OFF "${launcher[@]}"
    stage "sanitizer build" cmake --build build/asan -j"$jobs"
    # Heavier under the sanitizers, two tests a core: 120 s at -j2, 73-81 s at -j4, 65 s at -j6
    # (measured on 2 cores).
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        stage "sanitizer tests" ctest --test-dir build/asan --output-on-failure -j"$((jobs * 2))" --timeout 900

    # Only the fuzz targets and the libraries they link are built (see tests/fuzz/CMakeLists.txt).
    # Line tables are all a crash's stack needs, and cost far less to build than full debug info.
    CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" \
        -DCHAINGATE_WERROR=ON -DCHAINGATE_FUZZ=ON -DCHAINGATE_BUILD_GUI=OFF -DCHAINGATE_FUZZ_SECONDS=12 \
        "${launcher[@]}" \
        -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"
    stage "fuzz build" cmake --build build/fuzz -j"$jobs" --target chaingate_fuzzers
    stage fuzzing ctest --test-dir build/fuzz -L '^fuzz$' --output-on-failure -j"$jobs"
fi
echo "All tests passed in $(($(date +%s) - started)) s."
