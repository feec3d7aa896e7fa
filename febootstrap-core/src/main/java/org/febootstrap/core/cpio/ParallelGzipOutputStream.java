package org.febootstrap.core.cpio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip at a zlib level on every core, as pigz does it: the input is cut into blocks of
 * {@link #BLOCK} bytes, each deflated on a worker thread with the 32 KiB before it as the preset
 * dictionary and ended with a sync flush (which leaves the output byte-aligned), the last one
 * finished; the pieces, in order, make one deflate stream in one gzip member that any gzip reader,
 * the kernel's included, inflates as usual. Level 9 runs at about 8 MB/s a core here: a Debian
 * minbase initramfs (165 MB) took 20.5 s on one thread, as long as {@code gzip --best}.
 *
 * <p>The output depends on the input and the level only, never on the number of threads or their
 * timing: the same root gives the same initrd on any machine. It is a little larger than one
 * stream (each block restarts its matches, 5 bytes of flush marker per block). The header is the
 * JDK's {@code GZIPOutputStream}'s (mtime 0, no name). Not thread-safe.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    /** Bytes of input per block, as pigz's default. */
    public static final int BLOCK = 128 * 1024;
    private static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final int level;
    private final ExecutorService workers;
    /** Blocks handed to the workers and not yet written, oldest first. */
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private final int maxPending;
    private final CRC32 crc = new CRC32();
    private long size;
    private byte[] block = new byte[BLOCK];
    private int filled;
    /** The block before the current one (its end is the current one's dictionary), or null. */
    private byte[] previous;
    private boolean headerWritten;
    private boolean closed;

    /** On as many threads as the machine has cores. */
    public ParallelGzipOutputStream(OutputStream out, int level) {
        this(out, level, Runtime.getRuntime().availableProcessors());
    }

    public ParallelGzipOutputStream(OutputStream out, int level, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads);
        }
        this.out = out;
        this.level = level;
        this.workers = Executors.newFixedThreadPool(threads, new Daemons());
        // Enough blocks ahead to keep every worker busy while the oldest is written.
        this.maxPending = 2 * threads + 1;
    }

    /** Worker threads that never keep the JVM alive. */
    private static final class Daemons implements ThreadFactory {
        private int n;

        @Override
        public synchronized Thread newThread(Runnable r) {
            Thread t = new Thread(r, "gzip-" + n++);
            t.setDaemon(true);
            return t;
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        crc.update(b, off, len);
        size += len;
        while (len > 0) {
            if (filled == BLOCK) {
                submit(false);
            }
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Hands the current block to a worker (the last one finishes the stream) and writes the
     * oldest blocks while too many are pending. A full block is handed over only once more input
     * comes, so that the last block is always known to be last.
     */
    private void submit(boolean last) throws IOException {
        pending.addLast(workers.submit(new Piece(block, filled, previous, level, last)));
        previous = block;
        block = last ? null : new byte[BLOCK];
        filled = 0;
        while (pending.size() > (last ? 0 : maxPending)) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        byte[] compressed;
        try {
            compressed = pending.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
        if (!headerWritten) {
            out.write(HEADER);
            headerWritten = true;
        }
        out.write(compressed);
    }

    /**
     * Finishes the stream (the last block, then the CRC-32 and size trailer, written only when
     * every block was) and closes the underlying stream, as {@code GZIPOutputStream} does.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            long c = crc.getValue();
            byte[] trailer = {
                (byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
                (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)};
            out.write(trailer);
            out.close();
        } finally {
            for (Future<byte[]> f : pending) {
                f.cancel(true);
            }
            pending.clear();
            workers.shutdownNow();
        }
    }

    /** One block deflated: the bytes it adds to the stream. */
    private static final class Piece implements Callable<byte[]> {
        private final byte[] input;
        private final int length;
        private final byte[] dictionary;
        private final int level;
        private final boolean last;

        Piece(byte[] input, int length, byte[] dictionary, int level, boolean last) {
            this.input = input;
            this.length = length;
            this.dictionary = dictionary;
            this.level = level;
            this.last = last;
        }

        @Override
        public byte[] call() {
            Deflater d = new Deflater(level, true);
            try {
                if (dictionary != null) {
                    d.setDictionary(dictionary, dictionary.length - DICTIONARY, DICTIONARY);
                }
                d.setInput(input, 0, length);
                byte[] buf = new byte[length + length / 8 + 256];
                int n = 0;
                if (last) {
                    d.finish();
                    while (!d.finished()) {
                        if (n == buf.length) {
                            buf = Arrays.copyOf(buf, buf.length * 2);
                        }
                        n += d.deflate(buf, n, buf.length - n);
                    }
                } else {
                    // A sync flush is complete when it leaves room in the buffer.
                    while (true) {
                        if (n == buf.length) {
                            buf = Arrays.copyOf(buf, buf.length * 2);
                        }
                        int room = buf.length - n;
                        int k = d.deflate(buf, n, room, Deflater.SYNC_FLUSH);
                        n += k;
                        if (k < room) {
                            break;
                        }
                    }
                }
                return Arrays.copyOf(buf, n);
            } finally {
                d.end();
            }
        }
    }
}
