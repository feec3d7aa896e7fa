package org.febootstrap.cli.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.host.ExternalCommand;

/**
 * A package tool's output: kept line by line (to find failures in it) and, with {@code -v},
 * echoed to the user as it comes. Its standard output and error both write here.
 */
public final class Transcript {
    private final PrintStream echo; // null: quiet
    private final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final OutputStream stream = new OutputStream() {
        @Override
        public void write(int b) {
            Transcript.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Transcript.this.write(b, off, len);
        }

        @Override
        public void flush() {
            Transcript.this.flushPartial();
        }
    };

    public Transcript(PrintStream echo) {
        this.echo = echo;
    }

    public static Transcript quiet() {
        return new Transcript(null);
    }

    /** Where the tool's output is written. */
    public OutputStream stream() {
        return stream;
    }

    private synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == '\n' || c == '\r') {
                endLine();
            } else {
                partial.write(c);
            }
        }
    }

    private synchronized void flushPartial() {
        if (echo != null) {
            echo.flush();
        }
    }

    private void endLine() {
        if (partial.size() == 0) {
            return;
        }
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        lines.add(line);
        if (echo != null) {
            echo.println(line);
        }
    }

    /** Adds a line of our own (the command being run, say). */
    public synchronized void note(String line) {
        lines.add(line);
        if (echo != null) {
            echo.println(line);
        }
    }

    /**
     * Runs a package tool with its standard output and error written here, after noting the
     * command as {@code + command} (as {@code sh -x} shows it).
     *
     * @param command the program and its arguments
     * @param environment exactly the environment it runs in
     */
    public ExternalCommand.Result run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException {
        note("+ " + String.join(" ", command));
        return ExternalCommand.of(command.get(0))
                .addArguments(command.subList(1, command.size()))
                .environment(environment)
                .timeout(timeout)
                .output(stream, stream)
                .run();
    }

    /** Every complete line so far (and the unfinished last one). */
    public synchronized List<String> lines() {
        endLine();
        return List.copyOf(lines);
    }

    /** The last {@code n} non-blank lines, for an error message. */
    public List<String> tail(int n) {
        List<String> all = lines();
        List<String> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && out.size() < n; i--) {
            if (!all.get(i).isBlank()) {
                out.add(0, all.get(i));
            }
        }
        return out;
    }
}
