package org.febootstrap.core.ext2;

import java.nio.ByteBuffer;

/**
 * One on-disk inode: the 128-byte ext2 inode, and in 256-byte inodes the extra fields (size 32)
 * whose low two bits extend each timestamp past 2038 (to 2446).
 */
final class InodeEncoder {
    static final int EXTRA_ISIZE = 32;

    private InodeEncoder() {}

    /** What one inode says; {@code iBlock} is the block map, or the target of a fast symlink. */
    record Inode(int mode, long uid, long gid, long size, long atime, long ctime, long mtime, long crtime,
            int links, long sectors, int[] iBlock, byte[] fastSymlink) {}

    /**
     * Writes {@code inode} at {@code at} in {@code table} (zeroed); the caller has checked the
     * times with {@link #timeFits}.
     */
    static void encode(ByteBuffer table, int at, Inode inode, int inodeSize) {
        table.putShort(at, (short) inode.mode());
        table.putShort(at + 2, (short) inode.uid());
        table.putInt(at + 4, (int) inode.size());
        table.putInt(at + 8, (int) inode.atime());
        table.putInt(at + 12, (int) inode.ctime());
        table.putInt(at + 16, (int) inode.mtime());
        table.putShort(at + 24, (short) inode.gid());
        table.putShort(at + 26, (short) inode.links());
        table.putInt(at + 28, (int) inode.sectors());
        if (inode.fastSymlink() != null) {
            table.put(at + 40, inode.fastSymlink());
        } else {
            for (int i = 0; i < 15; i++) {
                table.putInt(at + 40 + 4 * i, inode.iBlock()[i]);
            }
        }
        if ((inode.mode() & Ext2Node.S_IFMT) == Ext2Node.S_IFREG) {
            // i_size_high (RO_COMPAT_LARGE_FILE); for directories this word is i_dir_acl.
            table.putInt(at + 108, (int) (inode.size() >>> 32));
        }
        table.putShort(at + 120, (short) (inode.uid() >>> 16));
        table.putShort(at + 122, (short) (inode.gid() >>> 16));
        if (inodeSize >= 128 + EXTRA_ISIZE) {
            table.putShort(at + 128, (short) EXTRA_ISIZE);
            table.putInt(at + 132, epoch(inode.ctime()));
            table.putInt(at + 136, epoch(inode.mtime()));
            table.putInt(at + 140, epoch(inode.atime()));
            table.putInt(at + 144, (int) inode.crtime());
            table.putInt(at + 148, epoch(inode.crtime()));
        }
    }

    /** Whether an inode of this size can hold the time {@code t} (seconds since the epoch). */
    static boolean timeFits(long t, int inodeSize) {
        long max = inodeSize >= 128 + EXTRA_ISIZE ? (1L << 34) - (1L << 31) : (1L << 31);
        return t >= Integer.MIN_VALUE && t < max;
    }

    /** The extra word: epoch bits (how many 2^32 s the signed 32-bit field is off), no nanoseconds. */
    private static int epoch(long t) {
        return (int) (((t - (int) t) >> 32) & 3);
    }
}
