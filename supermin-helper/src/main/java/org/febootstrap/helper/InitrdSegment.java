package org.febootstrap.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The initrd's own segment, built by two threads at once (the machines this runs on have few
 * cores, and the kernel serialises writes to one file anyway). The entries (the kernel modules,
 * then the host files, which arrive while the hostfiles lists are still being read) are cut into
 * blocks, and each block goes through three steps: loaded (its files stat-ed and opened, by any
 * thread), placed (its offsets, in block order, by the thread that finds the next block loaded:
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

    /** One block of entries and where it is in its steps. */
    private static final class Block {
        final boolean modules;
        /** Index of its first entry in its list (the modules, or the host files). */
        final int first;
        final ArchiveItem[] items;
        /** Its place in archive order, once the modules are known. */
        int index;
        boolean loaded;
        List<ArchiveItem> placed;

        Block(boolean modules, int first, int size) {
            this.modules = modules;
            this.first = first;
            this.items = new ArchiveItem[size];
        }
    }

    private List<HostEntry> modules = List.of();
    private final List<HostEntry> hosts = new ArrayList<>();
    private boolean hostsDone;
    private ArchiveLayout layout;
    private InitrdWriter writer;
    private boolean begun;
    private final List<Block> blocks = new ArrayList<>();
    private int hostBlocks;
    private int nextLoad;
    private int nextPlace;
    private int nextCopy;
    private int copied;
    private boolean placing;
    private boolean stopped;
    private IOException failure;
    private int failedBlock = Integer.MAX_VALUE;

    /**
     * Lets the work begin, now that the kernel modules (which come first) and the layout are
     * known; host files may have come already.
     */
    synchronized void begin(List<HostEntry> moduleEntries, ArchiveLayout archiveLayout, InitrdWriter out) {
        modules = moduleEntries;
        layout = archiveLayout;
        writer = out;
        List<Block> first = new ArrayList<>();
        for (int i = 0; i < moduleEntries.size(); i += BLOCK) {
            first.add(new Block(true, i, Math.min(BLOCK, moduleEntries.size() - i)));
        }
        blocks.addAll(0, first);
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).index = i;
        }
        begun = true;
        notifyAll();
    }

    /** Waits for {@link #begin}; returns the writer, or null when the build was abandoned first. */
    synchronized InitrdWriter awaitBegin() {
        while (!begun && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return begun ? writer : null;
    }

    /** The host files could not be listed: the build stops with this. */
    synchronized void listingFailed(IOException e) {
        fail(-1, e);
    }

    /** More host files, in order (from the thread reading the lists). */
    synchronized void addHosts(List<HostEntry> more) {
        hosts.addAll(more);
        cutHostBlocks();
        notifyAll();
    }

    /** No more host files. */
    synchronized void hostsDone() {
        hostsDone = true;
        cutHostBlocks();
        notifyAll();
    }

    private void cutHostBlocks() {
        while (true) {
            int start = hostBlocks * BLOCK;
            int left = hosts.size() - start;
            if (left >= BLOCK || (hostsDone && left > 0)) {
                Block b = new Block(false, start, Math.min(BLOCK, left));
                b.index = blocks.size();
                blocks.add(b);
                hostBlocks++;
            } else {
                return;
            }
        }
    }

    /** Works until every block is copied or the build failed; call from each thread after {@link #begin}. */
    void work(BlockCopier copier) {
        while (true) {
            Block block;
            boolean copy;
            synchronized (this) {
                while (true) {
                    if (stopped || (hostsDone && copied == blocks.size())) {
                        return;
                    }
                    if (nextCopy < nextPlace) {
                        block = blocks.get(nextCopy++);
                        copy = true;
                        break;
                    }
                    if (nextLoad < blocks.size() && nextLoad - copied < IN_FLIGHT) {
                        block = blocks.get(nextLoad++);
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

    private void load(Block block) {
        HostEntry[] entries = new HostEntry[block.items.length];
        synchronized (this) {
            List<HostEntry> from = block.modules ? modules : hosts;
            for (int k = 0; k < entries.length; k++) {
                entries[k] = from.get(block.first + k);
            }
        }
        for (int k = 0; k < entries.length; k++) {
            ArchiveItem it = new ArchiveItem(entries[k]);
            it.load();
            block.items[k] = it;
        }
        Block next;
        int index;
        synchronized (this) {
            block.loaded = true;
            if (placing || nextPlace >= blocks.size() || !blocks.get(nextPlace).loaded) {
                return;
            }
            placing = true;
            index = nextPlace;
            next = blocks.get(index);
        }
        // Place every loaded block in order, this one and those loaded meanwhile.
        while (true) {
            List<ArchiveItem> out = null;
            IOException failed = null;
            try {
                out = layout.place(next.items, next.modules ? next.first : modules.size() + next.first);
            } catch (IOException e) {
                failed = e;
            } catch (RuntimeException e) {
                failed = new IOException(e.toString(), e);
            }
            synchronized (this) {
                if (failed != null) {
                    placing = false;
                    fail(index, failed);
                    return;
                }
                next.placed = out;
                nextPlace = index + 1;
                notifyAll();
                if (stopped || nextPlace >= blocks.size() || !blocks.get(nextPlace).loaded) {
                    placing = false;
                    return;
                }
                index = nextPlace;
                next = blocks.get(index);
            }
        }
    }

    private void copy(Block block, BlockCopier copier) {
        List<ArchiveItem> out;
        int index = block.index;
        synchronized (this) {
            out = block.placed;
            block.placed = null;
        }
        try {
            copier.write(index, out);
        } catch (IOException e) {
            fail(index, e);
        } catch (RuntimeException e) {
            fail(index, new IOException(e.toString(), e));
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
    synchronized void closeAll() {
        for (Block b : blocks) {
            for (ArchiveItem it : b.items) {
                if (it != null) {
                    it.close();
                }
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
