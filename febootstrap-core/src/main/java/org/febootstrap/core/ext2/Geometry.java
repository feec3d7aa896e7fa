package org.febootstrap.core.ext2;

/**
 * Where everything goes: the block groups of an ext2 image. Each group holds, in order, a copy of
 * the superblock and the group descriptor table (only groups 0, 1 and powers of 3, 5 and 7:
 * sparse_super), its block bitmap, its inode bitmap, its inode table, then data blocks. With
 * 1 KiB blocks block 0 is the boot block and group 0 starts at block 1.
 */
record Geometry(int blockSize, int inodeSize, long blocksCount, int groups, int inodesPerGroup, int gdtBlocks) {
    static final int DESCRIPTOR_SIZE = 32;
    static final long MAX_BLOCKS = 0xFFFF_FFFFL;

    int firstDataBlock() {
        return blockSize == 1024 ? 1 : 0;
    }

    int blocksPerGroup() {
        return 8 * blockSize;
    }

    int inodeTableBlocks() {
        return inodesPerGroup * inodeSize / blockSize;
    }

    long inodesCount() {
        return (long) inodesPerGroup * groups;
    }

    long groupStart(int g) {
        return firstDataBlock() + (long) g * blocksPerGroup();
    }

    long groupBlocks(int g) {
        return g < groups - 1 ? blocksPerGroup() : blocksCount - groupStart(g);
    }

    /** sparse_super: backups only in groups 0, 1 and powers of 3, 5 and 7. */
    static boolean hasSuperblock(int g) {
        return g <= 1 || isPowerOf(g, 3) || isPowerOf(g, 5) || isPowerOf(g, 7);
    }

    private static boolean isPowerOf(int n, int base) {
        long p = base;
        while (p < n) {
            p *= base;
        }
        return p == n;
    }

    int superblockBlocks(int g) {
        return hasSuperblock(g) ? 1 + gdtBlocks : 0;
    }

    long blockBitmap(int g) {
        return groupStart(g) + superblockBlocks(g);
    }

    long inodeBitmap(int g) {
        return blockBitmap(g) + 1;
    }

    long inodeTable(int g) {
        return blockBitmap(g) + 2;
    }

    int metadataBlocks(int g) {
        return superblockBlocks(g) + 2 + inodeTableBlocks();
    }

    long dataStart(int g) {
        return groupStart(g) + metadataBlocks(g);
    }

    long dataEnd(int g) {
        return groupStart(g) + groupBlocks(g);
    }

    long freeDataBlocks() {
        long free = 0;
        for (int g = 0; g < groups; g++) {
            free += groupBlocks(g) - metadataBlocks(g);
        }
        return free;
    }

    /** The last group must hold its own metadata and at least one data block. */
    boolean lastGroupFits() {
        int last = groups - 1;
        return groupBlocks(last) > metadataBlocks(last);
    }

    long imageBytes() {
        return blocksCount * blockSize;
    }

    /** The group layout of {@code blocks} blocks with room for about {@code inodesWanted} inodes. */
    static Geometry layout(int blockSize, int inodeSize, long blocks, long inodesWanted) {
        int fdb = blockSize == 1024 ? 1 : 0;
        int bpg = 8 * blockSize;
        int groups = (int) ceilDiv(blocks - fdb, bpg);
        // Whole inode-table blocks, a multiple of 8 (bitmap bytes), and no more than a bitmap block holds.
        int align = Math.max(8, blockSize / inodeSize);
        long ipg = ceilDiv(Math.max(inodesWanted, 1), groups);
        ipg = Math.min(ceilDiv(ipg, align) * align, bpg);
        // s_inodes_count is 32 bits: at most 2^32 - 1 inodes in all.
        ipg = Math.min(ipg, 0xFFFF_FFFFL / groups / align * align);
        int gdt = (int) ceilDiv((long) groups * DESCRIPTOR_SIZE, blockSize);
        return new Geometry(blockSize, inodeSize, blocks, groups, (int) ipg, gdt);
    }

    /**
     * The smallest layout (rounded up to whole MiB) with {@code dataBlocks} free data blocks and
     * {@code inodes} inodes, or null when ext2's 32-bit block numbers cannot address it.
     */
    static Geometry fit(int blockSize, int inodeSize, long dataBlocks, long inodes) {
        int fdb = blockSize == 1024 ? 1 : 0;
        long perMiB = (1 << 20) / blockSize;
        long maxIpg = 8L * blockSize;
        long blocks = fdb + dataBlocks + 1;
        for (int round = 0; round < 10_000; round++) {
            blocks = ceilDiv(blocks, perMiB) * perMiB;
            if (blocks > MAX_BLOCKS) {
                return null;
            }
            long groupsForInodes = ceilDiv(inodes, maxIpg);
            long least = fdb + (groupsForInodes - 1) * 8L * blockSize + 1;
            if (blocks < least) {
                blocks = least;
                continue;
            }
            Geometry g = layout(blockSize, inodeSize, blocks, inodes);
            if (!g.lastGroupFits()) {
                blocks = g.groupStart(g.groups - 1) + g.metadataBlocks(g.groups - 1) + 1;
                continue;
            }
            long free = g.freeDataBlocks();
            if (free >= dataBlocks && g.inodesCount() >= inodes) {
                return g;
            }
            blocks += Math.max(1, dataBlocks - free);
        }
        throw new IllegalStateException("ext2 layout did not converge for " + dataBlocks + " blocks");
    }

    /**
     * The layout of an image of {@code sizeBytes} holding {@code dataBlocks} and {@code inodes},
     * preferably with {@code inodesWanted} inodes; null when the content does not fit.
     */
    static Geometry ofSize(int blockSize, int inodeSize, long sizeBytes, long dataBlocks, long inodes, long inodesWanted) {
        long blocks = Math.min(sizeBytes / blockSize, MAX_BLOCKS);
        int fdb = blockSize == 1024 ? 1 : 0;
        for (long wanted : new long[] {Math.max(inodesWanted, inodes), inodes}) {
            if (blocks <= fdb) {
                return null;
            }
            Geometry g = layout(blockSize, inodeSize, blocks, wanted);
            if (!g.lastGroupFits()) {
                if (g.groups == 1) {
                    return null;
                }
                // As mke2fs does: a tail too small for its own metadata is left unused.
                g = layout(blockSize, inodeSize, g.groupStart(g.groups - 1), wanted);
            }
            if (g.freeDataBlocks() >= dataBlocks && g.inodesCount() >= inodes) {
                return g;
            }
        }
        return null;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
