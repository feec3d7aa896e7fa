package org.febootstrap.core.util;

/**
 * Tells, from timed pieces of copying, when the files come from the disk rather than the page
 * cache, so that more threads can be put to reading them: a disk serves several reads at once
 * much faster than one after the other (here, 176 MB of small files with 1, 2, 4, 8 and 16
 * readers: 1.32, 0.84, 0.57, 0.47 and 0.40 s), while from the page cache more threads only
 * compete for the cores. The copying is judged a window of bytes at a time, and two windows in a
 * row must be slow, so that a slow start in the page cache (code not yet compiled, a busy machine)
 * is not taken for the disk. Not thread-safe: its users call it under their own lock.
 */
public final class DiskReadProbe {
    /** The threads worth adding once the files come from the disk. */
    public static final int READERS = 6;
    /** Bytes of copying judged at a time. */
    public static final long WINDOW = 8L << 20;
    /**
     * Copying slower than this, per thread, is reading from the disk: from the page cache files
     * copy at 1 to 2 GB/s a thread here, from the disk at 100 to 400 MB/s, 174 on average (one
     * window of 4 MB under 400 MB/s took 3 of 20 page-cache runs for the disk; this, none of 30).
     */
    public static final long SLOW_BYTES_PER_SECOND = 250L << 20;

    private long bytes;
    private long nanos;
    private int slowWindows;
    private boolean tripped;

    /**
     * Adds a piece of copying ({@code pieceBytes} in {@code pieceNanos} on one thread); true, once,
     * when two windows of at least {@code window} bytes in a row were slower than
     * {@code slowBytesPerSecond}.
     */
    public boolean add(long pieceBytes, long pieceNanos, long window, long slowBytesPerSecond) {
        if (tripped) {
            return false;
        }
        bytes += pieceBytes;
        nanos += pieceNanos;
        if (bytes < window) {
            return false;
        }
        boolean slow = nanos > 0 && bytes * 1_000_000_000.0 / nanos < slowBytesPerSecond;
        bytes = 0;
        nanos = 0;
        if (!slow) {
            slowWindows = 0;
            return false;
        }
        tripped = ++slowWindows >= 2;
        return tripped;
    }
}
