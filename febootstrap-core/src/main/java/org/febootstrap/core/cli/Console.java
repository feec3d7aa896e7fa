package org.febootstrap.core.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where a command's data (stdout) and messages (stderr) go, and its environment. Commands take
 * this instead of touching System.out, so tests can run them in-process.
 *
 * @param out the raw standard output, for data; a {@link FileOutputStream} when it is the
 *     process's own, so file channels can be used on it
 * @param err messages
 * @param env the environment variables
 */
public record Console(OutputStream out, PrintStream err, Map<String, String> env) {
    public Console {
        env = Map.copyOf(env);
    }

    public static Console system() {
        return new Console(
                new FileOutputStream(FileDescriptor.out),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
                System.getenv());
    }

    /** Standard output for text lines; flush it when done. */
    public PrintStream text() {
        return new PrintStream(out, false, StandardCharsets.UTF_8);
    }

    public String env(String name) {
        return env.get(name);
    }
}
