package org.febootstrap.core.cpio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.GnuCpio;
import org.febootstrap.core.testing.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File data: sizes around the writer's buffer limits, where it comes from, and its checks. */
class NewcWriterFileDataTest {
    @TempDir
    Path tmp;

    private Path root() throws IOException {
        Path r = tmp.resolve("root");
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            // Sizes around the small-file limit and the buffer size, and empty files.
            int size = switch (i % 6) {
                case 0 -> 0;
                case 1 -> random.nextInt(100);
                case 2 -> 64 * 1024 - 1 + random.nextInt(3);
                case 3 -> 256 * 1024 + random.nextInt(1000);
                case 4 -> random.nextInt(20_000);
                default -> 1 << 20;
            };
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path f = r.resolve("d" + (i % 7) + "/f" + i);
            Files.createDirectories(f.getParent());
            Files.write(f, data);
        }
        Files.createLink(r.resolve("d0/hardlink"), r.resolve("d3/f3"));
        Files.createSymbolicLink(r.resolve("lib"), Path.of("d1"));
        return r;
    }

    private static void archive(Path root, NewcWriter w) throws IOException {
        new RootArchiver(Root.open(root), w).archiveTree();
        w.trailer();
    }

    @Test
    void aFileAfterOtherDataGetsTheSameBytesAsAStreamAndUnpacksExactly() throws Exception {
        Path r = root();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        archive(r, new NewcWriter(Channels.newChannel(plain), -1));
        Path file = tmp.resolve("archive.cpio");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // Something before the archive, as the helper's skeletons.
            ch.write(java.nio.ByteBuffer.wrap(new byte[512]));
            NewcWriter w = new NewcWriter(ch, -1);
            archive(r, w);
            assertEquals(plain.size(), w.bytesWritten());
            assertEquals(512 + plain.size(), ch.size(), "everything is written when trailer() returns");
        }
        byte[] got = Files.readAllBytes(file);
        assertArrayEquals(plain.toByteArray(), java.util.Arrays.copyOfRange(got, 512, got.length));
        Path archiveOnly = tmp.resolve("a.cpio");
        Files.write(archiveOnly, java.util.Arrays.copyOfRange(got, 512, got.length));
        Path out = tmp.resolve("out");
        GnuCpio.extract(archiveOnly, out);
        assertEquals(TreeSnapshot.of(r, true, List.of()), TreeSnapshot.of(out, true, List.of()));
    }

    @Test
    void aFileThatCannotBeOpenedLeavesTheArchiveAsItWas() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NewcWriter w = new NewcWriter(Channels.newChannel(out), -1);
        w.file("a/one", new FileStat(FileStat.S_IFREG | 0644, 0, 0, 1, 0, 0, 0, 0, 1), new byte[] {1});
        long before = w.bytesWritten();
        long entries = w.entryCount();
        FileStat st = new FileStat(FileStat.S_IFREG | 0644, 0, 0, 10, 0, 0, 0, 0, 1);
        assertThrows(NoSuchFileException.class, () -> w.file("b/gone", st, tmp.resolve("gone")));
        assertEquals(before, w.bytesWritten());
        assertEquals(entries, w.entryCount());
        assertTrue(!w.hasDirectory("b"), "not even its directory");
        w.trailer();
    }

    @Test
    void aFileWhoseSizeIsNotTheStatedOneIsAnError() throws Exception {
        for (int real : new int[] {100, 200_000}) {
            Path f = tmp.resolve("f" + real);
            Files.write(f, new byte[real]);
            for (int stated : new int[] {real - 1, real + 1}) {
                Path file = tmp.resolve("x.cpio");
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    NewcWriter w = new NewcWriter(ch, -1);
                    FileStat st = new FileStat(FileStat.S_IFREG | 0644, 0, 0, stated, 0, 0, 0, 0, 1);
                    IOException e = assertThrows(IOException.class, () -> {
                        w.file("f", st, f);
                        w.trailer();
                    });
                    assertTrue(e.getMessage().startsWith(f + ": file changed size while being archived"),
                            real + "/" + stated + ": " + e.getMessage());
                }
            }
        }
    }

    @Test
    void aDirectoryAssumedToExistGetsNoEntry() throws Exception {
        Path out = tmp.resolve("out.cpio");
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            NewcWriter w = new NewcWriter(ch, -1);
            w.assumeDirectory("etc");
            w.file("etc/b", new FileStat(FileStat.S_IFREG | 0644, 0, 0, 2, 0, 0, 0, 0, 1), new byte[] {4, 5});
            w.trailer();
        }
        List<String> names = new java.util.ArrayList<>();
        for (NewcReader.Entry e : NewcReader.readAll(out)) {
            names.add(e.name());
        }
        assertEquals(List.of("etc/b"), names, "no etc entry: an earlier archive made it");
    }
}
