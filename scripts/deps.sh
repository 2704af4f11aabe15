#!/usr/bin/env bash
# Installs the Debian 12 packages ChainGate needs, only those that are missing.
set -euo pipefail

# file: CPack's shlibdeps; desktop-file-utils, systemd: the package test's desktop entry and unit
# checks (systemd-analyze).
packages=(
    build-essential cmake ninja-build pkg-config git python3
    qt6-base-dev libqt6sql6-sqlite libqt6sql6-psql qt6-websockets-dev
    libqcustomplot-dev qtkeychain-qt6-dev libmsgpack-cxx-dev libsimdjson-dev
    libqt6svg6 postgresql xvfb xauth clang lld libclang-rt-14-dev fonts-dejavu-core
    faketime xdotool
    file desktop-file-utils systemd
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
