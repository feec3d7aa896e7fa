package org.febootstrap.core.ext2;

import java.io.IOException;

/**
 * ext2's classic block map: i_block[0..11] point at the first twelve data blocks, i_block[12] at
 * a block of pointers (single indirect), i_block[13] at a block of pointers to such blocks
 * (double), i_block[14] one level deeper (triple). An inode's blocks are its data blocks followed
 * by its indirect blocks, each indirect block taken in the order it is first needed.
 */
final class BlockMap {
    static final int DIRECT = 12;

    private final int blockSize;
    private final int pointers;
    private final BlockRuns.Cursor data;
    private final BlockRuns.Cursor meta;
    private final BlockWriter out;
    private long remaining;

    private BlockMap(int blockSize, BlockRuns runs, long dataBlocks, BlockWriter out) {
        this.blockSize = blockSize;
        this.pointers = blockSize / 4;
        this.data = runs.cursor(0);
        this.meta = runs.cursor(dataBlocks);
        this.out = out;
        this.remaining = dataBlocks;
    }

    /** The most data blocks one inode can map. */
    static long maxDataBlocks(int blockSize) {
        long p = blockSize / 4;
        return DIRECT + p + p * p + p * p * p;
    }

    /** How many indirect blocks it takes to map {@code dataBlocks} data blocks. */
    static long indirectBlocks(long dataBlocks, int blockSize) {
        long p = blockSize / 4;
        long n = dataBlocks - DIRECT;
        if (n <= 0) {
            return 0;
        }
        long count = 1;
        if (n <= p) {
            return count;
        }
        n -= p;
        long pp = p * p;
        count += 1 + Geometry.ceilDiv(Math.min(n, pp), p);
        if (n <= pp) {
            return count;
        }
        n -= pp;
        if (n > pp * p) {
            throw new IllegalArgumentException("more than " + maxDataBlocks(blockSize) + " blocks");
        }
        return count + 1 + Geometry.ceilDiv(n, pp) + Geometry.ceilDiv(n, p);
    }

    /**
     * Fills {@code iBlock} (15 entries) for an inode whose {@code runs} hold {@code dataBlocks}
     * data blocks then its indirect blocks, and writes the indirect blocks.
     */
    static void map(int blockSize, BlockRuns runs, long dataBlocks, int[] iBlock, BlockWriter out) throws IOException {
        new BlockMap(blockSize, runs, dataBlocks, out).fill(iBlock);
    }

    private void fill(int[] iBlock) throws IOException {
        for (int i = 0; i < DIRECT && remaining > 0; i++, remaining--) {
            iBlock[i] = (int) data.next();
        }
        for (int level = 1; level <= 3 && remaining > 0; level++) {
            iBlock[DIRECT + level - 1] = (int) indirect(level);
        }
    }

    private long indirect(int level) throws IOException {
        long block = meta.next();
        byte[] b = new byte[blockSize];
        for (int i = 0; i < pointers && remaining > 0; i++) {
            long target;
            if (level == 1) {
                target = data.next();
                remaining--;
            } else {
                target = indirect(level - 1);
            }
            LittleEndian.putInt(b, 4 * i, (int) target);
        }
        out.write(block * blockSize, b);
        return block;
    }
}
