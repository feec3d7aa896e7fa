package org.febootstrap.helper;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads only the headers of a supermin.img skeleton (newc cpio, possibly several archives with
 * NUL padding between them), skipping file data, to learn which directories (and symlinks,
 * such as {@code lib -> usr/lib}) it creates. The skeleton is then copied verbatim into the
 * initrd, and the helper's own segment writes no second entry for those parents.
 */
final class SkeletonScan {
    private static final int HEADER = 110;
    /** Bytes read at a time: a whole skeleton (4.6 MB for a minbase root) in a few reads. */
    private static final int WINDOW = 512 * 1024;
    /** The longest name a header may have: what a 64 KB window allowed before, far beyond PATH_MAX. */
    private static final int MAX_NAME = 64 * 1024 - HEADER - 4;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    private final List<String> parents = new ArrayList<>();
    private int entries;

    private SkeletonScan() {}

    /** The names (normalized: no leading ./ or /) of the directories and symlinks the archive creates. */
    List<String> parents() {
        return parents;
    }

    int entries() {
        return entries;
    }

    static SkeletonScan of(Path file) throws IOException {
        SkeletonScan scan = new SkeletonScan();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            scan.scan(ch, file);
        }
        return scan;
    }

    // The scan's state, kept in fields so that each header is read by a method call of its own
    // ({@link #header}): a cold JVM compiles that after a few hundred entries, where a loop over
    // all 1,800 entries of a skeleton would run interpreted to its end.
    private FileChannel ch;
    private Path file;
    private final ByteBuffer win = ByteBuffer.allocate(WINDOW);
    private final byte[] hdr = win.array();
    private long winStart;
    private int winLen;
    private boolean inArchive;

    private void scan(FileChannel channel, Path path) throws IOException {
        ch = channel;
        file = path;
        long size = ch.size();
        long pos = 0;
        while (pos < size) {
            pos = header(pos);
        }
        if (inArchive) {
            throw new EOFException(file + ": archive has no trailer (truncated?)");
        }
    }

    /** Reads the header at {@code pos} (or the padding byte between archives); returns where the next one is. */
    private long header(long pos) throws IOException {
        byte[] hdr = this.hdr;
        if (pos < winStart || pos >= winStart + winLen) {
            winStart = pos;
            winLen = fill(ch, win, pos);
        }
        int off = (int) (pos - winStart);
        if (!inArchive) {
            // Between archives: NUL padding, then another archive or the end.
            if (hdr[off] == 0) {
                return pos + 1;
            }
            inArchive = true;
        }
        if (winLen - off < HEADER) {
            winStart = pos;
            winLen = fill(ch, win, pos);
            off = 0;
        }
        if (winLen - off < HEADER) {
            throw new EOFException(file + ": archive ends in the middle of a header at byte " + pos);
        }
        if (!magic(hdr, off)) {
            throw new IOException(file + ": bad cpio header magic at byte " + pos);
        }
        int mode = (int) hex(hdr, off + 14, file, pos);
        long fileSize = hex(hdr, off + 54, file, pos);
        int nameSize = (int) hex(hdr, off + 94, file, pos);
        if (nameSize <= 0 || nameSize > MAX_NAME) {
            throw new IOException(file + ": bad name size " + nameSize + " at byte " + pos);
        }
        if (off + HEADER + nameSize > winLen) {
            winStart = pos;
            winLen = fill(ch, win, pos);
            off = 0;
            if (HEADER + nameSize > winLen) {
                throw new EOFException(file + ": archive ends in the middle of a header at byte " + pos);
            }
        }
        long dataStart = pad4(pos + HEADER + nameSize);
        if (isTrailer(hdr, off + HEADER, nameSize)) {
            inArchive = false;
        } else {
            entry(hdr, off + HEADER, nameSize - 1, mode);
        }
        return pad4(dataStart + fileSize);
    }

    /** Counts an entry and keeps the name of a directory or symlink. */
    private void entry(byte[] b, int name, int length, int mode) {
        entries++;
        int type = mode & S_IFMT;
        if (type != S_IFDIR && type != S_IFLNK) {
            return;
        }
        // Names are made only for what is kept, and most are plain paths in normal form
        // (./usr/lib): one byte scan finds the name in them; the others are normalized.
        int end = name + length;
        long scan = HostFileLists.scanLine(b, name, end);
        int plain = (int) scan;
        String n;
        if ((int) (scan >>> 32) == end && plain >= 0) {
            n = new String(b, plain, end - plain, StandardCharsets.UTF_8);
        } else {
            n = HostFileLists.normalize(new String(b, name, length, StandardCharsets.UTF_8));
        }
        if (n != null && !n.isEmpty()) {
            parents.add(n);
        }
    }

    private static int fill(FileChannel ch, ByteBuffer win, long pos) throws IOException {
        win.clear();
        while (win.hasRemaining()) {
            int n = ch.read(win, pos + win.position());
            if (n < 0) {
                break;
            }
        }
        return win.position();
    }

    private static final byte[] TRAILER = {'T', 'R', 'A', 'I', 'L', 'E', 'R', '!', '!', '!'};

    private static boolean isTrailer(byte[] b, int off, int nameSize) {
        if (nameSize != TRAILER.length + 1) {
            return false;
        }
        for (int i = 0; i < TRAILER.length; i++) {
            if (b[off + i] != TRAILER[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean magic(byte[] b, int off) {
        return b[off] == '0' && b[off + 1] == '7' && b[off + 2] == '0' && b[off + 3] == '7' && b[off + 4] == '0'
                && (b[off + 5] == '1' || b[off + 5] == '2');
    }

    private static long hex(byte[] b, int off, Path file, long pos) throws IOException {
        long v = 0;
        for (int i = off; i < off + 8; i++) {
            int c = b[i];
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            } else {
                throw new IOException(file + ": bad hex digit in cpio header at byte " + pos);
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static long pad4(long n) {
        return (n + 3) & ~3L;
    }
}
