package org.febootstrap.core.ext2;

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
    static void encode(byte[] table, int at, Inode inode, int inodeSize) {
        LittleEndian.putShort(table, at, inode.mode());
        LittleEndian.putShort(table, at + 2, (int) inode.uid());
        LittleEndian.putInt(table, at + 4, (int) inode.size());
        LittleEndian.putInt(table, at + 8, (int) inode.atime());
        LittleEndian.putInt(table, at + 12, (int) inode.ctime());
        LittleEndian.putInt(table, at + 16, (int) inode.mtime());
        LittleEndian.putShort(table, at + 24, (int) inode.gid());
        LittleEndian.putShort(table, at + 26, inode.links());
        LittleEndian.putInt(table, at + 28, (int) inode.sectors());
        if (inode.fastSymlink() != null) {
            System.arraycopy(inode.fastSymlink(), 0, table, at + 40, inode.fastSymlink().length);
        } else {
            int[] iBlock = inode.iBlock();
            for (int i = 0; i < 15; i++) {
                if (iBlock[i] != 0) { // the table is zeroed
                    LittleEndian.putInt(table, at + 40 + 4 * i, iBlock[i]);
                }
            }
        }
        if ((inode.mode() & Ext2Node.S_IFMT) == Ext2Node.S_IFREG) {
            // i_size_high (RO_COMPAT_LARGE_FILE); for directories this word is i_dir_acl.
            LittleEndian.putInt(table, at + 108, (int) (inode.size() >>> 32));
        }
        LittleEndian.putShort(table, at + 120, (int) (inode.uid() >>> 16));
        LittleEndian.putShort(table, at + 122, (int) (inode.gid() >>> 16));
        if (inodeSize >= 128 + EXTRA_ISIZE) {
            LittleEndian.putShort(table, at + 128, EXTRA_ISIZE);
            LittleEndian.putInt(table, at + 132, epoch(inode.ctime()));
            LittleEndian.putInt(table, at + 136, epoch(inode.mtime()));
            LittleEndian.putInt(table, at + 140, epoch(inode.atime()));
            LittleEndian.putInt(table, at + 144, (int) inode.crtime());
            LittleEndian.putInt(table, at + 148, epoch(inode.crtime()));
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
