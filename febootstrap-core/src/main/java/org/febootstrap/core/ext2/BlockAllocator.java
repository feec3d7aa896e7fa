package org.febootstrap.core.ext2;

import java.util.Arrays;

/**
 * Hands out data blocks front to back, skipping each group's metadata, so every inode gets
 * consecutive blocks (split only where it crosses into the next group) and the used blocks of a
 * group are a prefix of its data area.
 */
final class BlockAllocator {
    private final Geometry geometry;
    private final long[] used;
    private int group;
    private long next;

    BlockAllocator(Geometry geometry) {
        this.geometry = geometry;
        this.used = new long[geometry.groups()];
        this.next = geometry.dataStart(0);
    }

    BlockRuns allocate(long count) {
        if (count == 0) {
            return BlockRuns.NONE;
        }
        long[] starts = new long[2];
        long[] lengths = new long[2];
        int runs = 0;
        while (count > 0) {
            long available = geometry.dataEnd(group) - next;
            if (available == 0) {
                if (++group == geometry.groups()) {
                    throw new IllegalStateException("ext2 allocator ran out of blocks");
                }
                next = geometry.dataStart(group);
                continue;
            }
            long take = Math.min(available, count);
            if (runs == starts.length) {
                starts = Arrays.copyOf(starts, runs * 2);
                lengths = Arrays.copyOf(lengths, runs * 2);
            }
            starts[runs] = next;
            lengths[runs] = take;
            runs++;
            used[group] += take;
            next += take;
            count -= take;
        }
        return new BlockRuns(Arrays.copyOf(starts, runs), Arrays.copyOf(lengths, runs));
    }

    /** Data blocks used in group {@code g}: the first that many after its metadata. */
    long usedIn(int g) {
        return used[g];
    }
}
