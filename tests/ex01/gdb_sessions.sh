#!/usr/bin/env bash
# tests/ex01/gdb_sessions.sh - every gdb session that a README prints works
# exactly as printed.
#
# Each session is a gdb command file, tests/gdb/NAME.gdb, and a code block in
# a README, right after the line <!-- gdb: tests/gdb/NAME.gdb -->. In the
# block, a line "(gdb) COMMAND" is a command; any other line is something
# the README claims gdb prints ("..." alone on a line: lines left out).
# For each session, this script
#   1. checks that the README's commands are the .gdb file's, in order;
#   2. builds the step (make -s -C STEP exNN) and runs, from the step's
#      directory, gdb -q -batch -x tests/gdb/NAME.gdb ./STEP;
#   3. checks that gdb printed every line the README claims, in order. In a
#      claimed line, "..." stands for anything (0x... for an address, .../
#      for a directory), runs of blanks are one blank, and the numbers gdb
#      picks by itself (line numbers, frame numbers) may differ: everything
#      else must match the whole line;
#   4. checks the key values the .gdb file lists (# expect: TEXT, in order,
#      each a piece of a line): the lesson the session is there to show.
# It also fails on a README code block with (gdb) lines but no marker: a
# session that nothing runs.
#
# The .gdb file's header says where the session lives:
#   # readme: ex04_fastfood/README.md     the README that prints it
#   # step: ex04_fastfood                 the program it debugs
#   # twice: kitchen.c: LINE              optional: run it on a scratch copy
#                                         of the step in which LINE (the one
#                                         line of kitchen.c that reads so) is
#                                         written twice: an exercise's mistake
#   # expect: TEXT                        a key value, as above
#
# gdb in batch mode leaves out a few lines that it prints at a terminal
# ("Run till exit from ...", "(More stack frames follow...)"): a README
# must not claim those.
#
# Prints one line saying what it checked; exits 0 when every session works,
# 1 otherwise. Without gdb, or with an optimised build (OPT=1), it prints a
# SKIP line and exits 0. It runs from any directory; tests/run.sh runs it.
set -uo pipefail

cd "$(dirname "$0")/../.."
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

if ! command -v gdb >/dev/null 2>&1; then
    echo "SKIP: gdb is not installed (apt-get install gdb); the READMEs' gdb sessions were not checked"
    exit 0
fi

# ---- reading the files ---------------------------------------------------

# header FILE KEY: the value of each "# KEY: value" line of a .gdb file.
header() {
    sed -n "s/^# $2: *//p" "$1"
}

# commands FILE: the .gdb file's commands (no comments, no blank lines).
commands() {
    grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1" | sed 's/[[:space:]]*$//'
}

# block README NAME: the lines of the code block after the marker for
# tests/gdb/NAME.gdb. Exits 1 if there is no such marker, or no block
# right after it.
block() {
    awk -v marker="<!-- gdb: tests/gdb/$2.gdb -->" '
        state == 0 && $0 == marker { state = 1; next }
        state == 1 { if ($0 ~ /^```/) { state = 2; next } else exit 1 }
        state == 2 && /^```/ { state = 3; exit }
        state == 2 { print }
        END { exit state != 3 }' "$1"
}

# normalize: blanks squeezed to one space, none at either end.
normalize() {
    sed 's/[[:space:]][[:space:]]*/ /g; s/^ //; s/ $//'
}

# claims_to_regexes: each claimed line (normalized) as an anchored ERE.
# "..." matches anything; a line number after "file.c:" or "file.h:", a
# source line's number at the start, and a frame number "#N" match any
# number.
claims_to_regexes() {
    sed -e 's/[][\.*^$+?(){}|/]/\\&/g' \
        -e 's/\\\.\\\.\\\./.*/g' \
        -e 's/\(\\\.[ch]\):[0-9][0-9]*/\1:[0-9][0-9]*/g' \
        -e 's/^[0-9][0-9]* /[0-9][0-9]* /' \
        -e 's/^#[0-9][0-9]* /#[0-9][0-9]* /' \
        -e 's/^/^/; s/$/$/'
}

# in_order PATTERNS OUTPUT MODE: does OUTPUT hold a line for each pattern,
# in order? MODE "regex": whole-line EREs; "text": pieces of a line.
# On failure, prints the number of the first pattern that was not found.
in_order() {
    awk -v mode="$3" '
        NR == FNR { want[++n] = $0; next }
        k < n && ((mode == "regex" && $0 ~ want[k + 1]) ||
                  (mode == "text" && index($0, want[k + 1]) > 0)) { k++ }
        END { if (k < n) { print k + 1; exit 1 } }' "$1" "$2"
}

# ---- building and running ------------------------------------------------

# build DIR: build the step in DIR (its own Makefile), quietly.
build() {
    local dir=$1 step
    step=$(basename "$dir")
    if ! make -s -C "$dir" "${step%%_*}" >"$tmp/make.log" 2>&1; then
        cat "$tmp/make.log"
        return 1
    fi
    # An optimised build (make OPT=1 ...) inlines and reorders: the sessions
    # are written for the debug build (-O0 -g3), which make builds by default.
    if ! grep -q -e '-O0' "$dir/build/flags"; then
        echo "SKIP: $dir is an optimised build (OPT=1); the gdb sessions need the default build (-O0 -g3)"
        exit 0
    fi
}

# scratch_copy STEP FILE LINE: a copy of STEP in $tmp in which the one line
# of FILE that reads LINE (leading and trailing blanks aside) is written
# twice. Prints the copy's directory.
scratch_copy() {
    local step=$1 file=$2 line=$3 copy="$tmp/scratch/$1" count
    rm -rf "$copy"
    mkdir -p "$tmp/scratch"
    cp -R "$step" "$copy"
    rm -rf "${copy:?}/build" "${copy:?}/$step"
    count=$(awk -v want="$line" '{ l = $0; gsub(/^[ \t]+|[ \t]+$/, "", l) } l == want { n++ } END { print n + 0 }' "$copy/$file")
    if [ "$count" -ne 1 ]; then
        echo "$step/$file has $count lines that read '$line' (want exactly 1 to write twice)" >&2
        return 1
    fi
    awk -v want="$line" '{ print; l = $0; gsub(/^[ \t]+|[ \t]+$/, "", l) } l == want { print }' \
        "$copy/$file" >"$copy/$file.new" && mv "$copy/$file.new" "$copy/$file"
    echo "$copy"
}

# Can gdb run a program here at all? (A container may forbid ptrace.)
probe_gdb() {
    if ! build ex01_event_loop; then
        echo "FAIL: make -C ex01_event_loop ex01 failed (above)"
        exit 1
    fi
    (cd ex01_event_loop && timeout 60 gdb -q -batch -ex 'break main' -ex run -ex 'print 6 * 7' \
        ./ex01_event_loop) >"$tmp/probe" 2>&1
    if ! grep -q '^\$1 = 42$' "$tmp/probe"; then
        echo "SKIP: gdb cannot run a program here (it said: $(grep -m1 -i -e error -e denied -e 'not permitted' "$tmp/probe"))"
        exit 0
    fi
}

# ---- one session ---------------------------------------------------------

claimed_total=0
expected_total=0
readmes=()

# session GDB_FILE: the four checks above, for one session.
session() {
    local file=$1 name readme step twice dir claims expects missing
    name=$(basename "$file" .gdb)
    readme=$(header "$file" readme)
    step=$(header "$file" step)
    twice=$(header "$file" twice)
    if [ -z "$readme" ] || [ -z "$step" ] || [ ! -f "$readme" ] || [ ! -d "$step" ]; then
        fail "$file: its header must name an existing README (# readme: ...) and step (# step: ...)"
        return
    fi
    readmes+=("$readme")

    # 1. The README prints the very commands that the test runs.
    if ! block "$readme" "$name" >"$tmp/block"; then
        fail "$readme: no code block right after the line <!-- gdb: tests/gdb/$name.gdb -->"
        return
    fi
    sed -n 's/^(gdb) //p' "$tmp/block" | sed 's/[[:space:]]*$//' >"$tmp/readme.cmds"
    commands "$file" >"$tmp/file.cmds"
    if ! diff -u "$tmp/file.cmds" "$tmp/readme.cmds" >"$tmp/diff"; then
        cat "$tmp/diff"
        fail "$readme prints other gdb commands than $file (diff above: - the file, + the README)"
        return
    fi

    # 2. Build and run.
    dir=$step
    if [ -n "$twice" ]; then
        dir=$(scratch_copy "$step" "${twice%%:*}" "$(echo "${twice#*:}" | normalize)") || {
            fail "$file: cannot make the scratch copy (twice: $twice)"
            return
        }
    fi
    if ! build "$dir"; then
        fail "$file: make -C $dir failed (above)"
        return
    fi
    (cd "$dir" && timeout 120 gdb -q -batch -x "$root/$file" "./$step") >"$tmp/raw" 2>&1
    normalize <"$tmp/raw" >"$tmp/out"

    # 3. What the README claims gdb prints.
    grep -v '^(gdb) ' "$tmp/block" | normalize | grep -v -x -e '' -e '\.\.\.' >"$tmp/claims"
    claims_to_regexes <"$tmp/claims" >"$tmp/regexes"
    if ! missing=$(in_order "$tmp/regexes" "$tmp/out" regex); then
        cat "$tmp/raw"
        fail "$readme, session $name: gdb did not print this line that the README shows (or not in this order): $(sed -n "${missing}p" "$tmp/claims") (gdb's output above)"
        return
    fi

    # 4. The key values of the lesson.
    header "$file" expect | normalize >"$tmp/expects"
    if ! missing=$(in_order "$tmp/expects" "$tmp/out" text); then
        cat "$tmp/raw"
        fail "$file: gdb did not print '$(sed -n "${missing}p" "$tmp/expects")' (or not in this order; its output above)"
        return
    fi
    claimed_total=$((claimed_total + $(wc -l <"$tmp/claims")))
    expected_total=$((expected_total + $(wc -l <"$tmp/expects")))
}

# ---- every README session is tested --------------------------------------

# untested README: the first line of each code block that has (gdb) lines
# but no <!-- gdb: ... --> marker right before it.
untested() {
    awk '
        /^```/ && !inside { inside = 1; start = FNR; marked = (prev ~ /^<!-- gdb: /); seen = 0; prev = $0; next }
        /^```/ && inside { inside = 0; if (seen && !marked) print start; prev = $0; next }
        inside && /^\(gdb\) / { seen = 1 }
        { prev = $0 }' "$1"
}

# ---- main ------------------------------------------------------------------

probe_gdb
files=(tests/gdb/*.gdb)
[ -f "${files[0]}" ] || { echo "FAIL: no tests/gdb/*.gdb file"; exit 1; }
for file in "${files[@]}"; do
    session "$file"
done

for readme in README.md ex[0-9][0-9]_*/README.md; do
    [ -f "$readme" ] || continue
    for start in $(untested "$readme"); do
        fail "$readme:$start: a gdb session that no tests/gdb/*.gdb runs (put <!-- gdb: tests/gdb/NAME.gdb --> before its block)"
    done
done

if [ "$failures" -gt 0 ]; then
    echo "gdb sessions: $failures of the checks above failed"
    exit 1
fi
nreadmes=$(printf '%s\n' "${readmes[@]}" | sort -u | wc -l)
echo "gdb sessions: ${#files[@]} sessions in $nreadmes READMEs work as printed: each README's (gdb) commands are its tests/gdb file's, and gdb printed the $claimed_total lines they show and the $expected_total key values, in order"
