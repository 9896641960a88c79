#!/usr/bin/env bash
# tests/ex04/cli_bounds.sh - every numeric option of ex04_fastfood is bounded
# to what the program can honour, and a value out of bounds is refused at
# once: "ex04_fastfood: <what and why>", then the usage, exit status 2,
# nothing on stdout. The newcomer's --speed 1e-300 hung at 100% CPU, and
# --speed 1e-9 slept for a century.
#
# Run from anywhere, after the step is built (make ex04). Prints one line,
# "ok - ..." or "not ok - ...", and exits 1 if not ok.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
prog=ex04_fastfood/ex04_fastfood
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checked=0

fail() { echo "not ok - option bounds: $*"; exit 1; }

# refused PATTERN ARGS...: the run is refused within 5 s, with status 2, a
# first line on stderr that names the program and matches PATTERN (grep
# -E), the usage after it, and nothing on stdout.
refused() {
    local pattern=$1 status first
    shift
    timeout 5 "$prog" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    first=$(head -n 1 "$tmp/err")
    [ "$status" -ne 124 ] || fail "$* still runs after 5 s (a hang?)"
    [ "$status" -eq 2 ] || fail "$*: exit status $status, want 2 ($first)"
    [[ $first == "ex04_fastfood: "* ]] || fail "$*: stderr starts '$first'"
    grep -qE -- "$pattern" <<<"$first" ||
        fail "$*: '$first' does not say /$pattern/"
    grep -q '^usage: ' "$tmp/err" || fail "$*: no usage after the message"
    [ ! -s "$tmp/out" ] || fail "$*: wrote on stdout: $(head -n 1 "$tmp/out")"
    checked=$((checked + 1))
}

# accepted ARGS...: runs to the end, exit status 0.
accepted() {
    timeout 5 "$prog" "$@" >"$tmp/out" 2>"$tmp/err" ||
        fail "$*: exit status $?, want 0 ($(head -n 1 "$tmp/err"))"
    checked=$((checked + 1))
}

[ -x "$prog" ] || fail "$prog is not built (make ex04)"

# --speed: within loop.h's [LOOP_MIN_SPEED, LOOP_MAX_SPEED], and why.
speed='--speed wants a number from 0.01 to 10000, not .*half an hour'
for x in 1e-300 1e-20 1e-9 0 -1 0.0099 10001 1e300 nan inf -inf 1e999 x 2s ''; do
    refused "$speed" --quiet --speed "$x"
done
accepted --speed 10000 --quiet
accepted --speed=10000 --quiet
# The slowest speed is accepted: it is still running after half a second.
timeout 0.5 "$prog" --speed 0.01 --quiet >/dev/null 2>&1
[ $? -eq 124 ] || fail "--speed 0.01 was not accepted (or ended at once)"

# Durations: finite, not negative; a job takes more than 0 s.
for x in -1 -0.5 nan inf 1e999 '' 1x; do
    refused "--every wants a finite number of seconds, 0 or more, not" \
        --virtual --every "$x"
done
for opt in --burger-time --soda-time; do
    for x in 0 -1 nan inf ''; do
        refused "$opt wants a finite number of seconds, more than 0" \
            --virtual "$opt" "$x"
    done
done
for x in 5x0 5x-1 5xnan 5xinf 5x; do
    refused "--fryer \(seconds\) wants a finite number of seconds" \
        --virtual --fryer "$x"
done
accepted --virtual --every 0 --clients 3 --burger-time 0.001

# Counts: the units kitchen.h has room for, the portions main.c allows.
for opt in --cooks --soda-machines; do
    for n in 0 -1 100 1e2 3.5 ''; do
        refused "$opt wants a whole number from 1 to 99, not .*KITCHEN_MAX_UNITS" \
            --virtual "$opt" "$n"
    done
    accepted --virtual "$opt" 99
done
for p in 0 1001 -5 99999999999999999999; do
    refused "--fryer \(portions\) wants a whole number from 1 to 1000" \
        --virtual --fryer "${p}x8"
done
refused "--fryer wants PORTIONSxSECONDS" --virtual --fryer 58

# The options together: a whole run's deadlines stay far below what the
# loop can sleep (a tenth of LOOP_MAX_REAL_SECONDS) on the real clock, and
# where a double counts hundredths exactly on the virtual one.
refused "on the real clock at x0.01, this run could last .* days .*the bound is 36.5 days, a tenth of the year" \
    --speed 0.01 --clients 100000 --quiet
refused "on the real clock at x1, .*the bound is 36.5 days" \
    --quiet --burger-time 1e7
refused "on the real clock at x10000, .*the bound is 36.5 days" \
    --quiet --speed 10000 --clients 2 --every 1e300
refused "this run could last 2e\+300 kitchen seconds .*the bound is 1e\+11 s" \
    --virtual --clients 3 --every 1e300
accepted --virtual --clients 2 --every 1e10 --quiet

echo "ok - option bounds: $checked runs: --speed, times and counts out of bounds are refused at once with the bound and why (exit 2); the edges are accepted"
