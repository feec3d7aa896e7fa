package org.febootstrap.cli.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.febootstrap.cli.Bootstrap;
import org.febootstrap.core.host.OsRelease;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.Unprivileged;
import org.febootstrap.core.util.TreeRemover;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a Debian host, REPO omitted means the host's own release through mmdebstrap and the host's
 * configured mirror (Debian's archive must be reachable, as it is for CI's apt-get).
 */
@Tag("slow")
class BootstrapAptTest {
    private static Path work;

    @BeforeAll
    static void debianHost() throws IOException {
        assumeTrue(OsRelease.host().isDebianFamily(), "a Debian-family host");
        Processes.requireProgram("mmdebstrap");
        work = Unprivileged.ownedDirectory("febootstrap-apt-test-");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (work != null) {
            TreeRemover.removeTree(work);
        }
    }

    @Test
    void asRootTheHostsReleaseWithExactlyBashAndWhatItNeeds() throws Exception {
        Path target = work.resolve("debian");
        BootstrapRpmTest.Run r = BootstrapRpmTest.febootstrap("-i", "bash", target.toString());
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("ok\n", Processes.run(List.of("chroot", target.toString(), "bash", "-c", "echo ok"))
                .assertSuccess("chroot bash").stdout());
        // extract variant: bash's dependencies, not the Essential set (no dpkg, no coreutils).
        assertFalse(Files.exists(target.resolve("usr/bin/dpkg")));
        assertFalse(Files.exists(target.resolve("usr/bin/ls")));
        assertTrue(r.stderr().contains("febootstrap: installing bash with apt from " + OsRelease.host().versionCodename().orElse("")),
                r.stderr());
        assertTrue(r.stderr().contains("maintainer scripts are not run"), r.stderr());
        assertTrue(r.stderr().matches("(?s).*febootstrap: \\d+ packages, \\d+ files, [0-9.]+ MiB in [0-9.]+ s\n"), r.stderr());
        try (var s = Files.list(target.resolve("var/cache/apt/archives"))) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".deb")), "no .deb left in the cache");
        }
        BootstrapRpmTest.assertDeviceNodes(Root.open(target));
    }

    @Test
    void asAnUnprivilegedUserUnderFakerootAndFakechroot() throws Exception {
        Processes.requireProgram("fakeroot");
        Processes.requireProgram("fakechroot");
        Path target = work.resolve("debian-user");
        Processes.Result r = Unprivileged.runMain(Bootstrap.class.getName(), List.of("-i", "bash", target.toString()), work);
        assertEquals(0, r.exitCode(), r.stderr());
        Root root = Root.open(target);
        assertTrue(root.fakerootLog().isPresent());
        FileStat bash = root.stat(root.resolve("bin/bash"));
        assertEquals(FileStat.S_IFREG | 0755, bash.mode());
        assertEquals(0, bash.uid());
        BootstrapRpmTest.assertDeviceNodes(root);
        // The user enters the root as 2.x's users did.
        Processes.Result chroot = Processes.run(List.of("runuser", "-u", Unprivileged.USER, "--", "fakechroot", "fakeroot", "-i",
                target.resolve("fakeroot.log").toString(), "chroot", target.toString(), "bash", "-c", "echo ok"),
                work, null, Map.of(), Duration.ofMinutes(1));
        assertEquals("ok\n", chroot.stdout(), chroot.stderr());
    }

    @Test
    void anUnknownPackageIsNamed() {
        BootstrapRpmTest.Run r = BootstrapRpmTest.febootstrap("-i", "no-such-package-febootstrap", work.resolve("unknown").toString());
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("febootstrap: unknown package: no-such-package-febootstrap"), r.stderr());
    }
}
