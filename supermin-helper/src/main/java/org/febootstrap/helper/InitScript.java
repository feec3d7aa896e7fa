package org.febootstrap.helper;

import java.util.List;
import java.util.UUID;

/**
 * The /init of -f ext2's small initrd, a busybox shell script. It prints one line per step
 * ({@code supermin: loading virtio_blk}), so a boot that stops shows where; mounts /proc, /sys
 * and devtmpfs on /dev; loads the modules in dependency order; finds the appliance disk from
 * {@code root=UUID=...} or {@code root=/dev/...} on the kernel command line, or else by the UUID
 * the helper wrote into the image (2.x took "the last disk", which raced with slow
 * controllers), polling up to {@code rootdelay=} seconds (10 by default) as controllers probe;
 * mounts it (as ext2, else through the ext4 driver, {@code ro} on the command line mounts it
 * read-only), moves /proc, /sys and /dev into it and switches to it, running its /init (or
 * {@code init=}) with the arguments the kernel gave this one (those after {@code --}). A disk's UUID is read from the ext2 superblock itself (offset 1024; magic at
 * 56, UUID at 104) with busybox hexdump, which every busybox build has (findfs and blkid are
 * optional applets). On any failure it says why and powers off, so that nothing waits on a
 * hung guest; with {@code supermin.shell} on the command line it starts a shell first.
 */
final class InitScript {
    /** Where the modules are in the initrd. */
    static final String MODULES_DIR = "modules";
    static final String BUSYBOX = "bin/busybox";

    private InitScript() {}

    /**
     * @param modules module names (as in {@code modules/NAME.ko}) in loading order
     * @param uuid the appliance's filesystem UUID
     */
    static String text(List<String> modules, UUID uuid) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("#!/" + BUSYBOX + " sh\n");
        sb.append("# febootstrap-supermin-helper -f ext2: finds and mounts the appliance disk, then runs its /init.\n");
        sb.append("bb=/" + BUSYBOX + "\n");
        sb.append("uuid=").append(uuid).append('\n');
        sb.append("modules=\"");
        for (int i = 0; i < modules.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(modules.get(i));
        }
        sb.append("\"\n");
        sb.append("""
                say() { $bb echo "supermin: $*"; }
                fail() {
                  say "error: $*"
                  if $bb grep -qw supermin.shell /proc/cmdline 2>/dev/null; then
                    say "starting a shell (supermin.shell); exit it to power off"
                    $bb sh
                  fi
                  say "powering off"
                  $bb sync
                  $bb poweroff -f
                  $bb sleep 10
                  exit 1
                }
                say "mounting /proc, /sys and /dev"
                $bb mount -t proc proc /proc || fail "cannot mount /proc"
                $bb mount -t sysfs sysfs /sys || fail "cannot mount /sys"
                $bb mount -t devtmpfs devtmpfs /dev || fail "cannot mount devtmpfs on /dev"
                for m in $modules; do
                  say "loading $m"
                  out=$($bb insmod /@MODULES@/$m.ko 2>&1) || say "warning: $m did not load (${out#insmod: }); going on"
                done
                root=
                wait=10
                init=/init
                mode=rw
                for arg in $($bb cat /proc/cmdline); do
                  case "$arg" in
                    root=*) root=${arg#root=} ;;
                    rootdelay=*) wait=${arg#rootdelay=} ;;
                    init=*) init=${arg#init=} ;;
                    ro) mode=ro ;;
                    rw) mode=rw ;;
                  esac
                done
                dev=
                want=
                case "$root" in
                  "") want=$uuid ;;
                  UUID=*) want=${root#UUID=} ;;
                  /dev/*) dev=$root ;;
                  *) fail "root=$root: only root=UUID=... and root=/dev/... are understood" ;;
                esac
                want=$($bb echo "$want" | $bb tr A-F a-f)
                # The UUID in an ext2/3/4 superblock (magic 0xef53 at byte 1080, UUID at 1128), or nothing.
                uuid_of() {
                  [ "$($bb hexdump -v -s 1080 -n 2 -e '2/1 "%02x"' "$1" 2>/dev/null)" = 53ef ] || return 1
                  $bb hexdump -v -s 1128 -n 16 -e '4/1 "%02x" "-" 2/1 "%02x" "-" 2/1 "%02x" "-" 2/1 "%02x" "-" 6/1 "%02x"' "$1" 2>/dev/null
                }
                find_root() {
                  if [ -n "$dev" ]; then
                    [ -b "$dev" ] && $bb echo "$dev"
                    return
                  fi
                  for b in /sys/class/block/*; do
                    d=/dev/${b##*/}
                    [ -b "$d" ] || continue
                    if [ "$(uuid_of "$d")" = "$want" ]; then
                      $bb echo "$d"
                      return
                    fi
                  done
                }
                if [ -n "$dev" ]; then
                  say "waiting for $dev"
                else
                  say "waiting for the disk with UUID $want"
                fi
                tries=$((wait * 10))
                i=0
                while :; do
                  found=$(find_root)
                  [ -n "$found" ] && break
                  i=$((i + 1))
                  if [ $i -ge $tries ]; then
                    fail "no ${dev:-disk with UUID $want} after ${wait}s; block devices: $($bb ls /sys/class/block | $bb tr '\\n' ' ')"
                  fi
                  $bb sleep 0.1
                done
                say "mounting $found"
                $bb mount -t ext2 -o $mode "$found" /newroot 2>/dev/null \\
                  || $bb mount -t ext4 -o $mode "$found" /newroot \\
                  || fail "cannot mount $found on /newroot"
                [ -e "/newroot$init" ] || [ -L "/newroot$init" ] || fail "$found has no $init"
                for d in dev proc sys; do
                  if [ -d /newroot/$d ]; then
                    $bb mount --move /$d /newroot/$d || fail "cannot move /$d to the appliance"
                  else
                    $bb umount /$d
                  fi
                done
                say "starting $init"
                exec $bb switch_root /newroot "$init" "$@"
                """.replace("@MODULES@", MODULES_DIR));
        return sb.toString();
    }
}
