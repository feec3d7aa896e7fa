#!/bin/bash
# The classic febootstrap supermin demo (2009), end to end, on a fresh Debian machine:
# bootstrap a root with bash, coreutils and mount from the host's distribution, minimize it,
# give it an /init, turn it into a supermin appliance (a skeleton cpio + a list of host files),
# rebuild kernel + initrd from the host with the helper, and boot it under qemu (TCG).
#
#   scripts/demo.sh [--ext2] [--keep] [--no-build]
#
# --no-build skips apt-get and Maven and uses the launchers already built in
# legacy-scripts/target/bin (the demo test runs it that way).
# DEMO_DIR (default /var/tmp/febootstrap-demo) holds the root and the appliance.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
format=cpio
keep=no
build=yes
for a in "$@"; do
    case "$a" in
        --ext2) format=ext2 ;;
        --keep) keep=yes ;;
        --no-build) build=no ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "demo.sh: unknown option $a" >&2; exit 2 ;;
    esac
done

step() { printf '\n=== %s\n' "$*"; }

if [ "$build" = yes ]; then
    step "Installing what the demo needs (apt-get) and building the toolkit (Maven)"
    "$here/scripts/install-deps.sh"
    (cd "$here" && mvn -B -q -ntp -DskipTests package)
fi
bin="$here/legacy-scripts/target/bin"
export PATH="$bin:$PATH"

work=${DEMO_DIR:-/var/tmp/febootstrap-demo}
rm -rf "$work"
mkdir -p "$work"
cd "$work"

step "febootstrap -i bash -i coreutils -i mount root"
febootstrap -i bash -i coreutils -i mount root

step "febootstrap-minimize root"
febootstrap-minimize root

step "febootstrap-install root init /init 0755 root.root"
cat > init <<'INIT'
#!/bin/bash
echo Starting /init script ...
PATH=/usr/sbin:/usr/bin:/sbin:/bin
# (the ext2 form's small initrd has already moved /proc and /sys here)
[ -e /proc/self ] || mount -t proc /proc /proc
[ -d /sys/kernel ] || mount -t sysfs /sys /sys
echo "bash $BASH_VERSION, $(ls /usr/bin | wc -l) programs, kernel $(uname -r)"
echo o > /proc/sysrq-trigger
sleep 10
INIT
febootstrap-install root init /init 0755 root.root

step "febootstrap-to-supermin root supermin.img hostfiles.txt"
febootstrap-to-supermin root supermin.img hostfiles.txt
root_kb=$(du -sk root | cut -f1)
img=$(stat -c %s supermin.img)
list=$(stat -c %s hostfiles.txt)
printf 'root filesystem: %8d KB\nsupermin.img:    %8d bytes\nhostfiles.txt:   %8d bytes (%d lines)\nappliance total: %8d bytes\n' \
    "$root_kb" "$img" "$list" "$(wc -l < hostfiles.txt)" "$((img + list))"

step "febootstrap-supermin-helper -f $format supermin.img hostfiles.txt kernel initrd"
printf 'virtio*.ko\nsd_mod.ko\next4.ko\n' > kmods
if [ "$format" = ext2 ]; then
    febootstrap-supermin-helper -f ext2 -k kmods supermin.img hostfiles.txt kernel initrd appliance
    disk=(-drive file=appliance,format=raw,if=virtio)
else
    febootstrap-supermin-helper -k kmods supermin.img hostfiles.txt kernel initrd
    disk=()
fi
ls -lL kernel initrd ${disk:+appliance}

step "Booting under qemu (TCG)"
start=$(date +%s.%N)
qemu-system-x86_64 -accel tcg -m 1024 -kernel kernel -initrd initrd "${disk[@]}" \
    -append 'console=ttyS0 quiet panic=-1' -display none -serial stdio -monitor none \
    -no-reboot -nodefaults </dev/null | tee console.log | while IFS= read -r line; do
    case "$line" in
        *"Starting /init script"*) printf '%s   [%.1f s after qemu started]\n' "$line" "$(echo "$(date +%s.%N) - $start" | bc)" ;;
        *) printf '%s\n' "$line" ;;
    esac
done
grep -q "Starting /init script" console.log || { echo "demo: the appliance did not reach /init" >&2; exit 1; }
echo "demo: the appliance booted and powered off cleanly."
[ "$keep" = yes ] || rm -rf root
