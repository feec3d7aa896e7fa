package org.febootstrap.core.ext2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.febootstrap.core.util.DiskReadProbe;

/**
 * Copies file data from the sources into the image with {@link FileChannel#transferTo} (sendfile:
 * the kernel copies page cache to page cache), on a few threads that run while the caller writes
 * the metadata. Most appliance files are small, so the cost is per file (open, copy, close) and
 * spreads well over threads; each thread has its own channel on the image because transferTo
 * writes at the channel's position. Positions are fixed beforehand, so the image is the same
 * whatever the threads' timing.
 */
final class DataCopier implements AutoCloseable {
    /** Consecutive files per grab: the threads write nearby regions, the counter is touched rarely. */
    private static final int BATCH = 32;
    /**
     * Files at least this big are read in chunks and their all-zero blocks left as holes: a sparse
     * source (a 4 GiB lastlog, a preallocated file) stays sparse in the image, and costs reading
     * zeros rather than writing them. Smaller files, nearly all of an appliance, go by sendfile.
     */
    static final long SCAN_FOR_ZEROS = 8L << 20;
    private static final int CHUNK = 1 << 20;
    /** {@link DiskReadProbe#SLOW_BYTES_PER_SECOND}; mutable for tests. */
    static volatile long coldBytesPerSecond = DiskReadProbe.SLOW_BYTES_PER_SECOND;
    /** {@link DiskReadProbe#WINDOW}; mutable for tests. */
    static volatile long probeWindow = DiskReadProbe.WINDOW;

    /** One file's data and where its blocks are. */
    record Job(Path source, long size, BlockRuns runs) {}

    private final Path image;
    private final int blockSize;
    private final List<Job> jobs;
    private final AtomicInteger next = new AtomicInteger();
    /** Jobs from this index on are skipped: a failure there is reported unless an earlier one fails too. */
    private final AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
    /** Every thread started, readers included (guarded by this). */
    private final List<Thread> threads = new ArrayList<>();
    private final IOException[] failures;
    private volatile boolean stop;
    /** Trips once: the readers join at most once. */
    private final DiskReadProbe diskProbe = new DiskReadProbe();

    private DataCopier(Path image, int blockSize, List<Job> jobs) {
        this.image = image;
        this.blockSize = blockSize;
        this.jobs = jobs;
        this.failures = new IOException[jobs.size()];
    }

    /** Starts copying {@code jobs} into the (already created) file {@code image}. */
    static DataCopier start(Path image, int blockSize, List<Job> jobs) {
        int threadCount = (int) Math.max(1, Math.min(Math.min(Runtime.getRuntime().availableProcessors(), 4),
                jobs.size() / BATCH));
        DataCopier c = new DataCopier(image, blockSize, jobs);
        synchronized (c) {
            for (int i = 0; i < threadCount; i++) {
                c.startThread("ext2-copy-" + i);
            }
        }
        return c;
    }

    /** Starts one more copying thread; false if the system refused it. The caller holds the lock. */
    private boolean startThread(String name) {
        Thread t = new Thread(this::work, name);
        t.setDaemon(true);
        try {
            t.start();
        } catch (OutOfMemoryError | RuntimeException e) {
            if (threads.isEmpty()) {
                throw e;
            }
            return false;
        }
        threads.add(t);
        return true;
    }

    /**
     * Times the copying; once it is found reading from the disk ({@link DiskReadProbe}),
     * {@link DiskReadProbe#READERS} more threads join.
     */
    private synchronized void probe(long bytes, long nanos) {
        if (stop || !diskProbe.add(bytes, nanos, probeWindow, coldBytesPerSecond)) {
            return;
        }
        for (int i = 0; i < DiskReadProbe.READERS; i++) {
            if (!startThread("ext2-read-" + i)) {
                break;
            }
        }
    }

    /** Waits for the copy; the failure of the first file in image order, if any. */
    void finish() throws IOException {
        join();
        for (IOException e : failures) {
            if (e != null) {
                throw e;
            }
        }
    }

    /** Stops early (the caller failed) and waits for the threads to let go of the image. */
    @Override
    public void close() {
        stop = true;
        join();
    }

    /** Waits for every thread, readers that join meanwhile included. */
    private void join() {
        boolean interrupted = false;
        int joined = 0;
        while (true) {
            Thread t;
            synchronized (this) {
                if (joined == threads.size()) {
                    break;
                }
                t = threads.get(joined);
            }
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop = true;
                }
            }
            joined++;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        ByteBuffer chunk = null;
        try (FileChannel out = FileChannel.open(image, StandardOpenOption.WRITE)) {
            while (!stop) {
                int from = next.getAndAdd(BATCH);
                if (from >= Math.min(jobs.size(), firstFailed.get())) {
                    return;
                }
                // Every job before a failure is still tried, so the error reported (the first in
                // image order) does not depend on the threads' timing.
                long start = System.nanoTime();
                long bytes = 0;
                for (int i = from; i < Math.min(from + BATCH, jobs.size()) && i < firstFailed.get() && !stop; i++) {
                    bytes += jobs.get(i).size();
                    try {
                        Job job = jobs.get(i);
                        if (job.size() >= SCAN_FOR_ZEROS) {
                            chunk = chunk != null ? chunk : ByteBuffer.allocateDirect(CHUNK);
                            copySkippingZeros(job, out, chunk);
                        } else {
                            copy(job, out);
                        }
                    } catch (IOException e) {
                        failures[i] = e;
                        firstFailed.accumulateAndGet(i, Math::min);
                    }
                }
                probe(bytes, System.nanoTime() - start);
            }
        } catch (IOException e) {
            failures[0] = e;
            stop = true;
        }
    }

    private void copySkippingZeros(Job job, FileChannel out, ByteBuffer chunk) throws IOException {
        BlockRuns r = job.runs();
        try (FileChannel src = FileChannel.open(job.source(), StandardOpenOption.READ)) {
            long done = 0;
            for (int i = 0; i < r.starts.length && done < job.size(); i++) {
                long end = done + Math.min(r.lengths[i] * blockSize, job.size() - done);
                long imageAt = r.starts[i] * blockSize;
                while (done < end) {
                    chunk.clear().limit((int) Math.min(CHUNK, end - done));
                    long at = done;
                    while (chunk.hasRemaining()) {
                        if (src.read(chunk, at + chunk.position()) < 0) {
                            throw shrank(job);
                        }
                    }
                    chunk.flip();
                    writeNonZeroBlocks(chunk, out, imageAt);
                    imageAt += chunk.limit();
                    done += chunk.limit();
                }
            }
        }
    }

    /** Writes the runs of blocks of {@code data} that are not all zero; the rest stays a hole. */
    private void writeNonZeroBlocks(ByteBuffer data, FileChannel out, long imageAt) throws IOException {
        int n = data.limit();
        int runStart = -1;
        for (int b = 0; ; b += blockSize) {
            boolean atEnd = b >= n;
            if (!atEnd && !isZero(data, b, Math.min(blockSize, n - b))) {
                if (runStart < 0) {
                    runStart = b;
                }
            } else if (runStart >= 0) {
                ByteBuffer run = data.duplicate().position(runStart).limit(Math.min(b, n));
                while (run.hasRemaining()) {
                    out.write(run, imageAt + run.position());
                }
                runStart = -1;
            }
            if (atEnd) {
                return;
            }
        }
    }

    private static boolean isZero(ByteBuffer data, int from, int length) {
        int i = from;
        int end = from + length;
        for (; i + 8 <= end; i += 8) {
            if (data.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (data.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static FileSystemException shrank(Job job) {
        return new FileSystemException(job.source().toString(), null,
                "file shrank while the image was written (expected " + job.size() + " bytes)");
    }

    private void copy(Job job, FileChannel out) throws IOException {
        BlockRuns r = job.runs();
        try (FileChannel src = FileChannel.open(job.source(), StandardOpenOption.READ)) {
            long done = 0;
            for (int i = 0; i < r.starts.length && done < job.size(); i++) {
                long end = done + Math.min(r.lengths[i] * blockSize, job.size() - done);
                out.position(r.starts[i] * blockSize);
                while (done < end) {
                    long n = src.transferTo(done, end - done, out);
                    if (n <= 0) {
                        throw shrank(job);
                    }
                    done += n;
                }
            }
        }
    }
}
