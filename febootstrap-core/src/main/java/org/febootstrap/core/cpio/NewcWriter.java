package org.febootstrap.core.cpio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.febootstrap.core.root.FileStat;

/**
 * Streams a newc cpio archive that the kernel unpacks exactly: every parent directory comes
 * before its contents (the kernel silently drops an entry whose directory is missing), inodes are
 * numbered sequentially (colliding numbers would make false hard links), hard-linked files carry
 * their data once, and the trailer is padded to 512 bytes so archives can be concatenated.
 *
 * <p>Names are stored relative ({@code usr/bin/bash}); a leading {@code /} or {@code ./} is
 * dropped. File data is copied with {@link FileChannel#transferTo}, the fastest way Java has.
 */
public final class NewcWriter implements Closeable {
    /** Makes a missing parent directory exist, by writing entries through the writer. */
    @FunctionalInterface
    public interface ParentSupplier {
        void supply(NewcWriter writer, String directory) throws IOException;
    }

    private static final int BUFFER = 256 * 1024;
    private static final int SMALL_FILE = 64 * 1024;
    private static final long UNSET = -1;

    private final WritableByteChannel out;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
    private final long clampMtime;
    private final Set<String> directories = new HashSet<>();
    private final Map<Long, Map<Long, Long>> links = new HashMap<>();
    private ParentSupplier parents = SYNTHESIZE;

    /** {@link #synthesizeDirectory} as a named class: no lambda bootstrap at start-up. */
    private static final ParentSupplier SYNTHESIZE = new ParentSupplier() {
        @Override
        public void supply(NewcWriter writer, String directory) throws IOException {
            synthesizeDirectory(writer, directory);
        }
    };
    private long nextIno = 1;
    private long written;
    private long entries;
    private boolean trailerWritten;

    /**
     * @param out where the archive goes; not closed by {@link #close()}
     * @param sourceDateEpoch mtimes later than this are clamped to it (reproducible builds), or -1
     */
    public NewcWriter(WritableByteChannel out, long sourceDateEpoch) {
        this.out = out;
        this.clampMtime = sourceDateEpoch;
    }

    /** The largest value of a newc header field (32 bits). */
    public static final long MAX_FIELD = NewcHeader.MAX_FIELD;

    /**
     * The bytes a header takes with its NUL-terminated name and the padding to 4 bytes, for a
     * name of {@code nameLength} bytes (UTF-8).
     */
    public static int headerSize(int nameLength) {
        return NewcHeader.pad4(NewcHeader.HEADER_SIZE + nameLength + 1);
    }

    /**
     * Encodes one header, its NUL-terminated name and the padding into {@code out} at
     * {@code at} (for writers that lay out an archive themselves); returns the bytes written,
     * {@link #headerSize}. The caller has checked that every field fits in 32 bits.
     */
    public static int encodeHeader(byte[] out, int at, byte[] name, long ino, int mode, long uid, long gid,
            long nlink, long mtime, long fileSize, long rdevMajor, long rdevMinor) {
        int p = at;
        for (int i = 0; i < MAGIC.length; i++) {
            out[p++] = MAGIC[i];
        }
        p = hex(out, p, ino);
        p = hex(out, p, mode & NewcHeader.MAX_FIELD);
        p = hex(out, p, uid);
        p = hex(out, p, gid);
        p = hex(out, p, nlink);
        p = hex(out, p, mtime);
        p = hex(out, p, fileSize);
        p = hex(out, p, 0);
        p = hex(out, p, 0);
        p = hex(out, p, rdevMajor);
        p = hex(out, p, rdevMinor);
        p = hex(out, p, name.length + 1);
        p = hex(out, p, 0);
        System.arraycopy(name, 0, out, p, name.length);
        p += name.length;
        int end = at + headerSize(name.length);
        while (p < end) {
            out[p++] = 0;
        }
        return end - at;
    }

    private static final byte[] MAGIC = {'0', '7', '0', '7', '0', '1'};
    private static final byte[] HEX_DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private static int hex(byte[] out, int at, long v) {
        for (int shift = 28, p = at; shift >= 0; shift -= 4, p++) {
            out[p] = HEX_DIGITS[(int) ((v >>> shift) & 0xf)];
        }
        return at + 8;
    }

    /** Reads SOURCE_DATE_EPOCH from an environment, -1 when unset. */
    public static long sourceDateEpoch(Map<String, String> env) throws IOException {
        String s = env.get("SOURCE_DATE_EPOCH");
        if (s == null || s.isBlank()) {
            return UNSET;
        }
        try {
            long v = Long.parseLong(s.strip());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IOException("SOURCE_DATE_EPOCH: not a number of seconds: " + s);
        }
    }

    public void setParentSupplier(ParentSupplier supplier) {
        this.parents = supplier;
    }

    /** The default parent: a root-owned 0755 directory. */
    public static void synthesizeDirectory(NewcWriter w, String dir) throws IOException {
        w.directory(dir, new FileStat(FileStat.S_IFDIR | 0755, 0, 0, 0, 0, 0, 0, 0, 2));
    }

    /** Whether a directory (or a symlink standing for one) of this name has been written. */
    public boolean hasDirectory(String name) {
        return directories.contains(normalize(name));
    }

    /**
     * Records that a name already exists in the unpacked tree (written by an earlier archive
     * that will be unpacked first), so no parent entry is written for it again.
     */
    public void assumeDirectory(String name) {
        directories.add(normalize(name));
    }

    public long bytesWritten() {
        return written + buf.position();
    }

    public long entryCount() {
        return entries;
    }

    public void directory(String name, FileStat st) throws IOException {
        String n = normalize(name);
        if (n.isEmpty() || directories.contains(n)) {
            return;
        }
        ensureParent(n);
        header(n, nextIno++, st, 0);
        directories.add(n);
    }

    /** A symlink to a directory, which later entries may be written beneath (lib -> usr/lib). */
    public void directorySymlink(String name, FileStat st, String target) throws IOException {
        symlink(name, st, target);
        directories.add(normalize(name));
    }

    public void symlink(String name, FileStat st, String target) throws IOException {
        String n = normalize(name);
        ensureParent(n);
        byte[] data = target.getBytes(StandardCharsets.UTF_8);
        FileStat fixed = new FileStat(FileStat.S_IFLNK | (st.mode() & 07777), st.uid(), st.gid(), data.length,
                st.mtime(), st.dev(), st.ino(), 0, 1);
        header(n, nextIno++, fixed, data.length);
        put(data);
        pad();
    }

    /** A device node, fifo or socket: no data. */
    public void special(String name, FileStat st) throws IOException {
        String n = normalize(name);
        ensureParent(n);
        header(n, nextIno++, st, 0);
    }

    /**
     * A regular file whose {@code st.size()} bytes are read from {@code source}. The source is
     * opened before anything is written, so a file that cannot be read (AccessDeniedException)
     * leaves the archive as it was: callers may skip it and go on.
     */
    public void file(String name, FileStat st, Path source) throws IOException {
        FileChannel in = null;
        try {
            String n = normalize(name);
            if (st.size() > NewcHeader.MAX_FIELD) {
                throw new CpioLimitException(source + ": file is 4 GiB or larger (" + st.size()
                        + " bytes): newc cpio cannot store it");
            }
            Map<Long, Long> byIno = null;
            if (st.nlink() > 1) {
                byIno = links.get(st.dev());
                if (byIno == null) {
                    byIno = new HashMap<>();
                    links.put(st.dev(), byIno);
                }
                Long ino = byIno.get(st.ino());
                if (ino != null) {
                    // A later name of a hard-linked file: the data went with the first one.
                    ensureParent(n);
                    header(n, ino, st, 0);
                    return;
                }
            }
            if (st.size() > 0) {
                in = FileChannel.open(source, StandardOpenOption.READ);
            }
            ensureParent(n);
            if (byIno != null) {
                byIno.put(st.ino(), nextIno);
            }
            header(n, nextIno++, st, st.size());
            if (in != null) {
                copy(in, source, st.size());
            }
            pad();
        } finally {
            if (in != null) {
                in.close();
            }
        }
    }

    /** A regular file whose data is given in memory. */
    public void file(String name, FileStat st, byte[] data) throws IOException {
        String n = normalize(name);
        ensureParent(n);
        FileStat fixed = new FileStat(st.mode(), st.uid(), st.gid(), data.length, st.mtime(), 0, 0, 0, 1);
        header(n, nextIno++, fixed, data.length);
        put(data);
        pad();
    }

    /** Ends the archive: the trailer, padded to a multiple of 512 bytes. */
    public void trailer() throws IOException {
        if (trailerWritten) {
            return;
        }
        NewcHeader h = new NewcHeader(NewcHeader.TRAILER, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
        room(h.encodedSize());
        h.encode(buf);
        long total = bytesWritten();
        long padded = (total + 511) & ~511L;
        for (long i = total; i < padded; i++) {
            room(1);
            buf.put((byte) 0);
        }
        flush();
        trailerWritten = true;
    }

    /** Writes buffered bytes out. */
    public void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            written += out.write(buf);
        }
        buf.clear();
    }

    /** Flushes; the underlying channel stays open (it belongs to the caller). */
    @Override
    public void close() throws IOException {
        flush();
    }

    private void ensureParent(String name) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash <= 0) {
            return;
        }
        String parent = name.substring(0, slash);
        if (!directories.contains(parent)) {
            parents.supply(this, parent);
            if (!directories.contains(parent)) {
                throw new IllegalStateException("parent supplier did not create " + parent);
            }
        }
    }

    private void header(String name, long ino, FileStat st, long size) throws IOException {
        long mtime = st.mtime();
        if (clampMtime >= 0 && mtime > clampMtime) {
            mtime = clampMtime;
        }
        check(name, "uid", st.uid());
        check(name, "gid", st.gid());
        check(name, "mtime", mtime);
        check(name, "inode", ino);
        long rdevMajor = 0;
        long rdevMinor = 0;
        if (st.isDevice()) {
            rdevMajor = st.rdevMajor();
            rdevMinor = st.rdevMinor();
        }
        NewcHeader h = new NewcHeader(name, ino, st.mode(), st.uid(), st.gid(), Math.max(1, st.nlink()), mtime, size,
                0, 0, rdevMajor, rdevMinor);
        int need = h.encodedSize();
        if (need > BUFFER) {
            throw new CpioLimitException(name + ": file name too long for an archive entry");
        }
        room(need);
        h.encode(buf);
        entries++;
    }

    private static void check(String name, String field, long v) throws CpioLimitException {
        if (v < 0 || v > NewcHeader.MAX_FIELD) {
            throw new CpioLimitException(name + ": " + field + " " + v + " does not fit in newc cpio's 32-bit field");
        }
    }

    /** Copies {@code size} bytes of {@code in}, failing if the file turns out to be another size. */
    private void copy(FileChannel in, Path source, long size) throws IOException {
        if (size <= SMALL_FILE && size < buf.capacity()) {
            room((int) size + 1);
            FileData.readExactly(in, source, buf, (int) size);
            return;
        }
        flush();
        long pos = 0;
        while (pos < size) {
            long n = in.transferTo(pos, size - pos, out);
            if (n <= 0) {
                if (pos >= in.size()) {
                    throw FileData.changed(source, size);
                }
                continue;
            }
            pos += n;
        }
        written += size;
        if (in.size() != size) {
            throw FileData.changed(source, size);
        }
    }

    private void put(byte[] data) throws IOException {
        int off = 0;
        while (off < data.length) {
            if (!buf.hasRemaining()) {
                flush();
            }
            int n = Math.min(buf.remaining(), data.length - off);
            buf.put(data, off, n);
            off += n;
        }
    }

    private void pad() throws IOException {
        long total = bytesWritten();
        int padding = (int) (NewcHeader.pad4(total) - total);
        room(padding);
        for (int i = 0; i < padding; i++) {
            buf.put((byte) 0);
        }
    }

    private void room(int n) throws IOException {
        if (buf.remaining() < n) {
            flush();
        }
    }

    static String normalize(String name) {
        int i = 0;
        while (true) {
            if (name.startsWith("/", i)) {
                i++;
            } else if (name.startsWith("./", i)) {
                i += 2;
            } else {
                break;
            }
        }
        String n = name.substring(i);
        if (n.equals(".")) {
            return "";
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
