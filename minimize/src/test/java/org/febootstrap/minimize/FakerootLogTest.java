package org.febootstrap.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root built as non-root keeps its owners in ROOT/fakeroot.log, written here by the real
 * fakeroot. After minimizing, real fakeroot must still see the right owners: none of a deleted
 * file's, the new etc/services and dpkg status as root's, the rest untouched.
 */
class FakerootLogTest {
    @TempDir
    Path tmp;

    private static String fakeroot(Path root, String script) {
        Processes.requireProgram("fakeroot");
        Path log = root.resolve("fakeroot.log");
        List<String> cmd = Files.exists(log)
                ? List.of("fakeroot", "-i", log.toString(), "-s", log.toString(), "--", "sh", "-ec", script)
                : List.of("fakeroot", "-s", log.toString(), "--", "sh", "-ec", script);
        return Processes.run(cmd, root, null, java.util.Map.of(), java.time.Duration.ofMinutes(1))
                .assertSuccess("fakeroot " + script).stdout();
    }

    @Test
    void ownersStayTrueForRealFakeroot() throws Exception {
        Path root = new FakeTree(tmp.resolve("root"))
                .file("usr/bin/tool", "ELF tool\n").file("usr/share/doc/tool/README", "readme\n")
                .file("usr/share/doc/tool/NEWS", "news\n").file("etc/services", "ssh 22/tcp\n".repeat(100))
                .file("var/lib/dpkg/status", "Package: tool\n").dir("var/lib/dpkg/info").file("var/lib/dpkg/info/tool.list", "/x\n")
                .file("usr/share/same-a", "identical\n").file("usr/share/same-b", "identical\n").dir("dev").root();
        fakeroot(root, "chown 7:7 usr/bin/tool usr/share/doc/tool/README usr/share/same-a; chown 5:5 etc/services;"
                + " chmod 600 etc/services; chown 9:9 var/lib/dpkg/status var/lib/dpkg/info/tool.list; mknod dev/null c 1 3");

        Cli.run("--none", "--drop-docs", "--drop-services", "--drop-dpkgdb", "--dedupe", root.toString()).assertSuccess();

        assertEquals("""
                0:0 644 regular file
                0:0 644 regular empty file
                7:7 644 regular file
                0:0 644 character special file
                """, fakeroot(root, "stat -c '%u:%g %a %F' etc/services var/lib/dpkg/status usr/bin/tool dev/null"));
        assertEquals(ServicesFile.TEXT, Files.readString(root.resolve("etc/services")));
        // Same content and mode on disk, but fakeroot says other owners: not one file.
        assertNotEquals(FileStat.of(root.resolve("usr/share/same-a")).ino(), FileStat.of(root.resolve("usr/share/same-b")).ino());
        assertFalse(Files.exists(root.resolve("usr/share/doc")));

        // No line of the log may name an inode that no longer exists in the root.
        Set<String> live = new HashSet<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                FileStat st = FileStat.of(p);
                live.add(Long.toHexString(st.dev()) + "/" + st.ino());
            }
        }
        List<String> lines = Files.readAllLines(root.resolve("fakeroot.log"));
        assertTrue(lines.size() >= 4, lines.toString());
        for (String line : lines) {
            String dev = line.replaceAll(".*dev=([0-9a-f]+),.*", "$1");
            String ino = line.replaceAll(".*,ino=([0-9]+),.*", "$1");
            assertTrue(live.contains(dev + "/" + ino), "stale fakeroot.log line: " + line);
        }
    }
}
