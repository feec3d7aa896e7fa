#!/bin/bash
# Start-up benchmark of the febootstrap launchers: prints Markdown for docs/BENCHMARKS.md.
#
#   legacy-scripts/bench/startup.sh [--rt] [--flags] [--throughput] [--first-run]
#
# Needs hyperfine and a build (mvn -DskipTests package). Environment:
#   FEBOOTSTRAP_HOME  the distribution to measure (default: legacy-scripts/target next to this script)
#   JDKS              the JDK homes to compare (default: the JDK 17 of java on PATH, and
#                     /usr/lib/jvm/temurin-25-jdk-amd64 when present)
#   COMMAND, ARGS     the launcher and its arguments (default: febootstrap-to-initramfs --version)
#   RUNS              timed runs per command (default 40), in ROUNDS (default 4) hyperfine calls
#                     over all the commands of a table, so that a change of load on a shared box
#                     hits all of them alike; 3 warm-up runs per call
#
# Sections: launcher vs plain `java -cp` (always); --flags: each default JVM flag alone and
# together, with and without the JDK's archive kind, on plain java; --throughput: what C1-only
# (-XX:TieredStopAtLevel=1) costs a long run (SHA-256 of 100 MB, xz of 4 MB); --first-run: the one-off
# cost of the run that writes the archive. --rt runs the measurements under `chrt -f 10` (root:
# real-time scheduling, for a box that other work keeps busy; the kernel still leaves 5% to others).
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
home=${FEBOOTSTRAP_HOME:-$here/../target}
home=$(cd "$home" && pwd)
command=${COMMAND:-febootstrap-to-initramfs}
read -r -a args <<< "${ARGS:---version}"
runs=${RUNS:-40}
rounds=${ROUNDS:-4}
if [[ -z ${JDKS-} ]]; then
  JDKS=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && JDKS+=" /usr/lib/jvm/temurin-25-jdk-amd64"
fi
want_flags=0 want_throughput=0 want_first=0 rt=()
for a in "$@"; do
  case $a in
    --rt) rt=(chrt -f 10) ;;
    --flags) want_flags=1 ;;
    --throughput) want_throughput=1 ;;
    --first-run) want_first=1 ;;
    *) echo "usage: $0 [--rt] [--flags] [--throughput] [--first-run]" >&2; exit 2 ;;
  esac
done
command -v hyperfine >/dev/null || { echo "$0: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
launcher=$home/bin/$command
[[ -x $launcher ]] || { echo "$0: no $launcher: build first (mvn -DskipTests package)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/febootstrap-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache
unset FEBOOTSTRAP_JAVA_OPTS FEBOOTSTRAP_NO_CDS FEBOOTSTRAP_CDS_MODE JDK_JAVA_OPTIONS JAVA_TOOL_OPTIONS

# The launcher's own classpath and main class, read from the launcher itself.
lib=$(readlink -f "$home/lib")
cp=$(sed -n 's/^cp="\(.*\)"$/\1/p' "$launcher")
cp=${cp//\$lib/$lib}
main=$(sed -n 's/^main=//p' "$launcher")

jdk_version() { sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$1/release"; }
jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"; }

# Abbreviations in the printed commands.
abbrev() {
  local c=$1
  c=${c//$cp/\$CP}
  c=${c//$home\/bin\//\$BIN/}
  c=${c//$work\//\$TMP/}
  c=${c//\$TMP\/fakejdk/\$FAKE}
  printf '%s' "$c"
}

# bench NAME=CMD ... : prints the exact commands, then a Markdown table made from hyperfine's JSON
# (median first: the box may be shared and noisy).
bench() {
  local hf=() i=1 r
  echo
  for nc in "$@"; do
    echo "    [$i] $(abbrev "${nc#*=}")"
    hf+=(-n "[$i] ${nc%%=*}" "${nc#*=}")
    i=$((i + 1))
  done
  echo
  rm -f "$work"/hf-*.json
  for ((r = 0; r < rounds; r++)); do
    "${rt[@]}" hyperfine -N -i --style none --warmup 3 --runs $(((runs + rounds - 1) / rounds)) \
      --export-json "$work/hf-$r.json" "${hf[@]}" >/dev/null 2>&1
  done
  python3 - "$work"/hf-*.json <<'PY'
import json, statistics, sys
runs = {}
for f in sys.argv[1:]:
    for r in json.load(open(f))["results"]:
        t = runs.setdefault(r["command"], {"times": [], "cpu": []})
        t["times"] += r["times"]
        t["cpu"] += [u + s for u, s in zip(r["user"] if isinstance(r["user"], list) else [r["user"]] * len(r["times"]),
                                           r["system"] if isinstance(r["system"], list) else [r["system"]] * len(r["times"]))]
best = min(statistics.median(t["times"]) for t in runs.values())
print("| Command | median [ms] | mean ± σ [ms] | min [ms] | user + sys [ms] | median / best |")
print("|:---|---:|---:|---:|---:|---:|")
for name, t in runs.items():
    m = statistics.median(t["times"])
    print(f"| {name} | {m*1e3:.1f} | {statistics.mean(t['times'])*1e3:.1f} ± {statistics.stdev(t['times'])*1e3:.1f} "
          f"| {min(t['times'])*1e3:.1f} | {statistics.mean(t['cpu'])*1e3:.1f} | {m/best:.2f} |")
PY
}

echo "## Start-up"
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(uname -sr), hyperfine $(hyperfine --version | cut -d' ' -f2)${rt:+ under ${rt[*]}};"
echo "$runs runs per command in $rounds rounds; \`$command ${args[*]}\` ($main). Every command starts"
echo "with \`env\` (for the launcher's variables; about 1 ms, the same for all). Load average at start:"
echo "$(cut -d' ' -f1-3 /proc/loadavg). In the commands: BIN=$home/bin,"
echo "CP=${cp//$lib/\$BIN/../lib}, TMP = a scratch directory, FAKE = a fake JDK in it."

# The launcher's own cost: a fake JDK whose java is a tiny bash script (that writes an archive when
# asked to), run directly and through the launcher, with and without a cache hit.
fake=$work/fakejdk
mkdir -p "$fake/bin" "$fake/lib/server"
printf 'JAVA_VERSION="17.0.99"\nJAVA_RUNTIME_VERSION="17.0.99+0-fake"\n' > "$fake/release"
: > "$fake/lib/modules"; : > "$fake/lib/server/classes.jsa"
cat > "$fake/bin/java" <<'EOF'
#!/bin/bash
for a; do case $a in -XX:ArchiveClassesAtExit=*) printf '\xa8\xab\x0b\xf0' > "${a#*=}" ;; esac; done
EOF
chmod +x "$fake/bin/java"
JAVA_HOME=$fake "$launcher" "${args[@]}"
echo
echo "### The launcher alone (a fake java that does nothing)"
JAVA_HOME=$fake bench "fake java=env $fake/bin/java -cp $cp $main ${args[*]}" \
  "launcher, no cache=env FEBOOTSTRAP_NO_CDS=1 $launcher ${args[*]}" \
  "launcher, archive found=env FEBOOTSTRAP_NO_CDS=0 $launcher ${args[*]}"

for jdk in $JDKS; do
  java=$jdk/bin/java
  echo
  echo "### $(jdk_version "$jdk") ($jdk)"
  export JAVA_HOME=$jdk
  # Make the archive (first run), then time the runs that use it.
  env FEBOOTSTRAP_NO_CDS=0 "$launcher" "${args[@]}" >/dev/null 2>&1 || true
  list=(
    "java -cp=env $java -cp $cp $main ${args[*]}"
    "launcher, no cache=env FEBOOTSTRAP_NO_CDS=1 $launcher ${args[*]}"
    "launcher=env FEBOOTSTRAP_NO_CDS=0 $launcher ${args[*]}"
  )
  if (( $(jdk_major "$jdk") >= 24 )); then
    env FEBOOTSTRAP_CDS_MODE=auto "$launcher" "${args[@]}" >/dev/null 2>&1 || true
    list+=("launcher, dynamic CDS instead of AOT=env FEBOOTSTRAP_CDS_MODE=auto $launcher ${args[*]}")
  fi
  bench "${list[@]}"
  echo
  echo "Cache: $(cd "$XDG_CACHE_HOME" && find . -type f -path "*$(jdk_version "$jdk")*" -printf '%s bytes %P\n' | sed 's/%2F/\//g')"
done

if (( want_first )); then
  echo
  echo "### First run (writes the archive)"
  for jdk in $JDKS; do
    export JAVA_HOME=$jdk
    echo
    echo "$(jdk_version "$jdk"):"
    runs_saved=$runs rounds_saved=$rounds; runs=8 rounds=2
    bench "first run=bash -c 'rm -rf $XDG_CACHE_HOME; exec $launcher ${args[*]}'" \
      "no cache=bash -c 'rm -rf $XDG_CACHE_HOME; FEBOOTSTRAP_NO_CDS=1 exec $launcher ${args[*]}'"
    runs=$runs_saved rounds=$rounds_saved
  done
fi

if (( want_flags )); then
  echo
  echo "### JVM flags, plain java (no launcher)"
  echo
  echo "T1 = -XX:TieredStopAtLevel=1, SGC = -XX:+UseSerialGC, NOPD = -XX:-UsePerfData. \"+ archive\":"
  echo "a dynamic CDS archive (JDK < 24) or an AOT cache (JDK 24+) made with the same flags."
  for jdk in $JDKS; do
    java=$jdk/bin/java
    major=$(jdk_major "$jdk")
    list=()
    for set in "default:" "T1:-XX:TieredStopAtLevel=1" "SGC:-XX:+UseSerialGC" "NOPD:-XX:-UsePerfData" \
        "T1 NOPD:-XX:TieredStopAtLevel=1 -XX:-UsePerfData" \
        "T1 SGC NOPD:-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"; do
      name=${set%%:*}; flags=${set#*:}
      a=$work/${name// /_}-$major
      # shellcheck disable=SC2086
      if (( major >= 24 )); then
        "$java" $flags -XX:AOTMode=record -XX:AOTConfiguration="$a.conf" -cp "$cp" "$main" "${args[@]}" >/dev/null 2>&1 || true
        "$java" $flags -XX:AOTMode=create -XX:AOTConfiguration="$a.conf" -XX:AOTCache="$a.aot" -cp "$cp" >/dev/null 2>&1
        use="-XX:AOTCache=$a.aot"
      else
        "$java" $flags -XX:ArchiveClassesAtExit="$a.jsa" -cp "$cp" "$main" "${args[@]}" >/dev/null 2>&1 || true
        use="-XX:SharedArchiveFile=$a.jsa"
      fi
      list+=("$name=$java $flags -cp $cp $main ${args[*]}")
      list+=("$name + archive=$java $flags $use -cp $cp $main ${args[*]}")
    done
    echo
    echo "$(jdk_version "$jdk"):"
    bench "${list[@]}"
  done
fi

if (( want_throughput )); then
  echo
  echo "### What C1 only costs a long run"
  echo
  echo "SHA-256 of 100 MB and xz (CRC32, preset 6) of 4 MB of the JDK's lib/modules, timed inside"
  echo "the program (source-file mode), default JIT vs -XX:TieredStopAtLevel=1; ms, median of 3."
  cat > "$work/Crunch.java" <<'EOF'
import java.io.*;
import java.nio.file.*;
import java.security.MessageDigest;
import org.tukaani.xz.*;

public class Crunch {
    public static void main(String[] a) throws Exception {
        byte[] data = new byte[100 << 20];
        try (InputStream in = Files.newInputStream(Paths.get(a[1]))) {
            data = in.readNBytes(data.length);
        }
        long t = System.nanoTime();
        if (a[0].equals("sha256")) {
            MessageDigest.getInstance("SHA-256").digest(data);
        } else {
            try (OutputStream o = new XZOutputStream(OutputStream.nullOutputStream(), new LZMA2Options(), XZ.CHECK_CRC32)) {
                o.write(data, 0, 4 << 20); // xz is slow: 4 MB of it
            }
        }
        System.out.println((System.nanoTime() - t) / 1_000_000);
    }
}
EOF
  xzjar=$(echo "$lib"/xz-*.jar)
  echo
  echo "| JDK | work | default JIT | C1 only | C1 / default |"
  echo "|---|---|---:|---:|---:|"
  for jdk in $JDKS; do
    for what in sha256 xz; do
      med() {
        local r=()
        for _ in 1 2 3; do
          r+=("$("${rt[@]}" "$jdk/bin/java" "$@" -cp "$xzjar" "$work/Crunch.java" "$what" "$jdk/lib/modules")")
        done
        printf '%s\n' "${r[@]}" | sort -n | sed -n 2p
      }
      d=$(med); c=$(med -XX:TieredStopAtLevel=1)
      size=100; [[ $what == xz ]] && size=4
      echo "| $(jdk_version "$jdk") | $what of $size MB | $d | $c | $(awk "BEGIN{printf \"%.1fx\", $c/$d}") |"
    done
  done
fi
