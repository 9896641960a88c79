#!/usr/bin/env bash
# tests/need-cmocka.sh - make sure cmocka (the unit-test library) is installed.
# Does nothing if it is. As root (a CI machine, a container) it installs the
# Debian package; anyone else is told the one command to run, because a
# build script should not ask for a password behind your back.
set -euo pipefail

if [ -f /usr/include/cmocka.h ] || pkg-config --exists cmocka 2>/dev/null; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "The unit tests need cmocka, which is not installed. Run:" >&2
    echo "    sudo apt-get install libcmocka-dev" >&2
    exit 1
fi

echo "cmocka is missing: installing libcmocka-dev"
export DEBIAN_FRONTEND=noninteractive       # never stop to ask a question
# A fresh machine may have no package lists yet: update, then try again.
if ! apt-get install -y libcmocka-dev; then
    apt-get update
    apt-get install -y libcmocka-dev
fi
