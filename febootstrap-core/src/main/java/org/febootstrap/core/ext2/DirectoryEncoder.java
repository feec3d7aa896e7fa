package org.febootstrap.core.ext2;

import java.util.Arrays;

/**
 * A directory's blocks: linked entries (inode, rec_len, name_len, file_type, name padded to 4
 * bytes). No entry crosses a block; the last entry of each block stretches to its end. Large
 * directories are simply more blocks, searched linearly (no dir_index).
 */
final class DirectoryEncoder {
    private final int blockSize;
    /** Null when only counting: the sizing pass needs the size, not the bytes. */
    private byte[] out;
    private int blockStart;
    private int position;
    private int last = -1;

    private DirectoryEncoder(int blockSize, boolean write) {
        this.blockSize = blockSize;
        this.out = write ? new byte[blockSize] : null;
    }

    static DirectoryEncoder writing(int blockSize) {
        return new DirectoryEncoder(blockSize, true);
    }

    /** An encoder that only measures, for {@link #size}. */
    static DirectoryEncoder counting(int blockSize) {
        return new DirectoryEncoder(blockSize, false);
    }

    void add(byte[] name, long inode, int fileType) {
        int length = (8 + name.length + 3) & ~3;
        if (position + length > blockStart + blockSize) {
            closeBlock();
            newBlock();
        }
        if (out == null) {
            position += length;
            return;
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
        int size = close(minBytes);
        return out.length == size ? out : Arrays.copyOf(out, size);
    }

    /** The size in bytes the blocks take, at least {@code minBytes}: all a counting encoder gives. */
    int size(long minBytes) {
        return close(minBytes);
    }

    private int close(long minBytes) {
        closeBlock();
        while ((long) blockStart + blockSize < minBytes) {
            newBlock();
            if (out != null) {
                // An empty block: one unused entry covering all of it.
                putShort(blockStart + 4, blockSize);
            }
        }
        return blockStart + blockSize;
    }

    private void closeBlock() {
        if (last >= 0 && out != null) {
            putShort(last + 4, blockStart + blockSize - last);
        }
    }

    private void newBlock() {
        blockStart += blockSize;
        position = blockStart;
        last = -1;
        if (out != null && out.length < blockStart + blockSize) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, blockStart + blockSize));
        }
    }

    private void putInt(int at, int v) {
        LittleEndian.putInt(out, at, v);
    }

    private void putShort(int at, int v) {
        LittleEndian.putShort(out, at, v);
    }
}
