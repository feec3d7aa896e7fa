package org.febootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.DynamicRoot;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.Unprivileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallTest {
    @TempDir
    Path tmp;

    private CommandHarness.Outcome install(String... args) {
        return CommandHarness.run(Install.NAME, new Install(), Map.of(), null, args);
    }

    private Path root() throws Exception {
        Path r = tmp.resolve("root");
        Files.createDirectories(r.resolve("etc"));
        Files.createDirectories(r.resolve("usr/bin"));
        Files.writeString(r.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nalice:x:1500:1501::/:/bin/sh\n");
        Files.writeString(r.resolve("etc/group"), "root:x:0:\nstaff:x:1501:\n");
        return r;
    }

    @Test
    void installsWithModeAndOwnerFromTheRootsOwnAccounts() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Root.runningAsRoot());
        Path r = root();
        Path local = tmp.resolve("init");
        Files.writeString(local, "#!/bin/sh\necho hi\n");
        CommandHarness.Outcome o = install(r.toString(), local.toString(), "/init", "0755", "alice.staff");
        assertEquals(0, o.exit(), o.stderr());
        FileStat st = FileStat.of(r.resolve("init"));
        assertEquals(0755, st.permissions());
        assertEquals(1500, st.uid());
        assertEquals(1501, st.gid());
        assertEquals("#!/bin/sh\necho hi\n", Files.readString(r.resolve("init")));
        // Symbolic mode, numeric owner, colon separator, a directory as TARGETPATH.
        assertEquals(0, install(r.toString(), local.toString(), "usr/bin", "u=rwx,go=rx,u+s", "7:8").exit());
        FileStat inDir = FileStat.of(r.resolve("usr/bin/init"));
        assertEquals(04755, inDir.permissions());
        assertEquals(7, inDir.uid());
        assertEquals(8, inDir.gid());
    }

    @Test
    void neverWritesOutsideTheRoot() throws Exception {
        Path r = root();
        Path hostDir = Files.createDirectories(tmp.resolve("host-dir"));
        Files.createDirectories(r.resolve("usr/share"));
        Files.createSymbolicLink(r.resolve("usr/share/doc"), hostDir); // absolute: means ROOT + hostDir
        Path local = tmp.resolve("f");
        Files.writeString(local, "x");
        CommandHarness.Outcome escape = install(r.toString(), local.toString(), "../../f", "644", "root");
        assertEquals(2, escape.exit());
        assertTrue(escape.stderr().startsWith(Install.NAME + ": TARGETPATH '../../f' leaves the root\n"), escape.stderr());
        CommandHarness.Outcome viaLink = install(r.toString(), local.toString(), "/usr/share/doc/f", "644", "root");
        assertEquals(1, viaLink.exit());
        assertTrue(viaLink.stderr().contains(": directory does not exist in the root"), viaLink.stderr());
        try (var s = Files.list(hostDir)) {
            assertEquals(0, s.count(), "the host directory the link names is untouched");
        }
        Files.createDirectories(r.resolve(hostDir.toString().substring(1)));
        assertEquals(0, install(r.toString(), local.toString(), "/usr/share/doc/f", "644", "root").exit());
        assertTrue(Files.exists(r.resolve(hostDir.toString().substring(1)).resolve("f")));
        try (var s = Files.list(hostDir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void badArguments() throws Exception {
        Path r = root();
        Path local = tmp.resolve("f");
        Files.writeString(local, "x");
        assertEquals(2, install(r.toString(), local.toString(), "/f", "rwx", "root").exit());
        assertEquals(2, install(r.toString(), local.toString(), "/f").exit());
        CommandHarness.Outcome noUser = install(r.toString(), local.toString(), "/f", "644", "bob");
        assertEquals(1, noUser.exit());
        assertEquals(Install.NAME + ": " + r.toRealPath().resolve("etc/passwd") + ": no user named 'bob' in the root\n", noUser.stderr());
        CommandHarness.Outcome noFile = install(r.toString(), tmp.resolve("nope").toString(), "/f", "644", "root");
        assertEquals(Install.NAME + ": " + tmp.resolve("nope") + ": No such file or directory\n", noFile.stderr());
        assertFalse(Files.exists(r.resolve("f")));
    }

    @Test
    void asNonRootTheOwnerGoesToFakerootLog() throws Exception {
        Unprivileged.require();
        Processes.requireProgram("fakeroot");
        Path base = Unprivileged.ownedDirectory("fb-install-");
        Path r = DynamicRoot.create(base.resolve("root"), "dash", "stat");
        Processes.run(List.of("chown", "-R", Unprivileged.USER + ":", base.toString())).assertSuccess("chown");
        Path local = base.resolve("hello");
        Files.writeString(local, "hello\n");
        Processes.Result r1 = Unprivileged.runMain(Install.class.getName(),
                List.of(r.toString(), local.toString(), "/etc/hello", "4750", "alice.staff"), base);
        assertEquals(0, r1.exitCode(), r1.stderr());
        Root root = Root.open(r);
        FileStat st = root.stat(r.resolve("etc/hello"));
        assertEquals(1500, st.uid());
        assertEquals(1501, st.gid());
        assertEquals(04750, st.permissions());
        // fakeroot itself sees the same.
        Processes.Result seen = Unprivileged.sh("fakeroot -i " + r.resolve("fakeroot.log") + " -- stat -c '%u %g %a' "
                + r.resolve("etc/hello"), base);
        assertEquals("1500 1501 4750", seen.stdout().strip(), seen.stderr());
    }

    @Test
    void chmodModes() {
        assertEquals(0644, ChmodMode.parse("ugo=r,u+w").apply(0, false));
        assertEquals(0755, ChmodMode.parse("a=rX").apply(0700, true) | 0200);
        assertEquals(0640, ChmodMode.parse("o-r").apply(0644, false));
        assertEquals(02755, ChmodMode.parse("g+s").apply(0755, false));
        assertEquals(0775, ChmodMode.parse("g=u").apply(0755, false));
        assertEquals(01777, ChmodMode.parse("1777").apply(0, true));
        assertThrows(IllegalArgumentException.class, () -> ChmodMode.parse("u+q"));
        assertThrows(IllegalArgumentException.class, () -> ChmodMode.parse("99"));
    }
}
