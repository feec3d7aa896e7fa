#!/bin/bash
# Installs what building and testing febootstrap for Java needs on a fresh Debian machine:
# a JDK, Maven, and the real programs the tests drive (GNU cpio, qemu, a kernel, busybox-static,
# dnf/rpm tooling, mmdebstrap, ...). Each module lists its own needs in .ci/packages.d/*.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pkgs=(openjdk-17-jdk-headless maven)
for f in "$here"/.ci/packages.d/*.txt; do
    [ -e "$f" ] || continue
    while read -r p _; do
        case "$p" in ''|'#'*) ;; *) pkgs+=("$p") ;; esac
    done < "$f"
done
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
