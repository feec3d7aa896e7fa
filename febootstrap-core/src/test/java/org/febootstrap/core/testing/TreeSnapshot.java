package org.febootstrap.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.febootstrap.core.root.FileStat;

/**
 * A comparable description of a directory tree: for each path its type, mode, owner, link
 * target or content hash, and which paths are hard links of each other.
 */
public final class TreeSnapshot {
    private TreeSnapshot() {}

    /** path → "mode uid:gid detail [link-group]". {@code ownerOverride} maps a path to uid:gid, or null. */
    public static Map<String, String> of(Path dir, boolean withOwners, List<String> excluded) {
        Map<String, String> out = new TreeMap<>();
        Map<String, String> firstNameOfInode = new HashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = dir.relativize(p).toString();
                if (rel.isEmpty() || excluded.contains(rel)) {
                    continue;
                }
                FileStat st = FileStat.of(p);
                String detail;
                if (st.isSymlink()) {
                    detail = "-> " + Files.readSymbolicLink(p);
                } else if (st.isRegularFile()) {
                    detail = sha256(p);
                    if (st.nlink() > 1) {
                        String key = st.dev() + ":" + st.ino();
                        String first = firstNameOfInode.putIfAbsent(key, rel);
                        detail += " link:" + (first == null ? rel : first);
                    }
                } else if (st.isDevice()) {
                    detail = "dev " + st.rdevMajor() + "," + st.rdevMinor();
                } else {
                    detail = "";
                }
                String mode = Integer.toOctalString(st.isSymlink() ? FileStat.S_IFLNK : st.mode());
                out.put(rel, mode + (withOwners ? " " + st.uid() + ":" + st.gid() : "") + " " + detail);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String sha256(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
