package org.febootstrap.helper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * --lock FILE: helpers building the same outputs take turns. The lock is an fcntl lock on FILE
 * (created if missing, never deleted: deleting lock files races), held by the kernel for this
 * process only, so one held by a process that died never blocks anybody.
 */
final class BuildLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private BuildLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static BuildLock acquire(Path file, Steps steps) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                steps.step("waiting for the lock on " + file);
                l = ch.lock();
            }
            steps.step("locked " + file);
            return new BuildLock(ch, l);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
