#!/usr/bin/env bash
# tests/diff/lesson_diff.sh OLD_STEP NEW_STEP - what NEW_STEP changes in
# OLD_STEP, as a unified diff that puts the lesson first (STYLE.md, practice
# 11). `make diff-exNN` calls it from the top of the toolkit, e.g.
#   tests/diff/lesson_diff.sh ex03_wait ex04_fastfood
#
# The output has three parts, each under a "==== ... ====" heading:
#   1. the lesson: the library, where the concept lives. Every module of the
#      step's SRCS, in SRCS order, each header before its .c; then any other
#      .h or .c that is not demonstration code.
#   2. the demonstration program: the files named by the step Makefile's
#      DEMO variable (say `DEMO := main.c kitchen.c report.c`), each .c with
#      its .h. With no DEMO line, MAIN (or main.c) plus coroutines.c if the
#      step has one: that file holds the tutorial's example coroutines.
#   3. the rest: anything else, with README.md and Makefile last.
# A file that only one step has still shows, as a new or a deleted file
# (diff -N). Build products are left out: build/ and the two programs.
# -I leaves out the hunks whose changed lines all name a step ("ex03" versus
# "ex04"): every file's first line names its step.
#
# Exit status: 0 when all went well, whether or not the steps differ; 2 on
# trouble (a missing directory, diff failing). If the reader stops early
# (`| head`, quitting a pager), diff or this script dies of SIGPIPE, status
# 141; the Makefile counts that as success.
set -u

IGNORE='ex[0-9][0-9]'           # a hunk that only renames the step is noise

die() {
    echo "lesson_diff.sh: $*" >&2
    exit 2
}

# ---- reading a step's Makefile ------------------------------------------

# make_var MAKEFILE NAME: print the value of `NAME := words` (or =, ?=, ::=,
# and += to append; a trailing backslash continues the line). Exits 1 if
# the Makefile never sets NAME. Only literal words make sense here:
# $(...) is not expanded, so a value that uses it is refused by check_literal.
make_var() {
    awk -v name="$2" '
        { text = text $0 }
        /\\$/ { sub(/\\$/, " ", text); next }        # continued: read on
        {
            sub(/#.*/, "", text)                      # drop a comment
            if (match(text, "^[ \t]*" name "[ \t]*(:|::|[?+])?=")) {
                op = substr(text, RSTART, RLENGTH)
                value = substr(text, RSTART + RLENGTH)
                words = (op ~ /[+]=$/) ? words " " value : value
                found = 1
            }
            text = ""
        }
        END { print words; exit !found }' "$1"
}

# check_literal STEP NAME WORDS...: fail loudly on a value we cannot read.
check_literal() {
    local step=$1 name=$2 word
    shift 2
    for word in "$@"; do
        case $word in
            *'$'*) die "$step/Makefile: $name must list file names, not '$word'" ;;
        esac
    done
}

# demo_of STEP: the .c files of STEP's demonstration program.
demo_of() {
    local value words
    if ! value=$(make_var "$1/Makefile" DEMO); then
        # No DEMO line (yet): the program's main, plus the example coroutines.
        value=$(make_var "$1/Makefile" MAIN) || value=main.c
        [ -f "$1/coroutines.c" ] && value="$value coroutines.c"
    fi
    read -r -a words <<<"$value"
    check_literal "$1" DEMO "${words[@]}"
    echo "${words[*]}"
}

# srcs_of STEP: the library's .c files, from SRCS.
srcs_of() {
    local words
    read -r -a words <<<"$(make_var "$1/Makefile" SRCS)"
    check_literal "$1" SRCS "${words[@]}"
    echo "${words[*]}"
}

# ---- sorting the files into the three parts -----------------------------

# in_list WORD LIST...: is WORD one of LIST?
in_list() {
    local word=$1 item
    shift
    for item in "$@"; do
        [ "$item" = "$word" ] && return 0
    done
    return 1
}

# position WORD LIST...: WORD's place in LIST (1, 2, ...), or 999 if absent.
position() {
    local word=$1 n=1 item
    shift
    for item in "$@"; do
        [ "$item" = "$word" ] && { echo "$n"; return; }
        n=$((n + 1))
    done
    echo 999
}

# is_demo FILE: does FILE belong to the demonstration program? The step
# that has the file decides (the newer one if both do): a file can move
# from the demonstration into the library from one step to the next.
is_demo() {
    local demo
    if [ -e "$new/$1" ]; then demo=("${demo_new[@]}"); else demo=("${demo_old[@]}"); fi
    in_list "$1" "${demo[@]}" || in_list "${1%.h}.c" "${demo[@]}"
}

# rank FILE: print "PART<tab>PLACE<tab>KIND<tab>FILE", where PART is 1 (the
# lesson), 2 (the demonstration) or 3 (the rest); sorting these lines puts
# the files in the order they are shown. KIND puts a header before its .c.
rank() {
    local f=$1 module=${1%.[ch]}.c kind=1
    [[ $f == *.c ]] && kind=2
    if is_demo "$f"; then
        printf '2\t%s\t%s\t%s\n' "$(position "$module" "${demo_all[@]}")" "$kind" "$f"
    elif [[ $f == *.[ch] ]]; then
        printf '1\t%s\t%s\t%s\n' "$(position "$module" "${srcs_all[@]}")" "$kind" "$f"
    else
        case $f in README.md) kind=2 ;; Makefile) kind=3 ;; *) kind=1 ;; esac
        printf '3\t0\t%s\t%s\n' "$kind" "$f"
    fi
}

# list_files: every file of either step, relative to the step, build
# products left out: build/, and the programs (each named after its step).
list_files() {
    local step
    for step in "$old" "$new"; do
        (cd "$step" && find . -name build -prune -o ! -type d -print)
    done | sed 's|^\./||' | grep -vxF -e "${old##*/}" -e "${new##*/}" | sort -u
}

# ---- showing the diffs ---------------------------------------------------

# show FILE: the diff of one file. diff says 0 (same) or 1 (differs); both
# are fine. Stop at once if the reader has gone (SIGPIPE), loudly on trouble.
show() {
    diff -uN -I "$IGNORE" "$old/$1" "$new/$1"
    check_diff_status $? "$1"
}

# changed FILE: does FILE change in a way the diff would show?
changed() {
    diff -quN -I "$IGNORE" "$old/$1" "$new/$1" >/dev/null
    local status=$?
    check_diff_status "$status" "$1"
    [ "$status" -eq 1 ]
}

# check_diff_status STATUS FILE: act on diff's exit status for FILE.
check_diff_status() {
    case $1 in
        0 | 1) ;;
        141) exit 141 ;;        # killed by SIGPIPE: nobody is reading
        *) die "diff failed on $2 (exit status $1)" ;;
    esac
}

# changed_modules FILE...: "loop, heap, sync", the modules whose files
# change, in the order given; "no change" if none does.
changed_modules() {
    local f names=()
    for f in "$@"; do
        changed "$f" || continue
        in_list "${f%.*}" "${names[@]}" || names+=("${f%.*}")
    done
    [ "${#names[@]}" -eq 0 ] && names=("no change")
    local IFS=,
    local joined="${names[*]}"
    echo "${joined//,/, }"
}

# ---- main ------------------------------------------------------------------

[ "$#" -eq 2 ] || die "usage: lesson_diff.sh OLD_STEP_DIR NEW_STEP_DIR"
old=${1%/}
new=${2%/}
for step in "$old" "$new"; do
    [ -d "$step" ] || die "$step: no such step directory"
    [ -f "$step/Makefile" ] || die "$step/Makefile: missing"
done

# (A die in $(...) only ends that subshell: hence the "|| exit".)
value=$(demo_of "$new") || exit 2;  read -r -a demo_new <<<"$value"
value=$(demo_of "$old") || exit 2;  read -r -a demo_old <<<"$value"
value=$(srcs_of "$new") || exit 2;  read -r -a srcs_new <<<"$value"
value=$(srcs_of "$old") || exit 2;  read -r -a srcs_old <<<"$value"
demo_all=("${demo_new[@]}" "${demo_old[@]}")    # first place wins
srcs_all=("${srcs_new[@]}" "${srcs_old[@]}")

lesson=() demo=() rest=()
while IFS=$'\t' read -r part _ _ f; do
    case $part in
        1) lesson+=("$f") ;;
        2) demo+=("$f") ;;
        3) rest+=("$f") ;;
    esac
done < <(list_files | while IFS= read -r f; do rank "$f"; done |
         sort -t $'\t' -k1,1n -k2,2n -k3,3n -k4,4)

modules=$(changed_modules "${lesson[@]}") || exit $?
echo "==== the lesson: what $new adds to $old ($modules) ===="
for f in "${lesson[@]}"; do show "$f"; done
printf '\n==== the demonstration program: %s ====\n' "${demo_new[*]}"
for f in "${demo[@]}"; do show "$f"; done
printf '\n==== the rest ====\n'
for f in "${rest[@]}"; do show "$f"; done
exit 0
