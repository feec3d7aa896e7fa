package org.febootstrap.core.ext2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.testing.Processes;

/** Judges images with e2fsprogs (e2fsck, debugfs), and feeds directory trees to the builder. */
final class Ext2Tools {
    private Ext2Tools() {}

    /** {@code e2fsck -fn}: exit 0 means clean; returns its report. */
    static String fsckClean(Path image) {
        Processes.requireProgram("e2fsck");
        Processes.Result r = Processes.run(List.of("e2fsck", "-fn", image.toString()));
        assertEquals(0, r.exitCode(), () -> "e2fsck -fn " + image + " is not clean:\n" + r.stdout() + r.stderr());
        // Some problems (wrong free counts in the superblock) leave the exit code 0 under -n but
        // still ask "Fix? no": a clean image raises no question at all.
        assertFalse((r.stdout() + r.stderr()).contains("? no"), () -> "e2fsck -fn " + image + " found problems:\n" + r.stdout());
        return r.stdout() + r.stderr();
    }

    /**
     * e2fsck's verdict on an image the kernel has written to: clean except that the superblock's
     * free block and inode totals may be stale (ext4 keeps them in per-CPU counters and writes
     * them back lazily; e2fsck -n exits 0 for those, and the group descriptors must still agree).
     */
    static void fsckCleanAfterKernel(Path image) {
        Processes.Result r = Processes.run(List.of("e2fsck", "-fn", image.toString()));
        assertEquals(0, r.exitCode(), () -> "e2fsck -fn " + image + " is not clean:\n" + r.stdout() + r.stderr());
        String rest = r.stdout().replaceAll("Free (blocks|inodes) count wrong \\(\\d+, counted=\\d+\\)\\.\nFix\\? no\n", "");
        assertFalse(rest.contains("? no"), () -> "e2fsck -fn " + image + " found problems:\n" + r.stdout());
    }

    /** Output of one debugfs request, read-only. */
    static String debugfs(Path image, String request) {
        Processes.requireProgram("debugfs");
        Processes.Result r = Processes.run(List.of("debugfs", "-R", request, image.toString()));
        r.assertSuccess("debugfs -R '" + request + "'");
        return r.stdout();
    }

    /** The contents of {@code path} in the image, via debugfs's dump. */
    static byte[] dump(Path image, String path, Path scratch) {
        Path out = scratch.resolve("dump-" + Long.toHexString(System.nanoTime()));
        debugfs(image, "dump " + path + " " + out);
        try {
            byte[] data = Files.readAllBytes(out);
            Files.delete(out);
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds every entry under {@code dir} (not {@code dir} itself) with its lstat metadata; hard links stay links. */
    static Ext2Builder addTree(Ext2Builder b, Path dir) throws IOException {
        java.util.Map<String, String> firstName = new java.util.HashMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String rel = dir.relativize(p).toString();
                if (rel.isEmpty()) {
                    continue;
                }
                FileStat st = FileStat.of(p);
                if (!st.isDirectory() && st.nlink() > 1) {
                    String first = firstName.putIfAbsent(st.dev() + ":" + st.ino(), rel);
                    if (first != null) {
                        b.hardLink(rel, first);
                        continue;
                    }
                }
                b.add(rel, st, p);
            }
        }
        return b;
    }
}
