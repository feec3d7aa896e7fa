package org.febootstrap.core.cli;

import java.nio.file.Path;
import org.febootstrap.core.util.AtomicFile;

/**
 * Run by {@link CommandRunnerExitTest} in a JVM of its own: prints without a newline on both
 * streams, registers a shutdown hook that says it ran, then ends through CommandRunner.exit with
 * the status given; "open" leaves an AtomicFile uncommitted first.
 */
public final class ExitProbe {
    private ExitProbe() {}

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.print(" hook")));
        Console c = Console.system();
        c.out().write("data".getBytes());
        c.err().print("message");
        if (args.length > 1 && args[1].equals("open")) {
            AtomicFile.create(Path.of(args[2]));
        }
        CommandRunner.exit(Integer.parseInt(args[0]));
    }
}
