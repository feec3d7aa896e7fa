package org.febootstrap.core.ext2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The image as a whole: an empty filesystem, features and superblock fields, fitted and given
 * sizes (with backup superblocks e2fsck accepts), sparseness, byte-for-byte reproducibility.
 */
class Ext2ImageLayoutTest {
    private static final UUID UUID_1 = UUID.fromString("6f1c2a4e-0b7d-4f2e-9a55-3c8e1d2b4a61");
    private static final long TIME = 1_700_000_000L;

    @TempDir Path tmp;

    @ParameterizedTest(name = "{0}-byte blocks, {1}-byte inodes")
    @CsvSource({"1024, 128", "1024, 256", "2048, 256", "4096, 128", "4096, 256"})
    void emptyImageIsCleanAndHasOnlyLostAndFound(int blockSize, int inodeSize) {
        Path image = tmp.resolve("empty");
        write(new Ext2Builder(), image, Ext2Options.of(UUID_1, TIME).withBlockSize(blockSize).withInodeSize(inodeSize)
                .withVolumeLabel("appliance"));
        Ext2Tools.fsckClean(image);
        assertEquals("/2/040755/0/0/.//\n/2/040755/0/0/..//\n/11/040700/0/0/lost+found//\n",
                Ext2Tools.debugfs(image, "ls -p /").replaceAll("\n+", "\n").stripLeading());
        String stats = Ext2Tools.debugfs(image, "stats");
        assertTrue(stats.contains("Filesystem features:      filetype sparse_super large_file\n"), stats);
        assertTrue(stats.contains("Filesystem UUID:          " + UUID_1 + "\n"), stats);
        assertTrue(stats.contains("Filesystem volume name:   appliance\n"), stats);
        assertTrue(stats.contains("Filesystem revision #:    1 (dynamic)\n"), stats);
        assertTrue(stats.contains("Inode size:\t          " + inodeSize + "\n"), stats);
        assertTrue(stats.contains("Block size:               " + blockSize + "\n"), stats);
        assertTrue(stats.contains("First inode:              11\n"), stats);
        assertTrue(stats.contains("Filesystem state:         clean\n"), stats);
        assertTrue(stats.contains("Maximum mount count:      -1\n"), stats);
        assertTrue(stats.contains("Reserved block count:     0\n"), stats);
        assertTrue(stats.contains("Last write time:          Tue Nov 14 22:13:20 2023\n"), stats);
        assertTrue(stats.contains("Free inodes:              "), stats);
        // Fitted: the content plus 16 MiB (and 10%), in whole MiB.
        long length = size(image);
        assertEquals(0, length % (1 << 20));
        assertTrue(length >= 16 << 20 && length <= 20 << 20, "fitted size " + length);
    }

    @Test
    void givenSizeSpansGroupsWithBackupSuperblocksE2fsckAccepts() throws IOException {
        Path image = tmp.resolve("sized");
        long size = 600L << 20; // 4 KiB blocks: 5 groups, backups in groups 1 and 3
        Ext2Builder b = new Ext2Builder();
        byte[] data = new byte[3 << 20];
        new Random(3).nextBytes(data);
        b.file("/data", 0644, 0, 0, TIME, data);
        write(b, image, Ext2Options.of(UUID_1, TIME).withSizeBytes(size));
        assertEquals(size, size(image));
        Ext2Tools.fsckClean(image);
        String stats = Ext2Tools.debugfs(image, "stats");
        assertTrue(stats.contains("Block count:              153600\n"), stats);
        assertTrue(stats.contains("Inode count:              38400\n"), stats); // one per 16 KiB
        assertTrue(stats.contains("Group  4: block bitmap at 131072"), stats); // group 4: no backup
        for (long backup : new long[] {32768, 98304}) {
            Processes.Result r = Processes.run(List.of("e2fsck", "-fn", "-b", Long.toString(backup), "-B", "4096", image.toString()));
            assertEquals(0, r.exitCode(), () -> "backup superblock " + backup + ":\n" + r.stdout() + r.stderr());
        }
        assertEquals(-1, Files.mismatch(Files.write(tmp.resolve("expected"), data),
                Files.write(tmp.resolve("got"), Ext2Tools.dump(image, "/data", tmp))));
    }

    @Test
    void sizeTooSmallIsRefusedWithTheSizeNeeded() throws IOException {
        Path image = tmp.resolve("small");
        Ext2Builder b = new Ext2Builder().file("/five-mib", 0644, 0, 0, TIME, new byte[5 << 20]);
        Ext2LimitException e = assertThrows(Ext2LimitException.class,
                () -> b.write(image, Ext2Options.of(UUID_1, TIME).withSizeBytes(4 << 20)));
        assertEquals(image.toString(), e.getFile());
        assertTrue(e.getReason().matches("appliance does not fit in 4194304 bytes: needs \\d+"), e.getReason());
        assertOnly(tmp, List.of());
        long needed = Long.parseLong(e.getReason().replaceAll(".*needs ", ""));
        assertTrue(needed > 5 << 20 && needed <= 8 << 20, "needs " + needed);
        b.write(image, Ext2Options.of(UUID_1, TIME).withSizeBytes(needed));
        Ext2Tools.fsckClean(image);
        // A size with a tail too small for a group of its own: the tail is left unused, as mke2fs does.
        long odd = 128L * 1024 * 1024 + 8 * 4096;
        b.write(image, Ext2Options.of(UUID_1, TIME).withSizeBytes(odd));
        assertEquals(odd, size(image));
        Ext2Tools.fsckClean(image);
        assertTrue(Ext2Tools.debugfs(image, "stats").contains("Block count:              32768\n"));
    }

    @Test
    void imageIsSparse() throws IOException {
        Path image = tmp.resolve("sparse");
        Ext2Builder b = new Ext2Builder().file("/hello", 0644, 0, 0, TIME, "hello\n".getBytes());
        write(b, image, Ext2Options.of(UUID_1, TIME).withSizeBytes(1L << 30));
        Ext2Tools.fsckClean(image);
        assertEquals(1L << 30, size(image));
        long allocated = allocatedBytes(image);
        assertTrue(allocated < 2 << 20, "a nearly empty 1 GiB image allocates " + allocated + " bytes");
    }

    @Test
    void zeroBlocksOfLargeFilesStayHolesAndReadBackAsZeros() throws IOException {
        Path src = tmp.resolve("mostly-zeros");
        byte[] data = new byte[(int) DataCopier.SCAN_FOR_ZEROS + (12 << 20) + 100];
        Random r = new Random(5);
        for (int i = 0; i < 1 << 20; i++) {
            data[i] = (byte) r.nextInt();
        }
        data[(10 << 20) + 7] = 1; // one byte alone in its block
        for (int i = data.length - 100; i < data.length; i++) {
            data[i] = (byte) r.nextInt();
        }
        Files.write(src, data);
        Path image = tmp.resolve("image");
        write(new Ext2Builder().file("/f", 0644, 0, 0, TIME, src, data.length), image, Ext2Options.of(UUID_1, TIME));
        Ext2Tools.fsckClean(image);
        assertEquals(-1, Files.mismatch(src, Files.write(tmp.resolve("dumped"), Ext2Tools.dump(image, "/f", tmp))));
        long allocated = allocatedBytes(image);
        assertTrue(allocated < 3 << 20, "a 20 MiB file of 1 MiB data allocates " + allocated + " bytes of image");
    }

    @Test
    void sameEntriesAndOptionsGiveTheSameBytesWhateverTheOrderOfAdding() throws IOException {
        Path src = Files.writeString(tmp.resolve("source"), "from a file\n".repeat(2000));
        Ext2Builder first = new Ext2Builder();
        first.directory("/etc", 0755, 0, 0, TIME - 5);
        first.file("/etc/passwd", 0644, 0, 0, TIME - 3, "root:x:0:0::/root:/bin/sh\n".getBytes());
        first.file("/usr/bin/tool", 0755, 0, 0, TIME - 2, src, Files.size(src));
        first.symlink("/bin", 0777, 0, 0, TIME - 1, "usr/bin");
        first.hardLink("/usr/bin/tool2", "/usr/bin/tool");
        first.device("/dev/null", 0020666, 0, 0, TIME, 1, 3);

        Ext2Builder second = new Ext2Builder();
        second.device("/dev/null", 0020666, 0, 0, TIME, 1, 3);
        second.file("/usr/bin/tool", 0755, 0, 0, TIME - 2, src, Files.size(src));
        second.symlink("/bin", 0777, 0, 0, TIME - 1, "usr/bin");
        second.file("/etc/passwd", 0600, 9, 9, 0, "replaced below".getBytes());
        second.hardLink("/usr/bin/tool2", "/usr/bin/tool");
        second.file("/etc/passwd", 0644, 0, 0, TIME - 3, "root:x:0:0::/root:/bin/sh\n".getBytes());
        second.directory("/etc", 0755, 0, 0, TIME - 5);

        Ext2Options options = Ext2Options.of(UUID_1, TIME);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        write(first, a, options);
        write(second, b, options);
        write(first, c, options);
        Ext2Tools.fsckClean(a);
        assertEquals(-1, Files.mismatch(a, b), "same entries added in another order");
        assertEquals(-1, Files.mismatch(a, c), "the same builder written twice");
        Path d = tmp.resolve("d");
        write(first, d, Ext2Options.of(UUID.fromString("00000000-0000-0000-0000-000000000001"), TIME));
        assertTrue(Files.mismatch(a, d) >= 0, "another UUID makes another image");
    }

    @Test
    void geometryPutsBackupsInGroupsZeroOneAndPowersOfThreeFiveSeven() {
        List<Integer> backups = Stream.iterate(0, i -> i + 1).limit(130)
                .filter(Geometry::hasSuperblock).toList();
        assertEquals(List.of(0, 1, 3, 5, 7, 9, 25, 27, 49, 81, 125), backups);
        assertFalse(Geometry.hasSuperblock(2));
    }

    @Test
    void readersThatJoinWhenTheSourcesComeFromTheDiskWriteTheSameImage() throws IOException {
        // 400 source files (about 14 MB): copied by the usual threads, then with any copying
        // counted as slow every 64 KB, so that the readers join as they would when the sources
        // come from the disk. The images must be the same bytes.
        Random r = new Random(11);
        Ext2Builder b = new Ext2Builder();
        for (int i = 0; i < 400; i++) {
            byte[] data = new byte[i % 7 == 0 ? 200_000 + i : 1 + r.nextInt(40_000)];
            r.nextBytes(data);
            Path src = tmp.resolve("src-" + i);
            Files.write(src, data);
            b.file("/d" + (i % 9) + "/f" + i, 0644, 0, 0, TIME, src, data.length);
        }
        Path plain = tmp.resolve("plain");
        write(b, plain, Ext2Options.of(UUID_1, TIME));
        long rate = DataCopier.coldBytesPerSecond;
        long window = DataCopier.probeWindow;
        DataCopier.coldBytesPerSecond = Long.MAX_VALUE;
        DataCopier.probeWindow = 64 * 1024;
        Path withReaders = tmp.resolve("readers");
        try {
            write(b, withReaders, Ext2Options.of(UUID_1, TIME));
        } finally {
            DataCopier.coldBytesPerSecond = rate;
            DataCopier.probeWindow = window;
        }
        Ext2Tools.fsckClean(withReaders);
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(withReaders));
    }

    static void write(Ext2Builder b, Path image, Ext2Options o) {
        try {
            b.write(image, o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long allocatedBytes(Path p) {
        Processes.Result r = Processes.run(List.of("stat", "-c", "%b %B", p.toString())).assertSuccess("stat");
        String[] f = r.stdout().strip().split(" ");
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    /** The directory holds exactly these names (no temporary files left behind). */
    static void assertOnly(Path dir, List<String> names) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(names, s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
