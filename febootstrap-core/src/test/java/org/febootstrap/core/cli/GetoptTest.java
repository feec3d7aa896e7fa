package org.febootstrap.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GetoptTest {
    static final OptionSpec INSTALL = OptionSpec.withArgument("install", 'i');
    static final OptionSpec VERBOSE = OptionSpec.flag("verbose", 'v');
    static final OptionSpec VERSION = OptionSpec.flag("version", (char) 0);
    static final OptionSpec NO_CLEAN = OptionSpec.flag("no-clean", (char) 0);
    static final List<OptionSpec> SPECS = List.of(INSTALL, VERBOSE, VERSION, NO_CLEAN);

    private static Getopt.Result parse(String... args) throws UsageException {
        return Getopt.parse(SPECS, List.of(args), false);
    }

    private static List<String> installs(Getopt.Result r) {
        return r.options().stream().filter(o -> o.option() == INSTALL).map(Getopt.Occurrence::value).toList();
    }

    @Test
    void everyWayOfGivingAValue() throws Exception {
        for (String[] args : new String[][] {
            {"-i", "bash"}, {"-ibash"}, {"--install=bash"}, {"--install", "bash"}, {"--inst", "bash"}, {"--i=bash"}
        }) {
            assertEquals(List.of("bash"), installs(parse(args)), String.join(" ", args));
        }
    }

    @Test
    void clustersAndCounts() throws Exception {
        Getopt.Result r = parse("-vvi", "bash", "-v");
        assertEquals(3, r.count(VERBOSE));
        assertEquals(List.of("bash"), installs(r));
    }

    @Test
    void operandsMayComeBetweenOptionsUnlessAskedToStop() throws Exception {
        Getopt.Result r = parse("fedora", "-i", "bash", "target");
        assertEquals(List.of("fedora", "target"), r.operands());
        Getopt.Result stop = Getopt.parse(SPECS, List.of("dir", "ls", "-v"), true);
        assertEquals(List.of("dir", "ls", "-v"), stop.operands());
        assertEquals(0, stop.count(VERBOSE));
    }

    @Test
    void doubleDashEndsOptions() throws Exception {
        Getopt.Result r = parse("-v", "--", "-i", "--verbose", "-");
        assertEquals(List.of("-i", "--verbose", "-"), r.operands());
        assertEquals(1, r.count(VERBOSE));
    }

    @Test
    void loneDashIsAnOperand() throws Exception {
        assertEquals(List.of("-"), parse("-").operands());
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertEquals("unrecognized option '--nope'", assertThrows(UsageException.class, () -> parse("--nope")).getMessage());
        assertEquals("invalid option -- 'x'", assertThrows(UsageException.class, () -> parse("-x")).getMessage());
        assertEquals("option '--install' requires an argument",
                assertThrows(UsageException.class, () -> parse("--install")).getMessage());
        assertEquals("option requires an argument -- 'i'", assertThrows(UsageException.class, () -> parse("-i")).getMessage());
        assertEquals("option '--verbose' doesn't allow an argument",
                assertThrows(UsageException.class, () -> parse("--verbose=3")).getMessage());
        String amb = assertThrows(UsageException.class, () -> parse("--ver")).getMessage();
        assertTrue(amb.startsWith("option '--ver' is ambiguous; possibilities: '--verbose' '--version'"), amb);
    }

    @Test
    void exactLongNameWinsOverLongerOnes() throws Exception {
        OptionSpec keep = OptionSpec.flag("keep", (char) 0);
        OptionSpec keepDocs = OptionSpec.flag("keep-docs", (char) 0);
        Getopt.Result r = Getopt.parse(List.of(keep, keepDocs), List.of("--keep"), false);
        assertEquals(1, r.count(keep));
    }
}
