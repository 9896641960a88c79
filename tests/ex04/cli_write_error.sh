#!/usr/bin/env bash
# tests/ex04/cli_write_error.sh - a failed write to stdout (a full disk,
# here /dev/full) is reported and exits with status 1, whatever the run
# printed: main returns finish(status), which flushes stdout and checks.
# Before, `ex04_fastfood > /dev/full` lost the output and exited 0.
#
# Run from anywhere, after the step is built (make ex04). Prints one line,
# "ok - ..." or "not ok - ...", and exits 1 if not ok.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
prog=ex04_fastfood/ex04_fastfood
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=0

fail() { echo "not ok - write errors: $*"; exit 1; }

[ -x "$prog" ] || fail "$prog is not built (make ex04)"
if ! : 2>/dev/null >/dev/full; then
    echo "ok - write errors # SKIP no /dev/full on this system"
    exit 0
fi

for args in "--virtual --quiet" "--virtual --clients ABCDEFGHIJ --timeline" \
            "--virtual --clients 5000 --quiet" "--tour --virtual" "--help" "-h"; do
    read -r -a words <<<"$args"
    "$prog" "${words[@]}" >/dev/full 2>"$tmp/err"
    status=$?
    [ "$status" -eq 1 ] || fail "$args > /dev/full: exit status $status, want 1"
    [ "$(cat "$tmp/err")" = "ex04_fastfood: cannot write the output: No space left on device" ] ||
        fail "$args > /dev/full: stderr says '$(cat "$tmp/err")'"
    runs=$((runs + 1))
done

# A usage error still says so on stderr and exits 2; a good run exits 0.
"$prog" --no-such-option >/dev/full 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "unknown option" "$tmp/err" || fail "--no-such-option > /dev/full: not a usage error"
"$prog" --virtual --quiet >/dev/null || fail "--virtual --quiet > /dev/null: exit status $?"

echo "ok - write errors: $runs runs into /dev/full say 'cannot write the output' and exit 1"
