#!/usr/bin/env bash
# tests/ex01/output_errors.sh - a program whose output cannot be written (a
# full disk: here /dev/full) must say so and fail, never exit 0 as if all
# went well. Every step's main() returns through finish() (util.h), which
# flushes stdout and reports the first failed write:
#     <program>: cannot write the output: No space left on device
#
# Runs each built step program (ex01, ex02, ex03, and ex04 if it is there)
# with stdout on /dev/full, once with its demonstration and once with
# --help: the exit status must not be 0, and stderr must carry that
# message. As a control, the same runs with stdout on /dev/null must exit 0
# without it. Run from anywhere, after the steps are built (make). Prints
# what went wrong, then one line, "ok - ..." or "not ok - ...", and exits 1
# if not ok. Without /dev/full (not Linux) there is nothing to write to
# that fails: it says "ok ... # SKIP".
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The steps, and the arguments of a full run of each: ex04's guided tour
# runs on a real clock, so it runs one kitchen on the virtual clock instead.
steps=(ex01 ex02 ex03 ex04)
declare -A args=([ex04]="--virtual")
required=(ex01 ex02 ex03)       # ex04 is checked when it exists

problems=0
checked=0
problem() { echo "$*"; problems=$((problems + 1)); }

# run_with_output TARGET PROG ARGS...: run PROG with stdout on TARGET; sets
# status, and leaves stderr in $tmp/err.
run_with_output() {
    local target=$1
    shift
    timeout 60 "$@" >"$target" 2>"$tmp/err"
    status=$?
}

# check DIR ARGS...: the run fails loudly on /dev/full, and is clean on
# /dev/null.
check() {
    local dir=$1 prog=$1/$1
    shift
    run_with_output /dev/full "$prog" "$@"
    if [ "$status" -eq 0 ]; then
        problem "$prog $*: exit status 0 with stdout on /dev/full (want non-zero)"
    fi
    if ! grep -q "^$dir: cannot write the output: " "$tmp/err"; then
        problem "$prog $*: stderr does not say '$dir: cannot write the output: ...'; it says: $(head -c 300 "$tmp/err")"
    fi
    run_with_output /dev/null "$prog" "$@"
    if [ "$status" -ne 0 ] || grep -q "cannot write the output" "$tmp/err"; then
        problem "$prog $*: with stdout on /dev/null, exit status $status (want 0), stderr: $(head -c 300 "$tmp/err")"
    fi
    checked=$((checked + 1))
}

if [ ! -w /dev/full ]; then
    echo "ok - output errors # SKIP no /dev/full to write to on this system"
    exit 0
fi

programs=()
for id in "${steps[@]}"; do
    dir=$(compgen -G "${id}_*/Makefile" | head -n 1)
    dir=${dir%/Makefile}
    if [ -z "$dir" ]; then
        if [[ " ${required[*]} " == *" $id "* ]]; then
            problem "$id: no ${id}_* step directory"
        fi
        continue
    fi
    if [ ! -x "$dir/$dir" ]; then
        problem "$dir/$dir is not built (make $id)"
        continue
    fi
    read -r -a extra <<<"${args[$id]:-}"
    check "$dir" "${extra[@]}"
    check "$dir" --help
    programs+=("$dir")
done

if [ "$problems" -ne 0 ]; then
    echo "not ok - output errors: $problems problem(s) above, in $checked cases"
    exit 1
fi
echo "ok - output errors: ${programs[*]} (demonstration and --help, ${checked} cases) exit non-zero and say 'cannot write the output' when stdout is /dev/full"
