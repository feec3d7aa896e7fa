package org.febootstrap.core.ext2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.ext2.Ext2Node.Directory;
import org.febootstrap.core.root.FileStat;

/**
 * Collects the entries of an ext2 image in memory (metadata only: file data is read from its
 * source when the image is written), then writes the image with {@link #write}.
 *
 * <p>Paths are absolute or relative to the image root ({@code /usr/bin/x}, {@code usr/bin/x} and
 * {@code ./usr/bin/x} are the same); {@code ..} is refused.
 *
 * <p>Rules:
 * <ul>
 *   <li>A missing parent directory is created root-owned, mode 0755, with the image's timestamp
 *       (as {@code NewcWriter} does for cpio); adding that directory later sets its metadata.
 *   <li>A path added again replaces the earlier entry, so later inputs override earlier ones. A
 *       directory added over a directory only changes its metadata and keeps its children; any
 *       other replacement drops the earlier entry (and, for a directory, everything under it).
 *   <li>A parent that exists but is not a directory (a symlink such as {@code lib -> usr/lib})
 *       is an error: the builder does not follow links, the caller resolves them.
 *   <li>The image always has {@code /lost+found} (0700, 16 KiB preallocated, as mke2fs makes
 *       it), so e2fsck finds it; it may be given other metadata but must stay a directory.
 * </ul>
 */
public final class Ext2Builder {
    static final String LOST_FOUND = "lost+found";
    private static final int MAX_NAME = 255;
    /** PATH_MAX less the NUL: no longer link can be created; ext2 also needs it to fit a block. */
    private static final int MAX_SYMLINK = 4095;

    private final Directory root = new Directory(0755, 0, 0, Ext2Node.IMAGE_TIME, 0);
    /**
     * The directory the last entry went into, by the text before the last '/' of its path:
     * callers add a directory's entries one after another, so most lookups stop here. Forgotten
     * whenever a directory leaves the tree.
     */
    private String lastParentText;
    private Directory lastParent;

    public Ext2Builder() {
        root.children.put(LOST_FOUND, new Directory(0700, 0, 0, Ext2Node.IMAGE_TIME, 16384));
    }

    public Ext2Builder directory(String path, int mode, long uid, long gid, long mtime) {
        checkType(path, mode, Ext2Node.S_IFDIR);
        checkOwner(path, uid, gid);
        if (components(path).isEmpty()) {
            root.set(Ext2Node.S_IFDIR | (mode & 07777), uid, gid, mtime);
            return this;
        }
        String name = lastName(path);
        Directory parent = parentOf(path);
        if (parent.children.get(name) instanceof Directory existing) {
            existing.set(Ext2Node.S_IFDIR | (mode & 07777), uid, gid, mtime);
        } else {
            parent.children.put(name, new Directory(mode & 07777, uid, gid, mtime, 0));
        }
        return this;
    }

    /** A regular file whose {@code size} bytes are read from {@code source} when the image is written. */
    public Ext2Builder file(String path, int mode, long uid, long gid, long mtime, Path source, long size) {
        checkType(path, mode, Ext2Node.S_IFREG);
        if (source == null || size < 0) {
            throw new IllegalArgumentException(path + ": a file needs a source and a size >= 0");
        }
        return put(path, new Ext2Node.RegularFile(mode & 07777, uid, gid, mtime, source, null, size));
    }

    /** A regular file with the given contents (kept in memory: for small generated files). */
    public Ext2Builder file(String path, int mode, long uid, long gid, long mtime, byte[] data) {
        checkType(path, mode, Ext2Node.S_IFREG);
        return put(path, new Ext2Node.RegularFile(mode & 07777, uid, gid, mtime, null, data.clone(), data.length));
    }

    /** A symbolic link; targets shorter than 60 bytes live in the inode itself (fast symlinks). */
    public Ext2Builder symlink(String path, int mode, long uid, long gid, long mtime, String target) {
        checkType(path, mode, Ext2Node.S_IFLNK);
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        if (t.length == 0 || t.length > MAX_SYMLINK) {
            throw new IllegalArgumentException(path + ": symlink target must be 1 to " + MAX_SYMLINK + " bytes long");
        }
        if (target.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(path + ": symlink target contains a NUL byte");
        }
        return put(path, new Ext2Node.Symlink(mode & 07777, uid, gid, mtime, t));
    }

    /** A character or block device: {@code mode} must carry S_IFCHR or S_IFBLK. */
    public Ext2Builder device(String path, int mode, long uid, long gid, long mtime, long rdevMajor, long rdevMinor) {
        int type = mode & Ext2Node.S_IFMT;
        if (type != Ext2Node.S_IFCHR && type != Ext2Node.S_IFBLK) {
            throw new IllegalArgumentException(path + ": a device's mode must say character or block device: "
                    + Integer.toOctalString(mode));
        }
        // Linux's dev_t has a 12-bit major and a 20-bit minor, as ext2's new encoding stores them.
        if (rdevMajor < 0 || rdevMajor > 0xfff || rdevMinor < 0 || rdevMinor > 0xfffff) {
            throw new IllegalArgumentException(path + ": device number " + rdevMajor + "," + rdevMinor
                    + " out of range (major < 4096, minor < 1048576)");
        }
        return put(path, new Ext2Node.Special(type | (mode & 07777), uid, gid, mtime, rdevMajor, rdevMinor));
    }

    public Ext2Builder fifo(String path, int mode, long uid, long gid, long mtime) {
        checkType(path, mode, Ext2Node.S_IFIFO);
        return put(path, new Ext2Node.Special(Ext2Node.S_IFIFO | (mode & 07777), uid, gid, mtime, 0, 0));
    }

    public Ext2Builder socket(String path, int mode, long uid, long gid, long mtime) {
        checkType(path, mode, Ext2Node.S_IFSOCK);
        return put(path, new Ext2Node.Special(Ext2Node.S_IFSOCK | (mode & 07777), uid, gid, mtime, 0, 0));
    }

    /** Another name for the (non-directory) inode at {@code existingPath}. */
    public Ext2Builder hardLink(String path, String existingPath) {
        Ext2Node target = lookup(existingPath);
        if (target == null) {
            throw new IllegalArgumentException(path + ": hard link target " + existingPath + " does not exist");
        }
        if (target instanceof Directory) {
            throw new IllegalArgumentException(path + ": cannot hard-link the directory " + existingPath);
        }
        if (lookup(path) == target) {
            return this;
        }
        return put(path, target);
    }

    /**
     * Adds the file {@code hostFile} as {@code path} with the metadata {@code stat} (type, mode,
     * owner, mtime, size, device number); a symlink's target is read now, a file's data later.
     */
    public Ext2Builder add(String path, FileStat stat, Path hostFile) throws IOException {
        int mode = stat.mode();
        return switch (stat.type()) {
            case FileStat.S_IFDIR -> directory(path, mode, stat.uid(), stat.gid(), stat.mtime());
            case FileStat.S_IFREG -> file(path, mode, stat.uid(), stat.gid(), stat.mtime(), hostFile, stat.size());
            case FileStat.S_IFLNK -> symlink(path, mode, stat.uid(), stat.gid(), stat.mtime(),
                    Files.readSymbolicLink(hostFile).toString());
            case FileStat.S_IFCHR, FileStat.S_IFBLK -> device(path, mode, stat.uid(), stat.gid(), stat.mtime(),
                    stat.rdevMajor(), stat.rdevMinor());
            case FileStat.S_IFIFO -> fifo(path, mode, stat.uid(), stat.gid(), stat.mtime());
            case FileStat.S_IFSOCK -> socket(path, mode, stat.uid(), stat.gid(), stat.mtime());
            default -> throw new IOException(hostFile + ": unknown file type " + Integer.toOctalString(mode));
        };
    }

    /** Whether {@code path} names an entry. */
    public boolean contains(String path) {
        return lookup(path) != null;
    }

    /**
     * Writes the image atomically to {@code image}: fitted to the content unless the options give
     * a size, sparse (only blocks holding something are written), byte-identical for the same
     * entries, file contents and options.
     *
     * @throws Ext2LimitException when the content does not fit the size asked for, or a file is
     *     beyond what this ext2 layout can hold
     */
    public void write(Path image, Ext2Options options) throws IOException {
        Ext2Image.write(root, image, options);
    }

    private Ext2Builder put(String path, Ext2Node node) {
        checkOwner(path, node.uid, node.gid);
        String name = lastName(path);
        if (name == null) {
            throw new IllegalArgumentException(path + ": the image root can only be a directory");
        }
        Directory parent = parentOf(path);
        if (parent == root && name.equals(LOST_FOUND)) {
            throw new IllegalArgumentException(path + ": lost+found must stay a directory");
        }
        if (parent.children.put(name, node) instanceof Directory) {
            lastParentText = null; // that directory, and those under it, left the tree
            lastParent = null;
        }
        return this;
    }

    /** The last component of {@code path} (checked), or null for the root. */
    private static String lastName(String path) {
        if (isPlainLeaf(path)) {
            return path.substring(path.lastIndexOf('/') + 1);
        }
        List<String> names = components(path); // the general case, with its errors
        return names.isEmpty() ? null : names.get(names.size() - 1);
    }

    /**
     * Whether the text after the last '/' is an ordinary name that needs no more checking: not
     * empty, "." or "..", no NUL, short enough that its UTF-8 cannot pass 255 bytes.
     */
    private static boolean isPlainLeaf(String path) {
        int slash = path.lastIndexOf('/');
        int length = path.length() - slash - 1;
        if (length == 0 || length > MAX_NAME / 4 || path.indexOf('\0', slash + 1) >= 0) {
            return false;
        }
        return !(path.charAt(slash + 1) == '.' && (length == 1 || (length == 2 && path.charAt(slash + 2) == '.')));
    }

    /** The directory {@code path} goes into, made (and its parents) if missing. */
    private Directory parentOf(String path) {
        int slash = path.lastIndexOf('/');
        boolean cacheable = slash > 0 && isPlainLeaf(path);
        if (cacheable && lastParent != null && lastParentText.length() == slash && path.startsWith(lastParentText)) {
            return lastParent;
        }
        Directory dir = walkTo(path, components(path));
        if (cacheable) {
            lastParentText = path.substring(0, slash);
            lastParent = dir;
        }
        return dir;
    }

    private Directory walkTo(String path, List<String> names) {
        Directory dir = root;
        for (int i = 0; i < names.size() - 1; i++) {
            String name = names.get(i);
            Ext2Node child = dir.children.get(name);
            if (child == null) {
                Directory made = new Directory(0755, 0, 0, Ext2Node.IMAGE_TIME, 0);
                dir.children.put(name, made);
                dir = made;
            } else if (child instanceof Directory d) {
                dir = d;
            } else {
                throw new IllegalArgumentException(path + ": /" + String.join("/", names.subList(0, i + 1)) + " is not a directory");
            }
        }
        return dir;
    }

    private Ext2Node lookup(String path) {
        Ext2Node node = root;
        for (String name : components(path)) {
            if (!(node instanceof Directory d)) {
                return null;
            }
            node = d.children.get(name);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String name : path.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                throw new IllegalArgumentException(path + ": '..' is not allowed in image paths");
            }
            if (name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(path + ": NUL byte in a file name");
            }
            if (name.length() > MAX_NAME / 4 && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
                throw new IllegalArgumentException(path + ": file name longer than " + MAX_NAME + " bytes");
            }
            out.add(name);
        }
        return out;
    }

    private static void checkType(String path, int mode, int type) {
        int given = mode & Ext2Node.S_IFMT;
        if (given != 0 && given != type) {
            throw new IllegalArgumentException(path + ": mode " + Integer.toOctalString(mode) + " is not of type "
                    + Integer.toOctalString(type));
        }
    }

    private static void checkOwner(String path, long uid, long gid) {
        if (uid < 0 || uid > 0xFFFF_FFFFL || gid < 0 || gid > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(path + ": owner " + uid + ":" + gid + " out of the 32-bit range");
        }
    }
}
