package org.febootstrap.core.ext2;

/**
 * The blocks given to one inode: runs of consecutive block numbers (one run unless the inode's
 * blocks straddle a group's metadata).
 */
final class BlockRuns {
    static final BlockRuns NONE = new BlockRuns(new long[0], new long[0]);

    final long[] starts;
    final long[] lengths;

    BlockRuns(long[] starts, long[] lengths) {
        this.starts = starts;
        this.lengths = lengths;
    }

    /** Block numbers in order, starting {@code skip} blocks in. */
    Cursor cursor(long skip) {
        Cursor c = new Cursor();
        while (c.run < starts.length && skip >= lengths[c.run]) {
            skip -= lengths[c.run];
            c.run++;
        }
        c.offset = skip;
        return c;
    }

    final class Cursor {
        private int run;
        private long offset;

        long next() {
            long b = starts[run] + offset;
            if (++offset == lengths[run]) {
                run++;
                offset = 0;
            }
            return b;
        }
    }
}
