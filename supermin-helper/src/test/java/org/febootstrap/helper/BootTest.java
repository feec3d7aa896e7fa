package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.host.Arch;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.KernelChooser;
import org.febootstrap.core.testing.Qemu;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper's kernel and initrd boot under qemu (TCG) with this host's kernel, and the -k
 * modules, with the modules they depend on, are where modprobe looks inside the appliance and
 * load. On this merged-/usr host, 2.x's helpers lost every module (their parents were missing).
 */
@Tag("slow")
class BootTest {
    @TempDir
    Path tmp;

    @Test
    void theApplianceBootsAndItsModulesLoad() throws Exception {
        Qemu.hostKernel();
        Kernel k = new KernelChooser(Path.of("/"), Arch.host(), Map.of()).choose();
        String bb = "/bin/busybox";
        String dir = "/lib/modules/$(" + bb + " uname -r)/kernel";
        // virtio_blk needs virtio and virtio_ring: loaded in dependency order, as modprobe would.
        String init = bb + " ls " + dir + "/lib " + dir + "/drivers/virtio\n"
                + "for m in lib/crc7 drivers/virtio/virtio_ring drivers/virtio/virtio drivers/block/virtio_blk; do\n"
                + "  " + bb + " insmod " + dir + "/$m.ko && echo LOADED $m\n"
                + "done\n"
                + "echo MODULES-BEGIN\n" + bb + " cat /proc/modules\necho MODULES-END\n";
        Appliance a = Appliance.create(tmp, "SUPERMIN-HELPER-BOOTED", init);
        HelperRunner.run(List.of("-k", a.kmods("crc7.ko", "virtio_blk.ko").toString(), a.skeleton.toString(),
                a.hostfiles.toString(), Arch.host().name(), a.kernel().toString(), a.initrd().toString())).assertSuccess();

        Qemu.Boot boot = Qemu.boot(a.kernel(), a.initrd(), "", List.of(), Duration.ofMinutes(4));
        String console = boot.console();
        assertTrue(boot.printed("SUPERMIN-HELPER-BOOTED"), console);
        assertTrue(console.contains("crc7.ko"), "ls of the module directory: " + console);
        for (String m : List.of("lib/crc7", "drivers/virtio/virtio_ring", "drivers/virtio/virtio",
                "drivers/block/virtio_blk")) {
            assertTrue(console.contains("LOADED " + m), m + ": " + console);
        }
        String modules = console.substring(console.indexOf("MODULES-BEGIN"), console.indexOf("MODULES-END"));
        for (String m : List.of("crc7 ", "virtio_blk ", "virtio_ring ")) {
            assertTrue(modules.contains("\n" + m) || modules.contains("\r\n" + m), m + " in /proc/modules: " + modules);
        }
        assertTrue(k.version().length() > 0);
    }
}
