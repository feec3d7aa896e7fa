package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.febootstrap.core.cpio.NewcReader;
import org.febootstrap.core.host.Arch;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.KernelChooser;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.TinyRoot;
import org.febootstrap.core.testing.Unprivileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -f ext2 without booting: e2fsprogs and the newc reader judge the image and the initrd. */
class Ext2BuildTest {
    @TempDir
    Path tmp;

    private static Kernel hostKernel() throws IOException {
        return new KernelChooser(Path.of("/"), Arch.host(), Map.of()).choose();
    }

    static List<String> args(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            out.add(p.toString());
        }
        return out;
    }

    /** The appliance's outputs for -f ext2. */
    static Path image(Appliance a) {
        return a.out.resolve("root");
    }

    /** A host file owned by 1234:4321 and readable by them only, named by the appliance's hostfiles list. */
    private Path ownedHostFile(Appliance a) throws IOException {
        Path f = hostFile(a, "hostdata/owned", "owned by 1234\n", "1234:4321");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        return f;
    }

    @Test
    void theImageHoldsTheWholeApplianceWithItsOwnersAndIsClean() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path owned = ownedHostFile(a);
        Path kmods = a.kmods("crc7.ko");
        HelperRunner.Outcome o = HelperRunner.run(args("-v", "-f", "ext2", "-k", kmods, a.skeleton, a.hostfiles,
                a.kernel(), a.initrd(), image(a))).assertSuccess();
        Path img = image(a);
        E2fs.assertClean(img);
        Kernel k = hostKernel();
        assertEquals(k.image().toAbsolutePath(), Files.readSymbolicLink(a.kernel()));
        // Skeleton files: root's, with their modes; host files: their real owners and modes.
        assertArrayEquals(new long[] {0755, 0, 0}, E2fs.stat(img, "/init"));
        assertArrayEquals(Files.readAllBytes(a.root.resolve("init")), E2fs.cat(img, "/init"));
        assertArrayEquals(new long[] {0777, 0, 0}, E2fs.stat(img, "/bin/sh"));
        assertArrayEquals(new long[] {0640, 1234, 4321}, E2fs.stat(img, owned.toString()));
        assertArrayEquals(Files.readAllBytes(TinyRoot.busybox()), E2fs.cat(img, "/bin/busybox"));
        // The modules where modprobe looks, through the host's lib -> usr/lib.
        String mods = "/lib/modules/" + k.version() + "/";
        if (Files.isSymbolicLink(Path.of("/lib"))) {
            assertEquals("symlink", E2fs.type(img, "/lib"));
            assertTrue(E2fs.debugfs(img, "stat /lib").contains(Files.readSymbolicLink(Path.of("/lib")).toString()));
            mods = "/usr" + mods;
        }
        assertArrayEquals(Files.readAllBytes(k.modulesDir().resolve("kernel/lib/crc7.ko")),
                E2fs.cat(img, mods + "kernel/lib/crc7.ko"));
        assertEquals("regular", E2fs.type(img, mods + "modules.dep"));
        // Sparse: far fewer blocks allocated than the image's size.
        long size = Files.size(img);
        long allocated = E2fs.allocatedBytes(img);
        assertTrue(allocated < size / 2, "allocated " + allocated + " of " + size);
        assertTrue(o.stderr().contains("filesystem UUID"), o.stderr());
    }

    @Test
    void theSameInputsGiveTheSameImageWhoseUuidIsTheChecksum() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        List<String> build = args("-f", "ext2", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd(), image(a));
        HelperRunner.run(build).assertSuccess();
        byte[] first = Files.readAllBytes(image(a));
        byte[] firstInitrd = Files.readAllBytes(a.initrd());
        HelperRunner.run(build).assertSuccess();
        assertArrayEquals(first, Files.readAllBytes(image(a)), "same inputs, same image");
        assertArrayEquals(firstInitrd, Files.readAllBytes(a.initrd()), "same inputs, same initrd");

        String sum = HelperRunner.run(args("-f", "checksum", "-k", kmods, a.skeleton, a.hostfiles)).assertSuccess()
                .stdout().strip();
        String uuid = E2fs.uuid(image(a));
        assertEquals(Ext2Build.fromChecksum(sum).toString(), uuid);
        assertEquals(sum.substring(0, 8), uuid.substring(0, 8), "the checksum's bits");
        assertEquals('8', uuid.charAt(14), "version 8 (custom)");
        assertNotEquals(new UUID(0, 0).toString(), uuid);
        assertTrue(new String(firstInitrd, StandardCharsets.ISO_8859_1).contains("uuid=" + uuid + "\n"));

        // Another input, another UUID.
        Files.writeString(a.hostfiles, "./bin/busybox\n./etc/hostname\n");
        HelperRunner.run(build).assertSuccess();
        assertNotEquals(uuid, E2fs.uuid(image(a)));

        // --random-uuid: a fresh one each time, and the initrd looks for it.
        List<String> random = new ArrayList<>(build);
        random.add(0, "--random-uuid");
        HelperRunner.run(random).assertSuccess();
        String r1 = E2fs.uuid(image(a));
        HelperRunner.run(random).assertSuccess();
        String r2 = E2fs.uuid(image(a));
        assertNotEquals(r1, r2);
        assertTrue(new String(Files.readAllBytes(a.initrd()), StandardCharsets.ISO_8859_1).contains("uuid=" + r2 + "\n"));
        E2fs.assertClean(image(a));
    }

    @Test
    void sizeGivesTheImageSizeAndTooSmallIsAnError() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        HelperRunner.run(args("-f", "ext2", "--size", "64M", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(),
                a.initrd(), image(a))).assertSuccess();
        assertEquals(64L << 20, Files.size(image(a)));
        E2fs.assertClean(image(a));
        assertTrue(E2fs.allocatedBytes(image(a)) < 16L << 20, "sparse");
        HelperRunner.run(args("-f", "ext2", "--size=1G", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(),
                a.initrd(), image(a))).assertSuccess();
        assertEquals(1L << 30, Files.size(image(a)));
        E2fs.assertClean(image(a));

        Files.delete(image(a));
        Files.delete(a.initrd());
        HelperRunner.Outcome small = HelperRunner.run(args("-f", "ext2", "--size", "100K", "-k", kmods, a.skeleton,
                a.hostfiles, a.kernel(), a.initrd(), image(a)));
        assertEquals(1, small.exit(), small.stderr());
        assertTrue(small.stderr().contains("does not fit"), small.stderr());
        assertFalse(Files.exists(image(a)));
        assertFalse(Files.exists(a.initrd()));

        for (String bad : List.of("abc", "0", "12X", "-5M", "")) {
            HelperRunner.Outcome o = HelperRunner.run(args("-f", "ext2", "--size", bad, a.skeleton, a.hostfiles,
                    a.kernel(), a.initrd(), image(a)));
            assertEquals(2, o.exit(), bad + ": " + o.stderr());
        }
        HelperRunner.Outcome cpio = HelperRunner.run(args("--size", "4G", a.skeleton, a.hostfiles, a.kernel(),
                a.initrd()));
        assertEquals(2, cpio.exit());
        assertTrue(cpio.stderr().contains("--size only applies to -f ext2"), cpio.stderr());
        assertEquals(2, HelperRunner.run(args("--random-uuid", a.skeleton, a.hostfiles, a.kernel(), a.initrd())).exit());
        HelperRunner.Outcome two = HelperRunner.run(args("-f", "ext2", a.kernel(), a.initrd(), image(a)));
        assertEquals(2, two.exit(), "ext2 has three outputs and at least one input");
        assertTrue(two.stderr().contains("KERNEL INITRD APPLIANCE"), two.stderr());
    }

    @Test
    void sizeSuffixes() throws Exception {
        assertEquals(4L << 30, HelperOptions.parseSize("4G"));
        assertEquals(512L << 20, HelperOptions.parseSize("512M"));
        assertEquals(512L << 20, HelperOptions.parseSize("512MiB"));
        assertEquals(3L << 40, HelperOptions.parseSize("3t"));
        assertEquals(8L << 10, HelperOptions.parseSize("8k"));
        assertEquals(1234567L, HelperOptions.parseSize("1234567"));
        assertThrows(org.febootstrap.core.cli.UsageException.class, () -> HelperOptions.parseSize("99999999999T"));
    }

    @Test
    void theInitrdHoldsAStaticBusyboxTheDiskAndExt2DriversInDependencyOrderAndTheKmods() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        HelperRunner.run(args("-f", "ext2", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd(), image(a)))
                .assertSuccess();
        Map<String, NewcReader.Entry> entries = new java.util.LinkedHashMap<>();
        for (NewcReader.Entry e : NewcReader.readAll(a.initrd())) {
            entries.put(e.name(), e);
        }
        assertArrayEquals(Files.readAllBytes(TinyRoot.busybox()), entries.get("bin/busybox").data());
        NewcReader.Entry console = entries.get("dev/console");
        assertEquals(FileStat.S_IFCHR, console.header().type());
        assertEquals(5, console.header().rdevMajor());
        assertEquals(1, console.header().rdevMinor());
        String init = new String(entries.get("init").data(), StandardCharsets.UTF_8);
        assertTrue(init.startsWith("#!/bin/busybox sh\n"), init);
        assertEquals(0755, entries.get("init").header().mode() & 07777);
        String list = init.substring(init.indexOf("modules=\"") + 9);
        List<String> order = List.of(list.substring(0, list.indexOf('"')).split(" "));
        Kernel k = hostKernel();
        for (String m : List.of("virtio_pci", "virtio_blk", "virtio_scsi", "virtio_console", "sd_mod", "ata_piix",
                "libata", "scsi_mod", "ext4", "crc32c_generic", "crc7")) {
            assertTrue(order.contains(m), m + " in " + order);
            assertArrayEquals(Files.readAllBytes(k.modulesDir().resolve(
                    org.febootstrap.core.kernel.ModuleDependencies.read(k.modulesDep()).pathOf(m).get())),
                    entries.get("modules/" + m + ".ko").data(), m);
        }
        assertTrue(order.indexOf("virtio") < order.indexOf("virtio_blk"));
        assertTrue(order.indexOf("scsi_mod") < order.indexOf("sd_mod"));
        assertTrue(order.indexOf("libata") < order.indexOf("ata_piix"));
        assertTrue(order.indexOf("jbd2") < order.indexOf("ext4"));
        assertTrue(order.indexOf("crc32c_generic") < order.indexOf("ext4"), "soft dependency first");
        assertFalse(order.contains("ext2"), "this kernel mounts ext2 with ext4");
        assertEquals(order.size(), new java.util.HashSet<>(order).size(), "each module once");
        // Small: the modules and busybox, not the appliance.
        assertTrue(Files.size(a.initrd()) < 16L << 20, Files.size(a.initrd()) + " bytes");
    }

    @Test
    void busyboxMustBeStaticallyLinked() throws Exception {
        IOException dynamic = assertThrows(IOException.class, () -> StaticBusybox.check(Path.of("/bin/ls")));
        assertTrue(dynamic.getMessage().contains("/bin/ls: busybox is dynamically linked"), dynamic.getMessage());
        assertTrue(dynamic.getMessage().contains("install the package busybox-static"), dynamic.getMessage());
        IOException none = assertThrows(IOException.class,
                () -> StaticBusybox.find(List.of(tmp.resolve("bin/busybox"), tmp.resolve("usr/bin/busybox"))));
        assertTrue(none.getMessage().contains("install the package busybox-static"), none.getMessage());
        assertTrue(none.getMessage().contains(tmp.resolve("bin/busybox") + " or " + tmp.resolve("usr/bin/busybox")),
                none.getMessage());
        Files.writeString(tmp.resolve("script"), "#!/bin/sh\n");
        IOException script = assertThrows(IOException.class, () -> StaticBusybox.check(tmp.resolve("script")));
        assertTrue(script.getMessage().contains("not an ELF program"), script.getMessage());
        assertEquals(TinyRoot.busybox(), StaticBusybox.find(StaticBusybox.CANDIDATES));
    }

    @Test
    void hostFilesReplaceSkeletonEntriesAndHardLinksStayLinked() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        Path data = tmp.resolve("hostdata");
        Files.createDirectories(data);
        Files.writeString(data.resolve("one"), "linked data\n");
        Files.createLink(data.resolve("two"), data.resolve("one"));
        // The skeleton's /etc/hostname says "tiny"; the host's own comes later and wins.
        Files.writeString(a.hostfiles, "./bin/busybox\n./etc/hostname\n" + data.resolve("one") + "\n"
                + data.resolve("t*") + "\n./no/such/file\n");
        HelperRunner.Outcome o = HelperRunner.run(args("-v", "-f", "ext2", "-k", kmods, a.skeleton, a.hostfiles,
                a.kernel(), a.initrd(), image(a))).assertSuccess();
        assertTrue(o.stderr().contains("missing host file skipped: ./no/such/file"), o.stderr());
        assertArrayEquals(Files.readAllBytes(Path.of("/etc/hostname")), E2fs.cat(image(a), "/etc/hostname"));
        String one = E2fs.debugfs(image(a), "stat " + data.resolve("one"));
        assertTrue(one.contains("Links: 2"), one);
        String ino1 = E2fs.debugfs(image(a), "ls -i " + data.resolve("one"));
        String ino2 = E2fs.debugfs(image(a), "ls -i " + data.resolve("two"));
        assertEquals(ino1.strip().split("\\s+")[0], ino2.strip().split("\\s+")[0]);
        assertArrayEquals("linked data\n".getBytes(), E2fs.cat(image(a), data.resolve("two").toString()));
        E2fs.assertClean(image(a));

        Files.delete(image(a));
        HelperRunner.Outcome strict = HelperRunner.run(args("--strict", "-f", "ext2", "-k", kmods, a.skeleton,
                a.hostfiles, a.kernel(), a.initrd(), image(a)));
        assertEquals(1, strict.exit());
        assertTrue(strict.stderr().contains("1 host file is missing (--strict): ./no/such/file"), strict.stderr());
        assertFalse(Files.exists(image(a)));
    }

    @Test
    void ifNewerKeepsTheThreeOutputsWhileNothingChanged() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        List<String> build = args("-v", "--if-newer", "-f", "ext2", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(),
                a.initrd(), image(a));
        HelperRunner.run(build).assertSuccess();
        long mtime = Files.getLastModifiedTime(image(a)).toMillis();
        HelperRunner.Outcome again = HelperRunner.run(build).assertSuccess();
        assertTrue(again.stderr().contains("nothing to do"), again.stderr());
        assertEquals(mtime, Files.getLastModifiedTime(image(a)).toMillis());
        Files.delete(a.initrd());
        HelperRunner.Outcome rebuilt = HelperRunner.run(build).assertSuccess();
        assertTrue(rebuilt.stderr().contains(a.initrd() + " does not exist"), rebuilt.stderr());
        assertTrue(Files.exists(a.initrd()));
    }

    /**
     * A host file holding {@code content} at {@code relative} under tmp, named by the appliance's
     * hostfiles list; tmp is then readable by all (the caller takes rights away after).
     */
    private Path hostFile(Appliance a, String relative, String content, String owner) throws IOException {
        Path f = tmp.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        if (owner != null) {
            Processes.run(List.of("chown", owner, f.toString())).assertSuccess("chown");
        }
        a.hostFiles(f);
        Appliance.worldReadable(tmp);
        return f;
    }

    /** The helper as nobody: -f ext2, {@code options}, the appliance and its outputs (made writable by all). */
    private Processes.Result ext2AsNobody(Appliance a, Path kmods, Object... options) throws Exception {
        a.outputsWritableByAll();
        List<String> all = args(options);
        all.addAll(args("-f", "ext2", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd(), image(a)));
        return Unprivileged.runMain(SuperminHelper.class.getName(), all, tmp);
    }

    @Test
    void ownersAreTheRecordedOnesWhenANonRootUserBuilds() throws Exception {
        Unprivileged.require();
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        Path f = hostFile(a, "hostdata/readable", "owned by 1234, readable by all\n", "1234:4321");
        Processes.Result r = ext2AsNobody(a, kmods);
        r.assertSuccess("helper as nobody");
        assertEquals(65534, FileStat.of(image(a)).uid(), "the image is the user's file");
        assertArrayEquals(new long[] {0755, 0, 0}, E2fs.stat(image(a), "/init"));
        assertArrayEquals(new long[] {0644, 1234, 4321}, E2fs.stat(image(a), f.toString()));
        long[] busybox = E2fs.stat(image(a), "/bin/busybox");
        assertNotNull(busybox);
        assertEquals(0, busybox[1], "the host's busybox is root's");
        E2fs.assertClean(image(a));
    }

    @Test
    void anUnreadableHostFileIsOneWarningAndSkipped() throws Exception {
        // Found by the loader's open, before the file has a place in the image: the copier
        // threads that read the data later never meet it.
        Unprivileged.require();
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        Path secret = hostFile(a, "hostdata/secret", "root only\n", null);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Processes.Result r = ext2AsNobody(a, kmods);
        r.assertSuccess("helper as nobody");
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().contains("warning: " + secret + ": Permission denied (skipped)"), r.stderr());
        assertNull(E2fs.stat(image(a), secret.toString()), "no entry for the unreadable file");
        assertNotNull(E2fs.stat(image(a), "/bin/busybox"));
        E2fs.assertClean(image(a));
    }

    @Test
    void aHostFileNobodyMayStatFailsTheChecksumForTheUuidAndRandomUuidDoesWithout() throws Exception {
        Unprivileged.require();
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        Path hidden = hostFile(a, "private/file", "root only\n", null);
        Files.setPosixFilePermissions(hidden.getParent(), PosixFilePermissions.fromString("rwx------"));
        Processes.Result derived = ext2AsNobody(a, kmods);
        assertEquals(1, derived.exitCode(), derived.stderr());
        assertTrue(derived.stderr().contains(hidden + ": Permission denied (while taking the checksum the filesystem"
                + " UUID comes from; --random-uuid does without)"), derived.stderr());
        assertFalse(Files.exists(image(a)));
        Processes.Result random = ext2AsNobody(a, kmods, "--random-uuid");
        random.assertSuccess("helper --random-uuid as nobody");
        assertTrue(random.stderr().contains("warning: " + hidden + ": Permission denied (skipped)"), random.stderr());
        E2fs.assertClean(image(a));
    }
}
