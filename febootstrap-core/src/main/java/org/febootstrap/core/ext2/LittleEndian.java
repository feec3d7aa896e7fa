package org.febootstrap.core.ext2;

/**
 * Little-endian stores into byte arrays. Plain shifts rather than ByteBuffer or VarHandle views:
 * the writer runs once per JVM, mostly before the JIT has compiled it, and these stay cheap
 * when interpreted.
 */
final class LittleEndian {
    private LittleEndian() {}

    static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
