package org.febootstrap.core.cpio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * Writes filled buffers and whole-file transfers to a channel, in order, on one background
 * thread, so that the thread producing an archive (stat, open, read small files, encode headers)
 * and the copying (write, sendfile) run at the same time on two cores. One thread does all the
 * writing on purpose: buffered writes to one file take its inode lock, so two writers to the
 * same file would only wait for each other.
 */
final class BackgroundWriter {
    /** Buffers in flight: enough to keep both threads busy, few enough to stay in the CPU caches. */
    private static final int BUFFERS = 4;
    /** Transfers queued at most (each holds an open file). */
    private static final int MAX_QUEUED = 256;

    /** A file's data to copy with transferTo; the source is closed afterwards. */
    private static final class Transfer {
        final FileChannel source;
        final Path sourcePath;
        final long size;

        Transfer(FileChannel source, Path sourcePath, long size) {
            this.source = source;
            this.sourcePath = sourcePath;
            this.size = size;
        }
    }

    private final WritableByteChannel out;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final Thread thread;
    private boolean closing;
    private boolean finished;
    private volatile IOException failure;

    BackgroundWriter(WritableByteChannel out, int bufferSize) {
        this.out = out;
        for (int i = 0; i < BUFFERS - 1; i++) {
            free.add(ByteBuffer.allocateDirect(bufferSize));
        }
        // A named Runnable rather than a lambda: no lambda bootstrap at start-up.
        thread = new Thread(new Loop(this), "newc-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** An empty buffer to fill; waits while all of them are queued. */
    synchronized ByteBuffer freeBuffer() throws IOException {
        while (free.isEmpty() && failure == null) {
            waitHere();
        }
        checkFailure();
        ByteBuffer b = free.pollFirst();
        b.clear();
        return b;
    }

    /** Queues a flipped buffer; it comes back through {@link #freeBuffer()} once written. */
    synchronized void write(ByteBuffer filled) throws IOException {
        checkFailure();
        queue.addLast(filled);
        notifyAll();
    }

    /** Queues a copy of {@code size} bytes of {@code source}, which is closed afterwards. */
    void transfer(FileChannel source, Path sourcePath, long size) throws IOException {
        synchronized (this) {
            while (queue.size() >= MAX_QUEUED && failure == null) {
                waitHere();
            }
            if (failure == null) {
                queue.addLast(new Transfer(source, sourcePath, size));
                notifyAll();
                return;
            }
        }
        source.close();
        checkFailure();
    }

    /** Waits until everything queued is written; throws the first failure. */
    void finish() throws IOException {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        if (!finished) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            finished = true;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        checkFailure();
    }

    private void checkFailure() throws IOException {
        IOException f = failure;
        if (f != null) {
            // A fresh exception for this thread's stack; the message is the original's.
            throw new IOException(f.getMessage(), f);
        }
    }

    private void run() {
        while (true) {
            Object item;
            synchronized (this) {
                while (queue.isEmpty() && !closing) {
                    waitHere();
                }
                item = queue.pollFirst();
                notifyAll();
                if (item == null) {
                    return;
                }
            }
            if (item instanceof ByteBuffer b) {
                try {
                    if (failure == null) {
                        while (b.hasRemaining()) {
                            out.write(b);
                        }
                    }
                } catch (IOException e) {
                    fail(e);
                } finally {
                    synchronized (this) {
                        free.addLast(b);
                        notifyAll();
                    }
                }
            } else {
                Transfer t = (Transfer) item;
                try {
                    if (failure == null) {
                        copy(t);
                    }
                } catch (IOException e) {
                    fail(e);
                } finally {
                    try {
                        t.source.close();
                    } catch (IOException ignored) {
                        // Opened read-only: closing loses nothing.
                    }
                }
            }
        }
    }

    private void copy(Transfer t) throws IOException {
        long pos = 0;
        while (pos < t.size) {
            long n = t.source.transferTo(pos, t.size - pos, out);
            if (n <= 0) {
                if (pos >= t.source.size()) {
                    throw NewcWriter.changed(t.sourcePath, t.size);
                }
                continue;
            }
            pos += n;
        }
        if (t.source.size() != t.size) {
            throw NewcWriter.changed(t.sourcePath, t.size);
        }
    }

    private synchronized void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        notifyAll();
    }

    private void waitHere() {
        try {
            wait();
        } catch (InterruptedException e) {
            if (failure == null) {
                failure = new InterruptedIOException("interrupted while writing the archive");
            }
            notifyAll();
        }
    }

    private static final class Loop implements Runnable {
        private final BackgroundWriter writer;

        Loop(BackgroundWriter writer) {
            this.writer = writer;
        }

        @Override
        public void run() {
            writer.run();
        }
    }
}
