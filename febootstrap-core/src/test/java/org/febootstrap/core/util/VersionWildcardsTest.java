package org.febootstrap.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VersionWildcardsTest {

    /** The seven rules as a GNU sed program: "=" and the wildcard, or "!" for no rule. */
    private static final String SED_RULES = String.join("\n",
            "s/^ld-[.0-9]+\\.so$/ld-*.so/;t ok",
            "s/^libbfd-.*\\.so$/libbfd-*.so/;t ok",
            "s/^libgcc_s-.*\\.so\\.([0-9]+)$/libgcc_s-*.so.\\1/;t ok",
            "s/^libntfs-3g\\.so\\..*$/libntfs-3g.so.*/;t ok",
            "s/^lib(.*)-[-.0-9]+\\.so$/lib\\1-*.so/;t ok",
            // Rules 6 and 7 replace only the match: mark its end, then drop the rest.
            "s/^lib(.*)-[-.0-9]+\\.so\\.([0-9]+)\\./lib\\1-*.so.\\2.*\\n/;t cut",
            "s/^lib(.*)\\.so\\.([0-9]+)\\./lib\\1.so.\\2.*\\n/;t cut",
            "s/^/!/;b",
            ":cut",
            "s/\\n.*//",
            ":ok",
            "s/^/=/",
            "");

    @Test
    void examplesFromTheRules() {
        assertWildcard("ld-2.36.so", "ld-*.so");
        assertWildcard("libbfd-2.40-system.so", "libbfd-*.so");
        assertWildcard("libgcc_s-12-20230101.so.1", "libgcc_s-*.so.1");
        assertWildcard("libntfs-3g.so.89.0.0", "libntfs-3g.so.*");
        assertWildcard("libfoo-1.2.3.so", "libfoo-*.so");
        assertWildcard("libfoo-bar-1.2.so", "libfoo-bar-*.so");
        assertWildcard("libfoo-1-2.so", "libfoo-1-*.so");
        assertWildcard("libfoo-1.2.so.4.5", "libfoo-*.so.4.*");
        assertWildcard("libfoo.so.4.5.6", "libfoo.so.4.*");
        assertWildcard("libpython3.11.so.1.0", "libpython3.11.so.1.*");
        assertWildcard("libx.so.1.so.2.3", "libx.so.1.so.2.*");
        assertWildcard("libfoo-1.so.2.bar.so.3.4", "libfoo-*.so.2.*");
        assertWildcard("lib.so.1.2", "lib.so.1.*");
        assertNone("libfoo.so.4");
        assertNone("libfoo.so");
        assertNone("ld-linux-x86-64.so.2");
        assertNone("ld-.so");
        assertNone("libfoo-.so");
        assertNone("bash");
        assertEquals(Optional.of("/usr/lib/x86_64-linux-gnu/libfoo.so.4.*"),
                VersionWildcards.wildcardForPath("/usr/lib/x86_64-linux-gnu/libfoo.so.4.5.6"));
        assertEquals(Optional.empty(), VersionWildcards.wildcardForPath("/usr/lib/libfoo.so.4"));
    }

    @Test
    void agreesWithGnuSedOnTricksyNames() {
        assumeTrue(ExternalCommand.onPath("sed"), "GNU sed is the oracle");
        String[] tokens = {"lib", "lib", "ld-", "-", "-", ".", ".", "so", ".so", ".so.", "1", "23",
            "0", "foo", "bfd", "gcc_s", "ntfs-3g", "x", "-1.2", ".so.4.", "a"};
        String[] prefixes = {"lib", "lib", "lib", "ld-", "libgcc_s-", "libbfd-", "libntfs-3g.so.", ""};
        Random random = new Random(7);
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < 20000) {
            StringBuilder sb = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int parts = 1 + random.nextInt(8);
            for (int i = 0; i < parts; i++) {
                sb.append(tokens[random.nextInt(tokens.length)]);
            }
            names.add(sb.toString());
        }
        int matched = assertSameAsSed(new ArrayList<>(names));
        assertTrue(matched > 2000, "too few names matched a rule: " + matched);
    }

    @Test
    void agreesWithGnuSedOnTheHostsLibraries() {
        assumeTrue(ExternalCommand.onPath("sed"), "GNU sed is the oracle");
        assumeTrue(ExternalCommand.onPath("find"), "find lists the host's libraries quickly");
        StringBuilder dirs = new StringBuilder();
        for (String dir : List.of("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib", "/opt")) {
            if (Files.isDirectory(Path.of(dir))) {
                dirs.append(' ').append(dir);
            }
        }
        assumeTrue(dirs.length() > 0, "no library directories on this host");
        // find itself, not a Java tree walk: it does not stat every file, so this stays fast.
        List<String> found = ExternalCommand.run(List.of(), "sh", "-c", "find" + dirs
                + " \\( -name 'lib*.so*' -o -name 'ld-*' \\) -printf '%f\\n' 2>/dev/null; exit 0");
        Set<String> names = new LinkedHashSet<>(found);
        assumeTrue(names.size() > 10, "this host has hardly any libraries");
        names.removeIf(n -> n.indexOf('\n') >= 0);
        int matched = assertSameAsSed(new ArrayList<>(names));
        assertTrue(matched > 0, "no library of this host matched a rule");
    }

    /** Returns how many names some rule matched. */
    private static int assertSameAsSed(List<String> names) {
        List<String> sed = ExternalCommand.run(names, "sed", "-E", SED_RULES);
        assertEquals(names.size(), sed.size());
        int matched = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String line = sed.get(i);
            Optional<String> expected = line.startsWith("=") ? Optional.of(line.substring(1)) : Optional.empty();
            assertEquals(expected, VersionWildcards.wildcardFor(name), () -> "base name " + name);
            matched += expected.isPresent() ? 1 : 0;
        }
        return matched;
    }

    private static void assertWildcard(String name, String wildcard) {
        assertEquals(Optional.of(wildcard), VersionWildcards.wildcardFor(name), name);
    }

    private static void assertNone(String name) {
        assertEquals(Optional.empty(), VersionWildcards.wildcardFor(name), name);
    }
}
