#!/usr/bin/env bash
# tests/ex04/diff_lesson_first.sh - `make diff-ex04` shows the lesson first
# (STYLE.md, practice 11) and behaves in a pipe:
#   - `make -s diff-ex04 | head -5` exits 0, with no make error on stderr;
#   - the first file in the diff is a lesson file, not the demonstration;
#   - the headings come in the order lesson, demonstration, rest, and each
#     file sits under the right one;
#   - `make diff-ex01` fails with a message: there is no step before it.
# It checks the order only, never the diff's content, which changes with
# the steps. tests/run.sh runs it; it also runs by hand from anywhere.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
new_dir=$(echo ex04_*)          # ex04_fastfood
# Run make as a student would, not as a sub-make of `make test`: a sub-make
# prints "Entering directory" lines and inherits the parent's flags.
unset MAKEFLAGS MFLAGS MAKELEVEL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# ---- a reader that stops early is no error --------------------------------

# expect_no_error READER...: make -s diff-ex04 | READER; make must exit 0.
expect_no_error() {
    make -s diff-ex04 2>"$tmp/err" | "$@" >/dev/null
    local status=${PIPESTATUS[0]}
    [ "$status" -eq 0 ] || fail "make -s diff-ex04 | $*: make exited with status $status"
    if grep -q Error "$tmp/err"; then
        cat "$tmp/err" >&2
        fail "make -s diff-ex04 | $*: an error on stderr (above)"
    fi
}
expect_no_error head -5
expect_no_error true            # closes the pipe at once: SIGPIPE for sure

# ---- the order of the parts -----------------------------------------------

# demo_of STEP: the demonstration program's .c files, as the heading of
# `make diff-STEP` names them.
demo_of() {
    make diff-"$1" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; fail "make diff-$1 failed"; }
    grep -m1 '^==== the demonstration program: ' "$tmp/out" |
        sed 's/^==== the demonstration program: //; s/ ====$//'
}
demo_old=$(demo_of ex03) || exit 1
demo=$(demo_of ex04) || exit 1  # last: $tmp/out is now make diff-ex04's
[ -n "$demo" ] || fail "make diff-ex04: no '==== the demonstration program: ...' heading"

# part_of FILE: the part FILE belongs in: lesson, demo or rest. The step
# that has the file decides: ex04, or ex03 for a file that ex04 deletes.
part_of() {
    local module=${1%.[ch]} list=$demo
    [ -e "$new_dir/$1" ] || list=$demo_old
    case $1 in
        *.c | *.h) case " $list " in *" $module.c "*) echo demo ;; *) echo lesson ;; esac ;;
        *) echo rest ;;
    esac
}

# Walk the output: a heading moves to the next part, and every file (the
# "+++ NEW_STEP/FILE" line of its diff) must belong to the part it is in.
part=none first=
while IFS= read -r line; do
    case $line in
        '==== the lesson:'*)
            [ "$part" = none ] || fail "the lesson heading is not the first"; part=lesson ;;
        '==== the demonstration program:'*)
            [ "$part" = lesson ] || fail "the demonstration heading does not follow the lesson"; part=demo ;;
        '==== the rest ===='*)
            [ "$part" = demo ] || fail "the rest's heading does not follow the demonstration"; part=rest ;;
        '+++ '*)
            file=${line#+++ }; file=${file%%$'\t'*}; file=${file#*/}
            : "${first:=$file}"
            [ "$(part_of "$file")" = "$part" ] ||
                fail "$file is shown under the $part heading; it belongs in the $(part_of "$file")"
            ;;
    esac
done <"$tmp/out"
[ "$part" = rest ] || fail "make diff-ex04: the headings are missing (got as far as: $part)"

[ -n "$first" ] || fail "make diff-ex04 shows no file at all"
case $first in
    main.c | kitchen.[ch] | report.[ch]) fail "the first file in the diff is $first, the demonstration" ;;
esac
[ "$(part_of "$first")" = lesson ] || fail "the first file in the diff is $first, not a lesson file"
case " $demo " in *" main.c "*) ;; *) fail "main.c is not in the demonstration: $demo" ;; esac

# ---- the first step has nothing to diff against ---------------------------

if make diff-ex01 >"$tmp/out" 2>"$tmp/err"; then
    fail "make diff-ex01 succeeded; there is no step before ex01"
fi
grep -q 'first step' "$tmp/err" || fail "make diff-ex01 failed without saying why"
[ ! -s "$tmp/out" ] || fail "make diff-ex01 printed a diff"

echo "make diff-ex04: lesson first (first file $first), then the demonstration ($demo), then the rest; no make error under head; diff-ex01 refused with a message"
