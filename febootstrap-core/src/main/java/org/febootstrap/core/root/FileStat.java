package org.febootstrap.core.root;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What lstat(2) says of a file, in the raw form cpio and fakeroot need: the full st_mode (type and
 * permission bits), owner, size, mtime in seconds, and the device and inode numbers.
 */
public record FileStat(int mode, long uid, long gid, long size, long mtime, long dev, long ino, long rdev, int nlink) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    /** lstat(2): a symlink is described, not followed ({@link Lstat}: the fast way when it can). */
    public static FileStat of(Path path) throws IOException {
        return Lstat.of(path);
    }

    public int type() {
        return mode & S_IFMT;
    }

    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isRegularFile() {
        return type() == S_IFREG;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    public boolean isDevice() {
        return type() == S_IFCHR || type() == S_IFBLK;
    }

    /** Major number of a device node, from glibc's makedev encoding. */
    public long rdevMajor() {
        return major(rdev);
    }

    public long rdevMinor() {
        return minor(rdev);
    }

    public static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    public static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }

    public static long makedev(long major, long minor) {
        return ((major & 0xfffL) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xffL) | ((minor & ~0xffL) << 12);
    }

    public FileStat withOwner(int newMode, long newUid, long newGid, long newRdev) {
        return new FileStat(newMode, newUid, newGid, size, mtime, dev, ino, newRdev, nlink);
    }
}
