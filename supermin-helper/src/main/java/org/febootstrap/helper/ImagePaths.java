package org.febootstrap.helper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.febootstrap.core.ext2.Ext2Builder;
import org.febootstrap.core.root.FileStat;

/**
 * Where each appliance entry lands in the ext2 image. An initramfs gets names such as
 * {@code lib/modules/6.1.0/kernel/x.ko} and the kernel follows {@code lib -> usr/lib} while it
 * unpacks; {@link Ext2Builder} follows no symlinks, so this class does it: it keeps what each
 * image path is (directory, symlink and its target, or something else), resolves an entry's
 * parent directories through the image's own symlinks, and creates a missing parent the way the
 * cpio path does, as the host has it (a directory with the host's owner and mode, or the host's
 * symlink and then its target), or root-owned 0755 when the host lacks it.
 */
final class ImagePaths {
    private static final Object DIRECTORY = new Object();
    private static final Object OTHER = new Object();
    /** As the kernel's path walk: more symlinks than this in one lookup is a loop. */
    private static final int MAX_SYMLINKS = 40;

    private final Ext2Builder image;
    private final long timestamp;
    private final long clampMtime;
    /** Image path (no leading '/', "" is the root) to DIRECTORY, OTHER, or a symlink's target. */
    private final Map<String, Object> kinds = new HashMap<>();
    private int symlinksFollowed;

    /**
     * @param timestamp the mtime of directories made up for lack of a host one
     * @param clampMtime SOURCE_DATE_EPOCH (later mtimes are clamped to it), or -1
     */
    ImagePaths(Ext2Builder image, long timestamp, long clampMtime) {
        this.image = image;
        this.timestamp = timestamp;
        this.clampMtime = clampMtime;
        kinds.put("", DIRECTORY);
        kinds.put("lost+found", DIRECTORY);
    }

    /**
     * The image path an entry named {@code name} (normalized, not empty) goes to: its parent
     * resolved through the image's symlinks, made if missing, then its last component; null when
     * a parent is a file or the symlinks loop (the kernel would drop such an entry too).
     */
    String place(String name) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            return name;
        }
        symlinksFollowed = 0;
        String dir = directory(name.substring(0, slash), "");
        return dir == null ? null : join(dir, name.substring(slash + 1));
    }

    /** Records what now stands at {@code path} (after the builder was told). */
    void added(String path, FileStat st, String linkTarget) {
        Object kind = st.isDirectory() ? DIRECTORY : st.isSymlink() ? linkTarget : OTHER;
        Object old = kinds.put(path, kind);
        if (old == DIRECTORY && kind != DIRECTORY) {
            // The builder dropped the directory and everything in it.
            String prefix = path + "/";
            for (Iterator<String> it = kinds.keySet().iterator(); it.hasNext();) {
                if (it.next().startsWith(prefix)) {
                    it.remove();
                }
            }
        }
    }

    /** The real directory {@code path} (relative to {@code from}) names, made as needed; null if impossible. */
    private String directory(String path, String from) throws IOException {
        String current = path.startsWith("/") ? "" : from;
        int i = 0;
        int n = path.length();
        while (i < n) {
            int slash = path.indexOf('/', i);
            if (slash < 0) {
                slash = n;
            }
            String comp = path.substring(i, slash);
            i = slash + 1;
            if (comp.isEmpty() || comp.equals(".")) {
                continue;
            }
            if (comp.equals("..")) {
                int up = current.lastIndexOf('/');
                current = up < 0 ? "" : current.substring(0, up);
                continue;
            }
            String candidate = join(current, comp);
            Object kind = kinds.get(candidate);
            if (kind == null) {
                kind = fromHost(candidate);
            }
            if (kind == DIRECTORY) {
                current = candidate;
            } else if (kind instanceof String target) {
                if (++symlinksFollowed > MAX_SYMLINKS) {
                    return null;
                }
                String real = directory(target, current);
                if (real == null) {
                    return null;
                }
                current = real;
            } else {
                return null;
            }
        }
        return current;
    }

    /** Makes the missing directory {@code path} as the host has it; returns its kind. */
    private Object fromHost(String path) throws IOException {
        Path host = Path.of("/" + path);
        FileStat st;
        try {
            st = FileStat.of(host);
        } catch (NoSuchFileException e) {
            st = null;
        }
        if (st != null && st.isSymlink()) {
            String target = Files.readSymbolicLink(host).toString();
            image.symlink(path, st.mode(), st.uid(), st.gid(), mtime(st.mtime()), target);
            kinds.put(path, target);
            return target;
        }
        if (st != null && st.isDirectory()) {
            image.directory(path, st.mode(), st.uid(), st.gid(), mtime(st.mtime()));
        } else {
            image.directory(path, 0755, 0, 0, timestamp);
        }
        kinds.put(path, DIRECTORY);
        return DIRECTORY;
    }

    long mtime(long t) {
        return clampMtime >= 0 && t > clampMtime ? clampMtime : t;
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
