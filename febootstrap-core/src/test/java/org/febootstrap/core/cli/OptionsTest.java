package org.febootstrap.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.beust.jcommander.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
    static final class Opts {
        @Parameter(names = {"-i", "--install"}, description = "Install PKG.")
        @Metavar("PKG")
        List<String> install = new ArrayList<>();

        @Parameter(names = "--no-clean", description = "Keep the cache.")
        boolean noClean;

        @Parameter(names = {"-v", "--verbose"}, description = "More output.")
        @Counted
        int verbose;

        @Parameter(names = "--size", description = "A size.")
        int size = 7;
    }

    static final Options.Help HELP = new Options.Help("febootstrap-test", "febootstrap-test [-i PKG]... DIR", "Tests.");

    @Test
    void bindsGnuStyleArguments() throws Exception {
        Opts o = new Opts();
        List<String> operands = Options.parse(o, HELP, List.of("-ibash", "fedora", "--inst", "coreutils", "-vv",
                "--no-clean", "--no-clean", "--verbose", "--size=12", "target"), false);
        assertEquals(List.of("bash", "coreutils"), o.install);
        assertEquals(3, o.verbose);
        assertTrue(o.noClean, "a repeated flag stays set (JCommander alone would toggle it back)");
        assertEquals(12, o.size);
        assertEquals(List.of("fedora", "target"), operands);
    }

    @Test
    void badValuesAreUsageErrors() {
        UsageException e = assertThrows(UsageException.class,
                () -> Options.parse(new Opts(), HELP, List.of("--size=big"), false));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
    }

    @Test
    void helpAndVersion() throws Exception {
        EarlyExit help = assertThrows(EarlyExit.class, () -> Options.parse(new Opts(), HELP, List.of("x", "--help"), false));
        assertTrue(help.text().startsWith("Usage: febootstrap-test [-i PKG]... DIR"), help.text());
        assertTrue(help.text().contains("-i, --install=PKG"), help.text());
        assertTrue(help.text().contains("-v, --verbose "), help.text());
        EarlyExit version = assertThrows(EarlyExit.class, () -> Options.parse(new Opts(), HELP, List.of("--vers"), false));
        assertTrue(version.text().matches("febootstrap-test \\(febootstrap for Java\\) \\d+\\.\\d+.*\\n"), version.text());
    }

    @Test
    void runnerMapsOutcomesToExitCodes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console c = new Console(out, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertEquals(0, CommandRunner.run("t", (a, con) -> 0, new String[0], c));
        assertEquals(2, CommandRunner.run("t", (a, con) -> {
            throw new UsageException("missing DIR");
        }, new String[0], c));
        assertEquals(1, CommandRunner.run("t", (a, con) -> {
            throw new NoSuchFileException("/nonexistent/root");
        }, new String[0], c));
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("t: missing DIR", lines[0]);
        assertEquals("Try 't --help' for more information.", lines[1]);
        assertEquals("t: /nonexistent/root: No such file or directory", lines[2]);
        assertEquals(3, lines.length);
        assertEquals(0, CommandRunner.run("t", (a, con) -> Options.parse(new Opts(), HELP, a, false).size(),
                new String[] {"--help"}, c));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: "));
    }
}
