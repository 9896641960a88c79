#!/usr/bin/env bash
# tests/run.sh - run every test of every step; `make test` builds, then calls
# this. Prints a line per check (plus cmocka's own output) and ends with the
# line "N passed, N failed". Exits 1 if anything failed.
#
# The checks:
#   unit         every tests/build/exNN/test_* program (each cmocka test counts)
#   script       every tests/exNN/*.sh (exit status 0: passed)
#   transcript   each tests/golden/NAME.txt against the program's output
#   cli          --help exits 0; an unknown option exits 2 with a message
#   self-contained  the step builds from a copy of its directory alone
#   no-threads   no ucontext, setjmp, longjmp or pthread in a step's sources
#
# The counts also go to tests/build/counts ("passed failed"), for .ci/run.
set -uo pipefail                # no -e: a failing check must not stop the rest

cd "$(dirname "$0")/.."
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
section() { printf '\n== %s\n' "$*"; }

# The step directories, in order: ex01_event_loop ex02_subtasks ...
steps=()
for d in ex[0-9][0-9]_*/; do
    [ -f "$d/Makefile" ] && steps+=("${d%/}")
done

# step_dir ex01 -> ex01_event_loop, or nothing if that step does not exist.
step_dir() {
    local d
    for d in "${steps[@]}"; do
        [ "${d%%_*}" = "$1" ] && echo "$d"
    done
    return 0
}

# ---- unit tests ----------------------------------------------------------

# Run one cmocka program and add its test cases to the counts. cmocka ends
# with "[  PASSED  ] N test(s)." and, if any failed, "[  FAILED  ] N test(s),";
# a program that crashed before saying so counts as (at least) one failure.
run_unit() {
    local prog=$1 log="$tmp/unit.log" status ok bad
    # A loop that never ends is a bug too: stop it (status 124) after 5 min.
    timeout 300 "$prog" >"$log" 2>&1
    status=$?
    cat "$log"
    ok=$(awk '/^\[  PASSED  \] [0-9]+ test/ { n += $4 } END { print n + 0 }' "$log")
    bad=$(awk '/^\[  FAILED  \] [0-9]+ test/ { n += $4 } END { print n + 0 }' "$log")
    if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
        bad=1
    fi
    passed=$((passed + ok))         # not pass/fail: those count one check
    failed=$((failed + bad))
    if [ "$bad" -eq 0 ]; then
        echo "PASS unit $prog ($ok tests)"
    else
        echo "FAIL unit $prog ($ok passed, $bad failed, exit status $status)"
    fi
}

section "unit tests"
for src in tests/ex[0-9][0-9]/test_*.c; do
    [ -f "$src" ] || continue
    step=$(basename "$(dirname "$src")")
    if [ -z "$(step_dir "$step")" ]; then
        echo "SKIP unit $src: no ${step}_* directory yet (neither passed nor failed)"
        continue
    fi
    prog=tests/build/${src#tests/}
    prog=${prog%.c}
    if [ -x "$prog" ]; then
        run_unit "$prog"
    else
        fail "unit $prog: not built (see the compiler's errors above)"
    fi
done

# ---- script checks -------------------------------------------------------

# Any tests/exNN/*.sh is one check: it runs from anywhere, prints a line
# saying what it checked, and exits 0 when all is well.
section "script checks"
for script in tests/ex[0-9][0-9]/*.sh; do
    [ -f "$script" ] || continue
    step=$(basename "$(dirname "$script")")
    if [ -z "$(step_dir "$step")" ]; then
        echo "SKIP script $script: no ${step}_* directory yet (neither passed nor failed)"
        continue
    fi
    timeout 300 bash "$script" >"$tmp/log" 2>&1
    status=$?
    if [ "$status" -eq 0 ]; then
        pass "script $script: $(tail -n 1 "$tmp/log")"
    else
        cat "$tmp/log"
        fail "script $script: exit status $status"
    fi
done

# ---- transcripts ---------------------------------------------------------

section "transcripts"
for golden in tests/golden/*.txt; do
    name=$(basename "$golden" .txt)         # ex01, ex04_ten_clients
    step=${name%%_*}                        # ex01, ex04
    dir=$(step_dir "$step")
    if [ -z "$dir" ]; then
        echo "SKIP transcript $name: no ${step}_* directory yet (neither passed nor failed)"
        continue
    fi
    args=()
    if [ -f "tests/golden/$name.args" ]; then
        read -r -a args <"tests/golden/$name.args"
    fi
    timeout 120 "$dir/$dir" "${args[@]}" >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -ne 0 ]; then
        cat "$tmp/err"
        fail "transcript $name: $dir/$dir ${args[*]} exited with status $status"
    elif diff -u "$golden" "$tmp/out" >"$tmp/diff"; then
        pass "transcript $name"
    else
        cat "$tmp/diff"
        fail "transcript $name: the output differs from $golden (diff above: - expected, + got)"
    fi
done

# ---- command line --------------------------------------------------------

section "command line"
for dir in "${steps[@]}"; do
    timeout 60 "$dir/$dir" --help >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -eq 0 ] && [ -s "$tmp/out" ]; then
        pass "cli $dir --help"
    else
        fail "cli $dir --help: exit status $status (want 0), $(wc -c <"$tmp/out") bytes of help (want some)"
    fi

    timeout 60 "$dir/$dir" --no-such-option >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -eq 2 ] && [ -s "$tmp/err" ]; then
        pass "cli $dir --no-such-option"
    else
        fail "cli $dir --no-such-option: exit status $status (want 2), $(wc -c <"$tmp/err") bytes on stderr (want a message)"
    fi
done

# ---- self-containment ----------------------------------------------------

section "self-containment"
for dir in "${steps[@]}"; do
    if tests/self_contained.sh "$dir" >"$tmp/log" 2>&1; then
        pass "self-contained $dir"
    else
        cat "$tmp/log"
        fail "self-contained $dir: from a copy of its directory alone (log above)"
    fi
done

# ---- no threads, no stack switching --------------------------------------

# The lesson is that a coroutine is a frame and a switch: any of these in a
# step's sources would mean the coroutines are something else.
section "no threads"
for dir in "${steps[@]}"; do
    hits=$(grep -rnE 'ucontext|setjmp|longjmp|pthread' --exclude-dir=build \
               --include='*.[ch]' --include=Makefile "$dir")
    if [ -n "$hits" ]; then
        echo "$hits"
        fail "no-threads $dir: found the lines above"
    else
        pass "no-threads $dir"
    fi
done

# ---- total ---------------------------------------------------------------

mkdir -p tests/build
echo "$passed $failed" >tests/build/counts
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
