package org.febootstrap.core.ext2;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.testing.Qemu;
import org.febootstrap.core.testing.TinyRoot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * The real proof: the host kernel boots a small initramfs that loads the block and filesystem
 * drivers, mounts our ext2 image from a virtio disk as its root and runs the /init in it.
 */
@Tag("slow")
class Ext2BootTest {
    /** What it takes on Debian's kernel (all modules there) to mount /dev/vda as ext2. */
    private static final List<String> MODULES = List.of("virtio_pci", "virtio_blk", "ext4", "crc32c_generic");

    @TempDir Path tmp;

    @Test
    void kernelBootsFromTheImageAsItsRootFilesystem() throws IOException {
        Path kernel = Qemu.hostKernel();
        String marker = "EXT2-ROOT-BOOTED-" + UUID.randomUUID();
        Path root = TinyRoot.create(tmp.resolve("root"), marker);
        // Something the init reads from the image, past a block boundary, to show data comes through.
        Files.writeString(root.resolve("etc/proof"), "x".repeat(5000) + "proof-from-ext2\n");
        // The kernel also writes to it (allocating from our bitmaps), then leaves it clean.
        TinyRoot.writeInit(root, "echo " + marker + "\n/bin/busybox tail -c 16 /etc/proof\n/bin/busybox ls -l /dev/null\n"
                + "/bin/busybox seq 100000 > /tmp/written-by-the-guest\n/bin/busybox sync\n"
                + "/bin/busybox umount /proc /sys\n/bin/busybox mount -o remount,ro /\n");
        Path image = tmp.resolve("root.ext2");
        Ext2Tools.addTree(new Ext2Builder(), root)
                .device("/dev/null", FileStat.S_IFCHR | 0666, 0, 0, 0, 1, 3)
                .device("/dev/console", FileStat.S_IFCHR | 0600, 0, 0, 0, 5, 1)
                .write(image, Ext2Options.of(UUID.randomUUID(), 1_700_000_000L));
        Ext2Tools.fsckClean(image);

        Path initrd = tmp.resolve("initrd");
        writeInitramfs(initrd, Qemu.kernelVersion(kernel));
        Qemu.Boot boot = Qemu.boot(kernel, initrd, "", List.of("-drive", "file=" + image + ",format=raw,if=virtio"),
                Duration.ofMinutes(4));
        assertTrue(boot.printed(marker) && boot.printed("proof-from-ext2") && boot.console().contains("1,   3"),
                () -> "the ext2 root did not run its /init:\n" + boot.console());
        Ext2Tools.fsckCleanAfterKernel(image);
        byte[] written = Ext2Tools.dump(image, "/tmp/written-by-the-guest", tmp);
        assertTrue(new String(written).endsWith("\n99999\n100000\n"), () -> "the guest's file: " + written.length + " bytes");
    }

    /** busybox, the modules (dependencies first) and an /init that mounts /dev/vda and switches to it. */
    private void writeInitramfs(Path initrd, String version) throws IOException {
        Path modulesDir = Path.of("/lib/modules", version);
        Map<String, List<String>> deps = readModulesDep(modulesDir.resolve("modules.dep"));
        Set<String> order = new LinkedHashSet<>();
        for (String m : MODULES) {
            String path = deps.keySet().stream().filter(p -> moduleName(p).equals(m)).findFirst().orElse(null);
            if (path != null) { // absent: built into this kernel
                addWithDependencies(path, deps, order);
            }
        }
        StringBuilder init = new StringBuilder("#!/bin/busybox sh\n/bin/busybox mount -t devtmpfs devtmpfs /dev\n");
        long t = 1_700_000_000L;
        try (FileChannel ch = FileChannel.open(initrd, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            NewcWriter w = new NewcWriter(ch, -1);
            for (String d : new String[] {"bin", "dev", "mnt", "modules"}) {
                w.directory(d, new FileStat(FileStat.S_IFDIR | 0755, 0, 0, 0, t, 0, 0, 0, 2));
            }
            w.file("bin/busybox", new FileStat(FileStat.S_IFREG | 0755, 0, 0, Files.size(TinyRoot.busybox()), t, 0, 0, 0, 1),
                    TinyRoot.busybox());
            for (String module : order) {
                byte[] ko = readModule(modulesDir.resolve(module));
                String name = moduleName(module) + ".ko";
                w.file("modules/" + name, new FileStat(FileStat.S_IFREG | 0644, 0, 0, ko.length, t, 0, 0, 0, 1), ko);
                init.append("/bin/busybox insmod /modules/").append(name).append('\n');
            }
            init.append("""
                    for i in $(/bin/busybox seq 50); do [ -b /dev/vda ] && break; /bin/busybox sleep 0.2; done
                    /bin/busybox mount -t ext2 /dev/vda /mnt || echo MOUNT-FAILED
                    /bin/busybox umount /dev
                    exec /bin/busybox switch_root /mnt /init
                    """);
            byte[] script = init.toString().getBytes();
            w.file("init", new FileStat(FileStat.S_IFREG | 0755, 0, 0, script.length, t, 0, 0, 0, 1), script);
            w.trailer();
            w.flush();
        }
    }

    private static Map<String, List<String>> readModulesDep(Path file) throws IOException {
        Map<String, List<String>> deps = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String rest = line.substring(colon + 1).strip();
                deps.put(line.substring(0, colon), rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
            }
        }
        return deps;
    }

    private static void addWithDependencies(String module, Map<String, List<String>> deps, Set<String> order) {
        if (order.contains(module)) {
            return;
        }
        for (String d : deps.getOrDefault(module, List.of())) {
            addWithDependencies(d, deps, order);
        }
        order.add(module);
    }

    private static String moduleName(String path) {
        String f = path.substring(path.lastIndexOf('/') + 1);
        return f.substring(0, f.indexOf(".ko")).replace('-', '_');
    }

    private static byte[] readModule(Path p) throws IOException {
        String name = p.getFileName().toString();
        if (name.endsWith(".ko")) {
            return Files.readAllBytes(p);
        }
        assumeTrue(name.endsWith(".ko.xz"), "busybox insmod needs uncompressed modules; cannot unpack " + p);
        try (InputStream in = new XZInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }
}
