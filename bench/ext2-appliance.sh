#!/bin/bash
# Benchmarks febootstrap-supermin-helper -f ext2 with hyperfine:
#   1. boot to the appliance's /init under qemu TCG of a TinyRoot appliance (busybox-static,
#      /init prints a marker and powers off) in cpio form (kernel + initrd holding everything) and
#      in ext2 form (kernel + small initrd + the image as a virtio-blk disk, snapshot=on so every
#      run boots the same bytes); each run must print the marker;
#   2. build time on a Debian minbase root (what febootstrap-to-supermin makes of it: supermin.img +
#      hostfiles.txt, every kernel module) against supermin 5's `supermin --build -f ext2` given
#      the very same skeleton (as base.tar.gz) and host file list (as hostfiles), when supermin is
#      installed; both with fresh outputs (removed before each run);
#   3. the sizes of what both make.
#
#   bench/ext2-appliance.sh [ROOT]
#
# ROOT defaults to target/bench/minbase-root (built by bench/helper.sh's recipe,
# `mmdebstrap --variant=minbase --include=bash,coreutils bookworm`, when missing).
# RUNS (default 10) and BOOT_RUNS (default 10) set hyperfine's run counts. Results go to stdout
# and target/bench/ext2-appliance/*.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/common.sh"
cd "$here"
work=$here/target/bench/ext2-appliance
root=${1:-$here/target/bench/minbase-root}
runs=${RUNS:-10}
boot_runs=${BOOT_RUNS:-10}
mkdir -p "$work"

need hyperfine
need qemu-system-x86_64 qemu-system-x86
minbase_root "$root"

mvn -q -o -pl supermin-helper,febootstrap-cli -am package -DskipTests
mvn -q -o -pl febootstrap-cli dependency:build-classpath -DincludeScope=runtime \
    -DexcludeGroupIds=org.febootstrap -Dmdep.outputFile="$work/cli-deps.txt"
deps=$(cat "$work/cli-deps.txt")
jars="$here/supermin-helper/target/supermin-helper-3.0.0.jar:$here/febootstrap-core/target/febootstrap-core-3.0.0.jar:$deps"
helper="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -cp $jars org.febootstrap.helper.SuperminHelper"

# --- 1. TinyRoot appliance, booted in both forms -------------------------------------------------
busybox=
for b in /bin/busybox /usr/bin/busybox; do
    if [ -f "$b" ] && file -L "$b" | grep -q 'statically linked'; then busybox=$b; break; fi
done
[ -n "$busybox" ] || { echo "no statically linked busybox: apt-get install busybox-static" >&2; exit 1; }
marker=TINY-APPLIANCE-INIT-RAN
tiny=$work/tiny-root
rm -rf "$tiny" "$work/tiny-in"
mkdir -p "$work/tiny-in" "$tiny"/{bin,sbin,etc,proc,sys,dev,tmp,usr/bin}
cp "$busybox" "$tiny/bin/busybox"
for a in sh mount ls cat echo poweroff insmod lsmod sleep; do ln -s busybox "$tiny/bin/$a"; done
echo tiny > "$tiny/etc/hostname"
printf '#!/bin/sh\n/bin/busybox mount -t proc proc /proc\n/bin/busybox mount -t sysfs sysfs /sys\necho %s\n/bin/busybox poweroff -f\n' \
    "$marker" > "$tiny/init"
chmod 755 "$tiny/init"
# As febootstrap-to-supermin splits it: busybox comes from the host (hostfiles), the rest is the skeleton.
(cd "$tiny" && find . ! -path ./bin/busybox | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 > "$work/tiny-in/supermin.img")
echo "./bin/busybox" > "$work/tiny-in/hostfiles.txt"
echo "crc7.ko" > "$work/tiny-in/kmods"
tin="-k $work/tiny-in/kmods $work/tiny-in/supermin.img $work/tiny-in/hostfiles.txt"
rm -rf "$work/tiny-cpio" "$work/tiny-ext2"
mkdir -p "$work/tiny-cpio" "$work/tiny-ext2"
$helper $tin "$work/tiny-cpio/kernel" "$work/tiny-cpio/initrd"
$helper -f ext2 $tin "$work/tiny-ext2/kernel" "$work/tiny-ext2/initrd" "$work/tiny-ext2/root"

qemu="qemu-system-x86_64 -accel tcg -m 1024 -display none -serial stdio -monitor none -no-reboot -nodefaults"
append="console=ttyS0 quiet panic=-1"
boot_cpio="$qemu -kernel $work/tiny-cpio/kernel -initrd $work/tiny-cpio/initrd -append '$append' > $work/boot-cpio.log 2>&1 && grep -q $marker $work/boot-cpio.log"
boot_ext2="$qemu -kernel $work/tiny-ext2/kernel -initrd $work/tiny-ext2/initrd -append '$append' -drive file=$work/tiny-ext2/root,format=raw,if=virtio,snapshot=on > $work/boot-ext2.log 2>&1 && grep -q $marker $work/boot-ext2.log"
hyperfine --shell=bash --warmup 1 --runs "$boot_runs" --export-markdown "$work/boot.md" \
    -n "boot TinyRoot, cpio form" "$boot_cpio" \
    -n "boot TinyRoot, ext2 form (virtio-blk)" "$boot_ext2"

# --- 2. Build time on a minbase root, against supermin 5 -------------------------------------------
in=$work/minbase-in
if [ ! -s "$in/supermin.img" ] || [ "$root" -nt "$in/supermin.img" ]; then
    mkdir -p "$in"
    java -cp "$here/febootstrap-cli/target/febootstrap-cli-3.0.0.jar:$here/febootstrap-core/target/febootstrap-core-3.0.0.jar:$deps" \
        org.febootstrap.cli.ToSupermin "$root" "$in/supermin.img" "$in/hostfiles.txt"
fi
fb_out=$work/minbase-fb
build_fb="rm -rf $fb_out && mkdir $fb_out && $helper -f ext2 $in/supermin.img $in/hostfiles.txt $fb_out/kernel $fb_out/initrd $fb_out/root"
build_fb4g="rm -rf $fb_out && mkdir $fb_out && $helper -f ext2 --size 4G $in/supermin.img $in/hostfiles.txt $fb_out/kernel $fb_out/initrd $fb_out/root"
build_fbrandom="rm -rf $fb_out && mkdir $fb_out && $helper -f ext2 --random-uuid $in/supermin.img $in/hostfiles.txt $fb_out/kernel $fb_out/initrd $fb_out/root"
build_cpio="rm -rf $fb_out && mkdir $fb_out && $helper $in/supermin.img $in/hostfiles.txt $fb_out/kernel $fb_out/initrd"
commands=(-n "helper -f ext2 (fitted image)" "$build_fb" -n "helper -f ext2 --size 4G" "$build_fb4g"
          -n "helper -f ext2 --random-uuid (no checksum taken)" "$build_fbrandom"
          -n "helper -f cpio (reference)" "$build_cpio")
sm_in=$work/minbase-supermin-in
sm_out=$work/minbase-supermin
if command -v supermin >/dev/null; then
    # supermin 5's own appliance format: base.tar.gz unpacked first, then the hostfiles (absolute
    # paths, wildcards allowed); no packages (an empty list: supermin copies nothing else).
    rm -rf "$sm_in" "$work/skeleton"
    mkdir -p "$sm_in" "$work/skeleton"
    (cd "$work/skeleton" && cpio -idm --quiet --no-absolute-filenames < "$in/supermin.img")
    tar -C "$work/skeleton" --numeric-owner -czf "$sm_in/base.tar.gz" .
    sed 's|^\./|/|' "$in/hostfiles.txt" > "$sm_in/hostfiles"
    : > "$sm_in/packages"
    commands+=(-n "supermin --build -f ext2 (supermin $(supermin --version | awk '{print $2}'))"
               "rm -rf $sm_out && supermin --build -f ext2 -o $sm_out $sm_in > /dev/null 2>&1")
else
    echo "supermin is not installed (apt-get install supermin): no comparison" >&2
fi
hyperfine --shell=bash --warmup 1 --runs "$runs" --export-markdown "$work/build.md" "${commands[@]}"

# --- 3. Sizes and checks ----------------------------------------------------------------------------------
eval "$build_fb"
sizes() { # name file...
    local name=$1; shift
    for f in "$@"; do
        printf '| %s | %s | %d | %d |\n' "$name" "$(basename "$f")" "$(stat -c %s "$f")" "$(( $(stat -c '%b * %B' "$f") ))"
    done
}
{
    echo "| appliance | file | apparent bytes | allocated bytes |"
    echo "| --- | --- | ---: | ---: |"
    sizes "TinyRoot cpio" "$work/tiny-cpio/initrd"
    sizes "TinyRoot ext2" "$work/tiny-ext2/initrd" "$work/tiny-ext2/root"
    sizes "minbase, helper -f ext2" "$fb_out/initrd" "$fb_out/root"
    if [ -d "$sm_in" ]; then
        supermin --build -f ext2 -o "$sm_out" "$sm_in" > /dev/null 2>&1
        sizes "minbase, supermin --build -f ext2" "$sm_out/initrd" "$sm_out/root"
    fi
} | tee "$work/sizes.md"
for img in "$work/tiny-ext2/root" "$fb_out/root"; do
    e2fsck -fn "$img" > /dev/null 2>&1 || { echo "e2fsck -fn $img: not clean" >&2; exit 1; }
done
echo "entries: helper $(dumpe2fs -h "$fb_out/root" 2>/dev/null | awk -F: '/^Inode count|^Free inodes/ {print $1 "=" $2}' | tr -s ' ' | tr '\n' ' ')"
[ -d "$sm_in" ] && echo "entries: supermin $(dumpe2fs -h "$sm_out/root" 2>/dev/null | awk -F: '/^Inode count|^Free inodes/ {print $1 "=" $2}' | tr -s ' ' | tr '\n' ' ')"
cat "$work/boot.md" "$work/build.md"
