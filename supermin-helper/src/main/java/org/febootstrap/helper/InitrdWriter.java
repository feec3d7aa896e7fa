package org.febootstrap.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * The initrd's writes, from several threads: buffers of headers and file data to write at an
 * offset. One thread writes at a time: a thread hands its buffer over and, if nobody is writing,
 * writes every buffer queued so far, its own and the others'; otherwise it goes back to preparing
 * the next block at once. The kernel takes the file's lock for each write anyway, and a thread
 * waiting there spins (measured: 6 % of a build's CPU with two writing threads) on a core that the
 * other thread's opening, reading and encoding could use. A buffer that fails to be written fails
 * the segment at its block.
 */
final class InitrdWriter {
    static final int BUFFER = 512 * 1024;
    /** Buffers in all: enough for every thread to fill one while others wait to be written. */
    private static final int BUFFERS = 6;

    /** A filled buffer to write at an offset. */
    private static final class Piece {
        final int block;
        final long at;
        final ByteBuffer buffer;

        Piece(int block, long at, ByteBuffer buffer) {
            this.block = block;
            this.at = at;
            this.buffer = buffer;
        }
    }

    private final FileChannel out;
    private final InitrdSegment segment;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final ArrayDeque<Piece> queue = new ArrayDeque<>();
    private int buffers;
    private int maxBuffers = BUFFERS;
    private boolean writing;

    InitrdWriter(FileChannel out, InitrdSegment segment) {
        this.out = out;
        this.segment = segment;
    }

    /** An empty buffer; when none is free, writes the queue (or waits for the thread that does). */
    ByteBuffer buffer() throws IOException {
        while (true) {
            synchronized (this) {
                ByteBuffer b = free.pollFirst();
                if (b != null) {
                    b.clear();
                    return b;
                }
                if (buffers < maxBuffers) {
                    buffers++;
                    return ByteBuffer.allocateDirect(BUFFER);
                }
                if (writing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while writing the initrd");
                    }
                    continue;
                }
                writing = true;
            }
            drain();
        }
    }

    /** One more buffer for each of {@code threads} more threads filling them. */
    synchronized void allowBuffers(int threads) {
        maxBuffers += threads;
        notifyAll();
    }

    /** Writes a flipped buffer at {@code at} (now or soon); the buffer comes back through {@link #buffer}. */
    void write(int block, ByteBuffer filled, long at) {
        submit(new Piece(block, at, filled));
    }

    private void submit(Piece p) {
        synchronized (this) {
            queue.addLast(p);
            if (writing) {
                return;
            }
            writing = true;
        }
        drain();
    }

    /** Writes queued pieces until none is left; the caller has set {@link #writing}. */
    private void drain() {
        while (true) {
            Piece p;
            synchronized (this) {
                p = queue.pollFirst();
                if (p == null) {
                    writing = false;
                    notifyAll();
                    return;
                }
            }
            try {
                long at = p.at;
                while (p.buffer.hasRemaining()) {
                    at += out.write(p.buffer, at);
                }
            } catch (IOException e) {
                segment.fail(p.block, e);
            } catch (RuntimeException e) {
                segment.fail(p.block, new IOException(e.toString(), e));
            } finally {
                synchronized (this) {
                    free.addLast(p.buffer);
                    notifyAll();
                }
            }
        }
    }
}
