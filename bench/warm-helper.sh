#!/bin/bash
# What a cold JVM costs febootstrap-supermin-helper: N builds of the bench/helper.sh appliance one
# after the other in one JVM (bench/java/warm: WarmHelper), run as the launcher runs java on JDK 17
# (-XX:TieredStopAtLevel=1 -XX:-UsePerfData, the G1 collector), each build's wall and CPU time
# printed. The first build is what every run pays; the later ones, the same work with the code
# compiled.
#
#   bench/warm-helper.sh [N]        (default 15; run bench/helper.sh once first: it makes the appliance)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
work=$here/target/bench
in=$work/helper-in
[ -s "$in/supermin.img" ] || { echo "${0##*/}: no appliance in $in: run bench/helper.sh first" >&2; exit 1; }
mvn -q -o -pl supermin-helper -am package -DskipTests
jars="$here/supermin-helper/target/supermin-helper-3.0.0.jar:$here/febootstrap-core/target/febootstrap-core-3.0.0.jar"
rm -rf "$work/warm" && mkdir -p "$work/warm/out"
javac -cp "$jars" -d "$work/warm" bench/java/warm/org/febootstrap/helper/WarmHelper.java
${JAVA17:-java} -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp "$work/warm:$jars" org.febootstrap.helper.WarmHelper \
    "${1:-15}" -k "$in/kmods" "$in/supermin.img" "$in/hostfiles.txt" "$(uname -m)" "$work/warm/out/kernel" "$work/warm/out/initrd"
