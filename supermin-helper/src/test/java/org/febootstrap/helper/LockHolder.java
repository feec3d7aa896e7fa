package org.febootstrap.helper;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A process that takes the helper's lock on a file and keeps it until it is killed. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.lock();
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
