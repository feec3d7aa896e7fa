#!/bin/bash
# Times febootstrap-minimize (every category, the default) on a fresh copy of an mmdebstrap
# minbase root, against rm -rf of the same paths (the topmost paths a dry run lists, in one rm).
# Each timed run starts from a new `cp -a` of the template (hyperfine --prepare, not timed).
# Needs root (mmdebstrap, cp -a with owners), hyperfine, and a built tree (it builds one).
#   bench/minimize.sh              # 5 runs each; RUNS=10 bench/minimize.sh for more
# Results: $BENCH_DIR/results.md and results.json (hyperfine's), copied by hand to docs/BENCHMARKS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/var/tmp/febootstrap-bench-minimize}
runs=${RUNS:-5}
mkdir -p "$work"
template=$work/template
copy=$work/copy

if [ ! -e "$work/template.done" ]; then
    rm -rf "$template"
    mmdebstrap --variant=minbase --include=tzdata,netbase,locales bookworm "$template"
    touch "$work/template.done"
fi

# Built in the reactor (nothing installed into ~/.m2); the last module written is minimize's classpath.
(cd "$here" && mvn -q -o -pl minimize -am package dependency:build-classpath -DskipTests -DincludeScope=runtime \
    -Dmdep.outputFile="$work/classpath" >/dev/null)
cp=$(cat "$work/classpath")
minimize="java -cp $here/minimize/target/classes:$cp org.febootstrap.minimize.Minimize"
# The same with the start-up flags a launcher may choose (C1 only, serial GC): most of a run is JVM warm-up.
minimize_c1="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp $here/minimize/target/classes:$cp org.febootstrap.minimize.Minimize"

# What goes, from a dry run; rm -rf gets only the topmost paths (a listed path whose parent is not).
rm -rf "$copy" && cp -a "$template" "$copy"
$minimize --dry-run "$copy" > "$work/dry-run.txt"
awk -F'\t' -v root="$copy" '
    { p = $3; sub(/\/$/, "", p); listed[p] = 1; order[NR] = p }
    END { for (i = 1; i <= NR; i++) { p = order[i]; parent = p; sub(/\/[^\/]*$/, "", parent);
          if (!(parent in listed)) printf "%s%s%c", root, p, 0 } }' "$work/dry-run.txt" > "$work/paths0"
echo "dry run: $(wc -l < "$work/dry-run.txt") entries, $(tr -cd '\0' < "$work/paths0" | wc -c) topmost paths for rm -rf"

hyperfine --runs "$runs" --prepare "rm -rf '$copy' && cp -a '$template' '$copy' && sync" \
    -n "febootstrap-minimize DIR" "$minimize '$copy'" \
    -n "febootstrap-minimize --dedupe DIR" "$minimize --dedupe '$copy'" \
    -n "febootstrap-minimize --dry-run DIR" "$minimize --dry-run '$copy' > /dev/null" \
    -n "febootstrap-minimize DIR (C1, SerialGC)" "$minimize_c1 '$copy'" \
    -n "rm -rf (same paths, one process)" "xargs -0 -a '$work/paths0' rm -rf" \
    --export-markdown "$work/results.md" --export-json "$work/results.json"
cat "$work/results.md"
# Medians: steadier than means on a shared machine.
echo
awk -F'"' '/"command":/ { cmd = $4 } /"median":/ { gsub(/[^0-9.]/, "", $3); printf "median %8.3f s  %s\n", $3, cmd }' \
    "$work/results.json"
