package org.febootstrap.core.ext2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the builder makes of its entries: replacement, implicit parents, links, limits, errors. */
class Ext2BuilderTest {
    private static final long TIME = 1_700_000_000L;
    private static final Ext2Options OPTIONS = Ext2Options.of(UUID.fromString("3e0c8f62-55d1-4b8e-8d8f-0a9c1e7b2d44"), TIME);

    @TempDir Path tmp;

    private Path write(Ext2Builder b) throws IOException {
        Path image = tmp.resolve("image");
        b.write(image, OPTIONS);
        Ext2Tools.fsckClean(image);
        return image;
    }

    /** debugfs's {@code ls -p} of a directory: "ino/mode/uid/gid/name/size" per entry, without . and .. */
    private static List<String> ls(Path image, String dir) {
        return Ext2Tools.debugfs(image, "ls -p " + dir).lines()
                .filter(l -> !l.isBlank() && !l.contains("/./") && !l.contains("/../"))
                .map(l -> l.substring(l.indexOf('/', 1) + 1, l.length() - 1))
                .toList();
    }

    @Test
    void directoryAddedOverADirectoryKeepsItsChildrenAndTakesTheNewMetadata() throws IOException {
        Ext2Builder b = new Ext2Builder()
                .directory("/etc", 0700, 5, 5, TIME)
                .file("/etc/a", 0644, 0, 0, TIME, "a".getBytes())
                .directory("etc/", 0751, 7, 8, TIME);
        Path image = write(b);
        assertEquals(List.of("040751/7/8/etc/"), ls(image, "/").stream().filter(l -> l.contains("etc")).toList());
        assertEquals(List.of("100644/0/0/a/1"), ls(image, "/etc"));
    }

    @Test
    void anyOtherReplacementDropsTheEarlierEntryAndWhatWasUnderIt() throws IOException {
        Ext2Builder b = new Ext2Builder()
                .file("/x/old-child", 0644, 0, 0, TIME, "gone".getBytes())
                .file("/x", 0600, 0, 0, TIME, "file over directory".getBytes())
                .symlink("/y", 0777, 0, 0, TIME, "first")
                .directory("/y", 0755, 0, 0, TIME)
                .file("/z", 0644, 0, 0, TIME, "first version, longer".getBytes())
                .file("/z", 0644, 0, 0, TIME, "second".getBytes());
        Path image = write(b);
        assertEquals(List.of("100600/0/0/x/19", "040755/0/0/y/", "100644/0/0/z/6"),
                ls(image, "/").stream().filter(l -> !l.contains("lost+found")).toList());
        assertArrayEquals("second".getBytes(), Ext2Tools.dump(image, "/z", tmp));
        assertEquals(List.of(), ls(image, "/y"));
    }

    @Test
    void missingParentsAreRootOwned0755WithTheImageTimeUntilAdded() throws IOException {
        Ext2Builder b = new Ext2Builder()
                .file("/a/b/c/file", 0644, 1000, 1000, 1_600_000_000L, "x".getBytes())
                .directory("/a/b", 0700, 1000, 1000, 1_600_000_000L);
        Path image = write(b);
        assertEquals(List.of("040755/0/0/a/"), ls(image, "/").stream().filter(l -> l.contains("/a/")).toList());
        assertEquals(List.of("040700/1000/1000/b/"), ls(image, "/a"));
        assertEquals(List.of("040755/0/0/c/"), ls(image, "/a/b"));
        String stat = Ext2Tools.debugfs(image, "stat /a/b/c");
        assertTrue(stat.contains(" mtime: 0x" + Long.toHexString(TIME)), stat);
        assertTrue(Ext2Tools.debugfs(image, "stat /a/b").contains(" mtime: 0x" + Long.toHexString(1_600_000_000L)));
    }

    @Test
    void pathSpellingsNameTheSameEntryAndAReplacedDirectoryTakesNoMoreEntries() throws IOException {
        Ext2Builder b = new Ext2Builder()
                .file("/a/b/one", 0644, 0, 0, TIME, "1".getBytes())
                .file("a//b/two", 0644, 0, 0, TIME, "2".getBytes())
                .file("./a/./b/three", 0644, 0, 0, TIME, "3".getBytes())
                .directory("/a/b/.", 0700, 0, 0, TIME)
                .file("/a/b/four", 0644, 0, 0, TIME, "4".getBytes())
                .directory("a/b/", 0750, 0, 0, TIME)
                .file("/a/b/five", 0644, 0, 0, TIME, "5".getBytes());
        b.file("/c/d/x", 0644, 0, 0, TIME, "x".getBytes()).file("/c/d", 0644, 0, 0, TIME, "d".getBytes());
        assertEquals("/c/d/y: /c/d is not a directory",
                assertThrows(IllegalArgumentException.class, () -> b.file("/c/d/y", 0644, 0, 0, TIME, new byte[0])).getMessage());
        b.directory("/c/d", 0755, 0, 0, TIME).file("/c/d/z", 0644, 0, 0, TIME, "z".getBytes());
        Path image = write(b);
        assertEquals(List.of("040750/0/0/b/"), ls(image, "/a")); // the last metadata given, under any spelling
        assertEquals(List.of("100644/0/0/five/1", "100644/0/0/four/1", "100644/0/0/one/1", "100644/0/0/three/1",
                "100644/0/0/two/1"), ls(image, "/a/b"));
        assertEquals(List.of("100644/0/0/z/1"), ls(image, "/c/d"));
    }

    @Test
    void hardLinksShareOneInodeAndReplacingOneNameLeavesTheOthers() throws IOException {
        Ext2Builder b = new Ext2Builder()
                .file("/bin/busybox", 04755, 0, 0, TIME, "#!busybox".getBytes())
                .hardLink("/bin/sh", "/bin/busybox")
                .hardLink("/sbin/init", "bin/busybox")
                .hardLink("/bin/ls", "/bin/busybox")
                .file("/bin/ls", 0755, 0, 0, TIME, "real ls".getBytes());
        Path image = write(b);
        String busybox = Ext2Tools.debugfs(image, "stat /bin/busybox");
        assertTrue(busybox.contains("Links: 3 "), busybox);
        assertTrue(busybox.contains("Mode:  04755"), busybox);
        String inode = busybox.substring(7, busybox.indexOf(' ', 7));
        assertTrue(Ext2Tools.debugfs(image, "stat /sbin/init").startsWith("Inode: " + inode + " "));
        assertFalse(Ext2Tools.debugfs(image, "stat /bin/ls").startsWith("Inode: " + inode + " "));
        assertTrue(Ext2Tools.debugfs(image, "stat /bin/ls").contains("Links: 1 "));
    }

    @Test
    void wrongPathsAndLinksAreRefusedNamingThePath() {
        Ext2Builder b = new Ext2Builder().symlink("/lib", 0777, 0, 0, TIME, "usr/lib").directory("/d", 0755, 0, 0, TIME);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.file("/lib/modules/x.ko", 0644, 0, 0, TIME, new byte[1]));
        assertEquals("/lib/modules/x.ko: /lib is not a directory", e.getMessage());
        assertEquals("/x: hard link target /missing does not exist",
                assertThrows(IllegalArgumentException.class, () -> b.hardLink("/x", "/missing")).getMessage());
        assertEquals("/x: cannot hard-link the directory /d",
                assertThrows(IllegalArgumentException.class, () -> b.hardLink("/x", "/d")).getMessage());
        assertEquals("/lost+found: lost+found must stay a directory",
                assertThrows(IllegalArgumentException.class, () -> b.file("/lost+found", 0644, 0, 0, TIME, new byte[0])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.file("/a/../etc/passwd", 0644, 0, 0, TIME, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> b.file("/" + "n".repeat(256), 0644, 0, 0, TIME, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> b.file("/", 0644, 0, 0, TIME, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> b.file("/f", 0040755, 0, 0, TIME, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> b.device("/dev/x", 0644, 0, 0, TIME, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> b.device("/dev/x", 0020644, 0, 0, TIME, 4096, 0));
        assertThrows(IllegalArgumentException.class, () -> b.symlink("/l", 0777, 0, 0, TIME, ""));
        assertThrows(IllegalArgumentException.class, () -> b.file("/f", 0644, 1L << 32, 0, TIME, new byte[0]));
    }

    @Test
    void rootAndLostAndFoundMetadataCanBeGiven() throws IOException {
        Ext2Builder b = new Ext2Builder()
                .directory("/", 0711, 0, 0, 1_600_000_000L)
                .directory("/lost+found", 0755, 0, 0, 1_600_000_000L);
        Path image = write(b);
        assertEquals("040711", Ext2Tools.debugfs(image, "ls -p /").lines().filter(l -> l.contains("/./")).findFirst()
                .orElseThrow().split("/")[2]);
        String lf = Ext2Tools.debugfs(image, "stat /lost+found");
        assertTrue(lf.startsWith("Inode: 11 ") && lf.contains("Mode:  0755") && lf.contains("Size: 16384"), lf);
    }

    @Test
    void timesPast2038NeedBigInodes() throws IOException {
        long in2106 = (1L << 32) + 100;
        Ext2Builder b = new Ext2Builder().file("/future", 0644, 0, 0, in2106, new byte[0]);
        Path image = write(b);
        String stat = Ext2Tools.debugfs(image, "stat /future");
        // The low 32 bits, then the epoch bits in the extra field: 2^32 + 100 s is in 2106.
        assertTrue(stat.contains(" mtime: 0x00000064:00000001 -- ") && stat.contains("2106"), stat);
        Ext2LimitException e = assertThrows(Ext2LimitException.class,
                () -> b.write(tmp.resolve("small-inodes"), OPTIONS.withInodeSize(128)));
        assertEquals("/future: time 4294967396 out of the range 128-byte inodes hold", e.getReason());
    }

    @Test
    void symlinkTargetMustFitABlock() throws IOException {
        Ext2Builder b = new Ext2Builder().symlink("/long", 0777, 0, 0, TIME, "t/".repeat(1000));
        Path image = write(b); // 4 KiB blocks hold it
        assertArrayEquals("t/".repeat(1000).getBytes(), Ext2Tools.dump(image, "/long", tmp));
        Ext2LimitException e = assertThrows(Ext2LimitException.class,
                () -> b.write(tmp.resolve("small-blocks"), OPTIONS.withBlockSize(1024)));
        assertEquals("/long: symlink target of 2000 bytes does not fit a 1024-byte block", e.getReason());
    }

    @Test
    void aSourceThatShrankIsAnErrorNamingItAndLeavesNoOutput() throws IOException {
        Path src = Files.writeString(tmp.resolve("shrinking"), "12345");
        Path out = Files.createDirectory(tmp.resolve("out"));
        Ext2Builder b = new Ext2Builder().file("/f", 0644, 0, 0, TIME, src, 10_000);
        FileSystemException e = assertThrows(FileSystemException.class, () -> b.write(out.resolve("image"), OPTIONS));
        assertEquals(src + ": file shrank while the image was written (expected 10000 bytes)", CommandRunner.describe(e));
        Ext2ImageLayoutTest.assertOnly(out, List.of());

        Ext2Builder missing = new Ext2Builder().file("/f", 0644, 0, 0, TIME, tmp.resolve("gone"), 1);
        FileSystemException gone = assertThrows(FileSystemException.class, () -> missing.write(out.resolve("image"), OPTIONS));
        assertEquals(tmp.resolve("gone") + ": No such file or directory", CommandRunner.describe(gone));
        Ext2ImageLayoutTest.assertOnly(out, List.of());
    }

    @Test
    void amongManyFilesCopiedInParallelTheFirstFailureInImageOrderIsReported() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Path out = Files.createDirectory(tmp.resolve("out"));
        Ext2Builder b = new Ext2Builder();
        for (int i = 0; i < 300; i++) {
            Path f = Files.writeString(src.resolve(String.format("f%03d", i)), "file " + i + "\n");
            b.file("/data/" + f.getFileName(), 0644, 0, 0, TIME, f, Files.size(f));
        }
        Files.delete(src.resolve("f250"));
        Files.delete(src.resolve("f100"));
        for (int attempt = 0; attempt < 5; attempt++) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> b.write(out.resolve("image"), OPTIONS));
            assertEquals(src.resolve("f100").toString(), e.getFile());
            Ext2ImageLayoutTest.assertOnly(out, List.of());
        }
        Files.writeString(src.resolve("f100"), "file 100\n");
        Files.writeString(src.resolve("f250"), "file 250\n");
        b.write(out.resolve("image"), OPTIONS);
        Ext2Tools.fsckClean(out.resolve("image"));
        assertArrayEquals("file 299\n".getBytes(), Ext2Tools.dump(out.resolve("image"), "/data/f299", tmp));
    }

    @Test
    void e2fsckIsAJudgeThatCanSayNo() throws IOException {
        Path image = write(new Ext2Builder().file("/f", 0644, 0, 0, TIME, "data".getBytes()));
        byte[] good = Files.readAllBytes(image);
        // A wrong free-block count in the superblock: e2fsck -n still exits 0, but asks to fix it.
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(1024 + 12);
            f.write(new byte[] {1, 0, 0, 0});
        }
        assertThrows(AssertionError.class, () -> Ext2Tools.fsckClean(image));
        // A used block left out of the block bitmap (group 0's bitmap is block 2): exit code 4.
        Files.write(image, good);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(2 * 4096 + 4);
            f.write(0);
        }
        Processes.Result r = Processes.run(List.of("e2fsck", "-fn", image.toString()));
        assertEquals(4, r.exitCode(), r.stdout());
    }
}
