package org.febootstrap.minimize;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;

/** Runs febootstrap-minimize in this JVM, as its main would, capturing stdout and stderr. */
final class Cli {
    record Result(int exitCode, String out, String err) {
        Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("febootstrap-minimize exited " + exitCode + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }

    private Cli() {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = CommandRunner.run(Minimize.NAME, new Minimize(), args, new Console(out, errStream, Map.of()));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
