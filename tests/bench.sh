#!/usr/bin/env bash
# tests/bench.sh - the benchmarks; `make bench` runs this. It prints what it
# measured and checks nothing against a clock (timings flake on shared
# machines): the figures are for people, and for the steps' READMEs.
#
# ex04 scale: a million clients in virtual time, built with -O2 in a scratch
# copy of the step (so the debug build in the tree is left alone). Memory
# should follow the clients in flight, not the clients in all:
#   --every 0.5  the soda machine (one client per 2 s) falls behind, and
#                most clients are still in flight at the end;
#   --every 4    the kitchen keeps up: a handful in flight at any time.
set -euo pipefail

cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cp -r ex04_fastfood "$scratch/"
make -s -C "$scratch/ex04_fastfood" clean
make -s -C "$scratch/ex04_fastfood" OPT=1 ex04
prog="$scratch/ex04_fastfood/ex04_fastfood"

# run LABEL ARGS...: wall time and peak memory of one run, on one line.
run() {
    local label=$1
    shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M" -o "$scratch/usage" "$prog" "$@" > "$scratch/out"
        read -r wall kb < "$scratch/usage"
        awk -v l="$label" -v w="$wall" -v kb="$kb" -v out="$(tail -1 "$scratch/out")" \
            'BEGIN { printf "%-36s %6.2f s wall %8.1f MB peak  (%s)\n", l, w, kb / 1024, out }'
    else
        local start end
        start=$(date +%s.%N)
        "$prog" "$@" > "$scratch/out"
        end=$(date +%s.%N)
        awk -v l="$label" -v s="$start" -v e="$end" \
            'BEGIN { printf "%-36s %6.2f s wall (peak memory: install time)\n", l, e - s }'
    fi
}

echo "ex04_fastfood, -O2, virtual clock, --quiet:"
run "100000 clients, one every 0.5 s" --virtual --clients 100000 --every 0.5 --quiet
run "1000000 clients, one every 0.5 s" --virtual --clients 1000000 --every 0.5 --quiet
run "1000000 clients, one every 4 s" --virtual --clients 1000000 --every 4 --quiet
