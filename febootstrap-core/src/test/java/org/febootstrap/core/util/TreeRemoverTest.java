package org.febootstrap.core.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeRemoverTest {
    @Test
    void removesContentsButNeverFollowsSymlinksOut(@TempDir Path tmp) throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious"), "keep me");
        Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file"), "x");
        Files.createSymbolicLink(tmp.resolve("tree/a/link-to-outside"), outside);
        Files.createSymbolicLink(tmp.resolve("tree/abs-link"), precious);
        TreeRemover.removeContents(tmp.resolve("tree"));
        assertTrue(Files.isDirectory(tmp.resolve("tree")));
        try (var s = Files.list(tmp.resolve("tree"))) {
            assertTrue(s.findAny().isEmpty());
        }
        assertTrue(Files.exists(precious));
    }

    @Test
    void removeTreeOfASymlinkRemovesTheLinkOnly(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("f"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        TreeRemover.removeTree(link);
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(dir.resolve("f")));
    }

    @Test
    void directoriesWithoutOwnerPermissionsAreOpenedUp(@TempDir Path tmp) throws IOException {
        Path locked = Files.createDirectories(tmp.resolve("tree/locked"));
        Files.writeString(locked.resolve("f"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        TreeRemover.removeTree(tmp.resolve("tree"));
        assertFalse(Files.exists(tmp.resolve("tree")));
    }

    /** A bind mount of something precious inside the tree: nothing at all is deleted. */
    @Test
    void aMountInsideIsRefusedBeforeAnythingIsDeleted(@TempDir Path tmp) throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Path sibling = Files.writeString(tree.resolve("aaa-first"), "x");
        Path mnt = Files.createDirectories(tree.resolve("mnt"));
        Processes.Result m = Processes.run(List.of("mount", "-t", "tmpfs", "febootstrap-test", mnt.toString()));
        assumeTrue(m.exitCode() == 0, "cannot mount here (needs root): " + m.stderr());
        try {
            Files.writeString(mnt.resolve("on-the-mount"), "keep");
            IOException e = assertThrows(IOException.class, () -> TreeRemover.removeContents(tree));
            assertTrue(e.getMessage().contains("mounted on " + mnt.toRealPath()), e.getMessage());
            assertTrue(Files.exists(sibling));
            assertTrue(Files.exists(mnt.resolve("on-the-mount")));
            assertThrows(IOException.class, () -> TreeRemover.removeTree(tree));
            assertTrue(Files.exists(mnt.resolve("on-the-mount")));
        } finally {
            Processes.run(List.of("umount", mnt.toString())).assertSuccess("umount");
        }
    }
}
