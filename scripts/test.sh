#!/bin/bash
# Runs every test of febootstrap for Java on a fresh Debian machine: installs what the tests need,
# then builds and runs unit, integration, qemu-boot and package-manager tests.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/install-deps.sh"
cd "$here"
exec mvn -B -ntp verify "$@"
