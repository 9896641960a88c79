#!/usr/bin/env bash
# tests/ex04/cli_clients_memory.sh - --clients N is bounded by what fits in
# memory: with --every 0 all N clients are in flight at once, each about
# 900 bytes (a serve task, three job tasks and their frames, the client's
# record), and a run may take half the machine's memory. The newcomer's
# --clients 100000000 was accepted though it needs ~90 GB. Also checks the
# 900 bytes against the peak memory of a real run (GNU time), so the figure
# cannot go stale.
#
# Run from anywhere, after the step is built (make ex04). Prints one line,
# "ok - ..." or "not ok - ...", and exits 1 if not ok.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
prog=ex04_fastfood/ex04_fastfood
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
client_bytes=900

fail() { echo "not ok - clients bound: $*"; exit 1; }

[ -x "$prog" ] || fail "$prog is not built (make ex04)"

# A count no machine can hold (900 TB): refused, with the bound and why.
timeout 5 "$prog" --virtual --quiet --clients 1000000000000 >"$tmp/out" 2>"$tmp/err"
status=$?
msg=$(head -n 1 "$tmp/err")
[ "$status" -eq 2 ] || fail "--clients 1000000000000: exit status $status, want 2 ($msg)"
[ ! -s "$tmp/out" ] || fail "--clients 1000000000000 wrote on stdout"
want="a client in flight takes about $client_bytes bytes (its serve task, three job tasks and their frames, its record), all of them can be in flight at once, and they must fit in half of this machine's"
[[ $msg == *"$want"* ]] || fail "the message does not say why: '$msg'"
max=$(sed -nE 's/.*wants a whole number from 1 to ([0-9]+), not.*/\1/p' <<<"$msg")
[ -n "$max" ] || fail "the message does not give the bound: '$msg'"

# The bound is half the machine's memory over 900 bytes.
if pages=$(getconf _PHYS_PAGES 2>/dev/null) && size=$(getconf PAGESIZE 2>/dev/null); then
    expect=$((pages * size / 2 / client_bytes))
    [ $((max - expect)) -le 1 ] && [ $((expect - max)) -le 1 ] ||
        fail "the bound is $max, want $expect (half of $pages x $size bytes / $client_bytes)"
fi

# The newcomer's 100,000,000 (unless this machine has the ~180 GB for it),
# and one more than the bound, are refused; the bound's side is not.
if [ "$max" -lt 100000000 ]; then
    timeout 5 "$prog" --virtual --quiet --clients 100000000 >/dev/null 2>&1
    [ $? -eq 2 ] || fail "--clients 100000000 was not refused (bound $max)"
fi
timeout 5 "$prog" --virtual --quiet --clients $((max + 1)) >/dev/null 2>&1
[ $? -eq 2 ] || fail "--clients $((max + 1)) was not refused (bound $max)"
timeout 5 "$prog" --virtual --quiet --clients 1000 >"$tmp/out" 2>&1 ||
    fail "--clients 1000: exit status $?"
grep -q '^1000 orders' "$tmp/out" || fail "--clients 1000 did not serve 1000 orders"

# The figure, measured: 100,000 clients one every 0.5 s leave ~75,000 in
# flight at the end (the soda machine serves one per 2 s). Sanitizers add
# their own memory: no figure to check then.
if grep -q fsanitize ex04_fastfood/build/flags 2>/dev/null; then
    echo "ok - clients bound: --clients above $max refused with the figure and why # SKIP peak memory under the sanitizers"
    exit 0
fi
if [ ! -x /usr/bin/time ]; then
    echo "ok - clients bound: --clients above $max refused with the figure and why # SKIP peak memory needs GNU time"
    exit 0
fi
peak_kb() {
    /usr/bin/time -f %M -o "$tmp/kb" "$prog" --virtual --quiet "$@" >/dev/null ||
        fail "$prog --virtual --quiet $* failed"
    tail -n 1 "$tmp/kb"
}
base=$(peak_kb --clients 1)             # the program itself
kb=$(peak_kb --clients 100000 --every 0.5)
per_client=$(((kb - base) * 1024 / 75000))
[ "$per_client" -le "$client_bytes" ] ||
    fail "100,000 clients every 0.5 s peaked at $kb KB ($base KB for one): $per_client bytes per client in flight, over the $client_bytes the bound assumes"

echo "ok - clients bound: --clients above $max (half the memory / $client_bytes bytes) refused with the figure and why; measured $per_client bytes per client in flight"
