#!/usr/bin/env bash
# tests/ex04/cli_option_forms.sh - every option of ex04_fastfood takes its
# value in both conventional forms, --opt value and --opt=value, with the
# same result; -h is --help; a switch given a value, or an option missing
# its value, is a clear usage error (exit 2). Every option --help lists is
# covered here, so a new option cannot skip the check. (The newcomer's
# --clients=AB and -h were "unknown options".)
#
# Run from anywhere, after the step is built (make ex04). Prints one line,
# "ok - ..." or "not ok - ...", and exits 1 if not ok.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
prog=ex04_fastfood/ex04_fastfood
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
covered=()

fail() { echo "not ok - option forms: $*"; exit 1; }

# same_both_ways OPT VALUE [ARGS...]: `ARGS OPT VALUE` and `ARGS OPT=VALUE`
# exit 0 with the same output. On the real clock the times may differ by
# a hundredth: FILTER (a sed script, in $filter) keeps what must agree.
filter=p
same_both_ways() {
    local opt=$1 value=$2
    shift 2
    "$prog" "$@" "$opt" "$value" >"$tmp/apart" 2>&1 ||
        fail "$* $opt $value: exit status $? ($(head -n 1 "$tmp/apart"))"
    "$prog" "$@" "$opt=$value" >"$tmp/joined" 2>&1 ||
        fail "$* $opt=$value: exit status $? ($(head -n 1 "$tmp/joined"))"
    cmp -s <(sed -n "$filter" "$tmp/apart") <(sed -n "$filter" "$tmp/joined") ||
        fail "'$opt $value' and '$opt=$value' differ"
    covered+=("$opt")
}

# switch_only OPT [ARGS...]: OPT works alone, and OPT=x is refused.
switch_only() {
    local opt=$1 status
    shift
    "$prog" "$@" "$opt" >/dev/null 2>&1 || fail "$* $opt: exit status $?"
    "$prog" "$@" "$opt=x" >"$tmp/out" 2>"$tmp/err"
    status=$?
    [ "$status" -eq 2 ] || fail "$opt=x: exit status $status, want 2"
    [ "$(head -n 1 "$tmp/err")" = "ex04_fastfood: $opt takes no value, not 'x'" ] ||
        fail "$opt=x: stderr says '$(head -n 1 "$tmp/err")'"
    covered+=("$opt")
}

[ -x "$prog" ] || fail "$prog is not built (make ex04)"

same_both_ways --clients AB --virtual
same_both_ways --clients 12 --virtual
same_both_ways --every 1.5 --virtual --clients 4
same_both_ways --cooks 4 --virtual --clients ABCDE
same_both_ways --soda-machines 2 --virtual --clients ABC
same_both_ways --fryer 6x7 --virtual --clients ABCDEFG
same_both_ways --burger-time 3 --virtual
same_both_ways --soda-time 1 --virtual
same_both_ways --svg "$tmp/chart.svg" --virtual --clients AB --quiet
filter=1p                                   # "Kitchen: ... real clock x10000."
same_both_ways --speed 10000
filter=p
switch_only --sync --virtual
switch_only --virtual
switch_only --timeline --virtual
switch_only --quiet --virtual
switch_only --trace --virtual
switch_only --tour --virtual
"$prog" --help >"$tmp/help" || fail "--help: exit status $?"
"$prog" -h >"$tmp/h" || fail "-h: exit status $?"
cmp -s "$tmp/help" "$tmp/h" || fail "-h and --help print different texts"
"$prog" --help=x >/dev/null 2>&1
[ $? -eq 2 ] || fail "--help=x was not refused"
covered+=(--help)

# A value missing at the end of the line, or in the middle: said, exit 2.
for args in "--every" "--virtual --clients"; do
    read -r -a words <<<"$args"
    "$prog" "${words[@]}" >/dev/null 2>"$tmp/err"
    status=$?
    [ "$status" -eq 2 ] || fail "$args (no value): exit status $status, want 2"
    grep -q "^ex04_fastfood: ${words[-1]} wants a value: ${words[-1]} [A-Z]" "$tmp/err" ||
        fail "$args (no value): stderr says '$(head -n 1 "$tmp/err")'"
done
# Near misses stay unknown: no abbreviations, no -clients.
for bad in --clien=AB -clients --clients-x=1 -H; do
    "$prog" "$bad" >/dev/null 2>"$tmp/err"
    [ $? -eq 2 ] && grep -q "^ex04_fastfood: unknown option '$bad'" "$tmp/err" ||
        fail "$bad was not refused as an unknown option"
done

# Every option --help lists was checked above.
listed=0
while read -r opt; do
    [[ " ${covered[*]} " == *" $opt "* ]] || fail "$opt is in --help but not checked here"
    listed=$((listed + 1))
done < <(sed -nE 's/^  (-h, )?(--[a-z-]+).*/\2/p' "$tmp/help")
[ "$listed" -gt 0 ] || fail "found no options in --help"

echo "ok - option forms: all $listed options of --help: --opt value = --opt=value, switches refuse a value, -h = --help"
