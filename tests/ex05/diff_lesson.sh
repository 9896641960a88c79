#!/usr/bin/env bash
# tests/ex05/diff_lesson.sh - `make diff-ex05` is the lesson and nothing
# else: ex05 carries ex04's loop forward unchanged (every core file differs
# from ex04's in its first line only, which names the step), so the lesson
# part lists io and net alone; the demonstration is main.c and echo.c; the
# fast-food program is gone. A fix to ex04's core that was not carried
# forward to ex05 fails here.
set -uo pipefail
source "$(dirname "$0")/lib.bash"
unset MAKEFLAGS MFLAGS MAKELEVEL    # run make as a student would

core="coro.h coro.c task.h task.c queue.h heap.h heap.c loop.h loop.c sync.h sync.c util.h util.c"
for f in $core; do
    [ -f "ex05_select_io/$f" ] || fail "ex05_select_io/$f is missing"
    if ! diff -q -I 'ex0[45]' "ex04_fastfood/$f" "ex05_select_io/$f" >/dev/null; then
        diff -u -I 'ex0[45]' "ex04_fastfood/$f" "ex05_select_io/$f" | head -20
        fail "ex05_select_io/$f differs from ex04's beyond the step's name (carry the change forward)"
    fi
done
for f in kitchen.h kitchen.c report.h report.c; do
    [ -e "ex05_select_io/$f" ] && fail "ex05_select_io/$f: the fast-food program stays in ex04"
done

make -s diff-ex05 >"$tmp/diff" 2>"$tmp/err" || { cat "$tmp/err"; fail "make diff-ex05 failed"; }
grep -qx '==== the lesson: what ex05_select_io adds to ex04_fastfood (io, net) ====' "$tmp/diff" ||
    fail "the lesson is not io and net alone: $(grep -m1 '^==== the lesson' "$tmp/diff")"
grep -qx '==== the demonstration program: main.c echo.c ====' "$tmp/diff" ||
    fail "the demonstration is not main.c and echo.c: $(grep -m1 '^==== the demonstration' "$tmp/diff")"
first=$(grep -m1 '^+++ ' "$tmp/diff" | sed 's|^+++ ex05_select_io/||; s|\t.*||')
[ "$first" = io.h ] || fail "the diff starts with $first, not io.h"

echo "make diff-ex05: the lesson is io and net alone (the $(echo $core | wc -w) core files are ex04's, renamed), then main.c and echo.c; the first file is io.h"
