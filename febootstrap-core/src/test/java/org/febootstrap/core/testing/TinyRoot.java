package org.febootstrap.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A tiny bootable root: busybox-static as /bin/busybox with sh, mount, poweroff links, and an
 * /init that prints a marker then powers off. Boots in a few seconds under TCG.
 */
public final class TinyRoot {
    private TinyRoot() {}

    public static Path busybox() {
        for (String p : new String[] {"/bin/busybox", "/usr/bin/busybox"}) {
            Path b = Path.of(p);
            if (Files.isRegularFile(b)) {
                Processes.Result r = Processes.run(java.util.List.of("file", "-L", p));
                if (r.exitCode() != 0 || r.stdout().contains("statically linked")) {
                    return b;
                }
            }
        }
        Processes.requireProgram("busybox-static-is-not-installed");
        return null;
    }

    /** Creates the root in {@code dir} (which may exist and be empty). */
    public static Path create(Path dir, String marker) {
        try {
            Files.createDirectories(dir);
            for (String d : new String[] {"bin", "sbin", "etc", "proc", "sys", "dev", "tmp", "usr/bin"}) {
                Files.createDirectories(dir.resolve(d));
            }
            Files.copy(busybox(), dir.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
            for (String applet : new String[] {"sh", "mount", "ls", "cat", "echo", "poweroff", "insmod", "lsmod", "sleep"}) {
                Files.createSymbolicLink(dir.resolve("bin/" + applet), Path.of("busybox"));
            }
            Files.writeString(dir.resolve("etc/hostname"), "tiny\n");
            writeInit(dir, "echo " + marker + "\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an /init that mounts /proc and /sys, runs {@code body}, then powers off. */
    public static void writeInit(Path dir, String body) throws IOException {
        Path init = dir.resolve("init");
        Files.writeString(init, "#!/bin/sh\n/bin/busybox mount -t proc proc /proc\n/bin/busybox mount -t sysfs sysfs /sys\n"
                + body + "/bin/busybox poweroff -f\n");
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
