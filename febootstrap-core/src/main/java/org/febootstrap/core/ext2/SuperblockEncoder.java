package org.febootstrap.core.ext2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The superblock (1024 bytes; the primary at byte 1024, copies at the start of the backup groups)
 * and the group descriptor table that follows each copy.
 *
 * <p>Features, chosen so every ext2 driver and the ext4 driver mount the image read-write:
 * revision 1 (dynamic inode size, first inode 11), INCOMPAT_FILETYPE (the type in directory
 * entries, which saves a stat per readdir), RO_COMPAT_SPARSE_SUPER (fewer backups) and
 * RO_COMPAT_LARGE_FILE (files of 2 GiB and more). No journal, extents, dir_index, resize inode
 * or extended attributes: nothing writes to them before boot, and each would add either format
 * complexity or a feature an old driver refuses.
 */
final class SuperblockEncoder {
    static final int SIZE = 1024;
    static final int INCOMPAT_FILETYPE = 0x2;
    static final int RO_COMPAT_SPARSE_SUPER = 0x1;
    static final int RO_COMPAT_LARGE_FILE = 0x2;
    static final int FIRST_INODE = 11;

    private SuperblockEncoder() {}

    /** Counts that change with the content. */
    record Totals(long freeBlocks, long freeInodes) {}

    static byte[] superblock(Geometry g, Totals totals, Ext2Options options, int groupNumber) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long ts = options.timestamp();
        b.putInt(0, (int) g.inodesCount());
        b.putInt(4, (int) g.blocksCount());
        b.putInt(8, 0); // no blocks reserved for root: the appliance runs as root anyway
        b.putInt(12, (int) totals.freeBlocks());
        b.putInt(16, (int) totals.freeInodes());
        b.putInt(20, g.firstDataBlock());
        int log = Integer.numberOfTrailingZeros(g.blockSize()) - 10;
        b.putInt(24, log);
        b.putInt(28, log); // fragments are blocks
        b.putInt(32, g.blocksPerGroup());
        b.putInt(36, g.blocksPerGroup());
        b.putInt(40, g.inodesPerGroup());
        b.putInt(44, 0); // never mounted
        b.putInt(48, (int) ts); // last write
        b.putShort(52, (short) 0); // mount count
        b.putShort(54, (short) -1); // no forced check after N mounts
        b.putShort(56, (short) 0xEF53);
        b.putShort(58, (short) 1); // clean
        b.putShort(60, (short) 1); // on errors: continue
        b.putShort(62, (short) 0);
        b.putInt(64, (int) ts); // last check
        b.putInt(68, 0); // no periodic check
        b.putInt(72, 0); // created by Linux
        b.putInt(76, 1); // dynamic revision
        b.putShort(80, (short) 0);
        b.putShort(82, (short) 0);
        b.putInt(84, FIRST_INODE);
        b.putShort(88, (short) g.inodeSize());
        b.putShort(90, (short) groupNumber);
        b.putInt(92, 0);
        b.putInt(96, INCOMPAT_FILETYPE);
        b.putInt(100, RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE);
        UUID u = options.uuid();
        b.order(ByteOrder.BIG_ENDIAN).putLong(104, u.getMostSignificantBits()).putLong(112, u.getLeastSignificantBits())
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(120, options.volumeLabel().getBytes(StandardCharsets.UTF_8));
        b.putInt(264, (int) ts); // created
        if (g.inodeSize() > 128) {
            b.putShort(348, (short) InodeEncoder.EXTRA_ISIZE); // s_min_extra_isize
            b.putShort(350, (short) InodeEncoder.EXTRA_ISIZE); // s_want_extra_isize
        }
        return b.array();
    }

    /** One 32-byte descriptor per group: where its bitmaps and inode table are, and its counts. */
    static byte[] descriptors(Geometry g, long[] freeBlocks, long[] freeInodes, long[] directories) {
        ByteBuffer b = ByteBuffer.allocate(g.gdtBlocks() * g.blockSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < g.groups(); i++) {
            int at = i * Geometry.DESCRIPTOR_SIZE;
            b.putInt(at, (int) g.blockBitmap(i));
            b.putInt(at + 4, (int) g.inodeBitmap(i));
            b.putInt(at + 8, (int) g.inodeTable(i));
            b.putShort(at + 12, (short) freeBlocks[i]);
            b.putShort(at + 14, (short) freeInodes[i]);
            b.putShort(at + 16, (short) directories[i]);
        }
        return b.array();
    }
}
