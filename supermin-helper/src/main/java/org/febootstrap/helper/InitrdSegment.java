package org.febootstrap.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.util.DiskReadProbe;

/**
 * The initrd's own segment, built by two threads at once (the machines this runs on have few
 * cores, and the kernel serialises writes to one file anyway). The entries (the host files, which
 * arrive while the hostfiles lists are still being read, then the kernel modules, known once
 * modules.dep is read) are cut into blocks, and each block goes through three steps: loaded (its
 * files stat-ed and opened, by any thread, even before the skeletons are scanned), placed (its
 * offsets, in block order, once the skeletons are known: {@link ArchiveLayout}; quick), copied
 * (its bytes read and written at their offsets, by any thread: {@link BlockCopier}). A thread
 * takes the oldest placed block to copy if there is one, else places what can be, else loads the
 * next block, so that neither waits for the other while work is left; a few blocks at most are in
 * flight, as each holds open files. The modules come last so that the host files, most of the
 * work, are copied while the other thread still reads modules.dep. The first failure in archive
 * order is the one reported.
 */
final class InitrdSegment {
    static final int BLOCK = 64;
    /**
     * The last {@link #BLOCK} entries (the last modules and their indexes) go in smaller blocks:
     * they come last and hold the biggest files of all (with -k virtio*.ko ext4.ko on Debian, 9 MB
     * in 47 files: ext4.ko, modules.alias and the other indexes), which one thread would otherwise
     * copy alone while the other waits.
     */
    static final int TAIL_BLOCK = 4;
    /**
     * Entries loaded or being loaded and not yet copied, at most, in blocks' worth (a few more
     * once readers join): counted in entries, not blocks, so that the small blocks at the end
     * are loaded well ahead, while the thread placing the modules' first block takes their
     * parent directories from the host, instead of one by one after the copying has caught up.
     * Each loaded entry may hold an open file.
     */
    private static final int IN_FLIGHT = 8;
    /** Threads that join the two when the copying turns out to read from the disk ({@link DiskReadProbe}). */
    static final int READERS = DiskReadProbe.READERS;
    /** {@link DiskReadProbe#SLOW_BYTES_PER_SECOND}; mutable for tests. */
    static volatile long coldBytesPerSecond = DiskReadProbe.SLOW_BYTES_PER_SECOND;
    /** {@link DiskReadProbe#WINDOW}; mutable for tests. */
    static volatile long probeWindow = DiskReadProbe.WINDOW;

    /** One block of entries and where it is in its steps. */
    private static final class Block {
        final boolean modules;
        /** Index of its first entry in its list (the modules, or the host files). */
        final int first;
        final ArchiveItem[] items;
        /** Its place in archive order (final once the modules are known). */
        int index;
        boolean claimed;
        boolean loaded;
        List<ArchiveItem> placed;

        Block(boolean modules, int first, int size) {
            this.modules = modules;
            this.first = first;
            this.items = new ArchiveItem[size];
        }
    }

    private List<HostEntry> modules;
    private final List<HostEntry> hosts = new ArrayList<>();
    private boolean hostsDone;
    private ArchiveLayout layout;
    private InitrdWriter writer;
    private boolean begun;
    private final List<Block> blocks = new ArrayList<>();
    private int hostBlocks;
    /** No block before this one is left to load. */
    private int firstUnclaimed;
    /** Entries of the blocks claimed, and of the blocks copied. */
    private int claimedEntries;
    private int copiedEntries;
    private int nextPlace;
    private int nextCopy;
    private int copied;
    private boolean placing;
    private boolean stopped;
    private IOException failure;
    private int failedBlock = Integer.MAX_VALUE;
    private int inFlight = IN_FLIGHT;
    /** Trips once: the readers join at most once. */
    private final DiskReadProbe diskProbe = new DiskReadProbe();
    private long clampMtime;
    private int readers;
    /** Threads working on the segment (the caller's second thread, the readers), and how many have ended. */
    private int threads;
    private int threadsDone;

    /**
     * Lets the placing and copying begin, now that the layout (where the segment starts, what the
     * skeletons make) is known; host files may have come, and been loaded, already.
     */
    synchronized void begin(ArchiveLayout archiveLayout, InitrdWriter out) {
        layout = archiveLayout;
        writer = out;
        begun = true;
        notifyAll();
    }

    /** The kernel module files, which go after every host file. */
    synchronized void modulesChosen(List<HostEntry> moduleEntries) {
        modules = moduleEntries;
        cutModuleBlocks();
        notifyAll();
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
        cutModuleBlocks();
        notifyAll();
    }

    /** The modules' blocks, once both they and every host file are known. */
    private void cutModuleBlocks() {
        if (!hostsDone || modules == null) {
            return;
        }
        int n = modules.size();
        int tail = Math.max(0, n - BLOCK) / BLOCK * BLOCK;
        for (int i = 0; i < n; ) {
            int size = Math.min(i < tail ? BLOCK : TAIL_BLOCK, n - i);
            Block b = new Block(true, i, size);
            b.index = blocks.size();
            blocks.add(b);
            i += size;
        }
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

    private static final int LOAD = 0;
    private static final int PLACE = 1;
    private static final int COPY = 2;

    /**
     * Works until every block is copied or the build failed; call from each thread (before
     * {@link #begin} too: blocks are then only loaded).
     *
     * @param clampMtime SOURCE_DATE_EPOCH, or -1
     */
    void work(long clampMtime) {
        synchronized (this) {
            this.clampMtime = clampMtime;
        }
        BlockCopier copier = null;
        while (true) {
            Block block = null;
            int task;
            synchronized (this) {
                while (true) {
                    if (stopped || (begun && hostsDone && modules != null && copied == blocks.size())) {
                        return;
                    }
                    if (nextCopy < nextPlace) {
                        block = blocks.get(nextCopy++);
                        task = COPY;
                        break;
                    }
                    if (begun && !placing && nextPlace < blocks.size() && blocks.get(nextPlace).loaded) {
                        placing = true;
                        task = PLACE;
                        break;
                    }
                    while (firstUnclaimed < blocks.size() && blocks.get(firstUnclaimed).claimed) {
                        firstUnclaimed++;
                    }
                    // Over the limit only for the block the placing waits for.
                    if (firstUnclaimed < blocks.size()
                            && (claimedEntries - copiedEntries < inFlight * BLOCK
                                    || (begun && firstUnclaimed <= nextPlace))) {
                        block = blocks.get(firstUnclaimed++);
                        block.claimed = true;
                        claimedEntries += block.items.length;
                        task = LOAD;
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
            if (task == COPY) {
                if (copier == null) {
                    copier = new BlockCopier(writer, clampMtime);
                }
                copy(block, copier);
            } else if (task == PLACE) {
                place();
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
        synchronized (this) {
            block.loaded = true;
            notifyAll();
        }
    }

    /** Places every loaded block in order, from the next one; the caller has set {@link #placing}. */
    private void place() {
        Block next;
        synchronized (this) {
            next = blocks.get(nextPlace);
        }
        while (true) {
            List<ArchiveItem> out = null;
            IOException failed = null;
            try {
                out = layout.place(next.items, next.modules);
            } catch (IOException e) {
                failed = e;
            } catch (RuntimeException e) {
                failed = new IOException(e.toString(), e);
            }
            synchronized (this) {
                if (failed != null) {
                    placing = false;
                    fail(next.index, failed);
                    return;
                }
                next.placed = out;
                nextPlace++;
                notifyAll();
                if (stopped || nextPlace >= blocks.size() || !blocks.get(nextPlace).loaded) {
                    placing = false;
                    return;
                }
                next = blocks.get(nextPlace);
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
        long start = System.nanoTime();
        try {
            copier.write(index, out);
        } catch (IOException e) {
            fail(index, e);
        } catch (RuntimeException e) {
            fail(index, new IOException(e.toString(), e));
        }
        long nanos = System.nanoTime() - start;
        long bytes = 0;
        for (int i = 0; i < out.size(); i++) {
            bytes += out.get(i).dataSize;
        }
        synchronized (this) {
            copied++;
            copiedEntries += block.items.length;
            probe(bytes, nanos);
            notifyAll();
        }
    }

    /** Times the copying until it is found reading from the disk: then {@link #READERS} more threads join (once). */
    private void probe(long bytes, long nanos) {
        if (!stopped && diskProbe.add(bytes, nanos, probeWindow, coldBytesPerSecond)) {
            addReaders();
        }
    }

    /**
     * Starts the readers, which work as the first two do; the caller holds the lock. A thread the
     * system refuses to start is done without: the build goes on with those it has.
     */
    private void addReaders() {
        // Each thread copying a block, and a few loaded ahead: 12 blocks hold at most 768 open
        // files, well under the usual 1,024 descriptors (the JVM raises its own limit anyway).
        inFlight = IN_FLIGHT + 4;
        long clamp = clampMtime;
        int started = 0;
        for (int i = 0; i < READERS; i++) {
            // A named class, not a lambda: no lambda bootstrap in a cold JVM.
            Thread t = new Thread(new Runnable() {
                @Override
                public void run() {
                    try {
                        work(clamp);
                    } finally {
                        threadDone();
                    }
                }
            }, "initrd-reader-" + i);
            t.setDaemon(true);
            try {
                t.start();
            } catch (OutOfMemoryError | RuntimeException e) {
                break;
            }
            started++;
        }
        // Counted while the lock is held: no reader can count itself done before this.
        readers = started;
        threads += started;
        writer.allowBuffers(started);
    }

    /** How many readers joined (0 while the files come from the page cache); for -v and tests. */
    synchronized int readers() {
        return readers;
    }

    /** A thread of the caller's that works on the segment has started (see {@link #awaitThreads}). */
    synchronized void threadStarted() {
        threads++;
    }

    /** A thread counted by {@link #threadStarted} (or a reader) has ended. */
    synchronized void threadDone() {
        threadsDone++;
        notifyAll();
    }

    /** Waits until every thread counted, readers included, has ended. */
    synchronized void awaitThreads() {
        boolean interrupted = false;
        while (threadsDone < threads) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
