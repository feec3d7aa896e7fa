package org.febootstrap.core.root;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A root filesystem: a directory plus the ownership of its files. Ownership comes from the disk
 * when the root was built by root, or from {@code ROOT/fakeroot.log} when it was built as non-root
 * under fakeroot. Code that adds, replaces or deletes files goes through {@link #recordOwner} and
 * {@link #forget} so that fakeroot.log stays true.
 */
public final class Root {
    public static final String FAKEROOT_LOG = "fakeroot.log";

    private final Path dir;
    private final FakerootLog fakeroot; // null: ownership is on disk

    private Root(Path dir, FakerootLog fakeroot) {
        this.dir = dir;
        this.fakeroot = fakeroot;
    }

    /** Opens an existing root directory, reading its fakeroot.log if it has one. */
    public static Root open(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.exists(abs)) {
            throw new NoSuchFileException(dir.toString(), null, "No such file or directory");
        }
        if (!Files.isDirectory(abs)) {
            throw new NotDirectoryException(dir.toString());
        }
        Path real = abs.toRealPath();
        Path log = real.resolve(FAKEROOT_LOG);
        FakerootLog fl = Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS) ? FakerootLog.load(log) : null;
        return new Root(real, fl);
    }

    /** A root whose ownership is kept in a (possibly new) fakeroot.log. */
    public static Root openWithFakeroot(Path dir) throws IOException {
        Root r = open(dir);
        if (r.fakeroot != null) {
            return r;
        }
        return new Root(r.dir, FakerootLog.empty(r.dir.resolve(FAKEROOT_LOG)));
    }

    public Path dir() {
        return dir;
    }

    public Optional<FakerootLog> fakerootLog() {
        return Optional.ofNullable(fakeroot);
    }

    /** Whether a host path is the root's fakeroot.log, which belongs to no archive. */
    public boolean isFakerootLog(Path hostPath) {
        return hostPath.equals(dir.resolve(FAKEROOT_LOG));
    }

    /** lstat(2) of a host path under the root, with the root's ownership applied. */
    public FileStat stat(Path hostPath) throws IOException {
        FileStat disk = FileStat.of(hostPath);
        return fakeroot == null ? disk : fakeroot.apply(disk);
    }

    /** Resolves a path inside the root (symlinks resolved inside it), following the last link. */
    public Path resolve(String pathInRoot) throws IOException {
        return InRootResolver.resolve(dir, pathInRoot, true);
    }

    /** Resolves all but the last component: the place to create, replace or delete an entry. */
    public Path resolveForWrite(String pathInRoot) throws IOException {
        return InRootResolver.resolveParent(dir, pathInRoot);
    }

    /** The path of a host path relative to the root, as {@code usr/bin/bash}. */
    public String relative(Path hostPath) {
        return dir.relativize(hostPath).toString();
    }

    /**
     * Sets a file's mode and owner: on disk when ownership lives there, in fakeroot.log
     * otherwise (call {@link #saveOwnership()} when done). Also the way to claim a freshly
     * created inode, so it does not inherit a deleted file's log entry.
     */
    public void recordOwner(Path hostPath, int permissions, long uid, long gid) throws IOException {
        if (fakeroot == null) {
            Files.setAttribute(hostPath, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(hostPath, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
            if (!Files.isSymbolicLink(hostPath)) {
                // chown clears setuid bits, so the mode goes last. Following links here is chmod(2)
                // on the path; the no-follow form opens the file for fchmod, which blocks on a fifo
                // and fails on a device such as /dev/tty.
                Files.setAttribute(hostPath, "unix:mode", permissions & 07777);
            }
            return;
        }
        FileStat disk = FileStat.of(hostPath);
        if (!disk.isSymlink()) {
            // The real file stays readable to us; the faked mode carries what the root sees.
            Files.setPosixFilePermissions(hostPath, ownerUsable(permissions, disk.isDirectory()));
        }
        fakeroot.put(new FakerootLog.Entry(disk.dev(), disk.ino(), disk.type() | (permissions & 07777), uid, gid,
                disk.nlink(), disk.rdev()));
    }

    /** Call before deleting a file: its inode's faked owner must not outlive it. */
    public void forget(Path hostPath) throws IOException {
        if (fakeroot == null) {
            return;
        }
        FileStat disk = FileStat.of(hostPath);
        if (disk.isDirectory() || disk.nlink() <= 1) {
            fakeroot.remove(disk.dev(), disk.ino());
        }
    }

    /** Writes fakeroot.log back if anything changed. */
    public void saveOwnership() throws IOException {
        if (fakeroot != null && fakeroot.isDirty()) {
            fakeroot.save();
        }
    }

    /** Whether this process runs with effective uid 0 (/proc/self belongs to the effective uid). */
    public static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Set<PosixFilePermission> ownerUsable(int permissions, boolean directory) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        int p = permissions | (directory ? 0700 : 0600);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < 9; bit++) {
            if ((p & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}
