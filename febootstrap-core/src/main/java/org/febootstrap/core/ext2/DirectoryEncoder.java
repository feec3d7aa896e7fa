package org.febootstrap.core.ext2;

import java.util.Arrays;

/**
 * A directory's blocks: linked entries (inode, rec_len, name_len, file_type, name padded to 4
 * bytes). No entry crosses a block; the last entry of each block stretches to its end. Large
 * directories are simply more blocks, searched linearly (no dir_index).
 */
final class DirectoryEncoder {
    private final int blockSize;
    private byte[] out;
    private int blockStart;
    private int position;
    private int last = -1;

    DirectoryEncoder(int blockSize) {
        this.blockSize = blockSize;
        this.out = new byte[blockSize];
    }

    void add(byte[] name, long inode, int fileType) {
        int length = (8 + name.length + 3) & ~3;
        if (position + length > blockStart + blockSize) {
            closeBlock();
            newBlock();
        }
        putInt(position, (int) inode);
        putShort(position + 4, length);
        out[position + 6] = (byte) name.length;
        out[position + 7] = (byte) fileType;
        System.arraycopy(name, 0, out, position + 8, name.length);
        last = position;
        position += length;
    }

    /** The blocks, at least {@code minBytes} of them (the extra ones empty). */
    byte[] finish(long minBytes) {
        closeBlock();
        while ((long) blockStart + blockSize < minBytes) {
            newBlock();
            // An empty block: one unused entry covering all of it.
            putShort(blockStart + 4, blockSize);
        }
        return out.length == blockStart + blockSize ? out : Arrays.copyOf(out, blockStart + blockSize);
    }

    private void closeBlock() {
        if (last >= 0) {
            putShort(last + 4, blockStart + blockSize - last);
        }
    }

    private void newBlock() {
        blockStart += blockSize;
        position = blockStart;
        last = -1;
        if (out.length < blockStart + blockSize) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, blockStart + blockSize));
        }
    }

    private void putInt(int at, int v) {
        out[at] = (byte) v;
        out[at + 1] = (byte) (v >>> 8);
        out[at + 2] = (byte) (v >>> 16);
        out[at + 3] = (byte) (v >>> 24);
    }

    private void putShort(int at, int v) {
        out[at] = (byte) v;
        out[at + 1] = (byte) (v >>> 8);
    }
}
