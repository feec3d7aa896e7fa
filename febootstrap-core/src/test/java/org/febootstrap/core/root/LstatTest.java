package org.febootstrap.core.root;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lstat reads the JDK's stat fields directly where it can; whichever way it reads them, the values
 * are lstat(2)'s, the same as the JDK's attribute map gives, for every kind of file.
 */
class LstatTest {
    @TempDir
    Path tmp;

    /** Files of every kind and odd mode, owner, link count and time; returns them all. */
    private List<Path> zoo() throws Exception {
        List<Path> files = new ArrayList<>();
        Path plain = Files.writeString(tmp.resolve("plain"), "data");
        Path setuid = Files.writeString(tmp.resolve("setuid"), "#!/bin/sh\n");
        Path sticky = Files.createDirectory(tmp.resolve("sticky"));
        Path old = Files.writeString(tmp.resolve("before-1970"), "x");
        Path linked = Files.createLink(tmp.resolve("hard-link"), plain);
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), Path.of("nowhere"));
        Path toDir = Files.createSymbolicLink(tmp.resolve("to-dir"), sticky);
        Path fifo = tmp.resolve("fifo");
        Processes.sh("chmod 4755 '" + setuid + "' && chmod 1777 '" + sticky + "' && mkfifo '" + fifo + "'"
                + " && touch -d @-1.5 '" + old + "'") // the JDK sets no time before 1970
                .assertSuccess("chmod, mkfifo, touch");
        if (Root.runningAsRoot()) {
            Processes.sh("chown 65534:65533 '" + plain + "'").assertSuccess("chown");
        }
        files.addAll(List.of(tmp, plain, setuid, sticky, old, linked, dangling, toDir, fifo, Path.of("/dev/null"),
                Path.of(System.getProperty("java.home"))));
        return files;
    }

    @Test
    void sameValuesAsTheJdksAttributeMapForEveryKindOfFile() throws Exception {
        for (Path p : zoo()) {
            assertEquals(Lstat.viaMap(p), Lstat.of(p), p::toString);
            assertEquals(Lstat.changeViaMap(p), Lstat.change(p), p::toString);
            assertEquals(Lstat.of(p), FileStat.of(p), p::toString);
        }
    }

    @Test
    void valuesAreLstats() throws Exception {
        zoo();
        assertEquals(0104755, Lstat.of(tmp.resolve("setuid")).mode());
        assertEquals(041777, Lstat.of(tmp.resolve("sticky")).mode());
        assertEquals(FileStat.S_IFLNK, Lstat.of(tmp.resolve("to-dir")).type(), "a symlink is not followed");
        assertEquals(FileStat.S_IFIFO, Lstat.of(tmp.resolve("fifo")).type());
        FileStat devNull = Lstat.of(Path.of("/dev/null"));
        assertEquals(FileStat.S_IFCHR, devNull.type());
        assertEquals(1, devNull.rdevMajor());
        assertEquals(3, devNull.rdevMinor());
        FileStat plain = Lstat.of(tmp.resolve("plain"));
        assertEquals(2, plain.nlink());
        assertEquals(4, plain.size());
        assertEquals(plain.ino(), Lstat.of(tmp.resolve("hard-link")).ino());
        assertEquals(-2, Lstat.of(tmp.resolve("before-1970")).mtime(), "-1.5 s is in second -2, as st_mtime says");
        if (Root.runningAsRoot()) {
            assertEquals(65534, plain.uid());
            assertEquals(65533, plain.gid());
        }
        String stat = Processes.sh("stat -c '%Z %z' '" + tmp.resolve("plain") + "'").assertSuccess("stat").stdout();
        assertEquals(Long.parseLong(stat.split(" ")[0]), Lstat.change(tmp.resolve("plain")).ctimeNanos() / 1_000_000_000L);
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        Path gone = tmp.resolve("gone");
        assertThrows(NoSuchFileException.class, () -> Lstat.of(gone));
        assertThrows(NoSuchFileException.class, () -> Lstat.change(gone));
    }

    /** The JDK that runs the tests (17, as CI's) reads directly: the fast way is the one in use. */
    @Test
    void theDirectWayIsOnBeforeJdk24() {
        assumeTrue(Runtime.version().feature() < 24, "JDK 24+: see onJdk24AndLaterOnlyWhenUnsafeIsAllowed");
        assertTrue(Lstat.direct());
    }

    /**
     * JDK 24 and later warn on stderr when sun.misc.Unsafe's memory access is first used unless
     * told to allow it, as the launchers do: the direct way is taken only then, and never a word.
     */
    @Test
    void onJdk24AndLaterOnlyWhenUnsafeIsAllowed() throws Exception {
        Path java = newerJava();
        assumeTrue(java != null, "no JDK 24 or later in /usr/lib/jvm");
        String cp = System.getProperty("java.class.path");
        Path file = Files.writeString(tmp.resolve("f"), "x");
        Processes.Result warned = Processes.run(List.of(java.toString(), "-cp", cp, LstatProbe.class.getName(),
                file.toString()));
        assertEquals("false 100644 1\n", warned.stdout());
        assertEquals("", warned.stderr());
        Processes.Result allowed = Processes.run(List.of(java.toString(), "--sun-misc-unsafe-memory-access=allow",
                "-cp", cp, LstatProbe.class.getName(), file.toString()));
        assertEquals("true 100644 1\n", allowed.stdout());
        assertEquals("", allowed.stderr());
    }

    private static Path newerJava() throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> s = Files.list(jvms)) {
            for (Path home : s.sorted().toList()) {
                Path release = home.resolve("release");
                Path java = home.resolve("bin" + File.separator + "java");
                if (Files.isRegularFile(release) && Files.isExecutable(java)) {
                    String v = Files.readString(release).replaceAll("(?s).*JAVA_VERSION=\"([0-9]+).*", "$1");
                    if (v.matches("[0-9]+") && Integer.parseInt(v) >= 24) {
                        return java;
                    }
                }
            }
        }
        return null;
    }
}
