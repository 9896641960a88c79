#!/usr/bin/env bash
# tests/ex05/demo.sh - the no-argument demo runs (within 60 s) and shows the
# lesson: both servers' sections, each with its "listening on" line and
# the client's 5 echoes, then the comparison with both totals:
#   - the blocking server took more than 3 times as long as the async one;
#   - the async server used more CPU than the blocking one (busy polling).
# The figures are measured, so only their ratios are checked.
set -uo pipefail
source "$(dirname "$0")/lib.bash"

timeout 60 "$prog" >"$tmp/out" 2>"$tmp/err"
status=$?
[ "$status" -eq 0 ] || { cat "$tmp/out" "$tmp/err"; fail "the demo exited with status $status"; }
[ -s "$tmp/err" ] && { cat "$tmp/err"; fail "the demo wrote on stderr"; }

for heading in '## 1. The blocking server' '## 2. The async server' '## 3. What it cost'; do
    grep -q "^$heading" "$tmp/out" || fail "no '$heading' heading"
done
[ "$(grep -c '^listening on 127\.0\.0\.1:[0-9]*$' "$tmp/out")" -eq 2 ] ||
    fail "not two 'listening on' lines"
[ "$(grep -c '^5 messages echoed in ' "$tmp/out")" -eq 2 ] ||
    fail "not two '5 messages echoed' lines"
[ "$(grep -c '^Message received: Hello [1-5]$' "$tmp/out")" -eq 10 ] ||
    fail "not 10 'Message received' lines"
[ "$(grep -c "^message received from ('127\.0\.0\.1', [0-9]*): Hello [1-5]\$" "$tmp/out")" -eq 10 ] ||
    fail "not 10 'message received from' lines (the servers')"

# blocking server: 5 messages in 5.01 s wall; server CPU 0.00 s
# async server:    5 messages in 1.01 s wall; server CPU 1.00 s (busy ...)
figures() {
    sed -n "s/^$1 server: *5 messages in \([0-9.]*\) s wall; server CPU \([0-9.]*\) s.*/\1 \2/p" "$tmp/out"
}
read -r sync_wall sync_cpu <<<"$(figures blocking)"
read -r async_wall async_cpu <<<"$(figures async)"
[ -n "${sync_cpu:-}" ] || fail "no 'blocking server: 5 messages in X s wall; server CPU Y s' line"
[ -n "${async_cpu:-}" ] || fail "no 'async server: 5 messages in X s wall; server CPU Y s' line"
grep -q '^async server: .*(busy polling: ex06 fixes this)$' "$tmp/out" ||
    fail "the async line does not name busy polling"
less_than "$(awk -v a="$async_wall" 'BEGIN { print 3 * a }')" "$sync_wall" ||
    fail "blocking $sync_wall s is not over 3 x async $async_wall s"
less_than "$sync_cpu" "$async_cpu" ||
    fail "the async server's CPU ($async_cpu s) is not above the blocking one's ($sync_cpu s)"

echo "demo: blocking server $sync_wall s wall, CPU $sync_cpu s; async server $async_wall s wall, CPU $async_cpu s (busy polling)"
