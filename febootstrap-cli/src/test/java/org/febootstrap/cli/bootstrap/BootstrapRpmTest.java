package org.febootstrap.cli.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.febootstrap.cli.Bootstrap;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cpio.NewcHeader;
import org.febootstrap.core.cpio.NewcReader;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.cpio.RootArchiver;
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
 * febootstrap with the real dnf against a repository built at test time, as root (in-process)
 * and as an unprivileged user (a fresh JVM under runuser, through fakeroot and fakechroot).
 */
@Tag("slow")
class BootstrapRpmTest {
    private static Path work; // world-writable: targets of the unprivileged user go here too
    private static String repoUrl;

    @BeforeAll
    static void buildRepository() throws IOException {
        Processes.requireProgram("dnf");
        work = Unprivileged.ownedDirectory("febootstrap-rpm-test-");
        Path inTarget = Path.of("target", "test-rpm-repository").toAbsolutePath();
        Path repoDir;
        if (TestRpmRepository.worldReachable(inTarget.getParent())) {
            TreeRemover.removeTree(inTarget);
            repoDir = TestRpmRepository.build(Files.createDirectories(inTarget));
        } else {
            repoDir = TestRpmRepository.build(Files.createDirectories(work.resolve("repository")));
        }
        repoUrl = "file://" + repoDir;
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (work != null) {
            TreeRemover.removeTree(work);
        }
    }

    record Run(int exit, String stderr) {}

    static Run febootstrap(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new ByteArrayOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8), System.getenv());
        int rc = CommandRunner.run("febootstrap", new Bootstrap(), args, console);
        return new Run(rc, err.toString(StandardCharsets.UTF_8));
    }

    static Set<String> installedPackages(Path target) {
        Processes.Result r = Processes.run(List.of("rpm", "--root", target.toString(), "--dbpath", "/var/lib/rpm",
                "-qa", "--qf", "%{NAME}\\n")).assertSuccess("rpm -qa");
        return new TreeSet<>(Arrays.asList(r.stdout().strip().split("\n")));
    }

    @Test
    void asRootExactlyThePackagesAskedForAndTheirDependencies() throws Exception {
        Path target = work.resolve("root-install");
        Run r = febootstrap("-i", "tiny-app", "--install=tiny-post", "-itiny-owned", "fedora-test", target.toString(), repoUrl);
        assertEquals(0, r.exit(), r.stderr());

        // tiny-app recommends tiny-extra: weak dependencies are not "what it needs".
        assertEquals(Set.of("tiny-filesystem", "tiny-lib", "tiny-app", "tiny-post", "tiny-owned"), installedPackages(target));
        // The rpm database is where the target's rpm looks, not in Debian rpm's ~/.rpmdb.
        assertTrue(Files.isDirectory(target.resolve("var/lib/rpm")));
        assertFalse(Files.exists(target.resolve("root/.rpmdb")));
        assertEquals("post ran\n", Files.readString(target.resolve("var/lib/tiny-post/ran")));

        Root root = Root.open(target);
        assertTrue(root.fakerootLog().isEmpty(), "no fakeroot.log as root");
        assertPackagedOwnersAndModes(root, target);
        assertEquals(FileStat.S_IFDIR | 01777, root.stat(target.resolve("tmp")).mode());
        assertDeviceNodes(root);

        // The package cache is gone; the root is usable.
        try (var s = Files.list(target.resolve("var/cache/dnf"))) {
            assertEquals(List.of(), s.toList());
        }
        assertEquals("ok\n", Processes.run(List.of("chroot", target.toString(), "/bin/sh", "-c", "echo ok")).stdout());

        // One line per stage, and the summary.
        assertTrue(r.stderr().contains("febootstrap: installing tiny-app tiny-post tiny-owned with dnf from fedora-test"), r.stderr());
        assertTrue(r.stderr().contains("febootstrap: creating device nodes"), r.stderr());
        assertTrue(r.stderr().contains("febootstrap: removing the package cache"), r.stderr());
        assertTrue(r.stderr().matches("(?s).*febootstrap: 5 packages, \\d+ files, [0-9.]+ MiB in [0-9.]+ s\n"), r.stderr());
        assertFalse(r.stderr().contains("Transaction Summary"), "dnf's own output only with -v");
    }

    @Test
    void withoutPackagesTheCoreGroupAndWithGTheGroup() throws Exception {
        Path core = work.resolve("core-group");
        Run r = febootstrap("fedora-test", core.toString(), repoUrl);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(Set.of("tiny-filesystem", "tiny-lib", "tiny-app"), installedPackages(core));

        Path extras = work.resolve("extras-group");
        r = febootstrap("-g", "extras", "-v", "fedora-test", extras.toString(), repoUrl);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(Set.of("tiny-filesystem", "tiny-post"), installedPackages(extras));
        assertTrue(r.stderr().contains("Transaction Summary"), "-v shows dnf's output");
        assertTrue(r.stderr().contains("febootstrap: installing @extras with dnf"), r.stderr());
        int command = r.stderr().indexOf("\n+ ");
        assertTrue(command >= 0 && command < r.stderr().indexOf("Transaction Summary"), "-v shows the command first: " + r.stderr());
        assertTrue(r.stderr().matches("(?s).*\n\\+ \\S*dnf -y -c \\S+ --installroot=" + java.util.regex.Pattern.quote(extras.toString())
                + " --releasever=\\S+ (--nogpgcheck )?install @extras\n.*"), r.stderr());
    }

    @Test
    void asAnUnprivilegedUserOwnershipIsInFakerootLog() throws Exception {
        Processes.requireProgram("fakeroot");
        Processes.requireProgram("fakechroot");
        Path target = work.resolve("nonroot-install");
        long start = System.nanoTime();
        Processes.Result r = Unprivileged.runMain(Bootstrap.class.getName(),
                List.of("-i", "tiny-app", "-i", "tiny-post", "-i", "tiny-owned", "fedora-test", target.toString(), repoUrl),
                work);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("under fakeroot and fakechroot"), r.stderr());
        System.err.println("unprivileged bootstrap took " + ms + " ms");

        assertEquals(Set.of("tiny-filesystem", "tiny-lib", "tiny-app", "tiny-post", "tiny-owned"), installedPackages(target));
        assertEquals("post ran\n", Files.readString(target.resolve("var/lib/tiny-post/ran")));
        // On disk everything belongs to the user; the faked truth is in fakeroot.log.
        assertEquals(65534, ((Integer) Files.getAttribute(target.resolve("etc/tiny-secret"), "unix:uid")));
        assertTrue(Files.isRegularFile(target.resolve("dev/null"), LinkOption.NOFOLLOW_LINKS));

        Root root = Root.open(target);
        assertTrue(root.fakerootLog().isPresent());
        assertPackagedOwnersAndModes(root, target);
        assertEquals(0, root.stat(target.resolve("etc/passwd")).uid());
        assertEquals(FileStat.S_IFDIR | 01777, root.stat(target.resolve("tmp")).mode());
        assertDeviceNodes(root);

        // fakeroot itself sees the same (our device entries are in its own format).
        Processes.Result seen = Processes.run(List.of("fakeroot", "-i", target.resolve("fakeroot.log").toString(),
                "stat", "-c", "%n %f %u:%g %t:%T", target.resolve("dev/console").toString(),
                target.resolve("etc/tiny-secret").toString())).assertSuccess("fakeroot stat");
        assertEquals(target.resolve("dev/console") + " 2180 0:0 5:1\n" + target.resolve("etc/tiny-secret") + " 81a0 1234:1234 0:0\n",
                seen.stdout());

        // Entries of files that no longer exist (dnf's temporary files, the cache) were dropped.
        Set<String> inodes = new java.util.HashSet<>();
        try (var walk = Files.walk(target)) {
            walk.forEach(p -> {
                try {
                    inodes.add(Long.toHexString((Long) Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS)) + ","
                            + Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        for (String line : Files.readAllLines(target.resolve("fakeroot.log"))) {
            String[] f = line.split(",");
            String key = f[0].substring(4) + "," + f[1].substring(4);
            assertTrue(inodes.contains(key), "stale fakeroot.log line: " + line);
        }

        // An initramfs written from the root carries the faked owners, modes and device numbers.
        Path archive = work.resolve("nonroot.cpio");
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            NewcWriter w = new NewcWriter(ch, -1);
            new RootArchiver(root, w).archiveTree();
            w.trailer();
            w.flush();
        }
        Map<String, NewcHeader> entries = new HashMap<>();
        for (NewcReader.Entry e : NewcReader.readAll(archive)) {
            entries.put(e.name().replaceFirst("^\\./", "").replaceFirst("^/", ""), e.header());
        }
        NewcHeader s = entries.get("etc/tiny-secret");
        assertEquals(FileStat.S_IFREG | 0640, s.mode());
        assertEquals(1234, s.uid());
        assertEquals(FileStat.S_IFREG | 04755, entries.get("usr/bin/tiny-suid").mode());
        NewcHeader nul = entries.get("dev/null");
        assertEquals(FileStat.S_IFCHR | 0666, nul.mode());
        assertEquals(1, nul.rdevMajor());
        assertEquals(3, nul.rdevMinor());
        assertEquals(0, nul.uid());
        assertEquals(FileStat.S_IFCHR | 0600, entries.get("dev/console").mode());
        assertFalse(entries.containsKey("fakeroot.log"));
    }

    @Test
    void aFailingScriptletIsAnErrorAlthoughDnfExitsZero() {
        Run r = febootstrap("-i", "tiny-badpost", "fedora-test", work.resolve("badpost").toString(), repoUrl);
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("febootstrap: a package scriptlet failed: %post(tiny-badpost-1-1.noarch) scriptlet failed, exit status 3"),
                r.stderr());
    }

    @Test
    void anUnknownPackageIsNamed() {
        Run r = febootstrap("-i", "tiny-app", "-i", "no-such-package", "fedora-test", work.resolve("unknown").toString(), repoUrl);
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("febootstrap: unknown package: no-such-package"), r.stderr());
    }

    @Test
    void aRemoteMirrorIsSignatureCheckedAndAnUnreachableOneFailsInSeconds() {
        String mirror = "http://127.0.0.1:9/repo/";
        Run noKeys = febootstrap("-i", "tiny-app", "fedora-test", work.resolve("no-keys").toString(), mirror);
        assertEquals(1, noKeys.exit(), noKeys.stderr());
        assertTrue(noKeys.stderr().contains("signatures are checked for repository fedora-test but no key is known for it: give --nogpgcheck"),
                noKeys.stderr());

        long start = System.nanoTime();
        Run r = febootstrap("--nogpgcheck", "-i", "tiny-app", "fedora-test", work.resolve("unreachable").toString(), mirror);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("febootstrap: cannot fetch the repository: Failed to download metadata for repo 'fedora-test'"),
                r.stderr());
        assertTrue(seconds < 30, seconds + " s");
    }

    @Test
    void aNonEmptyTargetIsRefusedUnlessForceWhichStaysInside() throws Exception {
        Path target = Files.createDirectories(work.resolve("nonempty"));
        Path outside = Files.writeString(work.resolve("outside-file"), "precious");
        Files.writeString(target.resolve("old-file"), "old");
        Files.createDirectories(target.resolve("etc"));
        Files.createSymbolicLink(target.resolve("etc/link-out"), outside);
        Files.createSymbolicLink(target.resolve("dir-link-out"), work);

        Run refused = febootstrap("-i", "tiny-lib", "fedora-test", target.toString(), repoUrl);
        assertEquals(1, refused.exit());
        assertTrue(refused.stderr().contains(target + ": is not empty (use --force"), refused.stderr());
        assertTrue(Files.exists(target.resolve("old-file")));

        Run forced = febootstrap("--force", "-i", "tiny-lib", "fedora-test", target.toString(), repoUrl);
        assertEquals(0, forced.exit(), forced.stderr());
        assertFalse(Files.exists(target.resolve("old-file")));
        assertEquals("precious", Files.readString(outside));
        assertEquals(Set.of("tiny-filesystem", "tiny-lib"), installedPackages(target));
    }

    @Test
    void forceNeverEmptiesAFilesystemMountedInsideTarget() throws Exception {
        Path target = Files.createDirectories(work.resolve("with-mount"));
        Path mnt = Files.createDirectories(target.resolve("proc"));
        Files.writeString(target.resolve("old-file"), "old");
        Processes.Result m = Processes.run(List.of("mount", "-t", "tmpfs", "febootstrap-test", mnt.toString()));
        org.junit.jupiter.api.Assumptions.assumeTrue(m.exitCode() == 0, "cannot mount here: " + m.stderr());
        try {
            Files.writeString(mnt.resolve("on-the-mount"), "keep");
            Run r = febootstrap("--force", "-i", "tiny-lib", "fedora-test", target.toString(), repoUrl);
            assertEquals(1, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("a filesystem is mounted on " + mnt + "; unmount it first"), r.stderr());
            assertTrue(Files.exists(mnt.resolve("on-the-mount")));
            assertTrue(Files.exists(target.resolve("old-file")), "nothing is removed");
        } finally {
            Processes.run(List.of("umount", mnt.toString())).assertSuccess("umount");
        }
    }

    @Test
    void noCleanKeepsThePackageCache() throws Exception {
        Path target = work.resolve("no-clean");
        Run r = febootstrap("--no-clean", "-i", "tiny-lib", "fedora-test", target.toString(), repoUrl);
        assertEquals(0, r.exit(), r.stderr());
        assertFalse(r.stderr().contains("removing the package cache"));
        List<Path> cached = new ArrayList<>();
        try (var s = Files.walk(target.resolve("var/cache/dnf"))) {
            s.filter(Files::isRegularFile).forEach(cached::add);
        }
        assertTrue(cached.stream().anyMatch(p -> p.toString().endsWith("repomd.xml")), cached.toString());
    }

    /** The owners and modes the tiny packages give their files, as the root model reports them. */
    static void assertPackagedOwnersAndModes(Root root, Path target) throws IOException {
        FileStat secret = root.stat(target.resolve("etc/tiny-secret"));
        assertEquals(FileStat.S_IFREG | 0640, secret.mode());
        assertEquals(1234, secret.uid());
        assertEquals(1234, secret.gid());
        FileStat suid = root.stat(target.resolve("usr/bin/tiny-suid"));
        assertEquals(FileStat.S_IFREG | 04755, suid.mode());
        assertEquals(0, suid.uid());
    }

    static void assertDeviceNodes(Root root) throws IOException {
        Path dir = root.dir();
        Object[][] expected = {
            {"null", 1, 3, 0666}, {"full", 1, 7, 0666}, {"zero", 1, 5, 0666}, {"random", 1, 8, 0666},
            {"urandom", 1, 9, 0666}, {"tty", 5, 0, 0666}, {"console", 5, 1, 0600}, {"ptmx", 5, 2, 0666},
        };
        for (Object[] e : expected) {
            FileStat st = root.stat(dir.resolve("dev/" + e[0]));
            assertEquals(FileStat.S_IFCHR | (Integer) e[3], st.mode(), "mode of /dev/" + e[0]);
            assertEquals((long) (Integer) e[1], st.rdevMajor(), "major of /dev/" + e[0]);
            assertEquals((long) (Integer) e[2], st.rdevMinor(), "minor of /dev/" + e[0]);
            assertEquals(0, st.uid());
        }
        for (int fd = 0; fd < 3; fd++) {
            String name = new String[] {"stdin", "stdout", "stderr"}[fd];
            assertEquals(Path.of("/proc/self/fd/" + fd), Files.readSymbolicLink(dir.resolve("dev/" + name)));
        }
        for (String d : List.of("proc", "sys", "dev/pts", "dev/shm", "dev/mapper")) {
            assertTrue(root.stat(dir.resolve(d)).isDirectory(), d);
        }
    }
}
