package org.febootstrap.cli.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.host.ExternalCommand;
import org.junit.jupiter.api.Test;

class TranscriptTest {
    @Test
    void aRunIsNotedAsShMinusXThenItsOutputAndErrorFollowAndAreEchoed() throws Exception {
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        Transcript t = new Transcript(new PrintStream(echoed, true, StandardCharsets.UTF_8));
        List<String> command = List.of("/bin/sh", "-c", "echo \"out $FEBOOTSTRAP_T\"; echo err >&2; exit 3");
        ExternalCommand.Result r = t.run(command, Map.of("FEBOOTSTRAP_T", "set", "PATH", "/usr/bin:/bin"),
                Duration.ofMinutes(1));
        assertEquals(3, r.exitCode());
        assertFalse(r.timedOut());
        List<String> lines = t.lines();
        assertEquals("+ /bin/sh -c echo \"out $FEBOOTSTRAP_T\"; echo err >&2; exit 3", lines.get(0));
        // Output and error are two pipes: their order between each other is not fixed.
        assertEquals(List.of("err", "out set"), lines.subList(1, lines.size()).stream().sorted().toList());
        assertEquals(String.join("\n", lines) + "\n", echoed.toString(StandardCharsets.UTF_8), "-v shows the same lines");
    }

    @Test
    void theEnvironmentIsExactlyTheOneGiven() throws Exception {
        Transcript t = Transcript.quiet();
        t.run(List.of("/usr/bin/env"), Map.of("ONLY", "this"), Duration.ofMinutes(1));
        assertEquals(List.of("+ /usr/bin/env", "ONLY=this"), t.lines());
    }

    @Test
    void aToolThatOverrunsItsTimeIsStopped() throws Exception {
        Transcript t = Transcript.quiet();
        ExternalCommand.Result r = t.run(List.of("/bin/sleep", "30"), Map.of(), Duration.ofMillis(300));
        assertTrue(r.timedOut());
        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(20)) < 0, r.elapsed().toString());
    }
}
