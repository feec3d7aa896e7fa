package org.febootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.febootstrap.core.cpio.NewcReader;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.testing.GnuCpio;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.Qemu;
import org.febootstrap.core.testing.TinyRoot;
import org.febootstrap.core.testing.TreeSnapshot;
import org.febootstrap.core.testing.Unprivileged;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToInitramfsTest {
    @TempDir
    Path tmp;

    private CommandHarness.Outcome run(Path stdout, String... args) {
        return CommandHarness.run(ToInitramfs.NAME, new ToInitramfs(), Map.of(), stdout, args);
    }

    @Tag("slow")
    @ParameterizedTest(name = "boots under qemu with --compress={0}")
    @ValueSource(strings = {"gzip", "xz"})
    void bootsUnderQemu(String compression) throws Exception {
        Path kernel = Qemu.hostKernel();
        Path root = TinyRoot.create(tmp.resolve("root"), "TO-INITRAMFS-MARKER-" + compression);
        Path initrd = tmp.resolve("initrd.img");
        CommandHarness.Outcome o = run(null, "--compress=" + compression, "-o", initrd.toString(), root.toString());
        assertEquals(0, o.exit(), o.stderr());
        assertEquals("", o.stderr());
        Qemu.Boot boot = Qemu.boot(kernel, initrd);
        assertTrue(boot.printed("TO-INITRAMFS-MARKER-" + compression), boot.console());
    }

    @Test
    void stdoutArchiveExtractsToTheSameTree() throws Exception {
        Path root = TinyRoot.create(tmp.resolve("root"), "m");
        Files.createLink(root.resolve("bin/busybox2"), root.resolve("bin/busybox"));
        Path img = tmp.resolve("out.img");
        CommandHarness.Outcome o = run(img, "--nocompress", root.toString());
        assertEquals(0, o.exit(), o.stderr());
        Path x = tmp.resolve("x");
        GnuCpio.extract(img, x);
        assertEquals(TreeSnapshot.of(root, true, List.of()), TreeSnapshot.of(x, true, List.of()));
        // Reproducible: same root, same bytes (gzip header mtime is 0).
        Path a = tmp.resolve("a.gz");
        Path b = tmp.resolve("b.gz");
        run(a, root.toString());
        run(b, root.toString());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void filesListTakesTheNamedPathsAndTheirParents() throws Exception {
        Path root = TinyRoot.create(tmp.resolve("root"), "m");
        Path list = tmp.resolve("list");
        Files.writeString(list, "./init\nbin/busybox\n/etc/hostname\n");
        Path img = tmp.resolve("out.img");
        assertEquals(0, run(null, "--files=" + list, "--compress", "none", "-o", img.toString(), root.toString()).exit());
        assertEquals(List.of("init", "bin", "bin/busybox", "etc", "etc/hostname"),
                NewcReader.readAll(img).stream().map(NewcReader.Entry::name).toList());
    }

    @Test
    void missingListedFileIsAnErrorAndNoOutputAppears() throws Exception {
        Path root = TinyRoot.create(tmp.resolve("root"), "m");
        Path list = tmp.resolve("list");
        Files.writeString(list, "init\nusr/bin/not-there\n");
        Path img = tmp.resolve("out.img");
        CommandHarness.Outcome o = run(null, "--files", list.toString(), "-o", img.toString(), root.toString());
        assertEquals(1, o.exit());
        assertEquals(ToInitramfs.NAME + ": " + root.toRealPath().resolve("usr/bin/not-there")
                + ": listed in --files but not in the root\n", o.stderr());
        assertOnlyFiles(tmp, "list", "root");
    }

    @Test
    void fakerootLogRootGivesRootOwnedFilesAndIsNotArchived() throws Exception {
        Path root = TinyRoot.create(tmp.resolve("root"), "m");
        Processes.run(List.of("chown", "-R", "1234:1234", root.toString())).assertSuccess("chown");
        FileStat init = FileStat.of(root.resolve("init"));
        Files.writeString(root.resolve("fakeroot.log"), "dev=" + Long.toHexString(init.dev()) + ",ino=" + init.ino()
                + ",mode=104711,uid=42,gid=43,nlink=1,rdev=0\n");
        Path img = tmp.resolve("out.img");
        assertEquals(0, run(img, "--nocompress", root.toString()).exit());
        for (NewcReader.Entry e : NewcReader.readAll(img)) {
            assertFalse(e.name().equals("fakeroot.log"));
            if (e.name().equals("init")) {
                assertEquals(42, e.header().uid());
                assertEquals(43, e.header().gid());
                assertEquals(0104711, e.header().mode());
            } else {
                assertEquals(0, e.header().uid(), e.name());
            }
        }
    }

    @Test
    void badInputIsOneClearLine() throws Exception {
        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        CommandHarness.Outcome missing = run(null, "-o", tmp.resolve("i").toString(), tmp.resolve("nope").toString());
        assertEquals(1, missing.exit());
        assertEquals(ToInitramfs.NAME + ": " + tmp.resolve("nope") + ": No such file or directory\n", missing.stderr());
        CommandHarness.Outcome notDir = run(null, "-o", tmp.resolve("i").toString(), file.toString());
        assertEquals(ToInitramfs.NAME + ": " + file + ": Not a directory\n", notDir.stderr());
        Path root = TinyRoot.create(tmp.resolve("root"), "m");
        CommandHarness.Outcome noOutDir = run(null, "-o", tmp.resolve("no/dir/initrd").toString(), root.toString());
        assertEquals(1, noOutDir.exit());
        assertEquals(ToInitramfs.NAME + ": " + tmp.resolve("no/dir") + ": output directory does not exist\n", noOutDir.stderr());
        CommandHarness.Outcome corrupt;
        Files.writeString(root.resolve("fakeroot.log"), "garbage\n");
        corrupt = run(null, "-o", tmp.resolve("i").toString(), root.toString());
        assertEquals(ToInitramfs.NAME + ": " + root.toRealPath().resolve("fakeroot.log")
                + ":1: corrupt fakeroot save-file line: garbage\n", corrupt.stderr());
        assertEquals(2, run(null, "--compress=lz4", root.toString()).exit());
        assertEquals(2, run(null).exit());
        assertOnlyFiles(tmp, "file", "root");
    }

    @Test
    void unreadableFileFailsCleanlyForAnUnprivilegedUser() throws Exception {
        Unprivileged.require();
        Path base = Unprivileged.ownedDirectory("fb-unreadable-");
        Path root = TinyRoot.create(base.resolve("root"), "m");
        Processes.run(List.of("chown", "-R", Unprivileged.USER + ":", root.toString())).assertSuccess("chown");
        Path secret = root.resolve("etc/secret");
        Files.writeString(secret, "x");
        Processes.run(List.of("chmod", "000", secret.toString())).assertSuccess("chmod");
        Path out = base.resolve("initrd.img");
        Processes.Result r = Unprivileged.runMain(ToInitramfs.class.getName(), List.of("-o", out.toString(), root.toString()), base);
        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals(ToInitramfs.NAME + ": " + secret + ": Permission denied\n", r.stderr());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(base)) {
            assertEquals(List.of(root), s.toList(), "no temp file left");
        }
    }

    @Tag("slow")
    @Test
    void diskFullLeavesNoPartialOutput() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.febootstrap.core.root.Root.runningAsRoot(), "mount needs root");
        Path root = TinyRoot.create(tmp.resolve("root"), "m");
        Path small = Files.createDirectories(tmp.resolve("small"));
        Processes.run(List.of("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", small.toString())).assertSuccess("mount");
        try {
            CommandHarness.Outcome o = run(null, "--nocompress", "-o", small.resolve("initrd.img").toString(), root.toString());
            assertEquals(1, o.exit());
            assertEquals(ToInitramfs.NAME + ": " + small.resolve("initrd.img") + ": No space left on device\n", o.stderr());
            try (Stream<Path> s = Files.list(small)) {
                assertEquals(0, s.count(), "no partial output or temp file");
            }
        } finally {
            Processes.run(List.of("umount", small.toString()));
        }
    }

    private static void assertOnlyFiles(Path dir, String... names) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(names), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
