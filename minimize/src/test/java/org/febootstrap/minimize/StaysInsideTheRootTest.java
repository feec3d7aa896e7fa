package org.febootstrap.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * febootstrap-minimize never touches anything outside DIR: symlinks out of the root are resolved
 * inside it (or removed as links), and a filesystem mounted inside the root is left alone.
 */
class StaysInsideTheRootTest {
    @TempDir
    Path tmp;

    private Path hostDirWithFiles(String name) throws Exception {
        Path host = Files.createDirectories(tmp.resolve(name));
        Files.writeString(host.resolve("precious.txt"), "host data\n");
        Files.createDirectories(host.resolve("sub"));
        Files.writeString(host.resolve("sub/also-precious"), "more\n");
        return host;
    }

    @Test
    void aDocsSymlinkToAHostDirectoryIsRemovedAsALink() throws Exception {
        Path host = hostDirWithFiles("host-docs");
        Map<String, String> hostBefore = Trees.snapshot(host);
        FakeTree t = new FakeTree(tmp.resolve("root")).dir("etc").link("usr/share/doc", host.toString());
        Cli.run("--none", "--drop-docs", t.root().toString()).assertSuccess();
        assertEquals(hostBefore, Trees.snapshot(host));
        assertFalse(Files.exists(t.root().resolve("usr/share/doc"), LinkOption.NOFOLLOW_LINKS), "the link itself goes");
    }

    @Test
    void directoriesEmptiedInPlaceFollowLinksOnlyInsideTheRoot() throws Exception {
        Path host = hostDirWithFiles("host-var");
        Map<String, String> hostBefore = Trees.snapshot(host);
        // Absolute links, and relative ones with more .. than the root is deep, all stay in the root.
        FakeTree t = new FakeTree(tmp.resolve("root")).dir("etc")
                .link("var/log", host.toString())
                .link("var/lib/rpm", "../../../../../../../../../../.." + host)
                .link("var/cache/apt", host + "/sub")
                .link("var/lib/dpkg", host.toString());
        Cli.Result r = Cli.run("--none", "--drop-logs", "--drop-rpmdb", "--drop-apt-cache", "--drop-dpkgdb", t.root().toString())
                .assertSuccess();
        assertEquals(hostBefore, Trees.snapshot(host), r.err());
    }

    @Test
    void aLinkToTheRootItselfIsNotEmptied() throws Exception {
        FakeTree t = new FakeTree(tmp.resolve("root")).file("etc/hostname", "appliance\n").file("usr/bin/sh", "ELF\n")
                .link("var/lib/rpm", "/").link("var/log", "../..");
        Map<String, String> before = Trees.snapshot(t.root());
        Cli.Result r = Cli.run("--none", "--drop-rpmdb", "--drop-logs", t.root().toString()).assertSuccess();
        assertEquals(before, Trees.snapshot(t.root()));
        assertTrue(r.err().contains("febootstrap-minimize: warning: /: var/lib/rpm leads to the root itself, left alone"), r.err());
        assertTrue(r.err().contains("var/log leads to the root itself"), r.err());
    }

    @Test
    void servicesLinkedToAHostFileIsReplacedInTheRoot() throws Exception {
        Path hostServices = Files.writeString(tmp.resolve("host-services"), "# host services\nssh 22/tcp\n");
        FakeTree t = new FakeTree(tmp.resolve("root")).link("etc/services", hostServices.toString());
        Cli.run("--none", "--drop-services", t.root().toString()).assertSuccess();
        assertEquals("# host services\nssh 22/tcp\n", Files.readString(hostServices));
        Path services = t.root().resolve("etc/services");
        assertFalse(Files.isSymbolicLink(services));
        assertEquals(ServicesFile.TEXT, Files.readString(services));
    }

    @Test
    void servicesLinkedToTheHostsEtcServicesLeavesTheHostsAlone() throws Exception {
        Path hostServices = Path.of("/etc/services");
        byte[] before = Files.exists(hostServices) ? Files.readAllBytes(hostServices) : null;
        FakeTree t = new FakeTree(tmp.resolve("root")).link("etc/services", "/etc/services");
        try {
            Cli.run("--none", "--drop-services", t.root().toString()).assertSuccess();
            assertEquals(ServicesFile.TEXT, Files.readString(t.root().resolve("etc/services")));
        } finally {
            byte[] after = Files.exists(hostServices) ? Files.readAllBytes(hostServices) : null;
            if (!java.util.Arrays.equals(before, after) && before != null) {
                Files.write(hostServices, before); // put the host right before failing
            }
            assertTrue(java.util.Arrays.equals(before, after), "the host's /etc/services changed");
        }
    }

    @Test
    void aFilesystemMountedInsideTheRootIsLeftAlone() throws Exception {
        FakeTree t = new FakeTree(tmp.resolve("root")).dir("etc").file("usr/share/doc/bash/README", "readme\n")
                .dir("usr/share/doc/mounted").file("var/log/dpkg.log", "log\n").dir("var/log/journal");
        Path docMount = t.root().resolve("usr/share/doc/mounted");
        Path logMount = t.root().resolve("var/log/journal");
        mountTmpfs(docMount);
        try {
            mountTmpfs(logMount);
            try {
                Files.writeString(docMount.resolve("kept.txt"), "on tmpfs\n");
                Files.writeString(logMount.resolve("system.journal"), "journal\n");
                Files.writeString(t.root().resolve("usr/share/doc/bash/copy-of-kept.txt"), "on tmpfs\n");
                Cli.Result r = Cli.run("--none", "--drop-docs", "--drop-logs", "--dedupe", t.root().toString()).assertSuccess();
                assertEquals("on tmpfs\n", Files.readString(docMount.resolve("kept.txt")));
                assertEquals("journal\n", Files.readString(logMount.resolve("system.journal")));
                assertFalse(Files.exists(t.root().resolve("usr/share/doc/bash")), "the rest of the docs go");
                assertFalse(Files.exists(t.root().resolve("var/log/dpkg.log")), "the rest of the logs go");
                assertTrue(r.err().contains("warning: /usr/share/doc/mounted: on another filesystem, left alone"), r.err());
                assertTrue(r.err().contains("warning: /var/log/journal: on another filesystem, left alone"), r.err());
            } finally {
                Processes.run(List.of("umount", logMount.toString())).assertSuccess("umount");
            }
        } finally {
            Processes.run(List.of("umount", docMount.toString())).assertSuccess("umount");
        }
    }

    @Test
    void aRootThatIsAMountedFilesystemIsStillMinimized() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        mountTmpfs(root);
        try {
            new FakeTree(root).dir("etc").file("usr/share/doc/a/README", "readme\n");
            Cli.run("--none", "--drop-docs", root.toString()).assertSuccess();
            assertFalse(Files.exists(root.resolve("usr/share/doc")));
        } finally {
            Processes.run(List.of("umount", root.toString())).assertSuccess("umount");
        }
    }

    private static void mountTmpfs(Path dir) {
        Processes.requireProgram("mount");
        Processes.run(List.of("mount", "-t", "tmpfs", "-o", "size=8m", "febootstrap-test", dir.toString()))
                .assertSuccess("mount -t tmpfs (the tests run as root)");
    }
}
