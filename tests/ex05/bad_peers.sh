#!/usr/bin/env bash
# tests/ex05/bad_peers.sh - peers that misbehave never disturb the others,
# with either server. While a good client sends 5 messages:
#   - a peer connects and leaves without a word (EOF before a message);
#   - a peer sends half a message and leaves before its echo;
#   - a peer resets its connection after sending (if python3 is here);
#   - a client is killed (SIGKILL) in the middle of its 3 messages.
# The good client's 5 messages all come back; the server says what went
# wrong on stderr, is still running, serves one more client, has as many
# descriptors open as before it all (none leaked), and exits 0 on SIGTERM.
set -uo pipefail
source "$(dirname "$0")/lib.bash"

# peer_leaves [TEXT]: connect, send TEXT (if any), close.
peer_leaves() {
    exec 3<>"/dev/tcp/127.0.0.1/$server_port" || fail "cannot connect to the server"
    [ -n "${1:-}" ] && printf '%s' "$1" >&3
    exec 3>&-
}

# peer_resets: connect, send, close with a reset (RST) instead of a FIN.
peer_resets() {
    command -v python3 >/dev/null || return 0
    python3 - "$server_port" <<'PY'
import socket, struct, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"boom")
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
PY
}

# open_fds: how many descriptors the server has open (Linux's /proc; "?"
# elsewhere, where the leak check then passes trivially).
open_fds() {
    if [ -d "/proc/$server_pid/fd" ]; then
        ls "/proc/$server_pid/fd" | wc -l
    else
        echo "?"
    fi
}

# check_server NAME ARGS...: the whole scenario against `server ARGS...`.
check_server() {
    local name=$1 good victim status
    shift
    start_server "$@"
    fds_before=$(open_fds)
    peer_leaves
    peer_leaves "Hel"
    peer_resets
    timeout 60 "$prog" client --port "$server_port" -n 5 >"$tmp/good.out" 2>"$tmp/good.err" &
    good=$!
    "$prog" client --port "$server_port" -n 3 >"$tmp/victim.out" 2>&1 &
    victim=$!                   # killed below: no timeout needed
    sleep 0.1
    kill -KILL "$victim"
    wait "$victim" 2>/dev/null
    grep -q "echoed" "$tmp/victim.out" && { cat "$tmp/victim.out"; fail "$name: the client to kill ended before it was killed"; }
    wait "$good"
    status=$?
    [ "$status" -eq 0 ] || { cat "$tmp/good.out" "$tmp/good.err" "$server_err"; fail "$name: the good client exited with status $status"; }
    grep -q '^5 messages echoed in ' "$tmp/good.out" || fail "$name: the good client's messages did not all come back"
    kill -0 "$server_pid" 2>/dev/null || { cat "$server_err"; fail "$name: the server died"; }
    run_client -n 2 || { cat "$client_out" "$client_err"; fail "$name: the next client failed"; }
    [ "$(open_fds)" = "$fds_before" ] ||
        fail "$name: the server had $fds_before descriptors open before, $(open_fds) after: a leak"
    stop_server || { cat "$server_err"; fail "$name: the server exited with status $? on SIGTERM"; }
    grep -q "^ex05_select_io: client ('127\.0\.0\.1', [0-9]*): closed before sending a message\$" "$server_err" ||
        { cat "$server_err"; fail "$name: the server did not report the peer that left"; }
    grep -q "message received from ('127\.0\.0\.1', [0-9]*): Hel\$" "$server_out" ||
        fail "$name: the server did not read the half message"
}

check_server async --delay 0.5
check_server sync --sync --delay 0.2
echo "async and blocking servers: a silent peer, a half message, a reset$(command -v python3 >/dev/null || echo ' (skipped: no python3)') and a killed client leave the other 5 messages echoed; the server reports, goes on, leaks no descriptor, and exits 0 on SIGTERM"
