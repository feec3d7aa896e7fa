package org.febootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.DynamicRoot;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.TinyRoot;
import org.febootstrap.core.testing.Unprivileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTest {
    @TempDir
    Path tmp;

    /** Runs febootstrap-run in its own JVM: it inherits stdio, as a user's terminal would give it. */
    private static Processes.Result run(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Run.class.getName()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd);
    }

    @Test
    void asRootItChrootsAndPassesTheExitStatus() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Root.runningAsRoot());
        Processes.requireProgram("chroot");
        Path r = TinyRoot.create(tmp.resolve("root"), "m");
        Processes.Result cat = run(r.toString(), "/bin/busybox", "cat", "/etc/hostname");
        assertEquals(0, cat.exitCode(), cat.stderr());
        assertEquals("tiny\n", cat.stdout());
        // Options end at DIR: -c belongs to the command; so does a later --.
        assertEquals(7, run(r.toString(), "/bin/sh", "-c", "exit 7").exitCode());
        assertEquals(3, run(r.toString(), "--", "/bin/sh", "-c", "exit 3").exitCode());
        assertEquals(2, run().exitCode());
        Processes.Result missing = run(tmp.resolve("nope").toString());
        assertEquals(1, missing.exitCode());
        assertEquals(Run.NAME + ": " + tmp.resolve("nope") + ": No such file or directory\n", missing.stderr());
    }

    @Test
    void asNonRootItUsesFakerootAndFakechrootAndSavesOwnershipUnlessReadOnly() throws Exception {
        Unprivileged.require();
        Processes.requireProgram("fakechroot");
        Path base = Unprivileged.ownedDirectory("fb-run-");
        Path r = DynamicRoot.create(base.resolve("root"), "dash", "chown", "stat", "cat");
        Processes.run(List.of("chown", "-R", Unprivileged.USER + ":", base.toString())).assertSuccess("chown");
        Processes.Result cat = Unprivileged.runMain(Run.class.getName(), List.of(r.toString(), "/bin/cat", "/etc/hostname"), base);
        assertEquals("dynamic-root\n", cat.stdout(), cat.stderr());
        Processes.Result chown = Unprivileged.runMain(Run.class.getName(),
                List.of(r.toString(), "/bin/chown", "42:43", "/etc/hostname"), base);
        assertEquals(0, chown.exitCode(), chown.stderr());
        assertEquals(42, Root.open(r).stat(r.resolve("etc/hostname")).uid());
        Unprivileged.runMain(Run.class.getName(), List.of("--ro", r.toString(), "/bin/chown", "7:7", "/etc/hostname"), base);
        Processes.Result stat = Unprivileged.runMain(Run.class.getName(),
                List.of(r.toString(), "/bin/stat", "-c", "%u:%g", "/etc/hostname"), base);
        assertEquals("42:43\n", stat.stdout(), stat.stderr());
        assertTrue(Files.exists(r.resolve("fakeroot.log")));
        assertEquals(5, Unprivileged.runMain(Run.class.getName(), List.of(r.toString(), "/bin/dash", "-c", "exit 5"), base).exitCode());
    }
}
