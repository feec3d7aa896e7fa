package org.febootstrap.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * The initrd's own segment, built by two threads at once (the machines this runs on have few
 * cores, and the kernel serialises writes to one file anyway). The entries are cut into blocks,
 * and each block goes through three steps: loaded (its files stat-ed and opened, by any thread),
 * placed (its offsets, in block order, by the thread that finds the next block loaded:
 * {@link ArchiveLayout}; quick), copied (its bytes read and written at their offsets, by any
 * thread: {@link BlockCopier}). A thread takes the oldest placed block to copy if there is one,
 * else the next block to load, so that neither waits for the other while work is left; a few
 * blocks at most are in flight, as each holds open files. The first failure in archive order is
 * the one reported.
 */
final class InitrdSegment {
    static final int BLOCK = 64;
    /** Blocks loaded or being loaded and not yet copied, at most. */
    private static final int IN_FLIGHT = 6;

    private final List<HostEntry> entries;
    /** Made when their block is loaded (on the loading thread). */
    private final ArchiveItem[] items;
    private final ArchiveLayout layout;
    private final int blocks;
    private final boolean[] loaded;
    private final Object[] placedItems;
    private int nextLoad;
    private int nextPlace;
    private int nextCopy;
    private int copied;
    private boolean placing;
    private boolean stopped;
    private IOException failure;
    private int failedBlock = Integer.MAX_VALUE;

    InitrdSegment(List<HostEntry> entries, ArchiveLayout layout) {
        this.entries = entries;
        this.items = new ArchiveItem[entries.size()];
        this.layout = layout;
        this.blocks = (items.length + BLOCK - 1) / BLOCK;
        this.loaded = new boolean[blocks];
        this.placedItems = new Object[blocks];
    }

    /** Works until every block is copied or the build failed; call from each thread. */
    void work(BlockCopier copier) {
        while (true) {
            int block;
            boolean copy;
            synchronized (this) {
                while (true) {
                    if (stopped || copied == blocks) {
                        return;
                    }
                    if (nextCopy < nextPlace) {
                        block = nextCopy++;
                        copy = true;
                        break;
                    }
                    if (nextLoad < blocks && nextLoad - copied < IN_FLIGHT) {
                        block = nextLoad++;
                        copy = false;
                        break;
                    }
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        fail(nextPlace, new InterruptedIOException("interrupted while building the initrd"));
                        return;
                    }
                }
            }
            if (copy) {
                copy(block, copier);
            } else {
                load(block);
            }
        }
    }

    private void load(int b) {
        int from = b * BLOCK;
        int to = Math.min(items.length, from + BLOCK);
        for (int i = from; i < to; i++) {
            ArchiveItem it = new ArchiveItem(entries.get(i));
            it.load();
            items[i] = it;
        }
        int next;
        synchronized (this) {
            loaded[b] = true;
            if (placing || nextPlace >= blocks || !loaded[nextPlace]) {
                return;
            }
            placing = true;
            next = nextPlace;
        }
        // Place every loaded block in order, this one and those loaded meanwhile.
        while (true) {
            List<ArchiveItem> out = null;
            IOException failed = null;
            int first = next * BLOCK;
            try {
                out = layout.place(items, first, Math.min(items.length, first + BLOCK));
            } catch (IOException e) {
                failed = e;
            } catch (RuntimeException e) {
                failed = new IOException(e.toString(), e);
            }
            synchronized (this) {
                if (failed != null) {
                    placing = false;
                    fail(next, failed);
                    return;
                }
                placedItems[next] = out;
                nextPlace = next + 1;
                notifyAll();
                if (stopped || nextPlace >= blocks || !loaded[nextPlace]) {
                    placing = false;
                    return;
                }
                next = nextPlace;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void copy(int b, BlockCopier copier) {
        List<ArchiveItem> out;
        synchronized (this) {
            out = (List<ArchiveItem>) placedItems[b];
            placedItems[b] = null;
        }
        try {
            copier.write(b, out);
        } catch (IOException e) {
            fail(b, e);
        } catch (RuntimeException e) {
            fail(b, new IOException(e.toString(), e));
        }
        synchronized (this) {
            copied++;
            notifyAll();
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
            if (it != null) {
                it.close();
            }
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
}
