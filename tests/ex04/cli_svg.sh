#!/usr/bin/env bash
# tests/ex04/cli_svg.sh - --svg FILE is opened before the kitchen runs: a
# path that cannot be written is said at once ("cannot write PATH: why",
# exit status 1), not after the whole run; an empty path is a usage error
# (exit 2). The newcomer waited out a run to read "cannot write : ...".
#
# Run from anywhere, after the step is built (make ex04). Prints one line,
# "ok - ..." or "not ok - ...", and exits 1 if not ok.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
prog=ex04_fastfood/ex04_fastfood
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "not ok - svg path: $*"; exit 1; }

# cannot_write PATH WHY: on the real clock at x1 this kitchen would take
# 25 s; the refusal must come at once, before any order is taken.
cannot_write() {
    local path=$1 why=$2 status
    timeout 2 "$prog" --clients ABCDEFGHIJ --every 1 --svg "$path" \
        >"$tmp/out" 2>"$tmp/err"
    status=$?
    [ "$status" -ne 124 ] || fail "--svg $path: still running after 2 s: not refused before the run"
    [ "$status" -eq 1 ] || fail "--svg $path: exit status $status, want 1"
    [ "$(cat "$tmp/err")" = "ex04_fastfood: cannot write $path: $why" ] ||
        fail "--svg $path: stderr says '$(cat "$tmp/err")'"
    [ ! -s "$tmp/out" ] || fail "--svg $path: the kitchen ran: $(head -n 1 "$tmp/out")"
}

[ -x "$prog" ] || fail "$prog is not built (make ex04)"

cannot_write /nonexistent/x.svg "No such file or directory"
cannot_write "$tmp" "Is a directory"

for args in "--svg=" "--svg ''"; do
    eval "set -- --virtual $args"
    timeout 2 "$prog" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    [ "$status" -eq 2 ] || fail "$args: exit status $status, want 2"
    [ "$(head -n 1 "$tmp/err")" = "ex04_fastfood: --svg wants a file name to write the chart to, not an empty one" ] ||
        fail "$args: stderr says '$(head -n 1 "$tmp/err")'"
    [ ! -s "$tmp/out" ] || fail "$args: the kitchen ran"
done

# A path that can be written still gets its picture, in either form.
for form in "--svg=$tmp/a.svg" "--svg $tmp/b.svg"; do
    read -r -a args <<<"$form"
    "$prog" --virtual --clients AB "${args[@]}" >"$tmp/out" 2>"$tmp/err" ||
        fail "$form: exit status $? ($(head -n 1 "$tmp/err"))"
    grep -q "^Chart written to $tmp/[ab].svg$" "$tmp/out" || fail "$form: no 'Chart written to'"
done
cmp -s "$tmp/a.svg" "$tmp/b.svg" || fail "--svg=FILE and --svg FILE drew different pictures"
grep -q '</svg>' "$tmp/a.svg" || fail "the picture is not complete"

echo "ok - svg path: an unwritable --svg path fails at once (exit 1, 'cannot write PATH: why'), an empty one is refused (exit 2), a good one is written"
