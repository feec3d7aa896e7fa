#!/bin/bash
# Benchmarks febootstrap-to-supermin on a Debian minbase root (about 180 MiB, 8,700 entries),
# with hyperfine: the JVM command the launcher runs, the launcher itself when it is built
# (legacy-scripts/target/bin, or the one LAUNCHER names), and febootstrap 2.11's script when
# FEBOOTSTRAP_211_TO_SUPERMIN names it. RUNS sets hyperfine's run count (default 30).
#
#   bench/to-supermin.sh [ROOT]
#
# ROOT defaults to febootstrap-cli/target/minbase-root (the slow tests' cached root), built with
# `mmdebstrap --variant=minbase --include=bash,coreutils bookworm` (as root) when missing.
# Results go to stdout and to target/bench/to-supermin.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/common.sh"
cd "$here"
root=${1:-$here/febootstrap-cli/target/minbase-root}
work=$here/target/bench
mkdir -p "$work"

need hyperfine
minbase_root "$root"

# The jars of this checkout, and the third-party jars they need at run time.
mvn -q -o -pl febootstrap-cli -am package dependency:build-classpath -DskipTests \
    -DincludeScope=runtime -DexcludeGroupIds=org.febootstrap -Dmdep.outputFile="$work/deps.txt"
cp="$here/febootstrap-cli/target/febootstrap-cli-3.0.0.jar:$here/febootstrap-core/target/febootstrap-core-3.0.0.jar:$(cat "$work/deps.txt")"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
java_cmd="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp $cp org.febootstrap.cli.ToSupermin"
commands=(-n "java ToSupermin" "$java_cmd $root $out/supermin.img $out/hostfiles.txt")
commands+=(-n "java ToSupermin --version (JVM start-up)" "$java_cmd --version")
launcher=${LAUNCHER:-$here/legacy-scripts/target/bin/febootstrap-to-supermin}
if [ -x "$launcher" ]; then
    commands+=(-n "launcher" "$launcher $root $out/supermin.img $out/hostfiles.txt")
fi
if [ -n "${FEBOOTSTRAP_211_TO_SUPERMIN:-}" ]; then
    # 2.11 tested directories relative to its working directory: run it from the root.
    commands+=(-n "febootstrap 2.11 script" "cd $root && $FEBOOTSTRAP_211_TO_SUPERMIN . $out/old.img $out/old.txt")
fi

echo "root: $root ($(du -sh "$root" | cut -f1), $(find "$root" | wc -l) entries); $(nproc) cores; $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 3 --runs "${RUNS:-30}" --export-markdown "$work/to-supermin.md" \
    --export-json "$work/to-supermin.json" "${commands[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Medians resist the other jobs of a shared machine better than means.
python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %7.1f ms  min %7.1f ms  user+sys %6.1f ms  %s" % (r["median"] * 1e3, r["min"] * 1e3,
          (r["user"] + r["system"]) * 1e3, r["command"][:60]))' "$work/to-supermin.json"
echo "supermin.img: $(cpio -it < "$out/supermin.img" 2>/dev/null | wc -l) entries, $(stat -c %s "$out/supermin.img") bytes;" \
     "hostfiles.txt: $(wc -l < "$out/hostfiles.txt") lines, $(grep -c '\*' "$out/hostfiles.txt") wildcards"
