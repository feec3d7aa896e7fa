package org.febootstrap.core.cpio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One newc ("070701") header as the kernel reads it: 110 ASCII bytes, then the NUL-terminated
 * name, padded to 4 bytes; then the data, padded to 4 bytes. Every numeric field is 32 bits.
 */
public record NewcHeader(
        String name,
        long ino,
        int mode,
        long uid,
        long gid,
        long nlink,
        long mtime,
        long fileSize,
        long devMajor,
        long devMinor,
        long rdevMajor,
        long rdevMinor) {

    public static final String MAGIC = "070701";
    public static final String MAGIC_CRC = "070702";
    public static final String TRAILER = "TRAILER!!!";
    public static final int HEADER_SIZE = 110;
    static final long MAX_FIELD = 0xffffffffL;

    public boolean isTrailer() {
        return name.equals(TRAILER);
    }

    public int type() {
        return mode & 0170000;
    }

    /** Bytes of header plus name plus padding. */
    public int encodedSize() {
        int nameSize = name.getBytes(StandardCharsets.UTF_8).length + 1;
        return pad4(HEADER_SIZE + nameSize);
    }

    static int pad4(int n) {
        return (n + 3) & ~3;
    }

    static long pad4(long n) {
        return (n + 3) & ~3L;
    }

    /**
     * Appends this header and its padded name to {@code buf}. The caller has checked the ranges.
     */
    void encode(ByteBuffer buf) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int start = buf.position();
        buf.put(MAGIC_BYTES);
        hex(buf, ino);
        hex(buf, mode & MAX_FIELD);
        hex(buf, uid);
        hex(buf, gid);
        hex(buf, nlink);
        hex(buf, mtime);
        hex(buf, fileSize);
        hex(buf, devMajor);
        hex(buf, devMinor);
        hex(buf, rdevMajor);
        hex(buf, rdevMinor);
        hex(buf, nameBytes.length + 1);
        hex(buf, 0);
        buf.put(nameBytes);
        buf.put((byte) 0);
        int written = buf.position() - start;
        for (int i = written; i < pad4(written); i++) {
            buf.put((byte) 0);
        }
    }

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static void hex(ByteBuffer buf, long v) {
        for (int shift = 28; shift >= 0; shift -= 4) {
            buf.put(HEX[(int) ((v >>> shift) & 0xf)]);
        }
    }
}
