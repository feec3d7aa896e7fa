package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.febootstrap.core.testing.Processes;

/** e2fsprogs as the judge of the helper's ext2 images. */
final class E2fs {
    private E2fs() {}

    /** e2fsck -fn finds nothing to fix: exit 0, and no question was asked. */
    static void assertClean(Path image) {
        Processes.requireProgram("e2fsck");
        Processes.Result r = Processes.run(List.of("e2fsck", "-fn", image.toString()));
        assertEquals(0, r.exitCode(), () -> "e2fsck -fn " + image + ":\n" + r.stdout() + r.stderr());
        assertTrue(!r.stdout().contains("?"), () -> "e2fsck asked questions:\n" + r.stdout());
    }

    /** debugfs's answer to one request. */
    static String debugfs(Path image, String request) {
        Processes.requireProgram("debugfs");
        Processes.Result r = Processes.run(List.of("debugfs", "-R", request, image.toString()));
        assertEquals(0, r.exitCode(), () -> "debugfs -R '" + request + "': " + r.stderr());
        return r.stdout();
    }

    /** (permission bits as debugfs prints "Mode:", uid, gid) of a path in the image; null if absent. */
    static long[] stat(Path image, String path) {
        String out = debugfs(image, "stat " + path);
        Matcher m = Pattern.compile("Mode:\\s+(\\d+)").matcher(out);
        Matcher u = Pattern.compile("User:\\s+(\\d+)\\s+Group:\\s+(\\d+)").matcher(out);
        if (!m.find() || !u.find()) {
            return null;
        }
        return new long[] {Long.parseLong(m.group(1), 8), Long.parseLong(u.group(1)), Long.parseLong(u.group(2))};
    }

    /** The file type, like "regular", "directory", "symlink", from debugfs stat. */
    static String type(Path image, String path) {
        Matcher m = Pattern.compile("Type: (\\S+)").matcher(debugfs(image, "stat " + path));
        return m.find() ? m.group(1) : null;
    }

    /** The data of a file in the image. */
    static byte[] cat(Path image, String path) {
        Processes.requireProgram("debugfs");
        Processes.Result r = Processes.run(List.of("debugfs", "-R", "cat " + path, image.toString()));
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdoutBytes();
    }

    /** The filesystem UUID (dumpe2fs -h). */
    static String uuid(Path image) {
        Processes.Result r = Processes.run(List.of("dumpe2fs", "-h", image.toString()));
        Matcher m = Pattern.compile("Filesystem UUID:\\s+(\\S+)").matcher(r.stdout());
        assertTrue(m.find(), r.stdout() + r.stderr());
        return m.group(1);
    }

    /** Bytes the file really occupies on disk (stat's block count). */
    static long allocatedBytes(Path file) {
        Processes.Result r = Processes.run(List.of("stat", "-c", "%b %B", file.toString())).assertSuccess("stat");
        String[] f = r.stdout().strip().split(" ");
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }
}
