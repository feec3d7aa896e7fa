package org.febootstrap.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.febootstrap.cli.Bootstrap;
import org.febootstrap.cli.bootstrap.TestRpmRepository;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real RPM root, bootstrapped by febootstrap with dnf from the test rpm repository, minimized. */
@Tag("slow")
class RealRpmRootTest {
    @TempDir
    Path tmp;

    @Test
    void rpmdbAndDnfCacheGoEverythingElseStays() throws Exception {
        Assumptions.assumeTrue(Root.runningAsRoot(), "dnf --installroot as root");
        Processes.requireProgram("dnf");
        Path repo = TestRpmRepository.build(tmp.resolve("rpms"));
        Path target = tmp.resolve("root");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = CommandRunner.run("febootstrap", new Bootstrap(), new String[] {"--no-clean", "-i", "tiny-app",
            "-i", "tiny-owned", "fedora-test", target.toString(), repo.toUri().toString()},
                new Console(new ByteArrayOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8), System.getenv()));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        assertFalse(list(target.resolve("var/lib/rpm")).isEmpty(), "the rpm database is there before");
        assertFalse(list(target.resolve("var/cache/dnf")).isEmpty(), "--no-clean kept dnf's cache");

        Map<String, String> before = Trees.snapshot(target);
        Cli.Result r = Cli.run(target.toString()).assertSuccess();
        Map<String, String> after = Trees.snapshot(target);

        assertEquals(Set.of(), Trees.added(before, after));
        Set<String> removed = Trees.removed(before, after);
        Set<String> unexpected = removed.stream()
                .filter(p -> !Trees.below(p, "var/lib/rpm") && !Trees.below(p, "var/cache/dnf") && !Trees.below(p, "var/lib/dnf")
                        && !Trees.below(p, "var/log"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), unexpected, "only the package database, dnf's cache and logs go");
        for (String dir : new String[] {"var/lib/rpm", "var/cache/dnf"}) {
            assertTrue(Files.isDirectory(target.resolve(dir), LinkOption.NOFOLLOW_LINKS), dir + " stays");
            assertEquals(List.of(), list(target.resolve(dir)), dir + " is emptied");
        }
        assertTrue(Files.exists(target.resolve("etc/tiny-secret")));
        assertEquals(Long.parseLong(TestRpmRepository.SECRET_UID), Root.open(target).stat(target.resolve("etc/tiny-secret")).uid());
        assertEquals("ok\n", Processes.run(List.of("chroot", target.toString(), "/bin/sh", "-c", "echo ok")).stdout(), r.err());
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
