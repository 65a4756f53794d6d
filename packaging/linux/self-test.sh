#!/usr/bin/env bash
# Run `alprdesk --self-test` of a built Linux tarball, unpacked into a temporary
# folder, twice, each inside a network namespace whose only interface is loopback:
#   1. offscreen (QT_QPA_PLATFORM=offscreen); when strace is installed, under
#      strace, failing if the app or its demo server child connects, sends to
#      or binds any address other than loopback (127.0.0.0/8, ::1);
#   2. under Xvfb with the xcb platform plugin, so a system library missing for
#      Qt's X11 support fails the run. When dbus-run-session and
#      gnome-keyring-daemon are installed, this run has a D-Bus session with an
#      unlocked, empty GNOME Keyring in a temporary folder, and the self-test
#      must report the Secret Service backend as available.
# Each run is stopped after SELF_TEST_TIMEOUT seconds.
#
# Usage: packaging/linux/self-test.sh [TARBALL]
# The default is dist/alprdesk-VERSION-linux-MACHINE.tar.gz of the current version.
# Needs xvfb-run and xauth (Debian packages xvfb, xauth), ip (iproute2) and
# unshare (util-linux); as a user other than root, also unprivileged user namespaces.
# strace, dbus-run-session (dbus) and gnome-keyring-daemon add the checks above.
set -euo pipefail
cd "$(dirname "$0")/../.."

SELF_TEST_TIMEOUT=${SELF_TEST_TIMEOUT:-240}

if (($# > 0)); then
    tarball=$1
else
    version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' app/alprdesk/__init__.py)
    tarball=dist/alprdesk-$version-linux-$(uname -m).tar.gz
fi
if [[ ! -f $tarball ]]; then
    echo "self-test: $tarball not found; build it with make package" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
executable=$work/alprdesk/alprdesk

if ((EUID == 0)); then
    isolate=(unshare --net)
else
    isolate=(unshare --map-root-user --net)
fi

# Runs "$@" in a new network namespace with loopback up and no other interface.
offline() {
    "${isolate[@]}" bash -c '
        set -euo pipefail
        ip link set lo up
        others=$(ip -o link show | grep -v ": lo:" || true)
        if [[ -n $others ]]; then
            echo "self-test: the network namespace has interfaces besides lo: $others" >&2
            exit 1
        fi
        exec "$@"
    ' offline "$@"
}

# Runs one self-test; fails unless it exits 0 and prints each expected line.
run_self_test() {
    local name=$1
    shift
    local expected=()
    while [[ $1 != -- ]]; do
        expected+=("$1")
        shift
    done
    shift
    echo "== self-test $name"
    local log=$work/$name.log
    local started=$SECONDS status=0
    offline timeout --kill-after=10 "$SELF_TEST_TIMEOUT" "$@" 2>&1 | tee "$log" || status=$?
    echo "== self-test $name: exit status $status in $((SECONDS - started)) s"
    if ((status != 0)); then
        ((status == 124)) && echo "self-test $name: timed out after $SELF_TEST_TIMEOUT s" >&2
        return 1
    fi
    for pattern in "${expected[@]}"; do
        if ! grep -qE "$pattern" "$log"; then
            echo "self-test $name: no line matches: $pattern" >&2
            return 1
        fi
    done
}

trace=()
if command -v strace >/dev/null; then
    trace=(strace --follow-forks --quiet=all --output="$work/network.trace"
        --trace=connect,bind,sendto,sendmsg)
else
    echo "self-test: strace is not installed; the offscreen run does not check its addresses"
fi
run_self_test offscreen \
    "^ok: Qt platform: loaded the 'offscreen' platform plugin" "^ok: plate crop: " -- \
    env QT_QPA_PLATFORM=offscreen "${trace[@]}" "$executable" --self-test
if ((${#trace[@]})); then
    addresses=$(grep -oE 'inet_addr\("[^"]*"\)|inet_pton\(AF_INET6, "[^"]*"' \
        "$work/network.trace" | grep -oE '"[^"]*"' | tr -d '"' | sort -u)
    foreign=$(grep -vE '^(127\.[0-9.]+|::1|::ffff:127\.[0-9.]+)$' <<<"$addresses" || true)
    if [[ -n $foreign ]]; then
        echo "self-test offscreen: the app used addresses other than loopback:" $foreign >&2
        grep -E 'inet_addr|inet_pton' "$work/network.trace" >&2
        exit 1
    fi
    echo "== self-test offscreen: IP addresses connected, sent to or bound:" \
        "${addresses//$'\n'/ }"
fi

xvfb=(xvfb-run --auto-servernum --server-args="-screen 0 1280x1024x24 -nolisten tcp")
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    # A fresh keyring folder, so the test keyring is created empty and unlocked.
    mkdir -p "$work/keyring"
    run_self_test xcb-secret-service \
        "^ok: Qt platform: loaded the 'xcb' platform plugin" \
        "^ok: keyring: keyring\.backends\.SecretService\.Keyring \(available\)" \
        "^ok: plate crop: " -- \
        env QT_QPA_PLATFORM=xcb XDG_DATA_HOME="$work/keyring" dbus-run-session -- bash -c '
            printf "alprdesk-self-test" | gnome-keyring-daemon --unlock --components=secrets \
                >/dev/null
            exec "$@"
        ' xcb "${xvfb[@]}" "$executable" --self-test
else
    echo "self-test: dbus-run-session or gnome-keyring-daemon is not installed;" \
        "the xcb run does not check the Secret Service backend"
    run_self_test xcb \
        "^ok: Qt platform: loaded the 'xcb' platform plugin" "^ok: plate crop: " -- \
        env QT_QPA_PLATFORM=xcb "${xvfb[@]}" "$executable" --self-test
fi
echo "self-test: 2 passed, 0 failed"
