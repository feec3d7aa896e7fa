package org.febootstrap.helper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.febootstrap.core.root.FileStat;

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
    /** The host file or module it is, or null for a parent. */
    final HostEntry entry;
    /** Where it is on this host; null for a hostfiles wildcard that matched nothing. */
    Path host;

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
    }

    private ArchiveItem(String name, FileStat st, byte[] link) {
        this.name = name;
        this.entry = null;
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
            FileStat s = FileStat.of(host);
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
