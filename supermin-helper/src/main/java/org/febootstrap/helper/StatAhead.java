package org.febootstrap.helper;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * lstat(2)s a list of host files on a second thread, ahead of the thread that uses the results
 * in order; that thread stats a block itself when it catches up, so both cores stat when there is
 * nothing else to do. In a JVM a stat costs microseconds of library code around the system call,
 * and the lists name thousands of files.
 *
 * @param <T> what a stat gives
 */
abstract class StatAhead<T> {
    private static final int BLOCK = 64;
    private static final Object MISSING = new Object();

    private final List<HostEntry> entries;
    private final Object[] results;
    private final boolean[] done;
    private final int blocks;
    private int nextBlock;

    StatAhead(List<HostEntry> entries) {
        this.entries = entries;
        this.results = new Object[entries.size()];
        this.blocks = (entries.size() + BLOCK - 1) / BLOCK;
        this.done = new boolean[blocks];
    }

    /** One stat; throws NoSuchFileException when the file does not exist. */
    abstract T stat(Path host) throws IOException;

    /** Starts the second thread (not worth it for a few files). */
    StatAhead<T> start() {
        if (blocks > 1) {
            Thread t = new Thread(new Runnable() {
                @Override
                public void run() {
                    work();
                }
            }, "stat-ahead");
            t.setDaemon(true);
            t.start();
        }
        return this;
    }

    /**
     * The stat of entry {@code i}, or null when the file does not exist; other failures are
     * thrown. Entries are asked for in order.
     */
    @SuppressWarnings("unchecked")
    T get(int i) throws IOException {
        int b = i / BLOCK;
        if (!isDone(b)) {
            if (claim(b)) {
                fill(b);
            } else {
                awaitDone(b);
            }
        }
        Object r = results[i];
        if (r == MISSING) {
            return null;
        }
        if (r instanceof IOException e) {
            throw e;
        }
        return (T) r;
    }

    /** Stops the second thread early (after a failure). */
    synchronized void stop() {
        nextBlock = blocks;
    }

    private void work() {
        while (true) {
            int b;
            synchronized (this) {
                if (nextBlock >= blocks) {
                    return;
                }
                b = nextBlock++;
            }
            fill(b);
        }
    }

    private synchronized boolean claim(int b) {
        if (nextBlock == b) {
            nextBlock++;
            return true;
        }
        return false;
    }

    private synchronized boolean isDone(int b) {
        return done[b];
    }

    private synchronized void awaitDone(int b) throws IOException {
        while (!done[b]) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading file attributes");
            }
        }
    }

    private void fill(int b) {
        int end = Math.min(entries.size(), (b + 1) * BLOCK);
        for (int i = b * BLOCK; i < end; i++) {
            Object r;
            try {
                r = stat(entries.get(i).host());
            } catch (NoSuchFileException e) {
                r = MISSING;
            } catch (IOException e) {
                r = e;
            } catch (RuntimeException e) {
                r = new IOException(entries.get(i).host() + ": " + e, e);
            }
            results[i] = r;
        }
        synchronized (this) {
            done[b] = true;
            notifyAll();
        }
    }
}
