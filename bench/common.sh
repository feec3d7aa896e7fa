# Sourced by the bench scripts: what several of them need. Not a script of its own.

# need PROGRAM [PACKAGE]: stops the script with a message when PROGRAM is not on PATH.
need() {
    command -v "$1" >/dev/null || { echo "${0##*/}: $1 is not installed (apt-get install ${2:-$1})" >&2; exit 1; }
}

# minbase_root DIR: the Debian 12 minbase root (bash and coreutils included, about 180 MiB) the
# benchmarks share, made with mmdebstrap (as root) when DIR holds none. It is made aside and
# renamed into place, so that an interrupted build is never taken for a root.
minbase_root() {
    [ -d "$1/usr/bin" ] && return 0
    need mmdebstrap
    echo "building $1 with mmdebstrap..." >&2
    rm -rf "$1.building"
    mmdebstrap --variant=minbase --include=bash,coreutils bookworm "$1.building"
    mv "$1.building" "$1"
}
