package org.febootstrap.core.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output file that appears whole or not at all: data goes to a temporary file in the same
 * directory, renamed over the target by {@link #commit()}. Closing without committing, a failure,
 * or Ctrl-C (a shutdown hook) removes the temporary file, so no half-written initrd ever exists.
 */
public final class AtomicFile implements AutoCloseable {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // A named Runnable, not a method reference: no lambda bootstrap at start-up.
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                removeAllLive();
            }
        }, "atomic-file-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private OutputStream stream;
    private boolean committed;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /** Starts writing {@code target}; its directory must exist. */
    public static AtomicFile create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(String.valueOf(dir), null, "output directory does not exist");
        }
        String base = abs.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + base + ".tmp" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
            try {
                // Registered before it exists, so Ctrl-C between the two still cleans up.
                live(temp);
                FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new AtomicFile(abs, temp, ch);
            } catch (FileAlreadyExistsException e) {
                gone(temp);
                if (attempt > 100) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                gone(temp);
                throw e;
            }
        }
    }

    public Path target() {
        return target;
    }

    public Path temp() {
        return temp;
    }

    public FileChannel channel() {
        return channel;
    }

    public OutputStream stream() {
        if (stream == null) {
            stream = Channels.newOutputStream(channel);
        }
        return stream;
    }

    /** Renames the finished file into place. */
    public void commit() throws IOException {
        if (stream != null) {
            stream.flush();
        }
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(target + ": cannot rename " + temp + " into place atomically", e);
        }
        gone(temp);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
            gone(temp);
        }
    }

    /**
     * Names the output in an error that carries no file name (a write failing with "No space left
     * on device"); errors that already name a file (an unreadable input) pass through.
     */
    public static IOException naming(String output, IOException e) {
        if (e instanceof java.nio.file.FileSystemException || (e.getMessage() != null && e.getMessage().contains("/"))) {
            return e;
        }
        return new java.nio.file.FileSystemException(output, null, e.getMessage() != null ? e.getMessage() : e.toString());
    }

    private static void live(Path temp) {
        if (LIVE.add(temp)) {
            ShutdownWork.fileOpened();
        }
    }

    private static void gone(Path temp) {
        if (LIVE.remove(temp)) {
            ShutdownWork.fileClosed();
        }
    }

    private static void removeAllLive() {
        for (Path p : LIVE) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Best effort while the JVM goes down.
            }
        }
    }
}
