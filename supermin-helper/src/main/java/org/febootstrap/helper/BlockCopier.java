package org.febootstrap.helper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.cpio.FileData;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.root.FileStat;

/**
 * Turns placed entries ({@link ArchiveLayout}) into the bytes at their offsets: headers and file
 * data, read straight into direct buffers that are written whole. One per thread; the writes
 * themselves go through the shared {@link InitrdWriter}. Large files are read too rather than
 * sent file to file (copy_file_range): measured here, splicing 130 MB of large files cost the
 * kernel about 80 ms under the file's lock, where reading them on this thread (in parallel with
 * the other) and writing them from memory cost about 25 ms of writing.
 */
final class BlockCopier {
    /** Files up to this size are read in one go (plus one byte, to see that they did not grow). */
    static final long SMALL = 64 * 1024;

    private final InitrdWriter writer;
    private final long clampMtime;
    private byte[] header = new byte[1024];
    private ByteBuffer buf;
    /** The archive offset of the buffer's first byte. */
    private long bufferStart;
    private int block;

    BlockCopier(InitrdWriter writer, long clampMtime) {
        this.writer = writer;
        this.clampMtime = clampMtime;
    }

    /** Writes entries that are contiguous in the archive, in order; closes their files (or hands them on). */
    void write(int block, List<ArchiveItem> items) throws IOException {
        if (items.isEmpty()) {
            return;
        }
        this.block = block;
        buf = writer.buffer();
        bufferStart = items.get(0).offset;
        for (ArchiveItem it : items) {
            put(it);
        }
        flush();
    }

    private void put(ArchiveItem it) throws IOException {
        FileStat st = it.st;
        int size = NewcWriter.headerSize(it.nameBytes.length);
        if (header.length < size) {
            header = new byte[size];
        }
        long mtime = st.mtime();
        if (clampMtime >= 0 && mtime > clampMtime) {
            mtime = clampMtime;
        }
        boolean symlink = st.isSymlink();
        long nlink = symlink ? 1 : Math.max(1, st.nlink());
        long rdevMajor = st.isDevice() ? st.rdevMajor() : 0;
        long rdevMinor = st.isDevice() ? st.rdevMinor() : 0;
        NewcWriter.encodeHeader(header, 0, it.nameBytes, it.ino, st.mode(), st.uid(), st.gid(), nlink, mtime,
                it.dataSize, rdevMajor, rdevMinor);
        room(size);
        buf.put(header, 0, size);
        long data = it.dataSize;
        if (data == 0) {
            it.close();
            return;
        }
        if (symlink) {
            room(it.link.length + 3);
            buf.put(it.link);
        } else if (data <= SMALL) {
            room((int) data + 1 + 3);
            try {
                FileData.readExactly(it.channel, it.host, buf, (int) data);
            } finally {
                it.close();
            }
        } else {
            try {
                readLarge(it.channel, it.host, data);
            } finally {
                it.close();
            }
        }
        int pad = (int) (((data + 3) & ~3L) - data);
        for (int i = 0; i < pad; i++) {
            buf.put((byte) 0);
        }
    }

    /**
     * Reads a large file through as many buffers as it takes (each written whole as it fills):
     * the reading happens on this thread, in parallel with the other's, and the writes are
     * plain writes from memory, cheaper for the kernel than splicing file to file.
     */
    private void readLarge(FileChannel ch, Path source, long size) throws IOException {
        long left = size;
        while (left > 0) {
            room(1);
            int n = (int) Math.min(buf.remaining(), left);
            buf.limit(buf.position() + n);
            try {
                int r = ch.read(buf);
                if (r < 0) {
                    throw FileData.changed(source, size);
                }
                left -= r;
            } finally {
                buf.limit(buf.capacity());
            }
        }
        if (ch.size() != size) {
            throw FileData.changed(source, size);
        }
    }

    private void room(int n) throws IOException {
        if (buf.remaining() < n) {
            long next = bufferStart + buf.position();
            flush();
            buf = writer.buffer();
            bufferStart = next;
        }
    }

    /** Hands the buffer over to be written (the caller takes a new one if it goes on). */
    private void flush() {
        long at = bufferStart;
        buf.flip();
        writer.write(block, buf, at);
        buf = null;
    }
}
