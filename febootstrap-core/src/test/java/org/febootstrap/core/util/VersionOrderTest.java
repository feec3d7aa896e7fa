package org.febootstrap.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionOrderTest {

    private static final VersionOrder ORDER = VersionOrder.instance();

    /** Names of the kind the helper meets, plus the corner cases of the rules. */
    private static final List<String> SAMPLE = List.of(
            "vmlinuz-6.1.0-9-amd64", "vmlinuz-6.1.0-10-amd64", "vmlinuz-6.1.0-56-amd64",
            "vmlinuz-5.19", "vmlinuz-5.19.1", "vmlinuz-6.0", "vmlinuz-6.0-rc1", "vmlinuz-6.0~rc1",
            "vmlinuz-4.18.0-513.el8.x86_64", "vmlinuz-4.18.0-80.el8.x86_64",
            "vmlinuz-6.5.6-300.fc39.x86_64", "vmlinuz-6.11.4-301.fc41.x86_64",
            "vmlinuz-0-rescue-0123456789abcdef", "vmlinuz-6.1.0-9-amd64+debug",
            "5.19", "5.19.1", "6.0", "6", "6.0.0", "06", "6.00", "a01", "a1", "a001", "a10", "a2",
            "a", "A", "b", "B", "a.b", "a~", "a~1", "a~~", "a-", "a_", "a+", "a.", "a..", "aa", "a0",
            "~", "~~", "~a", "a~b", "1", "01", "001", "0", "00", "10", "9", "1a", "1~", "1.",
            "foo.ko", "foo.ko.xz", "foo.ko.gz", "foo.ko.zst", "foo1.ko", "foo10.ko", "foo2.ko.xz",
            "foo-1.2.3.tar.gz", "foo-1.2.tar.gz", "foo-1.10.tar.gz", "foo-1.2.3", "foo-1.2",
            "libfoo.so", "libfoo.so.1", "libfoo.so.1.2", "libfoo.so.10", "libfoo.so.2",
            "x.tar.gz", "x.tar", "x.gz", "x.7z", "x.a1b", "x.1a", "x.~", "x~.a",
            ".a", ".b", ".bashrc", ".a.b", ".1", ".10", ".2", ".~", "..a", "...", ".a~",
            "é", "e", "z", "ä1", "ä10", "ä2", "a\u00e9", "a\uD83D\uDE00", "a\uE000");

    @Test
    void fixedCases() {
        assertLess("vmlinuz-6.1.0-9-amd64", "vmlinuz-6.1.0-10-amd64");
        assertLess("5.19", "5.19.1");
        assertLess("5.19.1", "6.0");
        assertLess("a~", "a");
        assertLess("", "~");
        assertLess("~", "0");
        assertLess(".bashrc", ".1");
        assertLess("", ".");
        assertLess(".", "..");
        assertLess("..", ".a");
        assertLess(".z", "a");
        assertLess("a", "b");
        assertLess("Z", "a");
        assertLess("a", "_");
        assertLess("a01", "a1"); // equal as versions: plain byte order decides
        assertLess("a01", "a2");
        assertLess("a9", "a10");
        assertLess("1.0~rc1", "1.0");
        assertLess("foo.ko", "foo.ko.xz");
        assertLess("foo2.ko.xz", "foo10.ko");
        assertLess("x-12345678901234567890123", "x-123456789012345678901234");
        assertEquals(0, ORDER.compare("same", "same"));
    }

    @Test
    void hiddenNamesMayBeAllSuffix() {
        assertEquals(".", "..a".substring(0, VersionOrder.lengthWithoutSuffix("..a")));
        assertEquals(".~0-", ".~0-".substring(0, VersionOrder.lengthWithoutSuffix(".~0-")));
        assertLess(".b", "..a");
        assertLess("..a", ".1");
        assertLess(".10", "...");
    }

    @Test
    void fileSuffixIsLeftOutFirst() {
        assertEquals("foo", "foo.ko.xz".substring(0, VersionOrder.lengthWithoutSuffix("foo.ko.xz")));
        assertEquals("foo-1.2.3", "foo-1.2.3.tar.gz".substring(0,
                VersionOrder.lengthWithoutSuffix("foo-1.2.3.tar.gz")));
        assertEquals("libfoo.so.1", "libfoo.so.1".substring(0,
                VersionOrder.lengthWithoutSuffix("libfoo.so.1")));
        assertEquals("", ".bashrc".substring(0, VersionOrder.lengthWithoutSuffix(".bashrc")));
        assertEquals("", ".a.b".substring(0, VersionOrder.lengthWithoutSuffix(".a.b")));
        assertEquals("x", "x.a1b.~".substring(0, VersionOrder.lengthWithoutSuffix("x.a1b.~")));
        // "foo-1.2.tar.gz" vs "foo-1.2.3.tar.gz": suffixes aside, 1.2 < 1.2.3.
        assertLess("foo-1.2.tar.gz", "foo-1.2.3.tar.gz");
    }

    @Test
    void isATotalOrderOnTheSample() {
        List<String> names = new ArrayList<>(SAMPLE);
        for (String a : names) {
            assertEquals(0, ORDER.compare(a, a));
            for (String b : names) {
                assertEquals(Integer.signum(ORDER.compare(a, b)), -Integer.signum(ORDER.compare(b, a)),
                        () -> a + " vs " + b);
                if (!a.equals(b)) {
                    assertTrue(ORDER.compare(a, b) != 0, () -> a + " vs " + b);
                }
            }
        }
    }

    @Test
    void sortsLikeSortDashV() {
        assumeTrue(ExternalCommand.onPath("sort"), "GNU sort is needed as the oracle");
        List<String> names = new ArrayList<>(new LinkedHashSet<>(SAMPLE));
        names.add("");
        assertSameOrderAsSortV(names);
    }

    @Test
    void sortsRandomNamesLikeSortDashV() {
        assumeTrue(ExternalCommand.onPath("sort"), "GNU sort is needed as the oracle");
        String[] tokens = {"a", "b", "z", "A", "Z", "0", "1", "2", "9", "00", "01", "10", "123",
            ".", ".", "~", "-", "_", "+", "ko", "xz", "so", "é", "ä"};
        Random random = new Random(20261125L);
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < 3000) {
            StringBuilder sb = new StringBuilder();
            int parts = random.nextInt(7);
            for (int i = 0; i < parts; i++) {
                sb.append(tokens[random.nextInt(tokens.length)]);
            }
            names.add(sb.toString());
        }
        assertSameOrderAsSortV(new ArrayList<>(names));
    }

    @Test
    void sortsRealFileNamesLikeLsDashV(@TempDir Path dir) throws IOException {
        assumeTrue(ExternalCommand.onPath("ls"), "GNU ls is needed as the oracle");
        Set<String> names = new LinkedHashSet<>();
        for (String name : SAMPLE) {
            if (!name.isEmpty() && !name.equals(".") && !name.equals("..")) {
                names.add(name);
            }
        }
        for (String name : names) {
            Files.createFile(dir.resolve(name));
        }
        String listing = ExternalCommand.run(new byte[0], dir, "ls", "-1", "-a", "-v");
        List<String> expected = List.of(listing.split("\n"));
        List<String> actual = new ArrayList<>(names);
        actual.add(".");
        actual.add("..");
        actual.sort(ORDER);
        assertEquals(expected, actual);
    }

    @Test
    void sortsTheHostsModuleAndLibraryNamesLikeSortDashV() throws IOException {
        assumeTrue(ExternalCommand.onPath("sort"), "GNU sort is needed as the oracle");
        Set<String> names = new LinkedHashSet<>();
        for (String dir : List.of("/boot", "/usr/lib/x86_64-linux-gnu", "/usr/lib", "/usr/bin", "/etc")) {
            Path p = Path.of(dir);
            if (Files.isDirectory(p)) {
                try (var stream = Files.newDirectoryStream(p)) {
                    for (Path entry : stream) {
                        String name = entry.getFileName().toString();
                        if (name.indexOf('\n') < 0) {
                            names.add(name);
                        }
                    }
                }
            }
        }
        assumeTrue(!names.isEmpty());
        assertSameOrderAsSortV(new ArrayList<>(names));
    }

    private static void assertSameOrderAsSortV(List<String> names) {
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(1));
        List<String> expected = ExternalCommand.run(shuffled, "sort", "-V");
        List<String> actual = new ArrayList<>(shuffled);
        actual.sort(ORDER);
        assertEquals(names.size(), expected.size());
        for (int i = 0; i < expected.size(); i++) {
            int index = i;
            assertEquals(expected.get(i), actual.get(i), () -> "position " + index + ": expected "
                    + window(expected, index) + " but got " + window(actual, index));
        }
    }

    private static List<String> window(List<String> list, int i) {
        return list.subList(Math.max(0, i - 2), Math.min(list.size(), i + 3));
    }

    private static void assertLess(String a, String b) {
        assertTrue(ORDER.compare(a, b) < 0, () -> a + " should sort before " + b);
        assertTrue(ORDER.compare(b, a) > 0, () -> b + " should sort after " + a);
    }
}
