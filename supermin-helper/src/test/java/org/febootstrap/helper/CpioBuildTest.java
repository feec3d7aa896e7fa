package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.febootstrap.core.cpio.NewcReader;
import org.febootstrap.core.host.Arch;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.KernelChooser;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.testing.CpioSegments;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.TreeSnapshot;
import org.febootstrap.core.testing.Unprivileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -f cpio against the real host: GNU cpio and a replay of the kernel's unpacking judge the result. */
class CpioBuildTest {
    @TempDir
    Path tmp;

    private static Kernel hostKernel() throws IOException {
        return new KernelChooser(Path.of("/"), Arch.host(), Map.of()).choose();
    }

    private static List<String> args(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            out.add(p.toString());
        }
        return out;
    }

    @Test
    void skeletonHostFilesAndModulesUnpackIntoTheExpectedTree() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko", "virtio_blk.ko");
        HelperRunner.run(args("-k", kmods, a.skeleton, a.hostfiles, "x86_64", a.kernel(), a.initrd()))
                .assertSuccess();

        Kernel k = hostKernel();
        assertEquals(k.image().toAbsolutePath(), Files.readSymbolicLink(a.kernel()));
        // Every entry's directory exists when the kernel reaches it (lib -> usr/lib on this host).
        List<String> names = KernelUnpack.replay(a.initrd());
        String mods = "lib/modules/" + k.version() + "/";
        for (String m : List.of("kernel/lib/crc7.ko", "kernel/drivers/block/virtio_blk.ko",
                "kernel/drivers/virtio/virtio.ko", "kernel/drivers/virtio/virtio_ring.ko", "modules.dep",
                "modules.dep.bin", "modules.alias")) {
            assertTrue(names.contains(mods + m), mods + m + " in " + names);
        }
        assertFalse(names.contains(mods + "kernel/fs/ext4/ext4.ko"), "only the -k modules and their dependencies");
        assertEquals(2, CpioSegments.ranges(a.initrd()).size(), "the skeleton verbatim, then our segment");

        Path unpacked = tmp.resolve("unpacked");
        CpioSegments.extractAll(a.initrd(), unpacked);
        // The appliance's own files are exactly the TinyRoot (whose busybox is this host's).
        Map<String, String> got = new TreeMap<>(TreeSnapshot.of(unpacked, true, List.of()));
        got.keySet().removeIf(n -> n.equals("lib") || n.equals("usr/lib") || n.startsWith("usr/lib/"));
        assertEquals(TreeSnapshot.of(a.root, true, List.of()), got);
        // Module files are the host's, under the host's layout.
        Path lib = unpacked.resolve("lib");
        assertTrue(Files.isSymbolicLink(lib));
        assertEquals(Files.readSymbolicLink(Path.of("/lib")), Files.readSymbolicLink(lib));
        for (String m : List.of("kernel/lib/crc7.ko", "kernel/drivers/virtio/virtio.ko", "modules.dep")) {
            Path host = k.modulesDir().resolve(m);
            Path inside = unpacked.resolve(mods + m);
            assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(inside), m);
            assertEquals(FileStat.of(host).mode(), FileStat.of(inside).mode(), m);
        }
    }

    @Test
    void theSkeletonsRealDirectoriesWinOverTheHostsSymlinks() throws Exception {
        // A root bootstrapped without merged /usr (mmdebstrap's extract variant) on this merged-/usr
        // host: hostfiles names ./bin and ./sbin, which here are symlinks to usr/bin and usr/sbin.
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Files.writeString(a.hostfiles, "./bin\n./bin/busybox\n./sbin\n");
        HelperRunner.run(args(a.skeleton, a.hostfiles, "x86_64", a.kernel(), a.initrd())).assertSuccess();
        List<String> names = KernelUnpack.replay(a.initrd());
        assertEquals(1, java.util.Collections.frequency(names, "bin"), names.toString());
        assertEquals(1, java.util.Collections.frequency(names, "sbin"), names.toString());
        Path unpacked = tmp.resolve("unpacked");
        CpioSegments.extractAll(a.initrd(), unpacked);
        assertFalse(Files.isSymbolicLink(unpacked.resolve("bin")));
        assertFalse(Files.isSymbolicLink(unpacked.resolve("sbin")));
        assertTrue(Files.isRegularFile(unpacked.resolve("bin/busybox"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void bothHistoricArgumentFormsGiveTheSameInitrd() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        HelperRunner.run(args("-k", kmods, a.skeleton, a.hostfiles, Arch.host().name(), a.kernel(), a.initrd()))
                .assertSuccess();
        byte[] modern = Files.readAllBytes(a.initrd());
        Path k26 = a.out.resolve("kernel-2.6");
        Path i26 = a.out.resolve("initrd-2.6");
        HelperRunner.Outcome o = HelperRunner.run(args("-v", "-k", kmods, a.skeleton, a.hostfiles, k26, i26))
                .assertSuccess();
        assertTrue(o.stderr().contains("host cpu " + Arch.host().name()), o.stderr());
        assertArrayEquals(modern, Files.readAllBytes(i26));
        assertEquals(Files.readSymbolicLink(a.kernel()), Files.readSymbolicLink(k26));
    }

    @Test
    void theOperandBeforeTheOutputsIsHostCpuOnlyIfItIsNoExistingPath() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        // In a directory holding a hostfiles list named x86_64, "x86_64" is that input.
        Path cwd = tmp.resolve("cwd");
        Files.createDirectories(cwd);
        Files.writeString(cwd.resolve("x86_64"), "./etc/hostname\n");
        Processes.Result r = HelperRunner.process(List.of(), cwd, Map.of(),
                args("-v", "-k", kmods, a.skeleton, "x86_64", a.kernel(), a.initrd()), Duration.ofMinutes(2));
        r.assertSuccess("helper");
        assertTrue(r.stderr().contains("host cpu " + Arch.host().name()), r.stderr());
        assertTrue(KernelUnpack.replay(a.initrd()).contains("etc/hostname"));
        // An architecture name that is no path is HOST_CPU.
        HelperRunner.Outcome o = HelperRunner.run(
                args("-v", "-k", kmods, a.skeleton, a.hostfiles, "armv7l", a.kernel(), a.initrd())).assertSuccess();
        assertTrue(o.stderr().contains("host cpu armv7l"), o.stderr());
        // A word that is neither is an input, and a missing one.
        HelperRunner.Outcome bad = HelperRunner.run(
                args("-k", kmods, a.skeleton, a.hostfiles, "no-such-cpu", a.kernel(), a.initrd()));
        assertEquals(1, bad.exit());
        assertTrue(bad.stderr().contains("no-such-cpu: No such file or directory"), bad.stderr());
    }

    @Test
    void directoryInputsAreReadInSortedOrderSkippingDotfilesAndBackups() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        HelperRunner.run(args("-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd())).assertSuccess();
        byte[] explicit = Files.readAllBytes(a.initrd());
        Path d = tmp.resolve("supermin.d");
        Files.createDirectories(d.resolve("sub"));
        Files.copy(a.skeleton, d.resolve("10-base.img"));
        Files.copy(a.hostfiles, d.resolve("sub/20-hostfiles"));
        Files.writeString(d.resolve(".hidden"), "garbage that is no list\n./etc/shadow\n");
        Files.writeString(d.resolve("20-hostfiles~"), "./etc/shadow\n");
        HelperRunner.run(args("-k", kmods, d, a.kernel(), a.initrd())).assertSuccess();
        assertArrayEquals(explicit, Files.readAllBytes(a.initrd()));
    }

    @Test
    void hardLinkedHostFilesCarryTheirDataOnce() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        Path files = tmp.resolve("hostdata");
        Files.createDirectories(files);
        byte[] data = new byte[100_000];
        new java.util.Random(1).nextBytes(data);
        Files.write(files.resolve("one"), data);
        Files.createLink(files.resolve("two"), files.resolve("one"));
        Files.writeString(a.hostfiles, "./bin/busybox\n" + files.resolve("one") + "\n" + files.resolve("t*") + "\n");
        HelperRunner.run(args("-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd())).assertSuccess();

        String one = files.resolve("one").toString().substring(1);
        String two = files.resolve("two").toString().substring(1);
        long dataCopies = 0;
        long ino1 = -1;
        long ino2 = -2;
        for (NewcReader.Entry e : NewcReader.readAll(a.initrd())) {
            if (e.name().equals(one) || e.name().equals(two)) {
                if (e.data().length > 0) {
                    dataCopies++;
                    assertArrayEquals(data, e.data());
                }
                if (e.name().equals(one)) {
                    ino1 = e.header().ino();
                } else {
                    ino2 = e.header().ino();
                }
            }
        }
        assertEquals(1, dataCopies, "the data is stored once");
        assertEquals(ino1, ino2);
        Path unpacked = tmp.resolve("unpacked");
        CpioSegments.extractAll(a.initrd(), unpacked);
        assertEquals(FileStat.of(unpacked.resolve(one)).ino(), FileStat.of(unpacked.resolve(two)).ino());
        assertArrayEquals(data, Files.readAllBytes(unpacked.resolve(two)));
    }

    /** An appliance whose hostfiles name 700 files of many sizes, symlinks and hard links, made here. */
    private record ManyFiles(Appliance a, Path kmods, Path host) {}

    private ManyFiles manyFiles() throws Exception {
        // Enough entries for many blocks and buffers: sizes around the 4-byte padding, the
        // one-read limit (64 KiB), the buffer size (512 KiB) and beyond; symlinks, hard links,
        // setuid and odd modes, and directories the skeleton does not make (parents from the host).
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        Path host = tmp.resolve("host-tree");
        int[] sizes = {0, 1, 2, 3, 4, 5, 100, 4095, 4096, 65535, 65536, 65537, 70_001, 524_287, 524_288,
            524_289, 1_300_003};
        java.util.Random random = new java.util.Random(7);
        StringBuilder list = new StringBuilder("./bin/busybox\n");
        for (int i = 0; i < 700; i++) {
            Path f = host.resolve("d" + (i % 13) + "/sub" + (i % 5) + "/f" + i);
            Files.createDirectories(f.getParent());
            // Every size twice, then small files only (the test stays at about 12 MB).
            byte[] data = new byte[i < 2 * sizes.length ? sizes[i % sizes.length] : sizes[i % 10]];
            random.nextBytes(data);
            Files.write(f, data);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(i % 7 == 0 ? "rwxr-x---" : "rw-r--r--"));
            list.append(f).append('\n');
            if (i % 50 == 0) {
                Path l = f.resolveSibling("link" + i);
                Files.createSymbolicLink(l, Path.of("f" + i));
                list.append(l).append('\n');
            }
            if (i % 90 == 0) {
                Path h = f.resolveSibling("hard" + i);
                Files.createLink(h, f);
                list.append(h).append('\n');
            }
        }
        Processes.sh("chmod 4755 '" + host.resolve("d0/sub0/f0") + "'").assertSuccess("chmod");
        Appliance.worldReadable(tmp);
        Files.writeString(a.hostfiles, list.toString());
        return new ManyFiles(a, kmods, host);
    }

    @Test
    void hundredsOfHostFilesOfEverySizeUnpackAsTheyAreOnTheHost() throws Exception {
        ManyFiles m = manyFiles();
        Appliance a = m.a();
        Path host = m.host();
        HelperRunner.run(args("-k", m.kmods(), a.skeleton, a.hostfiles, a.kernel(), a.initrd())).assertSuccess();

        Path unpacked = tmp.resolve("unpacked");
        CpioSegments.extractAll(a.initrd(), unpacked);
        Path inside = unpacked.resolve(host.toString().substring(1));
        assertEquals(TreeSnapshot.of(host, true, List.of()), TreeSnapshot.of(inside, true, List.of()));
        List<String> names = KernelUnpack.replay(a.initrd());
        assertTrue(names.contains(host.toString().substring(1) + "/d12/sub2/f532"), "every entry, each after its parents");
    }

    @Test
    void readersThatJoinWhenTheFilesComeFromTheDiskWriteTheSameInitrd() throws Exception {
        ManyFiles m = manyFiles();
        Appliance a = m.a();
        HelperRunner.Outcome plain = HelperRunner.run(
                args("-v", "-k", m.kmods(), a.skeleton, a.hostfiles, a.kernel(), a.initrd())).assertSuccess();
        assertFalse(plain.stderr().contains("more threads read"), plain.stderr());
        byte[] expected = Files.readAllBytes(a.initrd());
        Files.delete(a.initrd());
        HelperRunner.Outcome o = withReadersForced(
                () -> HelperRunner.run(args("-v", "-k", m.kmods(), a.skeleton, a.hostfiles, a.kernel(), a.initrd()))
                        .assertSuccess());
        assertTrue(o.stderr().contains(InitrdSegment.READERS + " more threads read the files"), o.stderr());
        assertArrayEquals(expected, Files.readAllBytes(a.initrd()), "the same bytes, whoever copied them");
    }

    @Test
    void missingHostFilesAreSkippedListedWithVerboseAndAnErrorWithStrict() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        Files.writeString(a.hostfiles, "./bin/busybox\n./no/such/file\n./usr/lib/no-such-*.so\n");
        HelperRunner.Outcome o = HelperRunner.run(
                args("-v", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd())).assertSuccess();
        assertTrue(o.stderr().contains("2 missing"), o.stderr());
        assertTrue(o.stderr().contains("missing host file skipped: ./no/such/file"), o.stderr());
        assertTrue(o.stderr().contains("missing host file skipped: ./usr/lib/no-such-*.so"), o.stderr());
        assertTrue(KernelUnpack.replay(a.initrd()).contains("bin/busybox"));

        HelperRunner.Outcome quiet = HelperRunner.run(
                args("-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd())).assertSuccess();
        assertEquals("", quiet.stderr());

        Files.delete(a.initrd());
        HelperRunner.Outcome strict = HelperRunner.run(
                args("--strict", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd()));
        assertEquals(1, strict.exit());
        assertTrue(strict.stderr().contains("2 host files are missing (--strict): ./no/such/file ./usr/lib/no-such-*.so"),
                strict.stderr());
        assertFalse(Files.exists(a.initrd()), "no initrd after a failure");
    }

    @Test
    void anUnreadableHostFileIsOneWarningAndSkipped() throws Exception {
        Unprivileged.require();
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "root only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        a.hostFiles(secret);
        a.outputsWritableByAll();
        Processes.Result r = Unprivileged.runMain(SuperminHelper.class.getName(),
                args("-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd()), tmp);
        r.assertSuccess("helper as nobody");
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().contains("warning: " + secret + ": Permission denied (skipped)"), r.stderr());
        List<String> names = KernelUnpack.replay(a.initrd());
        assertFalse(names.contains(secret.toString().substring(1)));
        assertTrue(names.contains("bin/busybox"));
        assertEquals(65534, FileStat.of(a.initrd()).uid());
    }

    @Test
    void aHostFileChangingSizeWhileCopiedIsAnError() throws Exception {
        changingSizeIsAnError(0);
    }

    @Test
    void aHostFileChangingSizeIsAnErrorWithReadersToo() throws Exception {
        // The readers join after two 64 KB windows: the failure, found by any thread, stops them
        // all before the temporary output goes.
        withReadersForced(() -> {
            changingSizeIsAnError(300);
            return null;
        });
    }

    /**
     * Runs {@code build} with any copying counted as slow, judged every 64 KB: this page cache is
     * hot, and the readers then join after two windows as they would when the files come from the
     * disk.
     */
    private static <T> T withReadersForced(java.util.concurrent.Callable<T> build) throws Exception {
        long rate = InitrdSegment.coldBytesPerSecond;
        long window = InitrdSegment.probeWindow;
        InitrdSegment.coldBytesPerSecond = Long.MAX_VALUE;
        InitrdSegment.probeWindow = 64 * 1024;
        try {
            return build.call();
        } finally {
            InitrdSegment.coldBytesPerSecond = rate;
            InitrdSegment.probeWindow = window;
        }
    }

    /** @param before small files listed ahead of the growing one (blocks copied before it) */
    private void changingSizeIsAnError(int before) throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        List<Path> listed = new ArrayList<>();
        for (int i = 0; i < before; i++) {
            Path f = tmp.resolve("small/f" + (1000 + i));
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[32 * 1024]);
            listed.add(f);
        }
        Path growing = tmp.resolve("growing");
        Files.write(growing, new byte[32 << 20]);
        listed.add(growing);
        a.hostFiles(listed.toArray(new Path[0]));
        AtomicBoolean stop = new AtomicBoolean();
        Thread appender = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
                while (!stop.get()) {
                    out.write('x');
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        appender.start();
        HelperRunner.Outcome o;
        try {
            o = HelperRunner.run(args("-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd()));
        } finally {
            stop.set(true);
            appender.join();
        }
        assertEquals(1, o.exit(), o.stderr());
        assertTrue(o.stderr().contains(growing + ": file changed size while being archived"), o.stderr());
        assertFalse(Files.exists(a.initrd()));
    }

    @Test
    void aBadModulesDepIsOneErrorAndLeavesNoOutput() throws Exception {
        // Found while the other thread copies host files (they come first): it must stop before
        // the temporary output goes, and nothing may be left behind.
        Path modules = tmp.resolve("modules");
        Files.createDirectories(modules);
        Files.writeString(modules.resolve("modules.dep"), "kernel/lib/crc7.ko:\nthis line has no colon\n");
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path big = tmp.resolve("big");
        Files.createDirectories(big);
        StringBuilder lines = new StringBuilder("./bin/busybox\n");
        for (int i = 0; i < 400; i++) {
            Path f = big.resolve("f" + i);
            Files.write(f, new byte[256 << 10]);
            lines.append(f).append('\n');
        }
        Files.writeString(a.hostfiles, lines);
        HelperRunner.Outcome o = HelperRunner.run(Map.of("SUPERMIN_MODULES", modules.toString()),
                args(a.skeleton, a.hostfiles, a.kernel(), a.initrd()));
        assertEquals(1, o.exit(), o.stderr());
        assertTrue(o.stderr().contains(modules.resolve("modules.dep") + ":2: no ':'"), o.stderr());
        assertEquals(1, o.stderr().lines().count(), o.stderr());
        try (java.util.stream.Stream<Path> left = Files.list(a.initrd().getParent())) {
            assertEquals(List.of(a.kernel().getFileName().toString()),
                    left.map(p -> p.getFileName().toString()).toList(), "only the kernel link");
        }
    }

    @Test
    void noUsableKernelIsOneErrorLeavesNoOutputAndStopsTheListing() throws Exception {
        // The kernel is chosen while the second thread already reads the hostfiles lists.
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path missing = tmp.resolve("no-such-vmlinuz");
        HelperRunner.Outcome o = HelperRunner.run(Map.of("SUPERMIN_KERNEL", missing.toString()),
                args(a.skeleton, a.hostfiles, a.kernel(), a.initrd()));
        assertEquals(1, o.exit(), o.stderr());
        assertTrue(o.stderr().contains(missing.toString()), o.stderr());
        assertEquals(1, o.stderr().lines().count(), o.stderr());
        try (java.util.stream.Stream<Path> left = Files.list(a.initrd().getParent())) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), "no output at all");
        }
        // (A listing thread of an earlier build may be in its last instructions: given time to end.)
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("initrd-files")) {
                t.join(5000);
                assertFalse(t.isAlive(), "the listing thread has stopped");
            }
        }
    }

    @Test
    void copyKernelCopiesAndOutputsCanBeGivenToAnotherUser() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        HelperRunner.run(args("--copy-kernel", "-u", "nobody", "-g", "nogroup", "-k", kmods, a.skeleton,
                a.hostfiles, a.kernel(), a.initrd())).assertSuccess();
        assertFalse(Files.isSymbolicLink(a.kernel()));
        assertArrayEquals(Files.readAllBytes(hostKernel().image()), Files.readAllBytes(a.kernel()));
        for (Path p : List.of(a.kernel(), a.initrd())) {
            FileStat st = FileStat.of(p);
            assertEquals(65534, st.uid(), p.toString());
            assertEquals(65534, st.gid(), p.toString());
        }
        HelperRunner.run(args("-u", "65534", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd()))
                .assertSuccess();
        assertTrue(Files.isSymbolicLink(a.kernel()));
        assertEquals(65534, (Integer) Files.getAttribute(a.kernel(), "unix:uid", LinkOption.NOFOLLOW_LINKS));

        HelperRunner.Outcome unknown = HelperRunner.run(
                args("-u", "no-such-user-here", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd()));
        assertEquals(1, unknown.exit());
        assertTrue(unknown.stderr().contains("-u no-such-user-here: no such user"), unknown.stderr());
    }

    @Test
    void userAndGroupNeedRoot() throws Exception {
        Unprivileged.require();
        Appliance a = Appliance.create(tmp, "MARKER", null);
        a.outputsWritableByAll();
        Processes.Result r = Unprivileged.runMain(SuperminHelper.class.getName(),
                args("-g", "nogroup", a.skeleton, a.hostfiles, a.kernel(), a.initrd()), tmp);
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("-g nogroup: only root can give the outputs to another user or group"),
                r.stderr());
        assertFalse(Files.exists(a.initrd()));
    }

    @Test
    void verboseStepsAreTimedOnStderr() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        HelperRunner.Outcome o = HelperRunner.run(
                args("-v", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd())).assertSuccess();
        assertEquals("", o.stdout());
        List<String> lines = o.stderr().lines().toList();
        assertTrue(lines.size() >= 5, o.stderr());
        for (String line : lines) {
            assertTrue(line.matches("supermin helper \\[\\d{5,}ms\\] .+"), line);
        }
    }

    @Test
    void usageErrors() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        assertEquals(2, HelperRunner.run(args("-f", "tar", a.skeleton, a.kernel(), a.initrd())).exit());
        assertEquals(2, HelperRunner.run(args(a.kernel(), a.initrd())).exit());
        assertEquals(2, HelperRunner.run(args("x86_64", a.kernel(), a.initrd())).exit());
        assertEquals(2, HelperRunner.run(args("--bogus", a.skeleton, a.kernel(), a.initrd())).exit());
        HelperRunner.Outcome help = HelperRunner.run(args("--help")).assertSuccess();
        assertTrue(help.stdout().contains("INPUT... [HOST_CPU] KERNEL INITRD"), help.stdout());
        HelperRunner.Outcome version = HelperRunner.run(args("--version")).assertSuccess();
        assertTrue(version.stdout().startsWith("febootstrap-supermin-helper (febootstrap for Java) "));
    }

    @Test
    void withoutKmodsEveryModuleGoesIn() throws Exception {
        // A small modules directory (SUPERMIN_MODULES): all of the host's would make 400 MiB.
        Kernel k = hostKernel();
        Path modules = tmp.resolve("modules");
        Files.createDirectories(modules.resolve("kernel/lib"));
        Files.createDirectories(modules.resolve("kernel/drivers/virtio"));
        for (String m : List.of("kernel/lib/crc7.ko", "kernel/drivers/virtio/virtio.ko",
                "kernel/drivers/virtio/virtio_ring.ko")) {
            Files.copy(k.modulesDir().resolve(m), modules.resolve(m));
        }
        Files.writeString(modules.resolve("modules.dep"), "kernel/lib/crc7.ko:\n"
                + "kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko\n"
                + "kernel/drivers/virtio/virtio_ring.ko:\n");
        Files.writeString(modules.resolve("modules.alias"), "# none\n");
        Appliance a = Appliance.create(tmp, "MARKER", null);
        HelperRunner.run(Map.of("SUPERMIN_MODULES", modules.toString()),
                args(a.skeleton, a.hostfiles, a.kernel(), a.initrd())).assertSuccess();
        String mods = "lib/modules/" + k.version() + "/";
        List<String> names = KernelUnpack.replay(a.initrd());
        for (String m : List.of("kernel/lib/crc7.ko", "kernel/drivers/virtio/virtio.ko",
                "kernel/drivers/virtio/virtio_ring.ko", "modules.dep", "modules.alias")) {
            assertTrue(names.contains(mods + m), mods + m + " in " + names);
        }
        Path unpacked = tmp.resolve("unpacked");
        CpioSegments.extractAll(a.initrd(), unpacked);
        assertArrayEquals(Files.readAllBytes(modules.resolve("kernel/lib/crc7.ko")),
                Files.readAllBytes(unpacked.resolve(mods + "kernel/lib/crc7.ko")));
    }

    @Test
    void manyModulesInBlocksOfBothSizesUnpackAsTheyAreOnTheHost() throws Exception {
        // More modules than one block holds: whole blocks first, the last ones in small blocks.
        Kernel k = hostKernel();
        Path modules = tmp.resolve("modules");
        StringBuilder dep = new StringBuilder();
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 150; i++) {
            String m = "kernel/drivers/fake" + (i % 7) + "/m" + i + ".ko";
            Files.createDirectories(modules.resolve(m).getParent());
            byte[] data = new byte[random.nextInt(200_000)];
            random.nextBytes(data);
            Files.write(modules.resolve(m), data);
            dep.append(m).append(":").append(i > 0 ? " kernel/drivers/fake0/m0.ko" : "").append('\n');
        }
        Files.writeString(modules.resolve("modules.dep"), dep);
        Files.write(modules.resolve("modules.alias"), new byte[1 << 20]);
        Appliance a = Appliance.create(tmp, "MARKER", null);
        HelperRunner.run(Map.of("SUPERMIN_MODULES", modules.toString()),
                args(a.skeleton, a.hostfiles, a.kernel(), a.initrd())).assertSuccess();
        List<String> names = KernelUnpack.replay(a.initrd());
        Path unpacked = tmp.resolve("unpacked");
        CpioSegments.extractAll(a.initrd(), unpacked);
        String mods = "lib/modules/" + k.version() + "/";
        for (int i = 0; i < 150; i++) {
            String m = "kernel/drivers/fake" + (i % 7) + "/m" + i + ".ko";
            assertTrue(names.contains(mods + m), mods + m + " in the initrd");
            assertArrayEquals(Files.readAllBytes(modules.resolve(m)), Files.readAllBytes(unpacked.resolve(mods + m)), m);
        }
        assertArrayEquals(Files.readAllBytes(modules.resolve("modules.alias")),
                Files.readAllBytes(unpacked.resolve(mods + "modules.alias")));
        int busybox = names.indexOf("bin/busybox");
        assertTrue(busybox >= 0 && busybox < names.indexOf(mods + "kernel/drivers/fake0/m0.ko"), "host files first");
    }
}
