package org.febootstrap.core.util;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.testing.Processes;

/**
 * Test helper: runs a host tool that serves as the oracle (sort -V, ls -v, sed -E, glibc
 * fnmatch via python3, xz/gzip/zstd) in the C locale, with lines in and lines out.
 */
public final class ExternalCommand {

    private ExternalCommand() {
    }

    /** Whether a program of that name is on PATH. */
    public static boolean onPath(String program) {
        return Processes.onPath(program);
    }

    /** Runs the command with the given lines on stdin and returns its stdout lines. */
    public static List<String> run(List<String> lines, String... command) {
        StringBuilder input = new StringBuilder();
        for (String line : lines) {
            input.append(line).append('\n');
        }
        String out = run(input.toString().getBytes(StandardCharsets.UTF_8), null, command);
        List<String> result = new ArrayList<>();
        int start = 0;
        for (int nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n', start)) {
            result.add(out.substring(start, nl));
            start = nl + 1;
        }
        return result;
    }

    /** Runs the command (optionally in a directory) and returns its stdout as UTF-8 text. */
    public static String run(byte[] stdin, Path directory, String... command) {
        return Processes.run(List.of(command), directory, stdin, Map.of("LC_ALL", "C"), Duration.ofMinutes(2))
                .assertSuccess(String.join(" ", command))
                .stdout();
    }
}
