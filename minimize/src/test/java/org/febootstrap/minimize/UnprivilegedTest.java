package org.febootstrap.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.Unprivileged;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** febootstrap-minimize run by an unprivileged user ({@code runuser -u nobody}) on a root that user owns. */
class UnprivilegedTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void worldReadableTempDir() {
        Unprivileged.require();
        Processes.run(List.of("chmod", "755", tmp.toString())).assertSuccess("chmod");
    }

    private Processes.Result minimizeAsNobody(String... args) {
        return Unprivileged.runMain(Minimize.class.getName(), List.of(args), tmp);
    }

    private Path userOwnedRoot() throws Exception {
        Path root = new FakeTree(tmp.resolve("root")).file("etc/services", "ssh 22/tcp\n".repeat(50))
                .file("usr/share/doc/pkg/copyright", "(c)\n").file("usr/share/doc/other/README", "readme\n").root();
        Processes.run(List.of("chown", "-R", Unprivileged.USER + ":", root.toString())).assertSuccess("chown");
        return root;
    }

    @Test
    void aReadOnlyDirectoryFailsNamingTheFile() throws Exception {
        Path root = userOwnedRoot();
        Processes.run(List.of("chmod", "555", root.resolve("usr/share/doc/pkg").toString())).assertSuccess("chmod");
        Processes.Result r = minimizeAsNobody("--none", "--drop-docs", root.toString());
        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals("febootstrap-minimize: " + root.resolve("usr/share/doc/pkg/copyright") + ": Permission denied\n", r.stderr());
        assertTrue(Files.exists(root.resolve("usr/share/doc/pkg/copyright")));
    }

    @Test
    void theNewServicesFileIsRecordedAsRootsInFakerootLog() throws Exception {
        Path root = userOwnedRoot();
        Processes.Result r = minimizeAsNobody("--none", "--drop-services", "--drop-docs", root.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(ServicesFile.TEXT, Files.readString(root.resolve("etc/services")));
        assertTrue(Files.notExists(root.resolve("usr/share/doc/pkg")));
        // nobody cannot chown to root: the owner went to fakeroot.log, as 2.x's fakeroot would have it.
        FileStat st = FileStat.of(root.resolve("etc/services"));
        String line = "dev=" + Long.toHexString(st.dev()) + ",ino=" + st.ino() + ",mode=100644,uid=0,gid=0,";
        List<String> log = Files.readAllLines(root.resolve("fakeroot.log"));
        assertTrue(log.stream().anyMatch(l -> l.startsWith(line)), log.toString());
    }

    @Test
    void aFailureHalfWayStillLeavesFakerootLogTrue() throws Exception {
        Processes.requireProgram("fakeroot");
        Path root = userOwnedRoot();
        long gone = FileStat.of(root.resolve("usr/share/doc/other/README")).ino();
        Processes.run(List.of("fakeroot", "-s", root.resolve("fakeroot.log").toString(), "--",
                "chown", "7:7", root.resolve("usr/share/doc/other/README").toString(),
                root.resolve("usr/share/doc/pkg/copyright").toString())).assertSuccess("fakeroot chown");
        Processes.run(List.of("chown", "-R", Unprivileged.USER + ":", root.toString())).assertSuccess("chown");
        assertTrue(Files.readString(root.resolve("fakeroot.log")).contains(",ino=" + gone + ","));
        Processes.run(List.of("chmod", "555", root.resolve("usr/share/doc/pkg").toString())).assertSuccess("chmod");

        // other/README goes first (name order), then pkg/copyright cannot.
        Processes.Result r = minimizeAsNobody("--none", "--drop-docs", root.toString());
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(Files.notExists(root.resolve("usr/share/doc/other/README")));
        String log = Files.readString(root.resolve("fakeroot.log"));
        assertFalse(log.contains(",ino=" + gone + ","), "the deleted file's owner is still in fakeroot.log:\n" + log);
        long kept = FileStat.of(root.resolve("usr/share/doc/pkg/copyright")).ino();
        assertTrue(log.lines().anyMatch(l -> l.contains(",ino=" + kept + ",") && l.contains(",uid=7,gid=7,")),
                "the file that stayed keeps its owner:\n" + log);
    }
}
