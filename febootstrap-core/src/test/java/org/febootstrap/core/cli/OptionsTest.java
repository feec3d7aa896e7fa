package org.febootstrap.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.converters.IParameterSplitter;
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

    /** Every kind of field Options binds itself, with the defaults that make JCommander's rules show. */
    static final class Kinds {
        static final class NoSplit implements IParameterSplitter {
            @Override
            public List<String> split(String value) {
                return List.of(value);
            }
        }

        @Parameter(names = {"-i", "--install"}, description = "Comma-split list with a default.")
        List<String> install = new ArrayList<>(List.of("default"));

        @Parameter(names = {"-g", "--group"}, splitter = NoSplit.class, description = "Unsplit list.")
        List<String> groups = new ArrayList<>();

        @Parameter(names = {"-p", "--proxy"}, description = "A string.")
        String proxy;

        @Parameter(names = "--updates", description = "A string with a default.")
        String updates = "none";

        @Parameter(names = "--no-clean", description = "A flag.")
        boolean noClean;

        @Parameter(names = "--clean", description = "A flag that is set by default.")
        boolean clean = true;

        @Parameter(names = "--boxed", description = "A boxed flag.")
        Boolean boxed;

        @Parameter(names = {"-v", "--verbose"}, description = "Counted.")
        @Counted
        int verbose;

        @Parameter(names = "--size", description = "An int.")
        int size = 7;

        @Parameter(names = "--count", description = "A boxed int.")
        Integer count;

        String describe() {
            return install + " " + groups + " " + proxy + " " + updates + " " + noClean + " " + clean + " " + boxed + " "
                    + verbose + " " + size + " " + count;
        }
    }

    /** The fields after parsing {@code args}, or the usage error's message. */
    private static String outcome(List<String> args, boolean jcommander) throws EarlyExit {
        boolean was = Options.alwaysJCommander;
        Options.alwaysJCommander = jcommander;
        try {
            Kinds k = new Kinds();
            List<String> operands = Options.parse(k, HELP, args, false);
            return k.describe() + " " + operands;
        } catch (UsageException e) {
            return "usage: " + e.getMessage();
        } finally {
            Options.alwaysJCommander = was;
        }
    }

    @Test
    void plainFieldsAreBoundAsJCommanderBindsThem() throws Exception {
        List<List<String>> lines = List.of(
                List.of(),
                List.of("dir"),
                List.of("-ia,b", "--inst", "c", "dir"),
                List.of("-g", "a,b", "--group=c,d"),
                List.of("-p", "http://proxy:3128", "--updates=updates-testing"),
                List.of("--no-clean", "--clean", "--boxed", "x"),
                List.of("--no-clean", "--no-clean", "--clean", "--clean"),
                List.of("-vvv", "--verbose", "--size=12", "--count", "3"),
                List.of("--size=big"),
                List.of("--count="),
                List.of("--size", "-5"),
                List.of("-p", "a", "--proxy", "b"),
                List.of("--size=1", "--size=2"),
                List.of("-i", "", "x", "--", "-v"));
        for (List<String> line : lines) {
            assertEquals(outcome(line, true), outcome(line, false), "for " + line);
        }
        assertEquals("[a, b, c] [] null none false true null 0 7 null [dir]", outcome(List.of("-ia,b", "--inst", "c", "dir"), false));
        assertEquals("[default] [] null none true false true 0 7 null [x]", outcome(List.of("--no-clean", "--clean", "--boxed", "x"), false));
    }

    @Test
    void argumentsWithoutOptionsAreAllOperands() throws Exception {
        // The shortcut that skips reading the option fields must agree with Getopt.
        List<List<String>> lines = List.of(List.of(), List.of("a"), List.of("a", "b"), List.of("-"), List.of("a", "-"),
                List.of("a", "-v"), List.of("a", "--"), List.of("--", "a"), List.of("-v", "a"), List.of("a", "--x=1"));
        List<OptionSpec> specs = List.of(OptionSpec.flag("verbose", 'v'), OptionSpec.withArgument("x", (char) 0));
        for (boolean stop : new boolean[] {false, true}) {
            for (List<String> line : lines) {
                if (Options.onlyOperands(line, stop)) {
                    Getopt.Result r = Getopt.parse(specs, line, stop);
                    assertTrue(r.options().isEmpty(), "options in " + line);
                    assertEquals(line, r.operands(), "operands of " + line + (stop ? ", stopping at the first" : ""));
                }
            }
        }
        assertTrue(Options.onlyOperands(List.of("dir", "ls", "-l"), true));
        assertFalse(Options.onlyOperands(List.of("dir", "ls", "-l"), false));
        assertFalse(Options.onlyOperands(List.of("--", "dir"), true));
        assertEquals(List.of("dir", "ls", "-l"), Options.parse(new Opts(), HELP, List.of("dir", "ls", "-l"), true));
    }

    @Test
    void optionSpecsCompareByValue() {
        assertEquals(OptionSpec.flag("verbose", 'v'), new OptionSpec("verbose", 'v', false));
        assertEquals(OptionSpec.flag("verbose", 'v').hashCode(), new OptionSpec("verbose", 'v', false).hashCode());
        assertNotEquals(OptionSpec.flag("verbose", 'v'), OptionSpec.withArgument("verbose", 'v'));
        assertNotEquals(OptionSpec.flag("verbose", 'v'), OptionSpec.flag("verbose", (char) 0));
        assertNotEquals(OptionSpec.flag(null, 'v'), OptionSpec.flag("verbose", 'v'));
        assertEquals(OptionSpec.flag(null, 'v'), OptionSpec.flag(null, 'v'));
        assertTrue(OptionSpec.flag("verbose", 'v').toString().contains("verbose"));
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
