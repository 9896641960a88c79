#!/usr/bin/env bash
# tests/ex05/async_vs_sync.sh - the lesson, end to end: 5 messages at once,
# each over its own connection, against each server, delay 0.3 s.
#   - every message is echoed, with the tutorial's lines on both sides;
#   - the async server answers in about one delay: wall < 3 x delay;
#   - the blocking server in about five: wall > 4 x delay;
#   - both exit 0 on SIGTERM.
# Times are compared with the delay, never with a fixed figure.
set -uo pipefail
source "$(dirname "$0")/lib.bash"

delay=0.3

# check_run NAME: the client's and the server's lines for 5 messages.
check_run() {
    local i
    for i in 1 2 3 4 5; do
        grep -qx "Sending message 'Hello $i'" "$client_out" ||
            fail "$1: the client did not say it sent Hello $i"
        grep -qx "Message received: Hello $i" "$client_out" ||
            fail "$1: the client did not get Hello $i back"
        grep -qE "^message received from \('127\.0\.0\.1', [0-9]+\): Hello $i\$" "$server_out" ||
            fail "$1: the server did not print Hello $i"
    done
    grep -qE '^5 messages echoed in [0-9]+\.[0-9]{2} s wall, [0-9]+\.[0-9]{2} s CPU$' "$client_out" ||
        fail "$1: no '5 messages echoed in X s wall, Y s CPU' line"
    [ -s "$client_err" ] && { cat "$client_err"; fail "$1: the client complained"; }
    return 0
}

start_server --delay=$delay                     # the --opt=value form
run_client -n 5 || { cat "$client_out" "$client_err"; fail "async: client exit status $?"; }
check_run async
async=$(wall_of "$client_out")
stop_server || fail "the async server exited with status $? on SIGTERM"
grep -q '^stopped: [0-9]* select() calls' "$server_out" || fail "async: no 'stopped:' line"
less_than "$async" "$(awk -v d=$delay 'BEGIN { print 3 * d }')" ||
    fail "async: 5 messages took $async s, not under 3 x $delay s"

start_server --sync --delay $delay              # the --opt value form
run_client -n 5 || { cat "$client_out" "$client_err"; fail "sync: client exit status $?"; }
check_run sync
sync=$(wall_of "$client_out")
stop_server || fail "the blocking server exited with status $? on SIGTERM"
less_than "$(awk -v d=$delay 'BEGIN { print 4 * d }')" "$sync" ||
    fail "sync: 5 messages took $sync s, not over 4 x $delay s"

echo "5 messages, delay $delay s: async server $async s (< 3 x delay), blocking server $sync s (> 4 x delay); all echoed; both servers exit 0 on SIGTERM"
