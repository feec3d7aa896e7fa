package org.febootstrap.cli;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cli.Tool;

/** Runs a command in-process, as its main would, capturing stdout (to a file or memory) and stderr. */
final class CommandHarness {
    record Outcome(int exit, String stdout, String stderr) {}

    private CommandHarness() {}

    static Outcome run(String name, Tool tool, Map<String, String> env, Path stdoutFile, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream mem = new ByteArrayOutputStream();
        Map<String, String> e = new HashMap<>(env);
        try (OutputStream out = stdoutFile != null ? new FileOutputStream(stdoutFile.toFile()) : mem) {
            int code = CommandRunner.run(name, tool, args, new Console(out, new PrintStream(err, true, StandardCharsets.UTF_8), e));
            return new Outcome(code, mem.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
