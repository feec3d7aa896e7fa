package org.febootstrap.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void starAndQuestionMark() {
        assertMatch("*.ko", "virtio_net.ko");
        assertNoMatch("*.ko", "virtio_net.ko.xz");
        assertMatch("*.ko*", "virtio_net.ko.xz");
        assertMatch("virtio*", "virtio");
        assertMatch("*", "");
        assertMatch("*", ".hidden");
        assertMatch("?", "a");
        assertNoMatch("?", "");
        assertNoMatch("?", "ab");
        assertMatch("ld-*.so", "ld-2.36.so");
        assertMatch("a*b*c", "aXbYbZc");
        assertNoMatch("a*b*c", "aXbYbZ");
        assertMatch("**a", "a");
        assertMatch("*ab*", "xxabyy");
        assertNoMatch("*ab*", "xxa");
        assertMatch("?\u00e9?", "x\u00e9\uD83D\uDE00");
    }

    @Test
    void brackets() {
        assertMatch("[abc]", "b");
        assertNoMatch("[abc]", "d");
        assertMatch("[!abc]", "d");
        assertMatch("[^abc]", "d");
        assertNoMatch("[!abc]", "a");
        assertMatch("[a-c]x", "bx");
        assertNoMatch("[a-c]x", "dx");
        assertMatch("[]]", "]");
        assertMatch("[!]]", "a");
        assertMatch("[a-]", "-");
        assertMatch("[-a]", "-");
        assertNoMatch("[z-a]", "m");
        assertMatch("[[:digit:]]*", "7up");
        assertNoMatch("[[:digit:]]*", "up");
        assertMatch("[[:alpha:][:digit:]_]", "_");
        assertMatch("[[.a.]]", "a");
        assertMatch("[[=a=]b]", "b");
        assertMatch("[\\]]", "]");
        // An unclosed bracket is a plain '['.
        assertMatch("[ab", "[ab");
        assertNoMatch("[ab", "a");
    }

    @Test
    void backslashEscapes() {
        assertMatch("\\*", "*");
        assertNoMatch("\\*", "a");
        assertMatch("a\\?b", "a?b");
        assertTrue(Glob.compile("a\\b", false).matches("a\\b"));
        assertTrue(Glob.compile("\\*", false).matches("\\anything"));
        assertEquals(Optional.of("a*b"), Glob.compile("a\\*b").literalText());
        assertEquals(Optional.empty(), Glob.compile("a*b").literalText());
    }

    @Test
    void neverCrossesSlash() {
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("lib/*.so"));
        assertNoMatch("*", "a/b");
        assertNoMatch("a*", "a/b");
        assertNoMatch("*b", "a/b");
        assertNoMatch("*a*", "a/b");
        assertNoMatch("?*?", "a/b");
    }

    @Test
    void badPatternsAreReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Glob.compile("[[:nosuch:]]"));
        assertTrue(e.getMessage().contains("[[:nosuch:]]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("abc\\"));
    }

    @Test
    void isPattern() {
        assertTrue(Glob.isPattern("/lib/ld-*.so"));
        assertTrue(Glob.isPattern("a?"));
        assertTrue(Glob.isPattern("[ab]"));
        assertFalse(Glob.isPattern("/etc/passwd"));
        assertFalse(Glob.isPattern("a\\*b"));
        assertTrue(Glob.isPattern("a\\*b", false));
    }

    @Test
    void agreesWithGlibcFnmatch() {
        assumeTrue(ExternalCommand.onPath("python3"), "python3 (ctypes) calls glibc fnmatch as the oracle");
        String[] patternTokens = {"*", "*", "?", "a", "b", ".", "k", "o", "1", "-", "]", "[",
            "[ab]", "[!a]", "[^a-c]", "[]a]", "[a-]", "[!]]", "\\*", "\\a", "\\[", "[[:digit:]]",
            "[[:alpha:]]", "[[:punct:]]", "[\\]]", "[a-c1]"};
        String nameChars = "ab.1-]*[?ko\\c";
        Random random = new Random(42);
        List<String> patterns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < 20000; k++) {
            StringBuilder p = new StringBuilder();
            int parts = random.nextInt(5);
            for (int i = 0; i < parts; i++) {
                p.append(patternTokens[random.nextInt(patternTokens.length)]);
            }
            StringBuilder n = new StringBuilder();
            int length = random.nextInt(6);
            for (int i = 0; i < length; i++) {
                n.append(nameChars.charAt(random.nextInt(nameChars.length())));
            }
            patterns.add(p.toString());
            names.add(n.toString());
        }
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < patterns.size(); k++) {
            lines.add(patterns.get(k) + "\t" + names.get(k));
        }
        String script = "import ctypes,sys\n"
                + "f=ctypes.CDLL('libc.so.6').fnmatch\n"
                + "for l in sys.stdin.buffer.read().split(b'\\n')[:-1]:\n"
                + "  p,n=l.split(b'\\t')\n"
                + "  sys.stdout.write('1\\n' if f(p,n,0)==0 else '0\\n')\n";
        List<String> oracle = ExternalCommand.run(lines, "python3", "-c", script);
        assertEquals(lines.size(), oracle.size());
        int checked = 0;
        int matched = 0;
        for (int k = 0; k < patterns.size(); k++) {
            String pattern = patterns.get(k);
            if (pattern.endsWith("\\") && !pattern.endsWith("\\\\")) {
                continue;
            }
            Glob glob = Glob.compile(pattern);
            String name = names.get(k);
            boolean expected = oracle.get(k).equals("1");
            assertEquals(expected, glob.matches(name), () -> "pattern " + pattern + " name " + name);
            checked++;
            matched += expected ? 1 : 0;
        }
        assertTrue(checked > 15000);
        assertTrue(matched > 1000, "too few matching cases to be a useful check: " + matched);
    }

    private static void assertMatch(String pattern, String name) {
        assertTrue(Glob.compile(pattern).matches(name), () -> pattern + " should match " + name);
    }

    private static void assertNoMatch(String pattern, String name) {
        assertFalse(Glob.compile(pattern).matches(name), () -> pattern + " should not match " + name);
    }
}
