# tests/ex05/lib.bash - what the ex05 scripts share. Sourced, never run
# (tests/run.sh runs only *.sh). It moves to the top of the toolkit, makes
# $tmp, and on exit stops every server still running and removes $tmp.
#
#   start_server ARGS...    `ex05_select_io server --port 0 ARGS...` in the
#                           background (prefixed by "${runner[@]}", if set);
#                           sets server_pid, server_port, and its output
#                           files server_out, server_err
#   stop_server             SIGTERM, then its exit status (it must exit
#                           within 10 s, or it is killed: status 137)
#   run_client ARGS...      `ex05_select_io client --port $server_port
#                           ARGS...`, bounded by timeout; output in
#                           client_out, client_err; returns its status
#   wall_of FILE            the "X" of "N messages echoed in X s wall"
#   fail MESSAGE            says it and exits 1
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
prog=ex05_select_io/ex05_select_io
tmp=$(mktemp -d)
runner=()
server_pid=

cleanup() {
    [ -n "$server_pid" ] && kill -KILL "$server_pid" 2>/dev/null
    local pid
    for pid in $(jobs -p); do kill -KILL "$pid" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

[ -x "$prog" ] || fail "$prog is not built (make ex05)"

start_server() {
    local i
    server_out=$tmp/server.$$.$RANDOM.out
    server_err=${server_out%.out}.err
    "${runner[@]}" "$prog" server --port 0 "$@" >"$server_out" 2>"$server_err" &
    server_pid=$!
    for i in $(seq 300); do                     # up to 30 s (valgrind is slow)
        server_port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$server_out")
        [ -n "$server_port" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$server_err" >&2
    fail "server $* did not say 'listening on 127.0.0.1:PORT'"
}

stop_server() {
    local i status
    kill -TERM "$server_pid" 2>/dev/null
    for i in $(seq 100); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid"
    status=$?
    server_pid=
    return "$status"
}

run_client() {
    client_out=$tmp/client.$$.$RANDOM.out
    client_err=${client_out%.out}.err
    timeout 60 "${runner[@]}" "$prog" client --port "$server_port" "$@" \
        >"$client_out" 2>"$client_err"
}

wall_of() {
    sed -n 's/^.* echoed in \([0-9.]*\) s wall, .*$/\1/p' "$1"
}

# less_than A B: is A < B? (decimal numbers)
less_than() {
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}
