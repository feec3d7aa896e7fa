package org.febootstrap.core.cpio;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;

/**
 * Writes a {@link Root} (or chosen paths of it) into a {@link NewcWriter}, with the root's
 * ownership, in sorted order so the same root gives the same bytes. Missing parents are written
 * from the root's own directories; a parent that is a symlink (merged /usr: {@code lib ->
 * usr/lib}) is written as that symlink, after the directory it points to.
 */
public final class RootArchiver {
    private final Root root;
    private final NewcWriter writer;
    private final long rootDev;

    public RootArchiver(Root root, NewcWriter writer) throws IOException {
        this.root = root;
        this.writer = writer;
        this.rootDev = FileStat.of(root.dir()).dev();
        writer.setParentSupplier(this::supplyParent);
    }

    /** The whole root, except fakeroot.log, not descending into other mounted filesystems. */
    public void archiveTree() throws IOException {
        walk(root.dir());
    }

    /**
     * Only the given paths ({@code ./x}, {@code x} and {@code /x} all mean ROOT/x), each with
     * the parent directories it needs. A directory named in the list is written alone, as with
     * {@code cpio -o}: list its contents too to get them.
     */
    public void archivePaths(List<String> paths) throws IOException {
        for (String p : paths) {
            String name = NewcWriter.normalize(p);
            if (name.isEmpty()) {
                continue;
            }
            Path host = root.resolveForWrite(name);
            if (root.isFakerootLog(host)) {
                continue;
            }
            write(root.relative(host), host, root.stat(host));
        }
    }

    private void walk(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                children.add(p);
            }
        }
        Collections.sort(children);
        for (Path child : children) {
            if (root.isFakerootLog(child)) {
                continue;
            }
            FileStat st = root.stat(child);
            write(root.relative(child), child, st);
            if (st.isDirectory() && st.dev() == rootDev) {
                walk(child);
            }
        }
    }

    /** Writes one entry of any type. */
    public void write(String name, Path host, FileStat st) throws IOException {
        switch (st.type()) {
            case FileStat.S_IFDIR -> writer.directory(name, st);
            case FileStat.S_IFREG -> writer.file(name, st, host);
            case FileStat.S_IFLNK -> writer.symlink(name, st, Files.readSymbolicLink(host).toString());
            default -> writer.special(name, st);
        }
    }

    private void supplyParent(NewcWriter w, String dir) throws IOException {
        Path host = root.resolveForWrite(dir);
        String name = root.relative(host);
        if (!name.equals(dir)) {
            // An ancestor is a symlink: make the real directory exist, then the path through the link.
            w.directory(name, dirStat(host));
            if (!w.hasDirectory(dir)) {
                supplyParent(w, NewcWriter.normalize(dir.substring(0, Math.max(0, dir.lastIndexOf('/')))));
            }
        }
        if (w.hasDirectory(dir)) {
            return;
        }
        if (Files.isSymbolicLink(host)) {
            Path target = root.resolve(dir);
            String targetName = root.relative(target);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && !targetName.isEmpty()) {
                w.directory(targetName, dirStat(target));
            }
            w.directorySymlink(dir, root.stat(host), Files.readSymbolicLink(host).toString());
            return;
        }
        w.directory(dir, dirStat(host));
    }

    private FileStat dirStat(Path host) throws IOException {
        if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            return root.stat(host);
        }
        return new FileStat(FileStat.S_IFDIR | 0755, 0, 0, 0, 0, 0, 0, 0, 2);
    }
}
