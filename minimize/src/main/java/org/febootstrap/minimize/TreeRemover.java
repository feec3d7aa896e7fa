package org.febootstrap.minimize;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;

/**
 * Deletes trees inside a root, in-process (2.x forked a program per rm). It never leaves the
 * root's filesystem: an entry on another device (a mount point inside the root) is left alone with
 * all it holds, and so are the directories above it. Symlinks are removed, never followed.
 * Before each delete the inode's faked owner is forgotten, so fakeroot.log stays true. In a dry
 * run nothing is deleted, but what would go is remembered so later steps see the root as it would be.
 */
final class TreeRemover {
    /** Hears what the remover does, with host paths. */
    interface Sink {
        void removed(Path path, FileStat st, long bytes);

        void skipped(Path path, String reason);
    }

    /**
     * Which entries stay.
     *
     * @param spared entries left alone with everything under them (a set, not a predicate: a
     *     lambda's bootstrap costs a cold JVM milliseconds)
     * @param directoriesStay whether directories stay (emptied of what goes) rather than go
     */
    record Policy(Set<Path> spared, boolean directoriesStay) {
        static final Policy EVERYTHING = new Policy(Set.of(), false);
        static final Policy FILES_ONLY = new Policy(Set.of(), true);
    }

    private final Root root;
    private final long rootDev;
    private final boolean dryRun;
    private final Set<Path> removedInDryRun = new HashSet<>();
    private final Set<Inode> counted = new HashSet<>();

    TreeRemover(Root root, long rootDev, boolean dryRun) {
        this.root = root;
        this.rootDev = rootDev;
        this.dryRun = dryRun;
    }

    /** Whether this dry run counts the entry as removed (in a real run, removed entries are just gone). */
    boolean removedInDryRun(Path path) {
        return removedInDryRun.contains(path);
    }

    /**
     * Removes an entry and what is under it, as the policy allows.
     *
     * @return whether the entry is gone (or absent); false when something in it stayed
     */
    boolean removeEntry(Path path, Policy policy, Sink sink) throws IOException {
        if (dryRun && removedInDryRun.contains(path)) {
            return true;
        }
        FileStat st;
        try {
            st = root.stat(path);
        } catch (NoSuchFileException e) {
            return true;
        }
        if (st.dev() != rootDev) {
            sink.skipped(path, "on another filesystem");
            return false;
        }
        if (policy.spared().contains(path)) {
            return false;
        }
        if (st.isDirectory()) {
            boolean emptied = removeBelow(path, policy, sink);
            if (!emptied || policy.directoriesStay()) {
                return false;
            }
        }
        delete(path, st, sink);
        return true;
    }

    /**
     * Removes what is in a directory, as the policy allows; the directory itself stays.
     *
     * @return whether everything in it went
     */
    boolean removeBelow(Path dir, Policy policy, Sink sink) throws IOException {
        boolean all = true;
        for (Path child : sortedChildren(dir)) {
            all &= removeEntry(child, policy, sink);
        }
        return all;
    }

    private void delete(Path path, FileStat st, Sink sink) throws IOException {
        long bytes = 0;
        if (!st.isDirectory() && counted.add(new Inode(st.dev(), st.ino()))) {
            bytes = st.size();
        }
        if (dryRun) {
            removedInDryRun.add(path);
        } else {
            OwnerForgetting.delete(root, path);
        }
        sink.removed(path, st, bytes);
    }

    /** A directory's entries in name order, so listings and choices are the same every run. */
    static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        Collections.sort(out);
        return out;
    }
}
