package org.febootstrap.minimize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;

/**
 * Hard-links regular files with identical content (2.x's TODO, as hardlink(1) does): candidates
 * share size, then owner, mode and filesystem, then a SHA-256 of the content, and are compared
 * byte for byte before linking. Each file is replaced atomically (a link made beside it is renamed
 * over it), so an interrupted run leaves every path intact.
 */
final class Deduplicator {
    /** What a group of identical files must share besides content (all are on the root's filesystem). */
    private record Kind(long size, int mode, long uid, long gid) {}


    /** One inode and its names under the root. */
    private static final class Node {
        final FileStat st;
        final List<Path> paths = new ArrayList<>();

        Node(FileStat st) {
            this.st = st;
        }
    }

    private final Root root;
    private final long rootDev;
    private final boolean dryRun;
    private final Predicate<Path> skip;

    /**
     * @param skip entries to leave out (with what is under them): what a dry run would already
     *     have removed
     */
    Deduplicator(Root root, long rootDev, boolean dryRun, Predicate<Path> skip) {
        this.root = root;
        this.rootDev = rootDev;
        this.dryRun = dryRun;
        this.skip = skip;
    }

    /** Links the duplicates; {@code files} counts replaced names, {@code bytes} the space freed. */
    Tally run(Listener listener) throws IOException {
        Map<Kind, Map<Inode, Node>> groups = new LinkedHashMap<>();
        collect(root.dir(), groups);
        long files = 0;
        long bytes = 0;
        for (Map<Inode, Node> group : groups.values()) {
            if (group.size() < 2) {
                continue;
            }
            for (List<Node> same : byContent(group.values())) {
                Tally t = link(same, listener);
                files += t.files();
                bytes += t.bytes();
            }
        }
        return new Tally(files, 0, bytes);
    }

    private void collect(Path dir, Map<Kind, Map<Inode, Node>> groups) throws IOException {
        for (Path p : TreeRemover.sortedChildren(dir)) {
            if (root.isFakerootLog(p) || skip.test(p)) {
                continue;
            }
            FileStat st = root.stat(p);
            if (st.dev() != rootDev) {
                continue; // another filesystem: links cannot cross it, and it is not ours to change
            }
            if (st.isDirectory()) {
                collect(p, groups);
            } else if (st.isRegularFile() && st.size() > 0) {
                Kind kind = new Kind(st.size(), st.mode(), st.uid(), st.gid());
                groups.computeIfAbsent(kind, k -> new LinkedHashMap<>())
                        .computeIfAbsent(new Inode(st.dev(), st.ino()), i -> new Node(st))
                        .paths.add(p);
            }
        }
    }

    /** Splits inodes of one kind into sets with equal content hashes (only sets of two or more). */
    private static List<List<Node>> byContent(Iterable<Node> nodes) throws IOException {
        Map<String, List<Node>> byHash = new LinkedHashMap<>();
        for (Node n : nodes) {
            byHash.computeIfAbsent(sha256(n.paths.get(0)), h -> new ArrayList<>()).add(n);
        }
        List<List<Node>> out = new ArrayList<>();
        for (List<Node> l : byHash.values()) {
            if (l.size() > 1) {
                out.add(l);
            }
        }
        return out;
    }

    /** Makes every name of every other inode a link to the inode with the most names. */
    private Tally link(List<Node> same, Listener listener) throws IOException {
        Node canonical = same.get(0);
        for (Node n : same) {
            if (n.paths.size() > canonical.paths.size()) {
                canonical = n;
            }
        }
        Path target = canonical.paths.get(0);
        long files = 0;
        long bytes = 0;
        for (Node n : same) {
            if (n == canonical || Files.mismatch(n.paths.get(0), target) != -1) {
                continue; // the canonical itself, or a hash collision: not the same content after all
            }
            // The inode is freed only when every one of its names is relinked.
            boolean freed = n.st.nlink() == n.paths.size();
            for (int i = 0; i < n.paths.size(); i++) {
                Path p = n.paths.get(i);
                if (!dryRun && !replaceWithLink(p, target)) {
                    // The canonical file has as many links as the filesystem allows: the rest stay as they are.
                    return new Tally(files, 0, bytes);
                }
                long saved = freed && i == n.paths.size() - 1 ? n.st.size() : 0;
                files++;
                bytes += saved;
                listener.linked(inRoot(p), inRoot(target), saved);
            }
        }
        return new Tally(files, 0, bytes);
    }

    /** @return false when the target cannot take another link (EMLINK) */
    private boolean replaceWithLink(Path path, Path target) throws IOException {
        Path temp = path.resolveSibling(".febootstrap-dedupe." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8));
        try {
            Files.createLink(temp, target);
        } catch (FileSystemException e) {
            if ("Too many links".equals(e.getReason())) {
                return false;
            }
            throw e;
        }
        try {
            OwnerForgetting.unlink(root, path,
                    () -> Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
        } finally {
            Files.deleteIfExists(temp);
        }
        return true;
    }

    private String inRoot(Path p) {
        return "/" + root.relative(p);
    }

    private static String sha256(Path p) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            while (ch.read(buf) > 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
