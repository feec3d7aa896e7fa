#!/bin/bash
# Times the ext2 image writer (org.febootstrap.core.ext2) against mke2fs -d on the same tree, with
# hyperfine. The tree is a Debian minbase root (mmdebstrap, ~180 MiB, ~8.7k entries) cached in
# /var/tmp/fb-minbase (made on first use, as root, from the host's apt sources).
# Each run: JVM start-up, lstat of every entry (Ext2Bench's own walk), the image write; the image
# is removed before each run (replacing an old image also costs its unlink).
# Usage: bench/ext2-writer.sh [RUNS]    (as root)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/common.sh"
runs=${1:-15}
tree=${FB_MINBASE:-/var/tmp/fb-minbase}
work=/var/tmp/fb-ext2-bench
need hyperfine
need mke2fs e2fsprogs
need java openjdk-17-jdk-headless
need mvn maven
minbase_root "$tree"
mkdir -p "$work"
cd "$here"
mvn -q -o -pl febootstrap-core -am test-compile
mvn -q -o -pl febootstrap-core dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$work/deps.txt" >/dev/null
# One jar (AppCDS archives only classes from jars): the core classes plus the bench driver.
jar --create --file "$work/ext2-bench.jar" -C febootstrap-core/target/classes . \
    -C febootstrap-core/target/test-classes org/febootstrap/core/ext2/Ext2Bench.class
cp="$work/ext2-bench.jar:$(cat "$work/deps.txt")"
img=$work/image.ext2
main=org.febootstrap.core.ext2.Ext2Bench
fast="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

# The fitted size our writer picks; mke2fs gets the same size.
rm -f "$img"
java -cp "$cp" $main "$tree" "$img"
size=$(stat -c %s "$img")
e2fsck -fn "$img" >/dev/null
echo "tree: $(du -sh --apparent-size "$tree" | cut -f1), $(find "$tree" | wc -l) entries; image: $size bytes"

rm -f "$work/app.jsa" "$img"
java $fast -XX:ArchiveClassesAtExit="$work/app.jsa" -cp "$cp" $main "$tree" "$img" >/dev/null 2>&1
args=(--warmup 2 --runs "$runs" --export-markdown "$work/ext2-writer.md")
args+=(--prepare "rm -f $img" -n "java (JDK 17, default flags)" "java -cp $cp $main $tree $img")
args+=(--prepare "rm -f $img" -n "java (JDK 17, C1 + SerialGC + AppCDS)" "java $fast -XX:SharedArchiveFile=$work/app.jsa -cp $cp $main $tree $img")
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
if [ -x "$jdk25" ]; then
    rm -f "$work/app.aot" "$img"
    "$jdk25" $fast -XX:AOTCacheOutput="$work/app.aot" -cp "$cp" $main "$tree" "$img" >/dev/null 2>&1
    args+=(--prepare "rm -f $img" -n "java (JDK 25, C1 + SerialGC + AOT cache)" "$jdk25 $fast -XX:AOTCache=$work/app.aot -cp $cp $main $tree $img")
fi
args+=(--prepare "rm -f $img" -n "mke2fs -t ext2 -d (e2fsprogs $(mke2fs -V 2>&1 | head -1 | cut -d' ' -f2))" "mke2fs -q -t ext2 -d $tree -F $img $((size / 1024))k")
hyperfine "${args[@]}"

# Where the writer's time goes (after the walk), from the driver's own clock; then the same with
# every file empty: the writer's own work without the data copy.
for mode in "" --empty-files; do
    echo "phases${mode:+ with $mode} (JDK 17, C1 + SerialGC + AppCDS), 5 runs (CPU: all threads, user + system):"
    for i in 1 2 3 4 5; do
        rm -f "$img"
        java $fast -XX:SharedArchiveFile="$work/app.jsa" -cp "$cp" $main -v $mode "$tree" "$img"
    done
done
