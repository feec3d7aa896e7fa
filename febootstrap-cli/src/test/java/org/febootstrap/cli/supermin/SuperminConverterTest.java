package org.febootstrap.cli.supermin;

import static org.febootstrap.cli.supermin.Trees.charDevice;
import static org.febootstrap.cli.supermin.Trees.dir;
import static org.febootstrap.cli.supermin.Trees.file;
import static org.febootstrap.cli.supermin.Trees.symlink;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.febootstrap.core.cpio.NewcHeader;
import org.febootstrap.core.cpio.NewcReader;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.GnuCpio;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** febootstrap-to-supermin on a small root that exercises every rule. */
class SuperminConverterTest {
    @TempDir
    Path tmp;
    Path root;
    Path out;

    /** Every kind of entry the rules tell apart. */
    static void buildRoot(Path root) throws IOException {
        file(root, "init", "#!/bin/sh\n", "rwxr-xr-x");
        file(root, "etc/passwd");
        file(root, "etc/shadow", "root:*:1::::::\n", "rw-r-----");
        symlink(root, "etc/localtime", "/usr/share/zoneinfo/Etc/UTC");
        symlink(root, "etc/alternatives/awk", "/usr/bin/mawk");
        file(root, "etc/libfoo.so.1.2.3"); // under /etc: kept as it is, no wildcard
        dir(root, "dev/pts");
        charDevice(root, "dev/null", 1, 3);
        file(root, "var/lib/state");
        symlink(root, "var/run", "/run");
        // Merged /usr for bin and lib64; /lib a real directory holding modules.
        symlink(root, "bin", "usr/bin");
        symlink(root, "lib64", "usr/lib64");
        file(root, "usr/bin/bash", "ELF", "rwxr-xr-x");
        symlink(root, "usr/bin/sh", "bash");
        file(root, "lib/modules/6.1.0/kernel/ext4.ko");
        file(root, "lib/modules/6.1.0/modules.dep");
        file(root, "lib/libreal.so.3.0.1");
        file(root, "usr/lib/modules/6.1.0/modules.dep");
        file(root, "usr/lib/modules-load.d/x.conf");
        // One file for each version rule, and the names that must not change.
        file(root, "usr/lib64/ld-2.12.so");
        file(root, "usr/lib64/ld-linux-x86-64.so.2");
        file(root, "usr/lib64/libbfd-2.20.51.so");
        file(root, "usr/lib64/libgcc_s-4.4.4-20100630.so.1");
        file(root, "usr/lib64/libntfs-3g.so.75.0.0");
        file(root, "usr/lib/libntfs-3g.so.80"); // rule 4 again, elsewhere: written once per run
        file(root, "usr/lib64/libfoo-1.2.3.so");
        file(root, "usr/lib64/libfoo-1.2.so.4.5");
        file(root, "usr/lib64/libreadline.so.6.1.2");
        file(root, "usr/lib64/libreadline.so.6.1.3"); // same wildcard: one line
        file(root, "usr/lib64/libc.so.6");
        symlink(root, "usr/lib64/libz.so.1", "libz.so.1.2.13");
        file(root, "usr/lib64/libz.so.1.2.13");
        // Directory symlinks, relative and absolute, resolved inside the root (not on the host).
        file(root, "usr/share/man/man1/bash.1.gz");
        symlink(root, "usr/local/man", "../share/man");
        dir(root, "opt/appliance-only");
        symlink(root, "usr/share/abs-dir", "/opt/appliance-only");
        symlink(root, "usr/share/host-only-dir", "/proc/self"); // a directory on the host only
        symlink(root, "usr/share/dangling", "/nonexistent");
        file(root, "usr/etc/not-etc.conf");
        dir(root, "mnt");
        file(root, "README");
        // Ignored.
        file(root, "builddir/BUILD/main.c");
    }

    static final List<String> EXPECTED_HOSTFILES = List.of(
            "./README",
            "./bin",
            "./etc/localtime",
            "./lib",
            "./lib/libreal.so.3.*",
            "./lib64",
            "./mnt",
            "./opt",
            "./opt/appliance-only",
            "./usr",
            "./usr/bin",
            "./usr/bin/bash",
            "./usr/bin/sh",
            "./usr/etc",
            "./usr/etc/not-etc.conf",
            "./usr/lib",
            "./usr/lib/libntfs-3g.so.*", // the first libntfs-3g in byte order; lib64's is not listed
            "./usr/lib/modules-load.d",
            "./usr/lib/modules-load.d/x.conf",
            "./usr/lib64",
            "./usr/lib64/ld-*.so",
            "./usr/lib64/ld-linux-x86-64.so.2",
            "./usr/lib64/libbfd-*.so",
            "./usr/lib64/libc.so.6",
            "./usr/lib64/libfoo-*.so",
            "./usr/lib64/libfoo-*.so.4.*",
            "./usr/lib64/libgcc_s-*.so.1",
            "./usr/lib64/libreadline.so.6.*",
            "./usr/lib64/libz.so.1",
            "./usr/lib64/libz.so.1.*",
            "./usr/local",
            "./usr/local/man",
            "./usr/share",
            "./usr/share/abs-dir",
            "./usr/share/dangling",
            "./usr/share/host-only-dir",
            "./usr/share/man",
            "./usr/share/man/man1",
            "./usr/share/man/man1/bash.1.gz");

    /** In archive order: a walk in byte order of names, parents first. */
    static final List<String> EXPECTED_ENTRIES = List.of(
            "bin",
            "dev",
            "dev/null",
            "dev/pts",
            "etc",
            "etc/alternatives",
            "etc/alternatives/awk",
            "etc/libfoo.so.1.2.3",
            "etc/passwd",
            "etc/shadow",
            "init",
            "lib",
            "lib64",
            "mnt",
            "opt",
            "opt/appliance-only",
            "usr",
            "usr/bin",
            "usr/etc",
            "usr/lib",
            "usr/lib/modules-load.d",
            "usr/lib64",
            "usr/local",
            "usr/local/man",
            "usr/share",
            "usr/share/abs-dir",
            "usr/share/man",
            "usr/share/man/man1",
            "var",
            "var/lib",
            "var/lib/state",
            "var/run");

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Root.runningAsRoot(), "makes device nodes and owners: runs as root (CI does)");
        root = Files.createDirectories(tmp.resolve("root"));
        out = Files.createDirectories(tmp.resolve("out"));
        buildRoot(root);
    }

    private SuperminConverter.Summary convert() throws IOException {
        return SuperminConverter.convert(root, out.resolve("supermin.img"), out.resolve("hostfiles.txt"), -1);
    }

    private List<String> hostfiles() throws IOException {
        return Files.readAllLines(out.resolve("hostfiles.txt"), StandardCharsets.UTF_8);
    }

    private Map<String, NewcHeader> entries() throws IOException {
        Map<String, NewcHeader> byName = new LinkedHashMap<>();
        for (NewcReader.Entry e : NewcReader.readAll(out.resolve("supermin.img"))) {
            byName.put(e.name(), e.header());
        }
        return byName;
    }

    @Test
    void splitsEveryKindOfEntryAs2xDid() throws IOException {
        SuperminConverter.Summary summary = convert();

        assertEquals(EXPECTED_HOSTFILES, hostfiles());
        assertEquals(EXPECTED_ENTRIES, List.copyOf(entries().keySet()));
        assertEquals(EXPECTED_ENTRIES, GnuCpio.list(out.resolve("supermin.img")));
        assertEquals(new SuperminConverter.Summary(EXPECTED_ENTRIES.size(), Files.size(out.resolve("supermin.img")),
                EXPECTED_HOSTFILES.size(), 9), summary);
        assertEquals(0, Files.size(out.resolve("supermin.img")) % 512);
    }

    @Test
    void archiveEntriesCarryTheRootsTypesModesOwnersAndData() throws Exception {
        Files.setAttribute(root.resolve("var/lib/state"), "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(root.resolve("var/lib/state"), "unix:gid", 5678, LinkOption.NOFOLLOW_LINKS);
        convert();
        Map<String, NewcHeader> e = entries();
        for (NewcHeader h : e.values()) {
            if (!h.name().equals("var/lib/state")) {
                assertEquals(0, h.uid(), h.name());
                assertEquals(0, h.gid(), h.name());
            }
        }
        assertEquals(1234, e.get("var/lib/state").uid());
        assertEquals(5678, e.get("var/lib/state").gid());
        assertEquals(FileStat.S_IFREG | 0755, e.get("init").mode());
        assertEquals(FileStat.S_IFREG | 0640, e.get("etc/shadow").mode());
        assertEquals(FileStat.S_IFCHR, e.get("dev/null").type());
        assertEquals(1, e.get("dev/null").rdevMajor());
        assertEquals(3, e.get("dev/null").rdevMinor());
        assertEquals(FileStat.S_IFDIR, e.get("usr/share/man").type());
        assertEquals(FileStat.S_IFLNK, e.get("bin").type());
        assertEquals(FileStat.S_IFLNK, e.get("usr/local/man").type());
        assertEquals(FileStat.S_IFLNK, e.get("usr/share/abs-dir").type());

        Map<String, byte[]> data = new LinkedHashMap<>();
        for (NewcReader.Entry entry : NewcReader.readAll(out.resolve("supermin.img"))) {
            data.put(entry.name(), entry.data());
        }
        assertArrayEquals("usr/bin".getBytes(StandardCharsets.UTF_8), data.get("bin"));
        assertArrayEquals("../share/man".getBytes(StandardCharsets.UTF_8), data.get("usr/local/man"));
        assertArrayEquals("/usr/bin/mawk".getBytes(StandardCharsets.UTF_8), data.get("etc/alternatives/awk"));
        assertArrayEquals(Files.readAllBytes(root.resolve("etc/shadow")), data.get("etc/shadow"));
        assertArrayEquals(Files.readAllBytes(root.resolve("init")), data.get("init"));

        // GNU cpio unpacks exactly the kept tree.
        Path unpacked = tmp.resolve("unpacked");
        GnuCpio.extract(out.resolve("supermin.img"), unpacked);
        assertEquals("root:*:1::::::\n", Files.readString(unpacked.resolve("etc/shadow")));
        assertTrue(Files.isDirectory(unpacked.resolve("usr/share/man/man1")));
        assertEquals(Path.of("../share/man"), Files.readSymbolicLink(unpacked.resolve("usr/local/man")));
        assertFalse(Files.exists(unpacked.resolve("usr/bin/bash")));
        assertFalse(Files.exists(unpacked.resolve("etc/localtime"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void ownershipComesFromFakerootLogWhenTheRootHasOne() throws IOException {
        long dev = ((Number) Files.getAttribute(root.resolve("etc/passwd"), "unix:dev")).longValue();
        long passwd = ((Number) Files.getAttribute(root.resolve("etc/passwd"), "unix:ino")).longValue();
        long usr = ((Number) Files.getAttribute(root.resolve("usr"), "unix:ino")).longValue();
        Files.writeString(root.resolve("fakeroot.log"),
                String.format("dev=%x,ino=%d,mode=100600,uid=42,gid=43,nlink=1,rdev=0%n", dev, passwd)
                + String.format("dev=%x,ino=%d,mode=40700,uid=42,gid=42,nlink=2,rdev=0%n", dev, usr));
        convert();
        Map<String, NewcHeader> e = entries();
        assertEquals(42, e.get("etc/passwd").uid());
        assertEquals(43, e.get("etc/passwd").gid());
        assertEquals(FileStat.S_IFREG | 0600, e.get("etc/passwd").mode());
        assertEquals(42, e.get("usr").uid());
        assertEquals(FileStat.S_IFDIR | 0700, e.get("usr").mode());
        assertEquals(0, e.get("etc/shadow").uid());
        assertFalse(e.containsKey("fakeroot.log"));
        assertEquals(EXPECTED_HOSTFILES, hostfiles());
    }

    @Test
    void sourceDateEpochClampsMtimes() throws IOException {
        SuperminConverter.convert(root, out.resolve("supermin.img"), out.resolve("hostfiles.txt"), 1000);
        for (NewcHeader h : entries().values()) {
            assertTrue(h.mtime() <= 1000, h.name() + " mtime " + h.mtime());
        }
    }

    @Test
    void sameRootGivesTheSameBytes() throws IOException {
        convert();
        byte[] img = Files.readAllBytes(out.resolve("supermin.img"));
        byte[] txt = Files.readAllBytes(out.resolve("hostfiles.txt"));
        convert();
        assertArrayEquals(img, Files.readAllBytes(out.resolve("supermin.img")));
        assertArrayEquals(txt, Files.readAllBytes(out.resolve("hostfiles.txt")));
    }

    @Test
    void outputsWrittenInsideTheRootAreNotPartOfTheAppliance() throws IOException {
        Path img = root.resolve("var/supermin.img");
        Path txt = root.resolve("hostfiles.txt");
        SuperminConverter.convert(root, img, txt, -1);
        byte[] first = Files.readAllBytes(img);
        // Again, now that both outputs exist in the root as well as their temporary files.
        SuperminConverter.convert(root, img, txt, -1);
        assertArrayEquals(first, Files.readAllBytes(img));
        assertEquals(EXPECTED_HOSTFILES, Files.readAllLines(txt));
        List<String> names = NewcReader.readAll(img).stream().map(NewcReader.Entry::name).toList();
        assertEquals(EXPECTED_ENTRIES, names);
    }

    @Test
    void neitherOutputAppearsWhenOneCannotBeWritten() throws IOException {
        Files.writeString(out.resolve("supermin.img"), "old");
        Path missing = tmp.resolve("no-such-dir/hostfiles.txt");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> SuperminConverter.convert(root, out.resolve("supermin.img"), missing, -1));
        assertEquals(tmp.resolve("no-such-dir").toString(), e.getFile());
        assertEquals("old", Files.readString(out.resolve("supermin.img")));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(out.resolve("supermin.img")), s.toList(), "no temporary file is left");
        }
    }

    @Test
    void aMissingRootIsNamed() {
        Path nowhere = tmp.resolve("nowhere");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> SuperminConverter.convert(nowhere, out.resolve("supermin.img"), out.resolve("hostfiles.txt"), -1));
        assertEquals(nowhere.toString(), e.getFile());
        assertFalse(Files.exists(out.resolve("supermin.img")));
    }
}
