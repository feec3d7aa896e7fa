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
        // An inner class, not a method reference: no lambda bootstrap at start-up.
        writer.setParentSupplier(new NewcWriter.ParentSupplier() {
            @Override
            public void supply(NewcWriter w, String directory) throws IOException {
                supplyParent(w, directory);
            }
        });
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
            // Keep the name as listed (lib/x stays lib/x; its symlinked parent is written as such),
            // unless . or .. components make the resolved name the only honest one.
            boolean plain = !("/" + name + "/").contains("/./") && !("/" + name + "/").contains("/../");
            write(plain ? name : root.relative(host), host, root.stat(host));
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

    /** Makes {@code dir} exist, top-down, each level as the root has it (real directory or symlink). */
    private void supplyParent(NewcWriter w, String dir) throws IOException {
        int from = 0;
        while (true) {
            int slash = dir.indexOf('/', from);
            String prefix = slash < 0 ? dir : dir.substring(0, slash);
            if (!w.hasDirectory(prefix)) {
                supplyOne(w, prefix);
            }
            if (slash < 0) {
                return;
            }
            from = slash + 1;
        }
    }

    private void supplyOne(NewcWriter w, String prefix) throws IOException {
        Path host = root.resolveForWrite(prefix);
        if (!Files.isSymbolicLink(host)) {
            w.directory(prefix, dirStat(host));
            return;
        }
        // A symlinked directory (lib -> usr/lib): its target first, or the kernel drops what is beneath.
        Path target = root.resolve(prefix);
        String targetName = root.relative(target);
        if (!targetName.isEmpty() && (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
                || !Files.exists(target, LinkOption.NOFOLLOW_LINKS))) {
            w.directory(targetName, dirStat(target));
        }
        w.directorySymlink(prefix, root.stat(host), Files.readSymbolicLink(host).toString());
    }

    private FileStat dirStat(Path host) throws IOException {
        if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            return root.stat(host);
        }
        return new FileStat(FileStat.S_IFDIR | 0755, 0, 0, 0, 0, 0, 0, 0, 2);
    }
}
