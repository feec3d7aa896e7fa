package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.febootstrap.core.cpio.NewcReader;
import org.febootstrap.core.host.Arch;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.KernelChooser;
import org.febootstrap.core.testing.CpioSegments;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.Qemu;
import org.febootstrap.core.testing.Unprivileged;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --decompress-modules, on a SUPERMIN_MODULES tree whose modules are compressed as other
 * distributions ship them (this Debian host's are plain .ko files): GNU cpio, kmod's modprobe
 * and e2fsprogs read the results.
 */
class DecompressModulesTest {
    @TempDir
    Path tmp;

    private static final Map<String, String> MIXED = Map.of("crc7", "zst", "virtio_blk", "");

    private static Kernel hostKernel() throws IOException {
        return new KernelChooser(Path.of("/"), Arch.host(), Map.of()).choose();
    }

    private Path fakeModules(List<String> names) throws IOException {
        return FakeModules.create(tmp.resolve("modules"), hostKernel(), names, MIXED);
    }

    @Test
    void cpioModulesAreDecompressedWithTheirIndexRemadeAndRootsOwnersWhenNobodyBuilds() throws Exception {
        Unprivileged.require();
        Processes.requireProgram("modprobe");
        Kernel k = hostKernel();
        Path modules = fakeModules(List.of("virtio_blk", "crc7"));
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("virtio_blk.ko", "crc7.ko");
        Appliance.worldReadable(tmp);
        a.outputsWritableByAll();
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", Unprivileged.USER, "--", "env",
                "SUPERMIN_MODULES=" + modules, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Unprivileged.classpath(), SuperminHelper.class.getName(), "-v", "--decompress-modules", "-k",
                kmods.toString(), a.skeleton.toString(), a.hostfiles.toString(), a.kernel().toString(),
                a.initrd().toString()));
        Processes.Result r = Processes.run(cmd, tmp, null, Map.of(), Duration.ofMinutes(3));
        r.assertSuccess("helper --decompress-modules as nobody");
        assertTrue(r.stderr().contains("decompressed 3 of 4 modules"), r.stderr());

        String mods = "lib/modules/" + k.version() + "/";
        Map<String, NewcReader.Entry> entries = new HashMap<>();
        for (NewcReader.Entry e : NewcReader.readAll(a.initrd())) {
            entries.put(e.name(), e);
            assertFalse(e.name().endsWith(".xz") || e.name().endsWith(".zst"), e.name());
        }
        for (String m : List.of("kernel/lib/crc7.ko", "kernel/drivers/virtio/virtio.ko",
                "kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/block/virtio_blk.ko")) {
            NewcReader.Entry e = entries.get(mods + m);
            assertNotNull(e, m + " in " + entries.keySet());
            assertArrayEquals(Files.readAllBytes(k.modulesDir().resolve(m)), e.data(), m);
            assertEquals(0, e.header().uid(), m + ": the host module's owner, not the builder");
            assertEquals(0100644, e.header().mode(), m);
        }
        String dep = new String(entries.get(mods + "modules.dep").data(), StandardCharsets.UTF_8);
        assertTrue(dep.contains("kernel/drivers/block/virtio_blk.ko: "), dep);
        assertFalse(dep.contains(".xz") || dep.contains(".zst"), dep);
        assertNotNull(entries.get(mods + "modules.alias"), "depmod's other indexes too");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(modules.resolve("modules.dep.bin")),
                entries.get(mods + "modules.dep.bin").data()), "modules.dep.bin made again");
        KernelUnpack.replay(a.initrd());
        try (Stream<Path> left = Files.list(a.out)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "no scratch directory left");
        }

        // kmod's modprobe finds the modules and their dependencies through the new modules.dep.bin.
        Path unpacked = tmp.resolve("unpacked");
        CpioSegments.extractAll(a.initrd(), unpacked);
        Processes.Result show = Processes.run(List.of("modprobe", "-d", unpacked.toString(), "-S", k.version(),
                "--show-depends", "virtio_blk"));
        show.assertSuccess("modprobe --show-depends");
        String prefix = "insmod " + unpacked + "/lib/modules/" + k.version() + "/kernel/drivers/";
        assertEquals(prefix + "virtio/virtio_ring.ko \n" + prefix + "virtio/virtio.ko \n" + prefix
                + "block/virtio_blk.ko \n", show.stdout());
        assertFalse(show.stdout().contains(".xz"), show.stdout());
    }

    @Test
    void withoutTheOptionCompressedModulesGoInAsTheyAre() throws Exception {
        Kernel k = hostKernel();
        Path modules = fakeModules(List.of("virtio_blk", "crc7"));
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("virtio_blk.ko", "crc7.ko");
        Map<String, String> env = Map.of("SUPERMIN_MODULES", modules.toString());
        HelperRunner.run(env, Ext2BuildTest.args("-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd()))
                .assertSuccess();
        String mods = "lib/modules/" + k.version() + "/";
        Map<String, byte[]> data = new HashMap<>();
        for (NewcReader.Entry e : NewcReader.readAll(a.initrd())) {
            data.put(e.name(), e.data());
        }
        for (String m : List.of("kernel/lib/crc7.ko.zst", "kernel/drivers/virtio/virtio.ko.xz",
                "kernel/drivers/block/virtio_blk.ko", "modules.dep", "modules.dep.bin")) {
            assertArrayEquals(Files.readAllBytes(modules.resolve(m)), data.get(mods + m), m);
        }
        // The checksum tells the two builds apart.
        String plain = HelperRunner.run(env, Ext2BuildTest.args("-f", "checksum", "-k", kmods, a.skeleton,
                a.hostfiles)).assertSuccess().stdout();
        String decompressed = HelperRunner.run(env, Ext2BuildTest.args("-f", "checksum", "--decompress-modules",
                "-k", kmods, a.skeleton, a.hostfiles)).assertSuccess().stdout();
        assertNotEquals(plain, decompressed);
    }

    @Test
    void ext2ImagesGetTheDecompressedModulesToo() throws Exception {
        Kernel k = hostKernel();
        Path modules = fakeModules(List.of("virtio_blk", "crc7"));
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("virtio_blk.ko", "crc7.ko");
        HelperRunner.run(Map.of("SUPERMIN_MODULES", modules.toString()), Ext2BuildTest.args("-f", "ext2",
                "--decompress-modules", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd(),
                Ext2BuildTest.image(a))).assertSuccess();
        Path img = Ext2BuildTest.image(a);
        E2fs.assertClean(img);
        String mods = (Files.isSymbolicLink(Path.of("/lib")) ? "/usr" : "") + "/lib/modules/" + k.version() + "/";
        String listing = E2fs.debugfs(img, "ls -l " + mods + "kernel/drivers/virtio");
        assertFalse(listing.contains(".xz"), listing);
        assertArrayEquals(Files.readAllBytes(k.modulesDir().resolve("kernel/drivers/virtio/virtio.ko")),
                E2fs.cat(img, mods + "kernel/drivers/virtio/virtio.ko"));
        assertArrayEquals(Files.readAllBytes(k.modulesDir().resolve("kernel/lib/crc7.ko")),
                E2fs.cat(img, mods + "kernel/lib/crc7.ko"));
        String dep = new String(E2fs.cat(img, mods + "modules.dep"), StandardCharsets.UTF_8);
        assertTrue(dep.contains("kernel/lib/crc7.ko:"), dep);
    }

    @Test
    void modulesDepRewrittenWithoutDepmod() {
        assertEquals("kernel/a.ko: kernel/b.ko kernel/c.ko\nkernel/b.ko:\nkernel/c.ko:\n# x.ko.xz.txt\n",
                DecompressedModules.rewriteModulesDep(
                        "kernel/a.ko.xz: kernel/b.ko.zst kernel/c.ko\nkernel/b.ko.zst:\nkernel/c.ko:\n# x.ko.xz.txt\n"));
        assertEquals("kernel/d.ko:\tkernel/e.ko\r\n",
                DecompressedModules.rewriteModulesDep("kernel/d.ko.gz:\tkernel/e.ko.xz\r\n"));
    }

    /**
     * The real use: a kernel whose modules are all xz-compressed boots -f ext2's initrd, which
     * must hold them decompressed for busybox's insmod.
     */
    @Test
    @Tag("slow")
    void anExt2ApplianceBootsWithXzCompressedModules() throws Exception {
        Qemu.hostKernel();
        Kernel k = hostKernel();
        List<String> names = new ArrayList<>(MiniInitrd.DISK_MODULES);
        names.addAll(List.of("ext4", "crc32c_generic", "crc7"));
        Path modules = FakeModules.create(tmp.resolve("modules"), k, names, Map.of());
        Appliance a = Appliance.create(tmp, "BOOTED-WITH-XZ-MODULES", "/bin/busybox ls /lib/modules/*/kernel/lib\n");
        Path kmods = a.kmods("crc7.ko");
        HelperRunner.run(Map.of("SUPERMIN_MODULES", modules.toString()), Ext2BuildTest.args("-f", "ext2",
                "--decompress-modules", "-k", kmods, a.skeleton, a.hostfiles, a.kernel(), a.initrd(),
                Ext2BuildTest.image(a))).assertSuccess();
        Qemu.Boot boot = Qemu.boot(a.kernel(), a.initrd(), "", List.of("-drive", "file=" + Ext2BuildTest.image(a)
                + ",format=raw,if=virtio"), Duration.ofMinutes(3));
        assertTrue(boot.printed("BOOTED-WITH-XZ-MODULES"), boot.console());
        assertTrue(boot.console().contains("crc7.ko"), "the appliance's decompressed module: " + boot.console());
        assertFalse(boot.console().contains("did not load"), boot.console());
    }
}
