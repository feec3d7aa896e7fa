package org.febootstrap.cli.supermin;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.cpio.RootArchiver;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;

/**
 * One walk of a root that sends each entry where {@link SplitRules} says: into the skeleton
 * archive, into the host file list, or both. Entries are visited in byte order of their names, so
 * the same root always gives the same archive. An entry for the host costs one plain lstat (its
 * type); one for the skeleton one lstat with owner and inode; a directory outside the skeleton's
 * directories both; a symlink there is also resolved inside the root, to tell a directory link
 * ({@code bin -> usr/bin}) from a file link. Entries whose path alone decides are not stat'ed.
 */
final class SuperminSplitter {
    private final Root root;
    private final NewcWriter skeleton;
    private final RootArchiver archiver;
    private final HostFileList hostFiles;
    private final Set<Path> skipped;
    private final long rootDev;

    /**
     * @param skipped host paths that are never part of the appliance: the outputs being written,
     *     should they lie inside the root
     */
    SuperminSplitter(Root root, NewcWriter skeleton, HostFileList hostFiles, Set<Path> skipped) throws IOException {
        this.root = root;
        this.skeleton = skeleton;
        this.archiver = new RootArchiver(root, skeleton);
        this.hostFiles = hostFiles;
        this.skipped = skipped;
        this.rootDev = FileStat.of(root.dir()).dev();
    }

    void split() throws IOException {
        walk(root.dir(), "");
    }

    /** @param prefix the directory's path relative to the root followed by '/', or "" for the root */
    private void walk(Path dir, String prefix) throws IOException {
        for (Path child : sortedChildren(dir)) {
            if (skipped.contains(child)) {
                continue;
            }
            String path = prefix + child.getFileName();
            switch (SplitRules.byPath(path)) {
                case IGNORED -> { }
                case HOST -> hostFiles.addFile(path);
                case SKELETON -> {
                    FileStat st = root.stat(child);
                    archiver.write(path, child, st);
                    descend(child, path, st);
                }
                case BY_TYPE -> {
                    // Most entries only need their type: the cheap lstat, without owner or inode.
                    BasicFileAttributes type = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (type.isDirectory()) {
                        FileStat st = root.stat(child);
                        skeleton.directory(path, st);
                        hostFiles.addDirectory(path);
                        descend(child, path, st);
                    } else if (type.isSymbolicLink() && Files.isDirectory(root.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                        skeleton.directorySymlink(path, root.stat(child), Files.readSymbolicLink(child).toString());
                        hostFiles.addDirectory(path);
                    } else {
                        hostFiles.addFile(path);
                    }
                }
            }
        }
    }

    private void descend(Path dir, String path, FileStat st) throws IOException {
        // Another filesystem mounted in the root (a /proc left behind) is not part of it.
        if (st.isDirectory() && st.dev() == rootDev) {
            walk(dir, path + "/");
        }
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                children.add(p);
            }
        }
        // Unix paths compare by their bytes.
        Collections.sort(children);
        return children;
    }
}
