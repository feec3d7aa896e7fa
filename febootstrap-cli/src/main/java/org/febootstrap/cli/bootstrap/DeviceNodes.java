package org.febootstrap.cli.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.host.ExternalCommand;
import org.febootstrap.core.root.FakerootLog;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;

/**
 * The directories and device nodes febootstrap 2.x put in every root: /proc, /sys, /dev with
 * null, full, zero, random, urandom, tty, console and ptmx, the stdin/stdout/stderr links, and
 * /dev/pts, /dev/shm, /dev/mapper. As root the nodes are real (one mknod run for all); as another
 * user they are what fakeroot's mknod makes: an empty regular file on disk, and a fakeroot.log
 * entry giving it the character-device mode and device number.
 */
public final class DeviceNodes {
    /** A character device. */
    public record Node(String name, int major, int minor, int permissions) {
        public long rdev() {
            return FileStat.makedev(major, minor);
        }
    }

    public static final List<Node> NODES = List.of(
            new Node("dev/null", 1, 3, 0666),
            new Node("dev/full", 1, 7, 0666),
            new Node("dev/zero", 1, 5, 0666),
            new Node("dev/random", 1, 8, 0666),
            new Node("dev/urandom", 1, 9, 0666),
            new Node("dev/tty", 5, 0, 0666),
            new Node("dev/console", 5, 1, 0600),
            new Node("dev/ptmx", 5, 2, 0666));

    /** Directories and their modes, parents first. */
    static final List<Object[]> DIRECTORIES = List.of(
            new Object[] {"proc", 0555},
            new Object[] {"sys", 0555},
            new Object[] {"dev", 0755},
            new Object[] {"dev/pts", 0755},
            new Object[] {"dev/shm", 01777},
            new Object[] {"dev/mapper", 0755});

    static final List<String[]> LINKS = List.of(
            new String[] {"dev/stdin", "/proc/self/fd/0"},
            new String[] {"dev/stdout", "/proc/self/fd/1"},
            new String[] {"dev/stderr", "/proc/self/fd/2"});

    private DeviceNodes() {}

    /**
     * Makes sure the root has them all. What is there already and right is kept (packages or
     * mmdebstrap may have made some); anything else in their place is replaced.
     *
     * @param realNodes whether we are root and make real device nodes; otherwise the root's
     *     ownership must live in fakeroot.log ({@link Root#openWithFakeroot})
     */
    public static void create(Root root, boolean realNodes) throws IOException {
        for (Object[] d : DIRECTORIES) {
            String name = (String) d[0];
            Path p = root.resolveForWrite(name);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    root.forget(p);
                    Files.delete(p);
                }
                Files.createDirectory(p);
                root.recordOwner(p, (Integer) d[1], 0, 0);
            }
        }
        for (String[] l : LINKS) {
            Path p = root.resolveForWrite(l[0]);
            if (Files.isSymbolicLink(p) && Files.readSymbolicLink(p).toString().equals(l[1])) {
                continue;
            }
            deleteIfPresent(root, p);
            Files.createSymbolicLink(p, Path.of(l[1]));
            root.recordOwner(p, 0777, 0, 0);
        }
        List<Node> missing = new ArrayList<>();
        for (Node n : NODES) {
            Path p = root.resolveForWrite(n.name());
            FileStat st = statOrNull(root, p);
            if (st != null && st.type() == FileStat.S_IFCHR && st.rdev() == n.rdev()
                    && st.permissions() == n.permissions() && st.uid() == 0 && st.gid() == 0) {
                continue;
            }
            // A node with the wrong mode or owner is made again: chmod through Java would open
            // the device (the JDK sets modes with fchmod), and opening /dev/tty can fail or block.
            deleteIfPresent(root, p);
            missing.add(n);
        }
        if (missing.isEmpty()) {
            root.saveOwnership();
            return;
        }
        if (realNodes) {
            mknod(root, missing);
        } else {
            FakerootLog log = root.fakerootLog().orElseThrow(() ->
                    new IllegalStateException("no fakeroot.log to record device nodes in"));
            for (Node n : missing) {
                Path p = root.resolveForWrite(n.name());
                Files.createFile(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(rwx(n.permissions() | 0600)));
                FileStat disk = FileStat.of(p);
                log.put(new FakerootLog.Entry(disk.dev(), disk.ino(), FileStat.S_IFCHR | n.permissions(), 0, 0,
                        disk.nlink(), n.rdev()));
            }
        }
        root.saveOwnership();
    }

    /** One {@code sh} running mknod for every node: the paths come as arguments, never quoted into the script. */
    private static void mknod(Root root, List<Node> nodes) throws IOException {
        ExternalCommand c = ExternalCommand.of("/bin/sh", "-c",
                "set -e; while [ $# -gt 0 ]; do mknod -m \"$2\" -- \"$1\" c \"$3\" \"$4\"; shift 4; done", "sh");
        for (Node n : nodes) {
            c.addArgument(root.resolveForWrite(n.name()).toString());
            c.addArgument(Integer.toOctalString(n.permissions()));
            c.addArgument(Integer.toString(n.major()));
            c.addArgument(Integer.toString(n.minor()));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExternalCommand.Result r = c.timeout(Duration.ofMinutes(1)).output(err, err).run();
        if (!r.succeeded()) {
            throw new IOException(root.dir().resolve("dev") + ": cannot create device nodes: "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
        // mknod -m set the exact mode, and root made them: owner 0:0 already.
    }

    private static FileStat statOrNull(Root root, Path p) throws IOException {
        try {
            return root.stat(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void deleteIfPresent(Root root, Path p) throws IOException {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(p + ": is a directory where a device node or link belongs");
            }
            root.forget(p);
            Files.delete(p);
        }
    }

    private static String rwx(int perms) {
        StringBuilder sb = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((perms & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return sb.toString();
    }
}
