package org.febootstrap.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.febootstrap.core.root.FileStat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --dedupe links only regular files with the same content, owner and mode, and counts what that saves. */
class DedupeTest {
    private static final String SAME = "the same content, 32 bytes long\n";

    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void tree() throws Exception {
        FakeTree t = new FakeTree(tmp.resolve("root")).dir("etc")
                .file("usr/bin/a", SAME).file("usr/lib/b", SAME) // same mode (set below): linked
                .file("usr/share/c", SAME) // mode 0644: not linked with a and b
                .file("usr/share/d", SAME) // owner 5:5: not linked with c
                .file("usr/share/e", SAME.toUpperCase()) // same size, other content
                .file("usr/share/empty1", "").file("usr/share/empty2", "")
                .file("usr/share/f1", "f-content\n").hardLink("usr/share/f2", "usr/share/f1").file("usr/share/f3", "f-content\n");
        root = t.root();
        for (String p : new String[] {"usr/bin/a", "usr/lib/b", "usr/share/e"}) {
            Files.setPosixFilePermissions(root.resolve(p), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String p : new String[] {"usr/share/c", "usr/share/d", "usr/share/f1", "usr/share/f3"}) {
            Files.setPosixFilePermissions(root.resolve(p), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setAttribute(root.resolve("usr/share/d"), "unix:uid", 5);
        Files.setAttribute(root.resolve("usr/share/d"), "unix:gid", 5);
    }

    private long ino(String p) throws Exception {
        return FileStat.of(root.resolve(p)).ino();
    }

    @Test
    void linksIdenticalFilesOnlyAndReportsTheBytesSaved() throws Exception {
        Map<String, String> before = Trees.withoutLinks(Trees.snapshot(root));
        Cli.Result r = Cli.run("--none", "--dedupe", root.toString()).assertSuccess();

        assertEquals(before, Trees.withoutLinks(Trees.snapshot(root)), "every name keeps its content, owner and mode");
        assertEquals(ino("usr/bin/a"), ino("usr/lib/b"));
        assertEquals(ino("usr/share/f1"), ino("usr/share/f3"), "linked to the inode that already had two names");
        assertEquals(3, FileStat.of(root.resolve("usr/share/f1")).nlink());
        assertNotEquals(ino("usr/bin/a"), ino("usr/share/c"), "another mode");
        assertNotEquals(ino("usr/share/c"), ino("usr/share/d"), "another owner");
        assertNotEquals(ino("usr/bin/a"), ino("usr/share/e"), "other content");
        assertNotEquals(ino("usr/share/empty1"), ino("usr/share/empty2"), "empty files save nothing");
        assertEquals("febootstrap-minimize: dedupe: hard-linked 2 files, saving " + (SAME.length() + "f-content\n".length())
                + " bytes (0.0 MiB)\n", r.err());
    }

    @Test
    void aDryRunListsTheLinksAndChangesNothing() throws Exception {
        Map<String, String> before = Trees.snapshot(root);
        Cli.Result r = Cli.run("--none", "--dedupe", "--dry-run", root.toString()).assertSuccess();
        assertEquals(before, Trees.snapshot(root));
        assertEquals("dedupe\t32\t/usr/lib/b\t/usr/bin/a\ndedupe\t10\t/usr/share/f3\t/usr/share/f1\n", r.out());
        assertTrue(r.err().contains("would hard-link 2 files, saving 42 bytes"), r.err());
    }

    @Test
    void aFileWithANameOutsideTheRootIsLinkedButFreesNothing() throws Exception {
        Files.writeString(tmp.resolve("outside"), "shared with the host\n");
        Files.createLink(root.resolve("usr/share/g1"), tmp.resolve("outside"));
        Files.writeString(root.resolve("usr/share/g0"), "shared with the host\n");
        Files.setPosixFilePermissions(root.resolve("usr/share/g0"), Files.getPosixFilePermissions(tmp.resolve("outside")));
        Cli.Result r = Cli.run("--none", "--dedupe", root.toString()).assertSuccess();
        // g0 and g1 have one name each in the root; g0 (first in order) is kept, g1 relinked; the
        // outside name still holds g1's old inode, so no space is freed by that link.
        assertEquals(ino("usr/share/g0"), ino("usr/share/g1"));
        assertEquals("shared with the host\n", Files.readString(tmp.resolve("outside")));
        assertTrue(r.err().contains("hard-linked 3 files, saving 42 bytes"), r.err());
    }
}
