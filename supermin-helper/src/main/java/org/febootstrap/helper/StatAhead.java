package org.febootstrap.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * Works out a list of host files and lstat(2)s them on a second thread, ahead of the thread that
 * uses the results in order; that thread stats a block itself when it catches up. In a JVM a
 * stat costs microseconds of library code around the system call, and the hostfiles lists name
 * thousands of files: this way the listing and the stats overlap the rest of the build.
 *
 * @param <T> what a stat gives
 */
abstract class StatAhead<T> {
    private static final int BLOCK = 64;
    private static final Object MISSING = new Object();

    private List<HostEntry> entries;
    private IOException planFailure;
    private Object[] results;
    private boolean[] done;
    private int blocks;
    private int nextBlock;

    /** Works out the entries (on the second thread). */
    abstract List<HostEntry> plan() throws IOException;

    /** One stat; throws NoSuchFileException when the file does not exist. */
    abstract T stat(HostEntry e) throws IOException;

    /** Starts the second thread. */
    StatAhead<T> start() {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                work();
            }
        }, "stat-ahead");
        t.setDaemon(true);
        t.start();
        return this;
    }

    /** The entries, once worked out. */
    synchronized List<HostEntry> entries() throws IOException {
        while (entries == null && planFailure == null) {
            waitHere();
        }
        if (planFailure != null) {
            throw new IOException(planFailure.getMessage(), planFailure);
        }
        return entries;
    }

    /**
     * The stat of entry {@code i}, or null when the file does not exist (or the entry has no
     * host path); other failures are thrown. Entries are asked for in order.
     */
    @SuppressWarnings("unchecked")
    T get(int i) throws IOException {
        entries();
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
        try {
            List<HostEntry> planned = plan();
            synchronized (this) {
                results = new Object[planned.size()];
                blocks = (planned.size() + BLOCK - 1) / BLOCK;
                done = new boolean[blocks];
                entries = planned;
                notifyAll();
            }
        } catch (IOException e) {
            synchronized (this) {
                planFailure = e;
                notifyAll();
            }
            return;
        } catch (RuntimeException e) {
            synchronized (this) {
                planFailure = new IOException("listing host files: " + e, e);
                notifyAll();
            }
            return;
        }
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
            waitHere();
        }
    }

    private void waitHere() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading file attributes");
        }
    }

    private void fill(int b) {
        int end = Math.min(entries.size(), (b + 1) * BLOCK);
        for (int i = b * BLOCK; i < end; i++) {
            HostEntry e = entries.get(i);
            Object r;
            try {
                r = e.host() == null ? MISSING : stat(e);
            } catch (NoSuchFileException x) {
                r = MISSING;
            } catch (IOException x) {
                r = x;
            } catch (RuntimeException x) {
                r = new IOException(e.host() + ": " + x, x);
            }
            results[i] = r;
        }
        synchronized (this) {
            done[b] = true;
            notifyAll();
        }
    }
}
