#!/usr/bin/env bash
# tests/ex04/cli_trace.sh - --trace tells, on stderr, one line per turn of
# the loop ("turn N  at T s  run TASK  FROM -> TO  what came back"), and
# leaves stdout exactly as it is without it; --help lists it.
#
# Run from anywhere, after the step is built (make ex04). Prints one line,
# "ok - ..." or "not ok - ...", and exits 1 if not ok.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
prog=ex04_fastfood/ex04_fastfood
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "not ok - trace: $*"; exit 1; }

[ -x "$prog" ] || fail "$prog is not built (make ex04)"

"$prog" --help | grep -q '^  --trace  .*stderr' || fail "--help does not list --trace"

for args in "--virtual" "--virtual --sync --clients AB" "--virtual --clients ABCDEFGHIJ --every 1 --timeline"; do
    read -r -a words <<<"$args"
    "$prog" "${words[@]}" >"$tmp/plain" 2>"$tmp/plain.err" || fail "$args: exit status $?"
    "$prog" "${words[@]}" --trace >"$tmp/traced" 2>"$tmp/trace" || fail "$args --trace: exit status $?"
    cmp -s "$tmp/plain" "$tmp/traced" || fail "$args: --trace changed stdout"
    [ ! -s "$tmp/plain.err" ] || fail "$args: stderr without --trace: $(head -n 1 "$tmp/plain.err")"
    head -n 1 "$tmp/trace" | grep -q '^turn 1  at 0\.00 s  run arrivals  ARRIVALS_START -> ' ||
        fail "$args --trace: the first line is '$(head -n 1 "$tmp/trace")'"
    bad=$(grep -v '^turn [0-9]*  at [0-9.]* s  ' "$tmp/trace" | head -n 1)
    [ -z "$bad" ] || fail "$args --trace: not a turn line: '$bad'"
    turns=$(wc -l <"$tmp/trace")
    last=$(tail -n 1 "$tmp/trace" | awk '{ print $2 }')
    [ "$turns" -eq "$last" ] || fail "$args --trace: $turns lines for $last turns: not one per turn"
done
grep -q 'sleep 4.00 s, until ' "$tmp/trace" || fail "the trace does not show a burger's sleep"
grep -q "park on 'fryer'" "$tmp/trace" || fail "the trace does not show a wait for the fryer"

echo "ok - trace: --trace prints one line per turn on stderr ($turns for ten clients), stdout unchanged; --help lists it"
