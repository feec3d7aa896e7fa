package org.febootstrap.core.cpio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.GnuCpio;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewcWriterTest {
    @TempDir
    Path tmp;

    /** A root with every kind of entry the kernel must see: dirs, files, links, devices, fifo, setuid. */
    private Path sampleRoot() throws IOException {
        Path r = tmp.resolve("root");
        Files.createDirectories(r.resolve("usr/lib/deep/er"));
        Files.createDirectories(r.resolve("etc"));
        Files.createDirectories(r.resolve("dev"));
        Files.createDirectories(r.resolve("empty"));
        Files.writeString(r.resolve("etc/hostname"), "box\n");
        Files.write(r.resolve("usr/lib/deep/er/big"), new byte[300_000]);
        Files.writeString(r.resolve("usr/lib/a"), "hard linked\n");
        Files.createLink(r.resolve("usr/lib/b"), r.resolve("usr/lib/a"));
        Files.createLink(r.resolve("etc/c"), r.resolve("usr/lib/a"));
        Files.createSymbolicLink(r.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(r.resolve("etc/dangling"), Path.of("/nowhere/at/all"));
        Files.writeString(r.resolve("usr/lib/suid"), "#!/bin/sh\n");
        Processes.sh("chmod 4755 '" + r.resolve("usr/lib/suid") + "' && chown 42:43 '" + r.resolve("etc/hostname") + "'")
                .assertSuccess("chmod");
        if (Root.runningAsRoot()) {
            Processes.sh("mknod -m 666 '" + r.resolve("dev/null") + "' c 1 3 && mknod -m 660 '" + r.resolve("dev/sda")
                    + "' b 8 0").assertSuccess("mknod");
        }
        Processes.sh("mkfifo '" + r.resolve("dev/fifo") + "'").assertSuccess("mkfifo");
        return r;
    }

    private Path archive(Path rootDir, Path out, long epoch) throws IOException {
        try (var ch = Files.newByteChannel(out, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            NewcWriter w = new NewcWriter(ch, epoch);
            new RootArchiver(Root.open(rootDir), w).archiveTree();
            w.trailer();
        }
        return out;
    }

    @Test
    void gnuCpioExtractsExactlyTheTree() throws Exception {
        Path r = sampleRoot();
        Path a = archive(r, tmp.resolve("a.cpio"), -1);
        Path x = tmp.resolve("x");
        GnuCpio.extract(a, x);
        assertEquals(TreeSnapshot.of(r, true, List.of()), TreeSnapshot.of(x, true, List.of()));
        assertEquals(0, Files.size(a) % 512, "trailer padded to 512");
    }

    @Test
    void sameRootGivesSameBytes() throws Exception {
        Path r = sampleRoot();
        byte[] one = Files.readAllBytes(archive(r, tmp.resolve("1.cpio"), -1));
        byte[] two = Files.readAllBytes(archive(r, tmp.resolve("2.cpio"), -1));
        assertArrayEquals(one, two);
    }

    @Test
    void hardLinksCarryDataOnceAndInodesAreSequential() throws Exception {
        Path r = sampleRoot();
        List<NewcReader.Entry> entries = NewcReader.readAll(archive(r, tmp.resolve("a.cpio"), -1));
        Set<Long> inodes = new HashSet<>();
        long linkIno = -1;
        int withData = 0;
        for (NewcReader.Entry e : entries) {
            String n = e.name();
            if (n.equals("usr/lib/a") || n.equals("usr/lib/b") || n.equals("etc/c")) {
                if (linkIno < 0) {
                    linkIno = e.header().ino();
                }
                assertEquals(linkIno, e.header().ino(), n);
                assertEquals(3, e.header().nlink());
                if (e.data().length > 0) {
                    withData++;
                }
            } else {
                assertTrue(inodes.add(e.header().ino()), "unique inode for " + n);
            }
        }
        assertEquals(1, withData, "hard-linked data stored once");
        assertFalse(inodes.contains(linkIno));
        long max = inodes.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(entries.size() - 2, max, "inodes numbered 1..N");
    }

    @Test
    void parentsComeBeforeChildren() throws Exception {
        Path r = sampleRoot();
        List<NewcReader.Entry> entries = NewcReader.readAll(archive(r, tmp.resolve("a.cpio"), -1));
        Set<String> seen = new HashSet<>();
        for (NewcReader.Entry e : entries) {
            String n = e.name();
            int slash = n.lastIndexOf('/');
            if (slash > 0) {
                assertTrue(seen.contains(n.substring(0, slash)), "parent of " + n + " came first");
            }
            seen.add(n);
        }
    }

    @Test
    void listedPathsGetTheirParentsEvenThroughSymlinks() throws Exception {
        Path r = sampleRoot();
        Path a = tmp.resolve("a.cpio");
        try (var ch = Files.newByteChannel(a, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            NewcWriter w = new NewcWriter(ch, -1);
            new RootArchiver(Root.open(r), w).archivePaths(List.of("./lib/deep/er/big", "/etc/hostname"));
            w.trailer();
        }
        List<String> names = NewcReader.readAll(a).stream().map(NewcReader.Entry::name).toList();
        assertEquals(List.of("usr", "usr/lib", "lib", "lib/deep", "lib/deep/er", "lib/deep/er/big", "etc", "etc/hostname"), names);
        Path x = tmp.resolve("x");
        GnuCpio.extract(a, x);
        assertTrue(Files.isSymbolicLink(x.resolve("lib")));
        assertEquals(300_000, Files.size(x.resolve("usr/lib/deep/er/big")));
    }

    @Test
    void sourceDateEpochClampsMtimes() throws Exception {
        Path r = sampleRoot();
        for (NewcReader.Entry e : NewcReader.readAll(archive(r, tmp.resolve("a.cpio"), 1000))) {
            assertTrue(e.header().mtime() <= 1000, e.name());
        }
        assertEquals(1234L, NewcWriter.sourceDateEpoch(Map.of("SOURCE_DATE_EPOCH", "1234")));
        assertEquals(-1L, NewcWriter.sourceDateEpoch(Map.of()));
        assertThrows(IOException.class, () -> NewcWriter.sourceDateEpoch(Map.of("SOURCE_DATE_EPOCH", "yesterday")));
    }

    @Test
    void refusesFilesOf4GiBAndFieldsBeyond32Bits() throws Exception {
        Path big = tmp.resolve("big");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 32); // sparse
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NewcWriter w = new NewcWriter(Channels.newChannel(out), -1);
        CpioLimitException e = assertThrows(CpioLimitException.class, () -> w.file("big", FileStat.of(big), big));
        assertTrue(e.getMessage().contains(big.toString()) && e.getMessage().contains("4 GiB"), e.getMessage());
        FileStat hugeUid = new FileStat(FileStat.S_IFREG | 0644, 1L << 33, 0, 0, 0, 0, 0, 0, 1);
        CpioLimitException u = assertThrows(CpioLimitException.class, () -> w.file("f", hugeUid, new byte[0]));
        assertTrue(u.getMessage().contains("uid"), u.getMessage());
    }

    @Test
    void commonsCompressReadsOurArchiveToo() throws Exception {
        Path r = sampleRoot();
        Path a = archive(r, tmp.resolve("a.cpio"), -1);
        List<String> names = new ArrayList<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(Files.newInputStream(a))) {
            CpioArchiveEntry e;
            while ((e = in.getNextCPIOEntry()) != null) {
                names.add(e.getName());
                if (e.getName().equals("etc/hostname")) {
                    assertEquals("box\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    assertEquals(42, e.getUID());
                    assertEquals(43, e.getGID());
                }
                if (e.getName().equals("dev/null")) {
                    assertEquals(1, e.getRemoteDeviceMaj());
                    assertEquals(3, e.getRemoteDeviceMin());
                }
            }
        }
        assertTrue(names.contains("etc/hostname"));
        assertNotEquals(0, names.size());
    }
}
