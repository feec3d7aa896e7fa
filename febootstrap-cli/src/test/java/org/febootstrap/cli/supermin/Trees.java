package org.febootstrap.cli.supermin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.febootstrap.core.testing.Processes;

/** Small helpers for building test roots. */
final class Trees {
    private Trees() {}

    static Path file(Path root, String path, String content, String perms) {
        try {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(Path root, String path) {
        return file(root, path, path + "\n", "rw-r--r--");
    }

    static Path dir(Path root, String path) {
        try {
            return Files.createDirectories(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path symlink(Path root, String path, String target) {
        try {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            return Files.createSymbolicLink(p, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A character device, with mknod(1): Java cannot make one. */
    static void charDevice(Path root, String path, int major, int minor) {
        Processes.requireProgram("mknod");
        dir(root, Path.of(path).getParent().toString());
        Processes.run(List.of("mknod", "-m", "666", root.resolve(path).toString(), "c",
                Integer.toString(major), Integer.toString(minor))).assertSuccess("mknod");
    }
}
