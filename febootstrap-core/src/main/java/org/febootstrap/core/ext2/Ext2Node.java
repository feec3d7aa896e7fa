package org.febootstrap.core.ext2;

import java.nio.file.Path;
import java.util.TreeMap;

/**
 * One inode of the tree the builder collects: metadata only, never file data. Hard links are
 * the same node object under several names, so they become one inode.
 */
abstract sealed class Ext2Node permits Ext2Node.Directory, Ext2Node.RegularFile, Ext2Node.Symlink, Ext2Node.Special {
    /** An mtime meaning "the image's timestamp" (directories the builder made up itself). */
    static final long IMAGE_TIME = Long.MIN_VALUE;

    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;

    /** Full st_mode: type and permission bits. */
    int mode;
    long uid;
    long gid;
    long mtime;

    Ext2Node(int mode, long uid, long gid, long mtime) {
        set(mode, uid, gid, mtime);
    }

    final void set(int mode, long uid, long gid, long mtime) {
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        this.mtime = mtime;
    }

    final int type() {
        return mode & S_IFMT;
    }

    /** The directory entry's file type (INCOMPAT_FILETYPE). */
    abstract int direntType();

    static final class Directory extends Ext2Node {
        /** Sorted, so the image does not depend on the order entries were added in. */
        final TreeMap<String, Ext2Node> children = new TreeMap<>();
        /** Blocks preallocated (lost+found keeps room so e2fsck can reconnect files without allocating). */
        final long minBytes;

        Directory(int permissions, long uid, long gid, long mtime, long minBytes) {
            super(S_IFDIR | permissions, uid, gid, mtime);
            this.minBytes = minBytes;
        }

        @Override
        int direntType() {
            return 2;
        }
    }

    static final class RegularFile extends Ext2Node {
        /** Where the data is read at write time, or null when {@link #data} holds it. */
        final Path source;
        final byte[] data;
        final long size;

        RegularFile(int permissions, long uid, long gid, long mtime, Path source, byte[] data, long size) {
            super(S_IFREG | permissions, uid, gid, mtime);
            this.source = source;
            this.data = data;
            this.size = size;
        }

        @Override
        int direntType() {
            return 1;
        }
    }

    static final class Symlink extends Ext2Node {
        final byte[] target;

        Symlink(int permissions, long uid, long gid, long mtime, byte[] target) {
            super(S_IFLNK | permissions, uid, gid, mtime);
            this.target = target;
        }

        @Override
        int direntType() {
            return 7;
        }
    }

    /** Character and block devices, FIFOs and sockets: nothing but an inode. */
    static final class Special extends Ext2Node {
        final long major;
        final long minor;

        Special(int mode, long uid, long gid, long mtime, long major, long minor) {
            super(mode, uid, gid, mtime);
            this.major = major;
            this.minor = minor;
        }

        @Override
        int direntType() {
            return switch (type()) {
                case S_IFCHR -> 3;
                case S_IFBLK -> 4;
                case S_IFIFO -> 5;
                case S_IFSOCK -> 6;
                default -> throw new IllegalStateException("not a special file: " + Integer.toOctalString(mode));
            };
        }
    }
}
