package org.febootstrap.core.cpio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file's data as it goes into an archive: read whole, and checked to have the size its header
 * was written with (a file that grows or shrinks meanwhile would corrupt every entry after it).
 */
public final class FileData {
    private FileData() {}

    /**
     * Reads a regular file of {@code size} bytes into {@code into}, at its position, which moves
     * past the data. One byte more than expected is asked for: a regular file's read comes back
     * short only at its end, so one read both fills the data and shows the file did not grow (no
     * fstat per file). {@code into} must have room for {@code size + 1} bytes; its limit is kept.
     *
     * @throws IOException naming {@code source} if the file is not {@code size} bytes long
     */
    public static void readExactly(FileChannel in, Path source, ByteBuffer into, int size) throws IOException {
        int limit = into.limit();
        int end = into.position() + size;
        into.limit(end + 1);
        try {
            while (into.position() < end) {
                if (in.read(into) < 0) {
                    throw changed(source, size);
                }
            }
            if (into.position() > end) {
                throw changed(source, size);
            }
        } finally {
            into.limit(limit);
        }
    }

    /** The error for a file whose size is not the one its header was written with. */
    public static IOException changed(Path source, long size) {
        return new IOException(source + ": file changed size while being archived (expected " + size + " bytes)");
    }
}
