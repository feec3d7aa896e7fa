package org.febootstrap.helper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.cpio.RootArchiver;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.TinyRoot;

/**
 * A supermin appliance made the way febootstrap-to-supermin makes one, from a busybox-static
 * {@link TinyRoot}: supermin.img holds /init, /etc, /dev, the directories and the applet links;
 * hostfiles.txt names ./bin/busybox, which the helper takes from this host (busybox-static).
 * Everything lives in a world-readable directory, so other users can run the helper on it.
 */
final class Appliance {
    final Path dir;
    final Path root;
    final Path skeleton;
    final Path hostfiles;
    final Path out;

    private Appliance(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("root");
        this.skeleton = dir.resolve("in/supermin.img");
        this.hostfiles = dir.resolve("in/hostfiles.txt");
        this.out = dir.resolve("out");
    }

    /** An appliance whose /init runs {@code initBody} (shell, busybox applets via /bin/busybox). */
    static Appliance create(Path tmp, String marker, String initBody) throws IOException {
        Path dir = tmp.resolve("appliance");
        Appliance a = new Appliance(dir);
        Files.createDirectories(dir.resolve("in"));
        Files.createDirectories(a.out);
        TinyRoot.create(a.root, marker);
        if (initBody != null) {
            TinyRoot.writeInit(a.root, "echo " + marker + "\n" + initBody);
        }
        a.writeSkeleton();
        Files.writeString(a.hostfiles, "./bin/busybox\n");
        worldReadable(tmp);
        return a;
    }

    private void writeSkeleton() throws IOException {
        List<String> paths = new ArrayList<>();
        paths.add("init");
        try (var s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty() || rel.equals("init") || rel.equals("bin/busybox")) {
                    continue;
                }
                paths.add(rel);
            }
        }
        paths.sort(null);
        try (FileChannel ch = FileChannel.open(skeleton, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            NewcWriter w = new NewcWriter(ch, -1);
            new RootArchiver(Root.open(root), w).archivePaths(paths);
            w.trailer();
        }
    }

    Path kernel() {
        return out.resolve("kernel");
    }

    Path initrd() {
        return out.resolve("initrd");
    }

    /** Writes hostfiles.txt: ./bin/busybox, then these host files, one line each. */
    void hostFiles(Path... files) throws IOException {
        StringBuilder sb = new StringBuilder("./bin/busybox\n");
        for (Path f : files) {
            sb.append(f).append('\n');
        }
        Files.writeString(hostfiles, sb);
    }

    /** Lets every user write the outputs (for runs as an unprivileged user). */
    void outputsWritableByAll() throws IOException {
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** Writes a kmods file with these wildcards. */
    Path kmods(String... patterns) throws IOException {
        Path k = dir.resolve("in/kmods");
        Files.writeString(k, String.join("\n", patterns) + "\n");
        Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-r--r--"));
        return k;
    }

    /** Makes the directories (@TempDir makes them 0700) searchable by everybody; files are 0644 by umask. */
    static void worldReadable(Path top) throws IOException {
        try (var s = Files.walk(top)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }
}
