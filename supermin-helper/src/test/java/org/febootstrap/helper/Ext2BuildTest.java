package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

    /** A host file owned by 1234:4321, named by the appliance's hostfiles list. */
    private static Path ownedHostFile(Path tmp, Appliance a) throws IOException {
        Path f = tmp.resolve("hostdata/owned");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "owned by 1234\n");
        Processes.run(List.of("chown", "1234:4321", f.toString())).assertSuccess("chown");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(a.hostfiles, "./bin/busybox\n" + f + "\n");
        Appliance.worldReadable(tmp);
        return f;
    }

    @Test
    void theImageHoldsTheWholeApplianceWithItsOwnersAndIsClean() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path owned = ownedHostFile(tmp, a);
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
}
