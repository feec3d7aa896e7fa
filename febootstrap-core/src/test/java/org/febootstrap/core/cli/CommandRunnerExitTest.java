package org.febootstrap.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CommandRunner.exit in a real JVM: every byte written reaches stdout and stderr, the status is the
 * one given, and shutdown hooks run whenever they may have work (a failure, a temporary output
 * still there), while a plain success skips them (halts, past JDK 21's logging of Runtime.exit).
 */
class CommandRunnerExitTest {
    @TempDir
    Path tmp;

    private Processes.Result probe(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ExitProbe.class.getName()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd);
    }

    @Test
    void successHaltsWithEverythingWritten() {
        Processes.Result r = probe("0");
        assertEquals(0, r.exitCode());
        assertEquals("data", r.stdout());
        assertEquals("message", r.stderr(), "no hook: nothing was pending");
    }

    @Test
    void failuresExitThroughTheHooks() {
        for (int status : new int[] {1, 2}) {
            Processes.Result r = probe(Integer.toString(status));
            assertEquals(status, r.exitCode());
            assertEquals("data", r.stdout());
            assertEquals("message hook", r.stderr());
        }
    }

    @Test
    void aTemporaryOutputStillThereIsRemovedByTheHooksEvenOnSuccess() throws Exception {
        Path out = tmp.resolve("initrd");
        Processes.Result r = probe("0", "open", out.toString());
        assertEquals(0, r.exitCode());
        assertEquals("message hook", r.stderr());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "no temporary file left");
        }
    }
}
