package org.febootstrap.helper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Lstat;

/**
 * One entry of the initrd's own segment: a host file or kernel module (from a {@link HostEntry}),
 * or a parent directory (or directory symlink) taken from the host because no earlier entry
 * makes it. Filled in three steps, each by one thread at a time: {@link #load} (stat, and open
 * or readlink), then its place in the archive ({@link ArchiveLayout}), then its bytes
 * ({@link BlockCopier}).
 */
final class ArchiveItem {
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ);

    /** The archive name, relative ({@code usr/bin/bash}). */
    final String name;
    /** The name in UTF-8, made by {@link #load} (on the loading thread). */
    byte[] nameBytes;
    private final HostEntry entry;
    /** Where it is on this host; null for a hostfiles wildcard that matched nothing. */
    Path host;
    /** The hostfiles line that named it, for messages; null for kernel modules and parents. */
    final String line;

    /** lstat; null when the file does not exist. */
    FileStat st;
    /** A symlink's target. */
    byte[] link;
    /** A regular file's data, opened before its place is taken (so that an unreadable file takes none). */
    FileChannel channel;
    /** Why the file cannot go in: AccessDeniedException (skipped with a warning) or worse. */
    IOException failure;

    /** Where its header starts in the archive, or -1 while it has no place (or is left out). */
    long offset = -1;
    long ino;
    /** The data bytes after the header: 0 for a later name of a hard-linked file. */
    long dataSize;

    ArchiveItem(HostEntry e) {
        this.name = e.name();
        this.entry = e;
        this.line = e.line();
    }

    private ArchiveItem(String name, FileStat st, byte[] link) {
        this.name = name;
        this.entry = null;
        this.line = null;
        this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
        this.st = st;
        this.link = link;
    }

    /** A made-up entry (a parent directory or directory symlink) whose stat is known. */
    static ArchiveItem parent(String name, FileStat st, byte[] link) {
        return new ArchiveItem(name, st, link);
    }

    /** Stats the file, and opens it (a regular file with data) or reads its target (a symlink). */
    void load() {
        nameBytes = name.getBytes(StandardCharsets.UTF_8);
        host = entry.host();
        if (host == null) {
            return;
        }
        try {
            FileStat s = stat(host);
            if (s.isSymlink()) {
                link = Files.readSymbolicLink(host).toString().getBytes(StandardCharsets.UTF_8);
            } else if (s.isRegularFile() && s.size() > 0) {
                channel = FileChannel.open(host, READ);
            }
            st = s;
        } catch (NoSuchFileException gone) {
            st = null;
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(host + ": " + e, e);
        }
    }

    /**
     * lstat: {@link FileStat#of} where it reads the JDK's stat fields directly ({@link Lstat}).
     * Otherwise the JDK builds a map of the attributes asked for on every call, so the device
     * and inode numbers of files that are not hard-linked (only hard links need them: the
     * archive numbers its own inodes) and the device number of non-devices are left out: three
     * fewer make the map about a fifth smaller, thousands of times.
     */
    private static FileStat stat(Path host) throws IOException {
        if (DIRECT) {
            return FileStat.of(host);
        }
        Map<String, Object> a = Files.readAttributes(host, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int nlink = (Integer) a.get("nlink");
        int type = mode & FileStat.S_IFMT;
        if ((type == FileStat.S_IFREG && nlink > 1) || type == FileStat.S_IFCHR || type == FileStat.S_IFBLK) {
            return FileStat.of(host);
        }
        return new FileStat(mode, Integer.toUnsignedLong((Integer) a.get("uid")),
                Integer.toUnsignedLong((Integer) a.get("gid")), (Long) a.get("size"),
                Math.floorDiv(((FileTime) a.get("lastModifiedTime")).toMillis(), 1000), 0, 0, 0, nlink);
    }

    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,nlink";
    private static final boolean DIRECT = Lstat.direct();

    /** Closes the file if it is still open (it was left out, or the build failed). */
    void close() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Opened read-only: nothing is lost.
            }
        }
    }
}
