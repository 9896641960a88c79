#!/usr/bin/env bash
# tests/valgrind.sh - run every step's program (with no arguments) and every
# unit-test program under valgrind; any memory error or leak, of any kind,
# fails. `make valgrind` builds, then calls this. Prints a line per program
# and ends with "N passed, N failed" (also written to tests/build/counts).
set -uo pipefail                # no -e: one failure must not stop the rest

cd "$(dirname "$0")/.."
passed=0
failed=0
logs=tests/build/valgrind       # one log per program, kept for reading
mkdir -p "$logs"

# --errors-for-leak-kinds=all: even memory still reachable at exit counts,
# so that every allocation in the steps has an owner who frees it.
vg=(valgrind --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
    --track-origins=yes --error-exitcode=1)

# Run one program under valgrind; its output goes to the log too.
check() {
    local prog=$1 log status
    log="$logs/$(echo "$prog" | tr / _).log"
    # timeout: a program that never ends fails (status 124) after 10 min.
    timeout 600 "${vg[@]}" --log-file="$log.vg" "$prog" >"$log" 2>&1
    status=$?
    cat "$log.vg" >>"$log"
    rm -f "$log.vg"
    if [ "$status" -eq 0 ]; then
        echo "PASS valgrind $prog"
        passed=$((passed + 1))
    else
        cat "$log"
        echo "FAIL valgrind $prog: exit status $status (log above, also in $log)"
        failed=$((failed + 1))
    fi
}

for dir in ex[0-9][0-9]_*/; do
    dir=${dir%/}
    [ -f "$dir/Makefile" ] || continue
    if [ -x "$dir/$dir" ]; then
        check "$dir/$dir"
    else
        echo "FAIL valgrind $dir/$dir: not built"
        failed=$((failed + 1))
    fi
done

for src in tests/ex[0-9][0-9]/test_*.c; do
    [ -f "$src" ] || continue
    step=$(basename "$(dirname "$src")")
    compgen -G "${step}_*/Makefile" >/dev/null || continue   # step not there yet
    prog=tests/build/${src#tests/}
    prog=${prog%.c}
    if [ -x "$prog" ]; then
        check "$prog"
    else
        echo "FAIL valgrind $prog: not built (see the compiler's errors above)"
        failed=$((failed + 1))
    fi
done

echo "$passed $failed" >tests/build/counts
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
