package org.febootstrap.core.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: runs a host tool (the oracle for several tests) in the C locale. */
public final class ExternalCommand {

    private ExternalCommand() {
    }

    /** Whether a program of that name is on PATH. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
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
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LC_ALL", "C");
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process p = pb.start();
            Thread feeder = new Thread(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(stdin);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            feeder.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream is = p.getInputStream()) {
                is.transferTo(out);
            }
            feeder.join();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + rc);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
