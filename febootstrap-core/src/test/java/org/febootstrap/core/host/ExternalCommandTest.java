package org.febootstrap.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalCommandTest {
    @Test
    void argumentsReachTheProgramUnchanged() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExternalCommand.Result r = ExternalCommand.of("/bin/sh", "-c", "printf '[%s]' \"$@\"", "sh",
                        "two words", "\"quoted\"", "it's", "$HOME", "")
                .output(out, java.io.OutputStream.nullOutputStream())
                .run();
        assertTrue(r.succeeded());
        assertEquals("[two words][\"quoted\"][it's][$HOME][]", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exitStatusAndEnvironmentAreTheProgramsOwn() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExternalCommand.Result r = ExternalCommand.of("/bin/sh", "-c", "echo \"$ONLY\"; exit 7")
                .environment(Map.of("ONLY", "this", "PATH", "/usr/bin:/bin"))
                .output(out, java.io.OutputStream.nullOutputStream())
                .run();
        assertEquals(7, r.exitCode());
        assertFalse(r.timedOut());
        assertEquals("this\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingProgramIsNamed() {
        IOException e = assertThrows(IOException.class, () -> ExternalCommand.of("/nonexistent/febootstrap-tool").run());
        assertTrue(e.getMessage().startsWith("/nonexistent/febootstrap-tool: cannot run program"), e.getMessage());
    }

    /** commons-exec alone kills only the child: the grandchild would live on and hold its output open. */
    @Test
    void aTimeoutKillsTheProgramAndEverythingItStarted(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        long start = System.nanoTime();
        ExternalCommand.Result r = ExternalCommand.of("/bin/sh", "-c", "sleep 60 & echo $! > \"$1\"; wait", "sh", pidFile.toString())
                .timeout(Duration.ofMillis(1500))
                .run();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(r.timedOut());
        assertFalse(r.succeeded());
        assertTrue(ms < 20_000, "took " + ms + " ms");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        for (int i = 0; i < 50 && running(pid); i++) {
            Thread.sleep(100);
        }
        assertFalse(running(pid), "grandchild sleep " + pid + " still alive");
    }

    /** Ctrl-C or kill of febootstrap must not leave dnf running: the shutdown hook kills the tree. */
    @Test
    void aStoppedJvmTakesItsProgramsWithIt(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Sleeper.class.getName(),
                pidFile.toString()).redirectErrorStream(true).start();
        for (int i = 0; i < 2000 && !(Files.exists(pidFile) && Files.size(pidFile) > 0); i++) {
            Thread.sleep(5);
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(running(pid));
        jvm.destroy(); // SIGTERM, as kill(1) or a closing terminal would
        assertTrue(jvm.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        for (int i = 0; i < 50 && running(pid); i++) {
            Thread.sleep(100);
        }
        assertFalse(running(pid), "grandchild sleep " + pid + " outlived the JVM");
    }

    /**
     * Whether a process exists and is not a zombie: a killed orphan stays a zombie where PID 1
     * does not reap (containers), and it is dead all the same.
     */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** A JVM that runs a shell whose child sleeps, and waits. */
    public static final class Sleeper {
        public static void main(String[] args) throws IOException {
            ExternalCommand.of("/bin/sh", "-c", "sleep 60 & echo $! > \"$1\"; wait", "sh", args[0]).run();
        }
    }

    @Test
    void workingDirectoryAndInput(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExternalCommand.of("/bin/sh", "-c", "pwd; cat")
                .workingDirectory(dir)
                .input(new java.io.ByteArrayInputStream("from stdin\n".getBytes(StandardCharsets.UTF_8)))
                .output(out, java.io.OutputStream.nullOutputStream())
                .run();
        assertEquals(dir.toRealPath() + "\nfrom stdin\n", out.toString(StandardCharsets.UTF_8));
    }
}
