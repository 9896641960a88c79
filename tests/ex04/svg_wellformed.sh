#!/usr/bin/env bash
# tests/ex04/svg_wellformed.sh - the SVG pictures ex04_fastfood draws are
# well-formed XML with an <svg> root in the SVG namespace, checked by a real
# XML parser (python3's minidom, else xmllint), not by our own code.
#
# Run from anywhere, after the step is built (make ex04). Prints one line,
# "ok - ..." or "not ok - ...", and exits 1 if not ok. With neither python3
# nor xmllint there is nothing to check with: it says "ok ... # SKIP".
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
prog=ex04_fastfood/ex04_fastfood
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The runs to draw: the tutorial's ten clients, and the synchronous kitchen
# with three (its server row, and clients waiting for the server).
runs=("--virtual --clients ABCDEFGHIJ --quiet"
      "--virtual --sync --clients ABC --quiet")

# check FILE: parse it; print why not on failure.
check() {
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$1" <<'EOF'
import sys, xml.dom.minidom
root = xml.dom.minidom.parse(sys.argv[1]).documentElement
if root.tagName != "svg" or root.getAttribute("xmlns") != "http://www.w3.org/2000/svg":
    sys.exit("the root is not <svg xmlns=\"http://www.w3.org/2000/svg\">")
EOF
    else
        xmllint --noout "$1"
    fi
}

if [ ! -x "$prog" ]; then
    echo "not ok - svg well-formed: $prog is not built (make ex04)"
    exit 1
fi
if ! command -v python3 >/dev/null 2>&1 && ! command -v xmllint >/dev/null 2>&1; then
    echo "ok - svg well-formed # SKIP neither python3 nor xmllint is installed"
    exit 0
fi
for i in "${!runs[@]}"; do
    svg=$tmp/$i.svg
    read -r -a args <<<"${runs[$i]}"
    if ! "$prog" "${args[@]}" --svg "$svg" >"$tmp/out" 2>&1; then
        echo "not ok - svg well-formed: $prog ${runs[$i]} --svg FILE failed: $(tail -1 "$tmp/out")"
        exit 1
    fi
    if ! why=$(check "$svg" 2>&1); then
        echo "not ok - svg well-formed: $prog ${runs[$i]}: ${why##*$'\n'}"
        exit 1
    fi
done
echo "ok - svg well-formed: ${#runs[@]} pictures parse as XML with an <svg> root"
