package org.febootstrap.helper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.testing.Processes;

/** Runs the helper in this JVM (fast) or as its own java process (locks, other users, cwd). */
final class HelperRunner {
    /** What a run did. */
    record Outcome(int exit, String stdout, String stderr) {
        Outcome assertSuccess() {
            if (exit != 0) {
                throw new AssertionError("helper exited " + exit + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    private HelperRunner() {}

    static Outcome run(Map<String, String> env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> e = new HashMap<>(env);
        Console console = new Console(out, new PrintStream(err, true, StandardCharsets.UTF_8), e);
        int exit = CommandRunner.run(HelperOptions.COMMAND, new SuperminHelper(System.nanoTime()),
                args.toArray(new String[0]), console);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Outcome run(List<String> args) {
        return run(Map.of(), args);
    }

    /** The helper as a separate JVM (as root; {@link org.febootstrap.core.testing.Unprivileged} runs it as nobody). */
    static Processes.Result process(List<String> prefix, Path cwd, Map<String, String> env, List<String> args,
            Duration timeout) {
        return Processes.run(command(prefix, args), cwd, null, env, timeout);
    }

    static List<String> command(List<String> prefix, List<String> args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SuperminHelper.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
