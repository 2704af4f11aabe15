#!/usr/bin/env bash
# Builds the DEB from an already built tree, unpacks it into a temporary root and runs the
# installed programs from there: proves the package holds everything and links system libraries.
#   package_test.sh CPACK BUILD_DIR VERSION HARDENED(ON|OFF) FORTIFIED(ON|OFF)
set -euo pipefail
cpack=$1 build_dir=$2 version=$3 hardened=${4:-OFF} fortified=${5:-OFF}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Own output directory, so a parallel `--target package` never shares cpack's staging area.
"$cpack" --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work/out" > "$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log" >&2; fail "cpack -G DEB failed"; }
shopt -s nullglob
debs=("$work"/out/chaingate_"$version"-*.deb)
[ ${#debs[@]} -eq 1 ] || fail "expected one chaingate_${version}-*.deb, cpack wrote: $(ls "$work/out")"
deb=${debs[0]}
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# shlibdeps must have run (libqt6core6 comes from it) and the runtime plugins must be named.
for dep in libqt6core6 libqt6widgets6 libstdc++6 libqt6sql6-sqlite libqt6sql6-psql; do
    [[ ", $depends," =~ ", $dep"[\ ,] ]] || fail "Depends lacks $dep"
done

root="$work/root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/chaingate usr/bin/chaingate-cli \
         usr/share/applications/chaingate.desktop \
         usr/share/metainfo/io.chaingate.ChainGate.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/chaingate.svg \
         usr/share/icons/hicolor/16x16/apps/chaingate.png \
         usr/share/icons/hicolor/256x256/apps/chaingate.png \
         usr/share/doc/chaingate/copyright usr/share/man/man1/chaingate-cli.1.gz; do
    [ -e "$root/$f" ] || fail "package lacks /$f"
done
# The dispatcher service: system and user units where systemd looks for packaged units, the
# environment file for keys readable by root only, and both /etc files kept as conffiles.
sys_unit=lib/systemd/system/chaingate-dispatch.service
user_unit=usr/lib/systemd/user/chaingate-dispatch.service
for f in "$sys_unit" "$user_unit" etc/chaingate/dispatch.env etc/chaingate/dispatch.ini; do
    [ -f "$root/$f" ] || fail "package lacks /$f"
done
listing=$(dpkg-deb -c "$deb")
mode_of() { awk -v p="./$1" '$6 == p { print $1 " " $2 }' <<< "$listing"; }
[ "$(mode_of etc/chaingate/dispatch.env)" = "-rw------- root/root" ] ||
    fail "/etc/chaingate/dispatch.env is '$(mode_of etc/chaingate/dispatch.env)', not -rw------- root/root"
for f in "$sys_unit" "$user_unit" etc/chaingate/dispatch.ini; do
    [ "$(mode_of "$f")" = "-rw-r--r-- root/root" ] || fail "/$f is '$(mode_of "$f")', not -rw-r--r-- root/root"
done
conffiles=$(dpkg-deb -I "$deb" conffiles 2> /dev/null || true)
for f in /etc/chaingate/dispatch.env /etc/chaingate/dispatch.ini; do
    grep -qx "$f" <<< "$conffiles" || fail "$f is not a conffile (upgrades would overwrite the keys)"
done
# The maintainer scripts: removal stops the dispatcher (it must not trade on from a deleted
# binary), an upgrade restarts it on the new one, systemd re-reads the units either way.
for script in postinst prerm postrm; do
    body=$(dpkg-deb -I "$deb" "$script" 2> /dev/null) || fail "package has no $script"
    sh -n <<< "$body" || fail "$script is not valid sh"
done
dpkg-deb -I "$deb" prerm | grep -q "deb-systemd-invoke stop chaingate-dispatch.service" ||
    fail "prerm does not stop the system service"
dpkg-deb -I "$deb" prerm | grep -q "deb-systemd-invoke --user stop chaingate-dispatch.service" ||
    fail "prerm does not stop the users' services"
dpkg-deb -I "$deb" postinst | grep -q "deb-systemd-invoke try-restart chaingate-dispatch.service" ||
    fail "postinst does not restart the system service on an upgrade"
dpkg-deb -I "$deb" postinst | grep -q -- "--user --machine=\"\$uid@\" try-restart" ||
    fail "postinst does not restart the users' services on an upgrade"
# What each unit runs: the packaged chaingate-cli's dispatch loop, reloadable with SIGHUP.
unit_value() { sed -n "s/^$2=//p" "$root/$1"; }
for u in "$sys_unit" "$user_unit"; do
    exec_start=$(unit_value "$u" ExecStart)
    [[ "$exec_start" == "/usr/bin/chaingate-cli dispatch --every "* ]] ||
        fail "$u runs '$exec_start', not /usr/bin/chaingate-cli dispatch --every"
    [[ "$(unit_value "$u" ExecReload)" == *"-HUP \$MAINPID" ]] || fail "$u does not reload with SIGHUP"
    [ -n "$(unit_value "$u" Description)" ] || fail "$u has no Description"
    # Restarted after a crash or a database away at the start (75), not after a deliberate stop (1).
    [ "$(unit_value "$u" Restart)" = on-failure ] || fail "$u: Restart is not on-failure"
    [ "$(unit_value "$u" RestartPreventExitStatus)" = 1 ] || fail "$u: RestartPreventExitStatus is not 1"
done
[ "$(unit_value "$sys_unit" EnvironmentFile)" = /etc/chaingate/dispatch.env ] ||
    fail "the system unit does not read /etc/chaingate/dispatch.env"
[ "$(unit_value "$sys_unit" WantedBy)" = multi-user.target ] || fail "system unit: WantedBy"
[ "$(unit_value "$user_unit" WantedBy)" = default.target ] || fail "user unit: WantedBy"
# systemd's own check (Debian 12 has systemd-analyze even without systemd as PID 1), on copies
# that point at the unpacked chaingate-cli. Any complaint fails; a missing tool fails too
# (scripts/deps.sh installs it): a check skipped is a check that never ran.
command -v systemd-analyze > /dev/null || fail "systemd-analyze is missing (apt-get install systemd)"
command -v desktop-file-validate > /dev/null ||
    fail "desktop-file-validate is missing (apt-get install desktop-file-utils)"
{
    mkdir -p "$work/units/user" "$work/run" && chmod 700 "$work/run"
    sed "s|/usr/bin/chaingate-cli|$root/usr/bin/chaingate-cli|" "$root/$sys_unit" \
        > "$work/units/chaingate-dispatch.service"
    sed "s|/usr/bin/chaingate-cli|$root/usr/bin/chaingate-cli|" "$root/$user_unit" \
        > "$work/units/user/chaingate-dispatch.service"
    out=$(systemd-analyze verify --man=no "$work/units/chaingate-dispatch.service" 2>&1) ||
        fail "systemd-analyze verify (system unit): $out"
    [ -z "$out" ] || fail "systemd-analyze verify (system unit): $out"
    out=$(XDG_RUNTIME_DIR="$work/run" systemd-analyze --user verify --man=no \
        "$work/units/user/chaingate-dispatch.service" 2>&1) ||
        fail "systemd-analyze verify (user unit): $out"
    [ -z "$out" ] || fail "systemd-analyze verify (user unit): $out"
    echo "systemd-analyze verify: both units clean"
}
desktop-file-validate "$root/usr/share/applications/chaingate.desktop" || fail "invalid desktop entry"

# Built as Debian builds its packages (cmake/Hardening.cmake): position-independent, the GOT
# read-only after start (RELRO + BIND_NOW), stack canaries and the C library's checked calls.
if [ "$hardened" = ON ]; then
    for b in chaingate chaingate-cli; do
        f="$root/usr/bin/$b"
        elf=$(readelf -hlW --dyn-syms -d "$f")
        grep -q 'Type: *DYN' <<< "$elf" || fail "/usr/bin/$b is not position-independent"
        grep -q GNU_RELRO <<< "$elf" || fail "/usr/bin/$b has no RELRO segment"
        grep -Eq 'BIND_NOW|FLAGS_1.*NOW' <<< "$elf" || fail "/usr/bin/$b is not BIND_NOW"
        grep -q __stack_chk_fail <<< "$elf" || fail "/usr/bin/$b has no stack protector"
        if [ "$fortified" = ON ]; then
            grep -Eq '__[a-z]+_chk@' <<< "$elf" || fail "/usr/bin/$b calls no fortified function"
        fi
    done
    echo "hardening: PIE, RELRO, BIND_NOW, stack protector$([ "$fortified" = ON ] && echo ", fortify")"
fi

# The installed programs must not touch the user's settings, data or keychain, nor see real keys.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export XDG_RUNTIME_DIR="$work/runtime" QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset APCA_API_KEY_ID APCA_API_SECRET_KEY CHAINGATE_DB LD_LIBRARY_PATH

out=$(timeout 30 "$root/usr/bin/chaingate-cli" --version) || fail "chaingate-cli --version failed"
echo "$out"
[[ "$out" == *"$version"* ]] || fail "chaingate-cli --version printed '$out', not $version"

out=$(timeout 30 "$root/usr/bin/chaingate" --version) || fail "chaingate --version failed"
echo "$out"
[[ "$out" == *"$version"* ]] || fail "chaingate --version printed '$out', not $version"

shot="$work/shot.png"
timeout 60 "$root/usr/bin/chaingate" --screenshot "$shot" || fail "chaingate --screenshot failed"
[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "screenshot is not a PNG"
echo "screenshot: $(stat -c %s "$shot") bytes"
echo "PASS"
