#!/usr/bin/env bash
# tests/self_contained.sh [STEP_DIR...] - check that each step builds and runs
# from a copy of its own directory alone, as a student who copies one folder
# would do: no file from a sibling step, from tests/ or from the top level.
# With no argument, checks every step. The program's output must match the
# step's main golden file, tests/golden/exNN.txt, if there is one; otherwise
# it must just exit with status 0.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD

if [ "$#" -eq 0 ]; then
    set -- ex[0-9][0-9]_*/
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for dir in "$@"; do
    dir=${dir%/}
    step=${dir%%_*}                         # ex01_event_loop -> ex01
    echo "== $dir, copied alone to $tmp"
    cp -R "$dir" "$tmp/"
    # Start from the sources only: the copy must not reuse our build.
    rm -rf "${tmp:?}/$dir/build" "${tmp:?}/$dir/$dir"
    make -C "$tmp/$dir" "$step"
    (cd "$tmp/$dir" && timeout 120 "./$dir") >"$tmp/out"
    if [ -f "$root/tests/golden/$step.txt" ]; then
        diff -u "$root/tests/golden/$step.txt" "$tmp/out"
    fi
    rm -rf "${tmp:?}/$dir"
    echo "ok: $dir"
done
