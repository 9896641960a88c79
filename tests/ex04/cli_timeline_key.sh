#!/usr/bin/env bash
# tests/ex04/cli_timeline_key.sh - the timeline labels clients the way its
# machine rows draw them: with --clients N, machine rows show client
# symbols A-Z then a-z, so each client row is labelled "C27 (a)" and a key
# line says which symbol is whom. Every symbol in a machine row names a
# client row. With letters (--clients ABC) a name is its symbol: no key,
# and the transcript stays as it was. The SVG says the same.
#
# Run from anywhere, after the step is built (make ex04). Prints one line,
# "ok - ..." or "not ok - ...", and exits 1 if not ok.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
prog=ex04_fastfood/ex04_fastfood
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "not ok - timeline key: $*"; exit 1; }

# consistent FILE: every symbol in a machine row labels a client row.
consistent() {
    awk '
        /^(cook [0-9]+|fryer|soda machine|soda [0-9]+|server)  / {
            cells = substr($0, 15); gsub(/\./, "", cells)
            for (i = 1; i <= length(cells); i++) used[substr(cells, i, 1)] = 1
        }
        /^C[0-9]+ \([A-Za-z]\)/ { labelled[substr($2, 2, 1)] = 1 }
        /^[A-Za-z]  / { labelled[$1] = 1 }
        END {
            for (s in used) if (!(s in labelled)) { print s; bad = 1 }
            exit bad
        }' "$1"
}

[ -x "$prog" ] || fail "$prog is not built (make ex04)"

key="Key: machine rows show a client by its symbol, in brackets after its name:"
"$prog" --virtual --clients 27 --timeline --quiet >"$tmp/27" || fail "--clients 27 --timeline: exit status $?"
grep -qxF "$key C1-C26 = A-Z, C27 = a." "$tmp/27" || fail "--clients 27: no key line '$key C1-C26 = A-Z, C27 = a.'"
grep -q '^C1 (A)  ' "$tmp/27" && grep -q '^C26 (Z)  ' "$tmp/27" && grep -q '^C27 (a)  ' "$tmp/27" ||
    fail "--clients 27: client rows are not labelled 'C1 (A)' .. 'C27 (a)'"
missing=$(consistent "$tmp/27") || fail "--clients 27: machine rows show $missing, which no client row is labelled with"
grep -q '^soda machine  .*a' "$tmp/27" || fail "--clients 27: C27 (a) never shows in the soda machine's row"

"$prog" --virtual --clients 52 --every 1 --timeline --quiet >"$tmp/52" || fail "--clients 52: exit status $?"
grep -qxF "$key C1-C26 = A-Z, C27-C52 = a-z." "$tmp/52" || fail "--clients 52: no key 'C1-C26 = A-Z, C27-C52 = a-z'"
missing=$(consistent "$tmp/52") || fail "--clients 52: machine rows show $missing, which no client row is labelled with"

"$prog" --virtual --clients 3 --timeline --quiet >"$tmp/3" || fail "--clients 3: exit status $?"
grep -qxF "$key C1-C3 = A-C." "$tmp/3" || fail "--clients 3: no key 'C1-C3 = A-C'"

"$prog" --virtual --clients ABCDEFGHIJ --timeline --quiet >"$tmp/letters" || fail "--clients ABCDEFGHIJ: exit status $?"
! grep -q '^Key:' "$tmp/letters" || fail "--clients ABCDEFGHIJ: a key, though every name is its symbol"
grep -q '^J  ' "$tmp/letters" || fail "--clients ABCDEFGHIJ: client rows are not labelled by their letters"
missing=$(consistent "$tmp/letters") || fail "--clients ABCDEFGHIJ: machine rows show $missing, which no client row is labelled with"

"$prog" --virtual --clients 27 --quiet --svg "$tmp/27.svg" >/dev/null || fail "--clients 27 --svg: exit status $?"
grep -qF ">C27 (a)</text>" "$tmp/27.svg" || fail "the SVG does not label C27 (a)"
grep -qF ">$key C1-C26 = A-Z, C27 = a.</text>" "$tmp/27.svg" || fail "the SVG has no key"

echo "ok - timeline key: with --clients N the client rows read 'C27 (a)', a key maps C1-C26 = A-Z, C27.. = a..; every machine-row symbol names a client row (ASCII and SVG)"
