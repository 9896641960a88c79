#!/usr/bin/env bash
# tests/ex04/cli_tour.sh - the guided tour's closing hints are commands
# that work from where the user ran the tour (they start with argv[0] as
# invoked, quoted for the shell if need be); and --help and the tour's
# banner promise the same running time, which is the tour's true length.
# The newcomer, in the top directory as the README says, got hints for
# ./ex04_fastfood, "about 15 seconds" from --help, 12 from the banner.
#
# The tour runs with --tour --virtual (instant): the real tour takes 12 s.
# Run from anywhere, after the step is built (make ex04). Prints one line,
# "ok - ..." or "not ok - ...", and exits 1 if not ok.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
top=$PWD
prog=ex04_fastfood/ex04_fastfood
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hints=0

fail() { echo "not ok - tour: $*"; exit 1; }

# hints_work DIR COMMAND: run the tour as COMMAND (a shell word) from DIR;
# its three hints must start with COMMAND and run there, exit status 0.
hints_work() {
    local dir=$1 cmd=$2 line n=0
    (cd "$dir" && eval "$cmd --tour --virtual") >"$tmp/tour" 2>"$tmp/err" ||
        fail "$cmd --tour --virtual, from $dir: exit status $? ($(head -n 1 "$tmp/err"))"
    while IFS= read -r line; do
        [[ $line == "  $cmd --virtual "* ]] ||
            fail "from $dir, as $cmd: the hint '$line' does not start with '$cmd'"
        (cd "$dir" && eval "${line# }") >"$tmp/out" 2>"$tmp/err" ||
            fail "from $dir: the hint '$line' fails: $(head -n 1 "$tmp/err")"
        grep -q '^10 orders' "$tmp/out" || fail "from $dir: the hint '$line' served no ten orders"
        n=$((n + 1))
    done < <(sed -n '/^## Your turn/,$p' "$tmp/tour" | grep '^  ')
    [ "$n" -eq 3 ] || fail "from $dir, as $cmd: $n hints, want 3"
    hints=$((hints + n))
}

[ -x "$prog" ] || fail "$prog is not built (make ex04)"

hints_work "$top" "./$prog"                     # as the README says
hints_work "$top/ex04_fastfood" ./ex04_fastfood # from the step's directory
mkdir -p "$tmp/my kitchen"                      # a path the shell must quote
cp "$prog" "$tmp/my kitchen/ex04_fastfood"
hints_work / "'$tmp/my kitchen/ex04_fastfood'"

# What --help promises, the banner promises too.
help=$("$prog" --help | sed -nE 's/^usage: .*a guided tour \((about [0-9]+ seconds)\)$/\1/p')
[ -n "$help" ] || fail "--help does not say how long the tour takes"
if command -v stdbuf >/dev/null 2>&1; then
    # The banner comes at once; line-buffered, it can be read before the
    # tour ends. (Sanitizers want to be the first library loaded.)
    ASAN_OPTIONS=verify_asan_link_order=0 timeout 1 stdbuf -oL "$prog" >"$tmp/banner" 2>/dev/null
    banner=$(sed -nE 's/.*the tour takes (about [0-9]+ seconds)\.$/\1/p' "$tmp/banner")
    [ "$banner" = "$help" ] || fail "--help says '$help', the banner '$banner'"
    ! grep -q '14\.01' "$tmp/banner" || fail "the banner still promises 14.01 s"
fi

# And it is true: the tour's kitchens, run virtually with --trace, end at
# known times; at the banner's speed they last about that many seconds.
speed=$(sed -nE 's/.*clock runs ([0-9.]+) times faster.*/\1/p' "$tmp/banner" 2>/dev/null)
speed=${speed:-8}                               # no stdbuf: main.c's TOUR_SPEED
"$prog" --tour --virtual --trace 2>"$tmp/trace" >/dev/null || fail "--tour --virtual --trace failed"
real=$(awk -v speed="$speed" '
    /^turn 1  / && last != "" { total += last }
    { for (i = 1; i < NF; i++) if ($i == "at") last = $(i + 1) }
    END { printf "%.1f", (total + last) / speed }' "$tmp/trace")
said=${help#about }
said=${said% seconds}
awk -v r="$real" -v s="$said" 'BEGIN { exit !(r >= s - 0.5 && r < s + 0.5) }' ||
    fail "the tour's kitchens last $real s at x$speed, but --help says '$help'"

echo "ok - tour: $hints hints run from where the tour was run (3 places); --help and the banner both say '$help', and the kitchens last $real s at x$speed"
