package org.febootstrap.core.cpio;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.SingleXZInputStream;

/**
 * Reads newc archives the way the kernel reads an initramfs: any number of segments, each an
 * uncompressed archive or a gzip, xz or bzip2 stream holding archives, with NUL padding between.
 */
public final class NewcReader {
    /** Receives each entry; {@code data} holds exactly the entry's bytes and is valid during the call. */
    @FunctionalInterface
    public interface Visitor {
        void entry(NewcHeader header, InputStream data) throws IOException;
    }

    /** An entry with its data in memory, for tests and small archives. */
    public record Entry(NewcHeader header, byte[] data) {
        public String name() {
            return header.name();
        }
    }

    private NewcReader() {}

    public static List<Entry> readAll(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            read(in, (h, data) -> out.add(new Entry(h, data.readAllBytes())), file.toString());
        }
        return out;
    }

    /** Visits every entry except trailers. {@code what} names the input in error messages. */
    public static void read(InputStream raw, Visitor visitor, String what) throws IOException {
        readSegments(new Counting(new BufferedInputStream(raw, 1 << 16)), visitor, what);
    }

    private static void readSegments(Counting in, Visitor visitor, String what) throws IOException {
        while (true) {
            in.mark(8);
            int b = in.read();
            while (b == 0) {
                in.mark(8);
                b = in.read();
            }
            if (b < 0) {
                return;
            }
            byte[] magic = new byte[6];
            magic[0] = (byte) b;
            int n = 1 + in.readNBytes(magic, 1, 5);
            in.reset();
            if (n >= 6 && (startsWith(magic, NewcHeader.MAGIC) || startsWith(magic, NewcHeader.MAGIC_CRC))) {
                readArchive(in, visitor, what);
            } else if (n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                // Positioned just after this gzip member on return, because our stream supports mark.
                GzipCompressorInputStream gz = new GzipCompressorInputStream(in, false);
                readSegments(new Counting(new BufferedInputStream(gz, 1 << 16)), visitor, what);
            } else if (n >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z' && magic[3] == 'X') {
                readSegments(new Counting(new BufferedInputStream(new SingleXZInputStream(in), 1 << 16)), visitor, what);
            } else if (n >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
                BZip2CompressorInputStream bz = new BZip2CompressorInputStream(in, false);
                readSegments(new Counting(new BufferedInputStream(bz, 1 << 16)), visitor, what);
            } else {
                throw new IOException(what + ": not a newc cpio archive (unknown data at byte " + in.count + ")");
            }
        }
    }

    private static boolean startsWith(byte[] b, String magic) {
        for (int i = 0; i < magic.length(); i++) {
            if (b[i] != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void readArchive(Counting in, Visitor visitor, String what) throws IOException {
        byte[] hdr = new byte[NewcHeader.HEADER_SIZE];
        while (true) {
            long at = in.count;
            readFully(in, hdr, what);
            String magic = new String(hdr, 0, 6, StandardCharsets.US_ASCII);
            if (!magic.equals(NewcHeader.MAGIC) && !magic.equals(NewcHeader.MAGIC_CRC)) {
                throw new IOException(what + ": bad cpio header magic at byte " + at);
            }
            long[] f = new long[13];
            for (int i = 0; i < 13; i++) {
                f[i] = parseHex(hdr, 6 + i * 8, what, at);
            }
            int nameSize = (int) f[11];
            if (nameSize <= 0 || nameSize > 1 << 16) {
                throw new IOException(what + ": bad name size " + nameSize + " at byte " + at);
            }
            byte[] nameBytes = new byte[nameSize];
            readFully(in, nameBytes, what);
            skipPadding(in);
            String name = new String(nameBytes, 0, nameSize - 1, StandardCharsets.UTF_8);
            NewcHeader h = new NewcHeader(name, f[0], (int) f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]);
            if (h.isTrailer()) {
                return;
            }
            Bounded data = new Bounded(in, h.fileSize());
            visitor.entry(h, data);
            data.skipRest(what);
            skipPadding(in);
        }
    }

    private static long parseHex(byte[] b, int off, String what, long at) throws IOException {
        long v = 0;
        for (int i = off; i < off + 8; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
                throw new IOException(what + ": bad hex digit in cpio header at byte " + at);
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static void readFully(InputStream in, byte[] b, String what) throws IOException {
        if (in.readNBytes(b, 0, b.length) != b.length) {
            throw new EOFException(what + ": archive ends in the middle of an entry");
        }
    }

    private static void skipPadding(Counting in) throws IOException {
        while ((in.count & 3) != 0) {
            if (in.read() < 0) {
                return;
            }
        }
    }

    /** Counts bytes read, so padding can be computed as the kernel does. */
    private static final class Counting extends InputStream {
        private final BufferedInputStream in;
        long count;
        private long markCount;

        Counting(BufferedInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += s;
            return s;
        }

        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public synchronized void mark(int limit) {
            in.mark(limit);
            markCount = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            in.reset();
            count = markCount;
        }
    }

    /** The data of one entry. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        void skipRest(String what) throws IOException {
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException(what + ": archive ends in the middle of a file's data");
                    }
                    s = 1;
                }
                left -= s;
            }
        }
    }
}
