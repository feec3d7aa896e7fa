package org.febootstrap.core.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewcReaderTest {
    @TempDir
    Path tmp;

    private static byte[] archive(Compression c, String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.wrap(bytes)) {
            NewcWriter w = new NewcWriter(Channels.newChannel(out), -1);
            for (String n : names) {
                w.file(n, new FileStat(FileStat.S_IFREG | 0644, 0, 0, 0, 0, 0, 0, 0, 1),
                        ("data of " + n).getBytes(StandardCharsets.UTF_8));
            }
            w.trailer();
        }
        return bytes.toByteArray();
    }

    @Test
    void readsConcatenatedPlainGzipAndXzSegmentsWithPadding() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(archive(Compression.NONE, "a/one"));
        all.write(archive(Compression.GZIP, "b/two", "b/three"));
        all.write(new byte[512]);
        all.write(archive(Compression.XZ, "c/four"));
        all.write(new byte[4]);
        all.write(archive(Compression.NONE, "d/five"));
        Path f = tmp.resolve("multi.img");
        Files.write(f, all.toByteArray());
        List<NewcReader.Entry> entries = NewcReader.readAll(f);
        assertEquals(List.of("a", "a/one", "b", "b/two", "b/three", "c", "c/four", "d", "d/five"),
                entries.stream().map(NewcReader.Entry::name).toList());
        assertEquals("data of c/four", new String(entries.get(6).data(), StandardCharsets.UTF_8));
    }

    @Test
    void ourXzIsWhatTheKernelAccepts() throws Exception {
        Processes.requireProgram("xz");
        Path f = tmp.resolve("a.xz");
        Files.write(f, archive(Compression.XZ, "x"));
        Processes.Result r = Processes.run(List.of("xz", "--robot", "--list", f.toString())).assertSuccess("xz --list");
        assertTrue(r.stdout().contains("CRC32"), r.stdout());
        assertTrue(!r.stdout().contains("CRC64"), r.stdout());
    }

    @Test
    void readsWhatGnuCpioWrites() throws Exception {
        Processes.requireProgram("cpio");
        Path d = tmp.resolve("d");
        Files.createDirectories(d.resolve("sub"));
        Files.writeString(d.resolve("sub/file"), "hello");
        Path a = tmp.resolve("gnu.cpio");
        Processes.run(List.of("bash", "-c", "cd '" + d + "' && find . | LC_ALL=C sort | cpio -o -H newc --quiet > '" + a + "'"))
                .assertSuccess("cpio -o");
        List<NewcReader.Entry> e = NewcReader.readAll(a);
        assertEquals(List.of(".", "sub", "sub/file"), e.stream().map(NewcReader.Entry::name).toList());
        assertEquals("hello", new String(e.get(2).data(), StandardCharsets.UTF_8));
    }

    @Test
    void garbageAndTruncationAreClearErrors() throws Exception {
        Path junk = tmp.resolve("junk");
        Files.writeString(junk, "this is not an archive");
        IOException e = assertThrows(IOException.class, () -> NewcReader.readAll(junk));
        assertTrue(e.getMessage().startsWith(junk + ": not a newc cpio archive"), e.getMessage());
        byte[] full = archive(Compression.NONE, "abc/def");
        Path cut = tmp.resolve("cut");
        Files.write(cut, java.util.Arrays.copyOf(full, 150));
        IOException t = assertThrows(IOException.class, () -> NewcReader.readAll(cut));
        assertTrue(t.getMessage().contains(cut.toString()), t.getMessage());
    }
}
