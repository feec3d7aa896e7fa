#!/bin/bash
# Boot-to-poweroff of the demo appliance under qemu TCG, cpio form against ext2 form, with hyperfine.
# Usage: bench/demo-boot.sh CPIO_DEMO_DIR EXT2_DEMO_DIR   (made by: DEMO_DIR=... scripts/demo.sh [--ext2] --keep)
set -euo pipefail
cpio=${1:?cpio demo dir}; ext2=${2:?ext2 demo dir}
q='qemu-system-x86_64 -accel tcg -m 1024 -display none -serial stdio -monitor none -no-reboot -nodefaults'
a="-append 'console=ttyS0 quiet panic=-1'"
hyperfine --runs "${RUNS:-5}" --export-markdown "${OUT:-/dev/stdout}" \
  -n cpio "$q -kernel $cpio/kernel -initrd $cpio/initrd $a < /dev/null | grep -q 'Starting /init script'" \
  -n ext2 "$q -kernel $ext2/kernel -initrd $ext2/initrd -drive file=$ext2/appliance,format=raw,if=virtio,snapshot=on $a < /dev/null | grep -q 'Starting /init script'"
for d in "$cpio" "$ext2"; do
    ls -l "$d"/supermin.img "$d"/hostfiles.txt "$d"/initrd "$d"/appliance 2>/dev/null || true
    [ -e "$d/appliance" ] && du -k "$d/appliance"
done
