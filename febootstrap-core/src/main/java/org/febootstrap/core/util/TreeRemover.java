package org.febootstrap.core.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rm -rf} that stays where it was asked to work: it never follows a symlink (a link is
 * removed, not what it points to) and never enters another filesystem mounted inside the tree. A
 * tree with a mount point inside is refused before anything is deleted, so a forgotten bind mount
 * of {@code /proc} or of a home directory is never emptied. Directories whose permissions deny
 * their owner (as a root built under fakeroot may have) are opened up as needed.
 */
public final class TreeRemover {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private TreeRemover() {}

    /** Deletes everything inside {@code dir} and keeps {@code dir} itself. */
    public static void removeContents(Path dir) throws IOException {
        Path real = dir.toRealPath();
        refuseMountsInside(real, dir);
        long dev = dev(real);
        for (Path child : list(real)) {
            remove(child, dev);
        }
    }

    /** Deletes {@code path} and everything under it; a symlink is removed, never followed. */
    public static void removeTree(Path path) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
            refuseMountsInside(abs.toRealPath(), path);
            remove(abs, dev(abs));
        } else {
            Files.delete(abs);
        }
    }

    /** The mount points at or under {@code dir} (other than {@code dir} itself), from /proc/self/mountinfo. */
    public static List<Path> mountPointsUnder(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isReadable(MOUNTINFO)) {
            return out;
        }
        for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length < 5) {
                continue;
            }
            Path mp = Path.of(unescape(f[4]));
            if (mp.startsWith(dir) && !mp.equals(dir)) {
                out.add(mp);
            }
        }
        return out;
    }

    private static void refuseMountsInside(Path real, Path shown) throws IOException {
        List<Path> mounts = mountPointsUnder(real);
        if (!mounts.isEmpty()) {
            throw new IOException(shown + ": not removed: a filesystem is mounted on " + mounts.get(0)
                    + (mounts.size() > 1 ? " (and " + (mounts.size() - 1) + " more)" : "") + "; unmount it first");
        }
    }

    private static void remove(Path p, long topDev) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:dev,isDirectory", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((Boolean) a.get("isDirectory")) {
            if ((Long) a.get("dev") != topDev) {
                throw new IOException(p + ": not removed: another filesystem is mounted there; unmount it first");
            }
            for (Path child : list(p)) {
                remove(child, topDev);
            }
        }
        try {
            Files.deleteIfExists(p);
        } catch (AccessDeniedException e) {
            openUp(p.getParent());
            Files.deleteIfExists(p);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try {
            return listOnce(dir);
        } catch (AccessDeniedException e) {
            openUp(dir);
            return listOnce(dir);
        }
    }

    private static List<Path> listOnce(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                children.add(c);
            }
        }
        return children;
    }

    /** Gives a directory's owner (us) read, write and search permission, so its entries can go. */
    private static void openUp(Path dir) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        perms.add(PosixFilePermission.OWNER_READ);
        perms.add(PosixFilePermission.OWNER_WRITE);
        perms.add(PosixFilePermission.OWNER_EXECUTE);
        Files.setPosixFilePermissions(dir, perms);
    }

    private static long dev(Path p) throws IOException {
        return (Long) Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
