package org.febootstrap.core.ext2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file past 4 GiB: its size needs i_size_high (RO_COMPAT_LARGE_FILE) and its blocks the
 * triple-indirect map with 4 KiB blocks' double-indirect range exceeded. The source is sparse,
 * so the image stays sparse too (zero blocks are not written) and the test stays quick.
 */
@Tag("slow")
class Ext2LargeFileTest {
    /** Past 12 + 1024 + 1024² blocks of 4 KiB: the last ones hang off the triple-indirect block. */
    private static final long SIZE = (4L << 30) + (8L << 20) + 5000;
    private static final long[] MARKS = {0, 48 * 1024, 4L << 20, 1L << 30, 3L << 30, (4L << 30) - 3, (4L << 30) + (6L << 20), SIZE - 20};

    @TempDir Path tmp;

    @Test
    void fileOfMoreThan4GiBReadsBackThroughTheKernel() throws IOException {
        Path src = tmp.resolve("big");
        try (RandomAccessFile f = new RandomAccessFile(src.toFile(), "rw")) {
            f.setLength(SIZE);
            for (long at : MARKS) {
                f.seek(at);
                f.write(mark(at));
            }
        }
        Path image = tmp.resolve("image");
        new Ext2Builder().file("/big", 0644, 0, 0, 1_700_000_000L, src, SIZE)
                .write(image, Ext2Options.of(UUID.randomUUID(), 1_700_000_000L));
        Ext2Tools.fsckClean(image);
        String stat = Ext2Tools.debugfs(image, "stat /big");
        assertTrue(stat.contains("Size: " + SIZE + "\n"), stat);
        assertTrue(stat.contains("(TIND):"), stat);
        assertTrue(Ext2ImageLayoutTest.allocatedBytes(image) < 64 << 20, "image stays sparse");

        assumeTrue(Root.runningAsRoot(), "loop mounting needs root");
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        Processes.Result mount = Processes.run(List.of("mount", "-t", "ext2", "-o", "loop,ro", image.toString(), mnt.toString()));
        assumeTrue(mount.exitCode() == 0, "loop mounting does not work here: " + mount.stderr());
        try {
            Path big = mnt.resolve("big");
            assertEquals(SIZE, Files.size(big));
            try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "r")) {
                for (long at : MARKS) {
                    byte[] expected = mark(at);
                    byte[] got = new byte[expected.length];
                    f.seek(at);
                    f.readFully(got);
                    assertEquals(new String(expected), new String(got), "at " + at);
                }
                byte[] zeros = new byte[4096];
                f.seek(2L << 30);
                f.readFully(zeros);
                assertEquals(-1, java.util.Arrays.mismatch(zeros, new byte[4096]));
            }
        } finally {
            if (Processes.run(List.of("umount", mnt.toString())).exitCode() != 0) {
                Processes.run(List.of("umount", "-l", mnt.toString())).assertSuccess("umount -l");
            }
        }
    }

    private static byte[] mark(long at) {
        return ("@" + at + ";").getBytes();
    }
}
