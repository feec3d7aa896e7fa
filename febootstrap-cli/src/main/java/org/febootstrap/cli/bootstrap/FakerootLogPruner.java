package org.febootstrap.cli.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.febootstrap.core.util.AtomicFile;

/**
 * fakeroot never forgets an inode: files the package manager created and deleted (temporary
 * files, the cache we remove) stay in its save file, and a file created later on the same inode
 * number would inherit their owner. After the run, the entries of inodes no longer in the root
 * are dropped.
 */
public final class FakerootLogPruner {
    private FakerootLogPruner() {}

    /** Drops the lines whose (dev, ino) is not in {@code alive}; returns how many went. */
    public static int prune(Path log, Set<RootSurvey.Inode> alive) throws IOException {
        if (!Files.isRegularFile(log)) {
            return 0;
        }
        List<String> kept = new ArrayList<>();
        int dropped = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            RootSurvey.Inode inode = inodeOf(line);
            if (inode == null || alive.contains(inode)) {
                kept.add(line);
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            try (AtomicFile out = AtomicFile.create(log)) {
                byte[] text = (kept.isEmpty() ? "" : String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8);
                out.stream().write(text);
                out.stream().flush();
                out.commit();
            }
        }
        return dropped;
    }

    /** The (dev, ino) of a save-file line; null if the line is not one (kept as it is). */
    static RootSurvey.Inode inodeOf(String line) {
        Long dev = null;
        Long ino = null;
        for (String part : line.strip().split(",")) {
            try {
                if (part.startsWith("dev=")) {
                    dev = Long.parseUnsignedLong(part.substring(4), 16);
                } else if (part.startsWith("ino=")) {
                    ino = Long.parseUnsignedLong(part.substring(4));
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return dev == null || ino == null ? null : new RootSurvey.Inode(dev, ino);
    }
}
