#!/usr/bin/env bash
# tests/ex05/cli.sh - the command line: --help and -h print the usage and
# exit 0; every bad option or value exits 2 with one line saying what is
# wrong, then the usage, and starts nothing.
set -uo pipefail
source "$(dirname "$0")/lib.bash"

checked=0

# refused EXPECTED_MESSAGE ARGS...: exit status 2, the message first on
# stderr, the usage after it, nothing on stdout.
refused() {
    local want=$1 status
    shift
    timeout 10 "$prog" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    [ "$status" -eq 2 ] || fail "'$*': exit status $status, want 2"
    [ "$(head -n 1 "$tmp/err")" = "ex05_select_io: $want" ] ||
        fail "'$*': said '$(head -n 1 "$tmp/err")', want 'ex05_select_io: $want'"
    grep -q '^usage: ' "$tmp/err" || fail "'$*': no usage after the message"
    [ -s "$tmp/out" ] && fail "'$*': printed on stdout"
    checked=$((checked + 1))
}

for help in --help -h "server --help" "client -h"; do
    # shellcheck disable=SC2086
    timeout 10 "$prog" $help >"$tmp/out" 2>"$tmp/err" || fail "$help: exit status $?"
    grep -q '^usage: ex05_select_io ' "$tmp/out" || fail "$help: no usage on stdout"
    grep -q 'server \[--sync\] \[--host H\] \[--port P\] \[--delay S\]' "$tmp/out" ||
        fail "$help: the usage does not show the server's options"
    checked=$((checked + 1))
done

refused "unknown option '--no-such-option'" --no-such-option
refused "unknown option '--bogus=1'" server --bogus=1
refused "unexpected argument 'frobnicate'" frobnicate
refused "unexpected argument 'extra'" client extra
refused "--port wants a whole number from 0 to 65535, not '65536': a TCP port is 16 bits (0: any free port)" server --port 65536
refused "--port wants a whole number from 0 to 65535, not '-1': a TCP port is 16 bits (0: any free port)" client --port=-1
refused "--port wants a whole number from 0 to 65535, not 'http': a TCP port is 16 bits (0: any free port)" server --port http
refused "--port wants a whole number from 0 to 65535, not '': a TCP port is 16 bits (0: any free port)" server --port=
refused "--port wants a value" server --port
refused "--delay wants a number of seconds from 0 to 60, not '-1': a minute is already a long wait" server --delay -1
refused "--delay wants a number of seconds from 0 to 60, not '61': a minute is already a long wait" server --delay 61
refused "--delay wants a number of seconds from 0 to 60, not 'nan': a minute is already a long wait" server --delay nan
refused "--delay wants a number of seconds from 0 to 60, not 'inf': a minute is already a long wait" server --delay=inf
refused "--delay wants a number of seconds from 0 to 60, not '1s': a minute is already a long wait" --delay 1s
refused "-n wants a whole number from 1 to 1000, not '0': each message holds a socket, and select() sees only descriptors below FD_SETSIZE (1024)" client -n 0
refused "-n wants a whole number from 1 to 1000, not '1001': each message holds a socket, and select() sees only descriptors below FD_SETSIZE (1024)" client -n 1001
refused "-n wants a whole number from 1 to 1000, not '99999999999999999999': each message holds a socket, and select() sees only descriptors below FD_SETSIZE (1024)" -n 99999999999999999999
refused "--host wants a name or an address, not ''" client --host=
refused "--sync takes no value" server --sync=yes
refused "--sync is not an option of the client" client --sync
refused "-n is not an option of the server" server -n 5
refused "--delay is not an option of the client" client --delay 1
refused "--port is not an option of the demo" --port 8888
refused "the client needs a port to connect to: --port 0 (any free port) is for a server" client --port 0

echo "command line: $checked checks (--help and -h exit 0 with the usage; bad options, values and places exit 2 with a one-line message, then the usage)"
