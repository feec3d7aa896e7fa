package org.febootstrap.helper;

import java.io.IOException;
import java.util.List;

/**
 * The initrd's own segment, built by several threads at once (two: the machines this runs on
 * have few cores, and writes to one file are serialised by the kernel anyway). The entries are
 * cut into blocks, which the threads take in order; for each block a thread stats and opens its
 * files, waits for its turn to place the block ({@link ArchiveLayout}, which needs the blocks
 * before it placed), then writes it at its offsets ({@link BlockCopier}) while the other thread
 * goes on with the next block. The first failure in archive order is the one reported.
 */
final class InitrdSegment {
    static final int BLOCK = 64;

    private final ArchiveItem[] items;
    private final ArchiveLayout layout;
    private final int blocks;
    private int nextBlock;
    private int placed;
    private boolean stopped;
    private IOException failure;
    private int failedBlock = Integer.MAX_VALUE;

    InitrdSegment(ArchiveItem[] items, ArchiveLayout layout) {
        this.items = items;
        this.layout = layout;
        this.blocks = (items.length + BLOCK - 1) / BLOCK;
    }

    ArchiveLayout layout() {
        return layout;
    }

    /** Takes blocks until none is left or the build failed; call from each thread. */
    void work(BlockCopier copier) {
        while (true) {
            int b = claim();
            if (b < 0) {
                return;
            }
            int from = b * BLOCK;
            int to = Math.min(items.length, from + BLOCK);
            for (int i = from; i < to; i++) {
                items[i].load();
            }
            if (!awaitTurn(b)) {
                return;
            }
            List<ArchiveItem> out;
            try {
                out = layout.place(items, from, to);
            } catch (IOException e) {
                fail(b, e);
                return;
            } catch (RuntimeException e) {
                fail(b, new IOException(e.toString(), e));
                return;
            } finally {
                passTurn(b);
            }
            try {
                copier.write(b, out);
            } catch (IOException e) {
                fail(b, e);
                return;
            } catch (RuntimeException e) {
                fail(b, new IOException(e.toString(), e));
                return;
            }
        }
    }

    /** Makes the threads stop at their next block (the build failed elsewhere). */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    /** The first failure in archive order, or null. */
    synchronized IOException failure() {
        return failure;
    }

    /** Closes every file still open (after a failure; the threads have stopped). */
    void closeAll() {
        for (ArchiveItem it : items) {
            it.close();
        }
    }

    synchronized void fail(int block, IOException e) {
        if (block < failedBlock) {
            failedBlock = block;
            failure = e;
        }
        stopped = true;
        notifyAll();
    }

    private synchronized int claim() {
        if (stopped || nextBlock == blocks) {
            return -1;
        }
        return nextBlock++;
    }

    private synchronized boolean awaitTurn(int b) {
        while (placed < b && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(b, new java.io.InterruptedIOException("interrupted while building the initrd"));
            }
        }
        return !stopped;
    }

    private synchronized void passTurn(int b) {
        placed = b + 1;
        notifyAll();
    }
}
