package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.root.FileStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel-unpacking replay used by the tests must itself catch what 2.x got wrong. */
class KernelUnpackTest {
    @TempDir
    Path tmp;

    private static final FileStat DIR = new FileStat(FileStat.S_IFDIR | 0755, 0, 0, 0, 0, 0, 0, 0, 2);
    private static final FileStat FILE = new FileStat(FileStat.S_IFREG | 0644, 0, 0, 0, 0, 0, 0, 0, 1);
    private static final FileStat LINK = new FileStat(FileStat.S_IFLNK | 0777, 0, 0, 0, 0, 0, 0, 0, 1);

    @Test
    void anEntryUnderAMissingDirectoryIsCaught() throws Exception {
        Path a = tmp.resolve("a");
        try (FileChannel ch = FileChannel.open(a, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            NewcWriter w = new NewcWriter(ch, -1);
            // What 2.x helpers wrote on merged-/usr hosts: module paths with no parents at all.
            w.assumeDirectory("lib/modules/6.1/kernel");
            w.file("lib/modules/6.1/kernel/crc7.ko", FILE, new byte[] {1});
            w.trailer();
        }
        AssertionError e = assertThrows(AssertionError.class, () -> KernelUnpack.replay(a));
        assertTrue(e.getMessage().contains("would drop lib/modules/6.1/kernel/crc7.ko"), e.getMessage());
    }

    @Test
    void aSymlinkedParentWorksOnlyAfterItsTarget() throws Exception {
        Path good = tmp.resolve("good");
        try (FileChannel ch = FileChannel.open(good, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            NewcWriter w = new NewcWriter(ch, -1);
            w.directory("usr/lib/modules", DIR);
            w.directorySymlink("lib", LINK, "usr/lib");
            w.file("lib/modules/x.ko", FILE, new byte[] {1});
            w.trailer();
        }
        assertEquals(List.of("usr", "usr/lib", "usr/lib/modules", "lib", "lib/modules", "lib/modules/x.ko"),
                KernelUnpack.replay(good));
        Path bad = tmp.resolve("bad");
        try (FileChannel ch = FileChannel.open(bad, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            NewcWriter w = new NewcWriter(ch, -1);
            w.directorySymlink("lib", LINK, "usr/lib");
            w.directory("usr/lib/modules", DIR);
            w.assumeDirectory("lib/modules");
            w.file("lib/modules/x.ko", FILE, new byte[] {1});
            w.trailer();
        }
        // The link came first, but then usr/lib was made: still fine for the kernel.
        assertEquals(5, KernelUnpack.replay(bad).size());
        Path dangling = tmp.resolve("dangling");
        try (FileChannel ch = FileChannel.open(dangling, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            NewcWriter w = new NewcWriter(ch, -1);
            w.directorySymlink("lib", LINK, "usr/lib");
            w.assumeDirectory("lib/modules");
            w.file("lib/modules/x.ko", FILE, new byte[] {1});
            w.trailer();
        }
        assertThrows(AssertionError.class, () -> KernelUnpack.replay(dangling));
    }
}
