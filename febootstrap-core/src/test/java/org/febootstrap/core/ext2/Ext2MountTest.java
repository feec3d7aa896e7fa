package org.febootstrap.core.ext2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host kernel's own driver reads the image: loop-mounted read-only, the tree (types, modes,
 * owners, contents, link targets, device numbers, hard links) equals the source tree.
 */
class Ext2MountTest {
    @TempDir Path tmp;

    @Test
    void loopMountedImageEqualsTheSourceTree() throws Exception {
        assumeTrue(Root.runningAsRoot(), "loop mounting needs root");
        Processes.requireProgram("mount");
        Path src = SampleTree.create(tmp.resolve("src"), false);
        Path image = tmp.resolve("image");
        Ext2Tools.addTree(new Ext2Builder(), src).write(image, Ext2Options.of(UUID.randomUUID(), 1_700_000_000L));
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        // Explicitly as ext2: the driver that claims it (ext4's, on Debian) must accept our features.
        Processes.Result mount = Processes.run(List.of("mount", "-t", "ext2", "-o", "loop,ro", image.toString(), mnt.toString()));
        assumeTrue(mount.exitCode() == 0, "loop mounting does not work here: " + mount.stderr());
        try {
            Map<String, String> expected = canonicalLinks(TreeSnapshot.of(src, true, List.of()));
            Map<String, String> actual = canonicalLinks(TreeSnapshot.of(mnt, true, List.of("lost+found")));
            assertEquals("100644 0:0 4ec7cf151bdccf6d link:hardlinks/a", actual.get("links/c-hardlink"));
            assertSameTree(expected, actual);
            try (var many = Files.list(mnt.resolve("many"))) {
                assertEquals(SampleTree.MANY, many.count());
            }
        } finally {
            // Never leave the mount behind: the temp dir's deletion would fail inside it (and
            // block opening the FIFO to reset its permissions).
            if (Processes.run(List.of("umount", mnt.toString())).exitCode() != 0) {
                Processes.run(List.of("umount", "-l", mnt.toString())).assertSuccess("umount -l");
            }
        }
    }

    /**
     * TreeSnapshot names a hard-link group after the first name its walk met, which depends on
     * the directory order of the filesystem: name each group after its smallest path instead.
     */
    static Map<String, String> canonicalLinks(Map<String, String> snapshot) {
        Map<String, String> smallest = new java.util.HashMap<>();
        snapshot.forEach((path, detail) -> {
            int at = detail.indexOf(" link:");
            if (at >= 0) {
                smallest.merge(detail.substring(at + 6), path, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        });
        Map<String, String> out = new java.util.TreeMap<>();
        snapshot.forEach((path, detail) -> {
            int at = detail.indexOf(" link:");
            out.put(path, at < 0 ? detail : detail.substring(0, at + 6) + smallest.get(detail.substring(at + 6)));
        });
        return out;
    }

    /** Equal snapshots, or a failure listing the first differing paths (not two whole trees). */
    static void assertSameTree(Map<String, String> expected, Map<String, String> actual) {
        java.util.TreeSet<String> paths = new java.util.TreeSet<>(expected.keySet());
        paths.addAll(actual.keySet());
        List<String> differences = paths.stream()
                .filter(p -> !java.util.Objects.equals(expected.get(p), actual.get(p)))
                .limit(20)
                .map(p -> p + ": expected " + expected.get(p) + ", got " + actual.get(p))
                .toList();
        assertEquals(List.of(), differences);
    }
}
