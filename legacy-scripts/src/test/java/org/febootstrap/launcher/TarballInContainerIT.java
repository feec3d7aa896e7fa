package org.febootstrap.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The README's promise, checked on a machine that has nothing but a JRE 17: a Debian 12 container
 * without JDK or Maven, where an ordinary user unpacks the tarball and runs it.
 */
@Tag("slow")
class TarballInContainerIT {
    static GenericContainer<?> box;
    static String home;

    @BeforeAll
    static void unpackAsNobody() throws Exception {
        Jre17Image.assumeDockerExists();
        String image = Jre17Image.ensure();
        box = new GenericContainer<>(DockerImageName.parse(image))
                .withCommand("sleep", "infinity")
                .withCopyFileToContainer(MountableFile.forHostPath(Dist.tarball(), 0644), "/tmp/f.tar.gz");
        box.start();
        home = "/opt/" + Dist.distName();
        // The one thing root does: let the user write to /opt, as an admin would give a directory.
        ok(box.execInContainer("chown", "nobody:nogroup", "/opt"), "chown /opt");
        ok(asNobody("/tmp/nobody", "mkdir -p $HOME && tar -C /opt -xzf /tmp/f.tar.gz"), "unpack");
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            box.stop();
        }
    }

    /** Runs {@code script} with sh as nobody, with a small fixed environment and its own HOME. */
    static ExecResult asNobody(String userHome, String script) throws Exception {
        return box.execInContainer("runuser", "-u", "nobody", "--", "env", "-i", "PATH=/usr/bin:/bin",
                "LC_ALL=C.UTF-8", "HOME=" + userHome, "sh", "-c", "cd /tmp && " + script);
    }

    static ExecResult ok(ExecResult r, String what) {
        assertEquals(0, r.getExitCode(), () -> what + " failed:\n" + show(r));
        return r;
    }

    static String show(ExecResult r) {
        return "status " + r.getExitCode() + "\n--- stdout:\n" + r.getStdout() + "--- stderr:\n" + r.getStderr();
    }

    @Test
    void theContainerHasAJre17AndNoJdkOrMaven() throws Exception {
        ExecResult java = ok(asNobody("/tmp/nobody", "java -version"), "java -version");
        assertTrue(java.getStderr().contains("version \"17."), java::getStderr);
        assertEquals("", ok(asNobody("/tmp/nobody", "command -v javac mvn jshell || true"), "command -v")
                .getStdout(), "a JDK or Maven in the image would make this test prove less");
    }

    @Test
    void everyLauncherRunsAsAnOrdinaryUser() throws Exception {
        for (String command : Dist.COMMANDS.keySet()) {
            ExecResult r = asNobody("/tmp/nobody", home + "/bin/" + command + " --version");
            ok(r, command + " --version");
            assertEquals(command + " (febootstrap for Java) " + Dist.version() + "\n", r.getStdout(), command);
            assertEquals("", r.getStderr(), command);
        }
    }

    @Test
    void toInitramfsWritesArchivesThatGnuCpioLists() throws Exception {
        ok(asNobody("/tmp/nobody", "mkdir -p small/a/b && echo hello > small/a/b/hello.txt"
                + " && ln -s a/b/hello.txt small/link"), "make /tmp/small");
        String expected = "a\na/b\na/b/hello.txt\nlink\n";
        String bin = home + "/bin/febootstrap-to-initramfs";

        ok(asNobody("/tmp/nobody", bin + " --compress=xz -o /tmp/i.img /tmp/small"), "to-initramfs xz");
        ExecResult list = ok(asNobody("/tmp/nobody", "xz -dc /tmp/i.img | cpio -it --quiet"), "cpio -it (xz)");
        assertEquals(expected, list.getStdout());
        ExecResult data = ok(asNobody("/tmp/nobody",
                "xz -dc /tmp/i.img | cpio -i --quiet --to-stdout a/b/hello.txt"), "cpio -i (xz)");
        assertEquals("hello\n", data.getStdout());

        ok(asNobody("/tmp/nobody", bin + " --compress=none -o /tmp/n.img /tmp/small"), "to-initramfs none");
        assertEquals(expected, ok(asNobody("/tmp/nobody", "cpio -it --quiet < /tmp/n.img"), "cpio -it")
                .getStdout());
    }

    @Test
    void theManPagesAreInstalled() throws Exception {
        List<String> pages = new ArrayList<>();
        for (String command : Dist.COMMANDS.keySet()) {
            pages.add(command + ".8");
        }
        pages.sort(null);
        ExecResult ls = ok(asNobody("/tmp/nobody", "ls " + home + "/share/man/man8"), "ls man8");
        assertEquals(String.join("\n", pages) + "\n", ls.getStdout());
        for (String page : pages) {
            ExecResult th = ok(asNobody("/tmp/nobody", "grep '^\\.TH ' " + home + "/share/man/man8/" + page),
                    page);
            assertTrue(th.getStdout().contains(Dist.version()), page + ": " + th.getStdout());
        }
    }

    @Test
    void theStartUpCacheIsMadeOnceAndStaysSilent() throws Exception {
        String userHome = "/tmp/cds-home";
        String run = home + "/bin/febootstrap-to-initramfs --version";
        String cacheFiles = "find $HOME/.cache/febootstrap -type f ! -name '*.paths' -printf '%P %T@\\n' 2>/dev/null | sort";

        ExecResult reference = ok(asNobody(userHome, "mkdir -p $HOME && FEBOOTSTRAP_NO_CDS=1 " + run), "no cache");
        assertEquals("", asNobody(userHome, cacheFiles).getStdout(), "FEBOOTSTRAP_NO_CDS=1 writes nothing");

        ExecResult first = ok(asNobody(userHome, run), "first run");
        String made = asNobody(userHome, cacheFiles).getStdout();
        assertEquals(1, made.lines().count(), made);
        assertTrue(made.contains("org.febootstrap.cli.ToInitramfs.jsa "), made);

        ExecResult second = ok(asNobody(userHome, run), "second run");
        assertEquals(made, asNobody(userHome, cacheFiles).getStdout(), "the second run reuses the archive");
        for (ExecResult r : List.of(first, second)) {
            assertEquals(reference.getStdout(), r.getStdout(), () -> show(r));
            assertEquals(reference.getStderr(), r.getStderr(), () -> show(r));
        }
        assertEquals("", second.getStderr());
        assertNotEquals("", second.getStdout());
    }
}
