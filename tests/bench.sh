#!/usr/bin/env bash
# tests/bench.sh - the benchmarks; `make bench` runs this. It prints what it
# measured and checks nothing against a clock (timings flake on shared
# machines): the figures are for people, and for the steps' READMEs.
# Besides its table, each benchmark prints lines that a script can read:
#   RESULT scheduler loop=<ex03|ex04|bare|python> ns_per_step=<x> bytes_per_task=<y>
#   RESULT ex04_scale clients=<n> every=<s> wall_s=<x> peak_mb=<y>
#
# Every step is built with -O2 -DNDEBUG (make OPT=1) in a scratch copy, so
# the debug build in the tree is left alone. A step that does not build is
# skipped with a note, and the rest still runs.
#
# The scheduler benchmark (tests/bench/scheduler.c and scheduler.py, whose
# comments say what they count): 1000 tasks x 1000 yields, output off, on
# ex03's loop, ex04's loop, the bare loop in scheduler.c (the floor: a ring
# of hand-written frames), and the tutorial's generator loop in Python.
# One process per round, the loops taking turns, so a slow moment of the
# machine falls on all of them; the table gives each one's median. Python
# runs every other round only: a round of it takes ~0.5 s, 100 times a C
# round, and its figures vary less. About 10 s in all on two cores.
# Targets: a step within 2x of the bare loop; a suspended task in at most
# 64 bytes in ex03, 96 in ex04 (malloc's own overhead included).
#
# ex04 scale: a million clients in virtual time. Memory should follow the
# clients in flight, not the clients in all:
#   --every 0.5  the soda machine (one client per 2 s) falls behind, and
#                most clients are still in flight at the end;
#   --every 4    the kitchen keeps up: a handful in flight at any time.
set -euo pipefail
export LC_ALL=C                 # a decimal point, for sort -g and printf
# `make SANITIZE=1 bench` would pass SANITIZE=1 down to the steps' builds
# here (make exports it, and MAKEFLAGS repeats it): a benchmark measures
# the plain -O2 build only.
unset MAKEFLAGS MFLAGS SANITIZE OPT

cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

CC=${CC:-cc}
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Werror -O2 -DNDEBUG"

SCHED_STEPS=(ex03_wait ex04_fastfood)  # the steps whose loops are compared
TASKS=1000
YIELDS=1000
ROUNDS=13                       # rounds of the C loops (odd: the median is one)
PY_EVERY=2                      # Python runs every 2nd round: 1, 3, ... 13
PY_ROUNDS=$(( (ROUNDS + PY_EVERY - 1) / PY_EVERY ))

# build_step DIR: copy the step DIR to the scratch directory and build its
# library there with OPT=1. On failure, say so with the build's last lines,
# and return 1.
build_step() {
    local dir=$1
    cp -r "$dir" "$scratch/"
    if make -s -C "$scratch/$dir" clean > "$scratch/$dir.log" 2>&1 &&
       make -s -C "$scratch/$dir" OPT=1 lib >> "$scratch/$dir.log" 2>&1; then
        return 0
    fi
    echo "$dir does not build with OPT=1: skipped"
    tail -5 "$scratch/$dir.log" | sed 's/^/    /'
    return 1
}

# ---- the scheduler benchmark -------------------------------------------

# build_scheduler DIR: scheduler.c against the step DIR's headers and its
# build/libstep.a, as $scratch/scheduler_<exNN>. Returns 1 with a note if
# the step or the benchmark does not build.
build_scheduler() {
    local dir=$1 id=${1%%_*}
    build_step "$dir" || return 1
    if ! $CC $CFLAGS -I "$scratch/$dir" -o "$scratch/scheduler_$id" \
         tests/bench/scheduler.c "$scratch/$dir/build/libstep.a" \
         > "$scratch/scheduler_$id.log" 2>&1; then
        echo "tests/bench/scheduler.c does not build against $dir: skipped"
        tail -5 "$scratch/scheduler_$id.log" | sed 's/^/    /'
        return 1
    fi
}

# median: the median of the numbers on stdin, one a line.
median() {
    sort -g | awk '{ v[NR] = $1 }
        END { if (NR == 0) print "na";
              else if (NR % 2) print v[(NR + 1) / 2];
              else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# field LOOP NAME: NAME's value on every round's line of loop LOOP.
field() {
    grep " loop=$1 " "$scratch/rounds" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

scheduler_bench() {
    local ids=() dir id round loop ns bytes bare_ns
    for dir in "${SCHED_STEPS[@]}"; do
        if build_scheduler "$dir"; then
            ids+=("${dir%%_*}")
        fi
    done
    if [ ${#ids[@]} -eq 0 ]; then
        echo "scheduler: skipped, no step built (the bare loop needs one too)"
        return
    fi
    local python=yes
    if ! command -v python3 > /dev/null; then
        python=
        echo "scheduler: python3 not found: the tutorial's Python loop is skipped"
    fi

    # The rounds: ex03, ex04, bare (scheduler.c's own loop, from the first
    # binary: it does not use the step's), python; again.
    : > "$scratch/rounds"
    for round in $(seq "$ROUNDS"); do
        for id in "${ids[@]}"; do
            "$scratch/scheduler_$id" step "$TASKS" "$YIELDS" >> "$scratch/rounds"
        done
        "$scratch/scheduler_${ids[0]}" bare "$TASKS" "$YIELDS" >> "$scratch/rounds"
        if [ -n "$python" ] && [ $(( (round - 1) % PY_EVERY )) -eq 0 ]; then
            python3 tests/bench/scheduler.py "$TASKS" "$YIELDS" >> "$scratch/rounds"
        fi
    done

    echo "scheduler: $TASKS tasks x $YIELDS yields, output off, -O2;" \
         "a step is one resume of one task ($((YIELDS + 1)) per task)"
    echo "medians of $ROUNDS rounds${python:+ (python: $PY_ROUNDS)}"
    bare_ns=$(field bare ns_per_step | median)
    printf '  %-8s %10s %12s %8s\n' loop ns/step bytes/task "x bare"
    : > "$scratch/results"
    for loop in "${ids[@]}" bare ${python:+python}; do
        ns=$(field "$loop" ns_per_step | median)
        bytes=$(field "$loop" bytes_per_task | median)
        awk -v l="$loop" -v ns="$ns" -v b="$bytes" -v bare="$bare_ns" \
            'BEGIN { printf "  %-8s %10.2f %12s %8.1f\n", l, ns, b, ns / bare }'
        echo "RESULT scheduler loop=$loop ns_per_step=$ns bytes_per_task=$bytes" \
            >> "$scratch/results"
    done
    echo "  targets: ns/step within 2x bare; bytes/task at most 64 (ex03), 96 (ex04)"
    cat "$scratch/results"
}

# ---- ex04 scale -----------------------------------------------------------

# scale_run CLIENTS EVERY: wall time and peak memory of one run of ex04 in
# virtual time, on one line; its RESULT line goes to $scratch/scale.
scale_run() {
    local clients=$1 every=$2 wall kb mb out start end
    local label="$clients clients, one every $every s"
    local args=(--virtual --clients "$clients" --every "$every" --quiet)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M" -o "$scratch/usage" "$prog" "${args[@]}" > "$scratch/out"
        read -r wall kb < "$scratch/usage"
    else
        start=$(date +%s.%N)
        "$prog" "${args[@]}" > "$scratch/out"
        end=$(date +%s.%N)
        wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
        kb=na                   # peak memory needs GNU time
    fi
    out=$(tail -1 "$scratch/out")
    mb=na
    [ "$kb" = na ] || mb=$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }')
    printf '  %-36s %6.2f s wall %8s MB peak  (%s)\n' "$label" "$wall" "$mb" "$out"
    echo "RESULT ex04_scale clients=$clients every=$every wall_s=$wall peak_mb=$mb" \
        >> "$scratch/scale"
}

scale_bench() {
    if [ ! -d "$scratch/ex04_fastfood" ] && ! build_step ex04_fastfood; then
        return
    fi
    if ! make -s -C "$scratch/ex04_fastfood" OPT=1 ex04 > "$scratch/ex04.log" 2>&1; then
        echo "ex04_fastfood does not build with OPT=1: ex04 scale skipped"
        tail -5 "$scratch/ex04.log" | sed 's/^/    /'
        return
    fi
    prog="$scratch/ex04_fastfood/ex04_fastfood"
    [ -x /usr/bin/time ] || echo "(peak memory needs GNU time: install time)"
    : > "$scratch/scale"
    echo "ex04_fastfood scale, -O2, virtual clock, --quiet:"
    scale_run 100000 0.5
    scale_run 1000000 0.5
    scale_run 1000000 4
    cat "$scratch/scale"
}

scheduler_bench
echo
scale_bench
