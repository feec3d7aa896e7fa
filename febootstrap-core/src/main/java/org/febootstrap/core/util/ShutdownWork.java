package org.febootstrap.core.util;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the shutdown hooks of this library still have work: temporary outputs not yet renamed
 * or removed ({@link AtomicFile}), or external commands that were started (their descendants are
 * killed at shutdown). A main method that ends with nothing pending may halt the JVM instead of
 * exiting it ({@code CommandRunner.exit}).
 */
public final class ShutdownWork {
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static volatile boolean childrenStarted;

    private ShutdownWork() {}

    /** A temporary file now exists that a shutdown hook would remove. */
    static void fileOpened() {
        PENDING.incrementAndGet();
    }

    /** That temporary file is gone, or renamed into place. */
    static void fileClosed() {
        PENDING.decrementAndGet();
    }

    /** An external command was started: its descendants may outlive it until shutdown. */
    public static void childrenStarted() {
        childrenStarted = true;
    }

    /** True when no shutdown hook of this library has anything left to do. */
    public static boolean nonePending() {
        return PENDING.get() == 0 && !childrenStarted;
    }
}
