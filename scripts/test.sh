#!/bin/bash
# Runs every test of febootstrap for Java on a fresh Debian machine: installs what the tests need,
# starts a Docker daemon for the container tests if none answers, then builds and runs unit,
# integration, qemu-boot, package-manager and container tests.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/install-deps.sh"

# Docker for Testcontainers (legacy-scripts' TarballInContainerIT). No registry is reachable, so
# the tests build their images locally; Ryuk and the start-up checks would pull images, and
# without the host override Testcontainers stalls for minutes inside a container (/.dockerenv).
export TESTCONTAINERS_RYUK_DISABLED=${TESTCONTAINERS_RYUK_DISABLED:-true}
export TESTCONTAINERS_CHECKS_DISABLE=${TESTCONTAINERS_CHECKS_DISABLE:-true}
export TESTCONTAINERS_HOST_OVERRIDE=${TESTCONTAINERS_HOST_OVERRIDE:-localhost}
if command -v dockerd > /dev/null && ! docker info > /dev/null 2>&1 && ! pgrep -x dockerd > /dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    log=${TMPDIR:-/tmp}/febootstrap-dockerd.log
    echo "test.sh: starting dockerd (log: $log)" >&2
    # setsid: the daemon outlives this script and is not killed with Maven's process group.
    $sudo setsid dockerd > "$log" 2>&1 < /dev/null &
    for _ in $(seq 1 40); do
        docker info > /dev/null 2>&1 && break
        sleep 0.5
    done
    # Not fatal here: the container tests then fail with Docker's own explanation.
    docker info > /dev/null 2>&1 || { echo "test.sh: dockerd did not answer within 20 s:" >&2; tail -5 "$log" >&2; }
fi

cd "$here"
exec mvn -B -ntp verify "$@"
