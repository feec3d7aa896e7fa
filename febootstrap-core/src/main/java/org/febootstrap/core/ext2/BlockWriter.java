package org.febootstrap.core.ext2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional writes into the image, gathered into one system call while they are adjacent
 * (metadata is laid out front to back, so most of it goes out in a few large writes). Whatever
 * is never written stays a hole: the image is sparse.
 */
final class BlockWriter {
    private static final int BUFFER = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    private long bufferStart = -1;

    BlockWriter(FileChannel channel) {
        this.channel = channel;
    }

    void write(long position, byte[] data) throws IOException {
        write(position, data, 0, data.length);
    }

    void write(long position, byte[] data, int offset, int length) throws IOException {
        if (bufferStart < 0 || position != bufferStart + buffer.position() || length > buffer.remaining()) {
            flush();
            if (length > BUFFER) {
                writeFully(ByteBuffer.wrap(data, offset, length), position);
                return;
            }
            bufferStart = position;
        }
        buffer.put(data, offset, length);
    }

    void flush() throws IOException {
        if (bufferStart >= 0 && buffer.position() > 0) {
            buffer.flip();
            writeFully(buffer, bufferStart);
        }
        buffer.clear();
        bufferStart = -1;
    }

    private void writeFully(ByteBuffer src, long position) throws IOException {
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
    }
}
