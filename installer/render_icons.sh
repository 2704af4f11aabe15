#!/usr/bin/env bash
# Regenerates the committed PNG renditions of resources/icons/chaingate.svg (hicolor sizes).
# Run after changing the SVG; needs rsvg-convert (Debian: librsvg2-bin). Not part of the build,
# so a normal build needs no SVG tooling.
set -euo pipefail
icons="$(dirname "$0")/../resources/icons"
for size in 16 32 48 64 128 256; do
    mkdir -p "$icons/${size}x${size}"
    rsvg-convert -w "$size" -h "$size" "$icons/chaingate.svg" -o "$icons/${size}x${size}/chaingate.png"
done
