#!/usr/bin/env bash
# tests/ex05/valgrind.sh - the servers and the client under valgrind: no
# memory error and no leak of any kind, including in a server stopped by
# SIGTERM, idle or in the middle of an echo (its connections' tasks are
# then dropped, and their sockets closed). Skipped if valgrind is missing
# or the step is built with SANITIZE=1 (valgrind cannot run those).
# (tests/valgrind.sh, `make valgrind`, runs the demo and the unit tests.)
set -uo pipefail
source "$(dirname "$0")/lib.bash"

if ! command -v valgrind >/dev/null; then
    echo "valgrind is not installed: skipped"
    exit 0
fi
if grep -q fsanitize ex05_select_io/build/flags 2>/dev/null; then
    echo "ex05_select_io is built with SANITIZE=1: skipped (make clean; make ex05)"
    exit 0
fi
runner=(valgrind -q --leak-check=full --show-leak-kinds=all
        --errors-for-leak-kinds=all --error-exitcode=99)

# A server, a client and a peer that leaves without a word, all under
# valgrind; the server is idle when SIGTERM comes.
for mode in async sync; do
    args=(--delay 0.2)
    [ "$mode" = sync ] && args+=(--sync)
    start_server "${args[@]}"
    run_client -n 3 || { cat "$client_out" "$client_err"; fail "$mode: the client under valgrind: status $?"; }
    grep -q '^3 messages echoed in ' "$client_out" || fail "$mode: not every message came back"
    exec 3<>"/dev/tcp/127.0.0.1/$server_port"
    exec 3>&-
    sleep 1
    stop_server || { cat "$server_err"; fail "$mode server under valgrind: status $?"; }
done

# SIGTERM while two connections sleep their delay: their tasks are dropped
# (the loop says so), and everything is freed and closed.
start_server --delay 30
timeout 60 "$prog" client --port "$server_port" -n 2 >"$tmp/cut.out" 2>&1 &
for i in $(seq 300); do
    [ "$(grep -c '^message received from ' "$server_out")" -eq 2 ] && break
    sleep 0.1
done
[ "$(grep -c '^message received from ' "$server_out")" -eq 2 ] || fail "the server never read the 2 messages"
stop_server || { cat "$server_err"; fail "the server stopped mid-echo under valgrind: status $?"; }
[ "$(grep -c "^loop: task 'handle_echo' was never finished\$" "$server_err")" -eq 2 ] ||
    { cat "$server_err"; fail "the server did not say which tasks it cut short"; }

echo "valgrind: async and blocking servers and the client, with a silent peer, and a server stopped mid-echo: no error, no leak"
