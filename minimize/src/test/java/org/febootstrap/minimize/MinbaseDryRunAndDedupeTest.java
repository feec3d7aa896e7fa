package org.febootstrap.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.febootstrap.core.root.FileStat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real minbase root: a dry run changes nothing and foresees exactly what the real run then
 * does, and the bytes both report are the bytes the root really lost.
 */
@Tag("slow")
class MinbaseDryRunAndDedupeTest {
    private static final Pattern TOTAL = Pattern.compile("total: removed \\d+ files, \\d+ directories, (\\d+) bytes");
    private static final Pattern SAVED = Pattern.compile("dedupe: hard-linked (\\d+) files, saving (\\d+) bytes");

    @TempDir
    Path tmp;

    @Test
    void aDryRunForeseesTheRealRunAndTheBytesAddUp() throws Exception {
        // A full copy: dedupe frees a file only when every name of it is in the root.
        Path root = MinbaseRoot.copyTo(tmp.resolve("root"));
        Map<String, String> before = Trees.snapshot(root);
        long bytesBefore = apparentBytes(root);

        Cli.Result dry = Cli.run("--dry-run", "--dedupe", root.toString()).assertSuccess();
        assertEquals(before, Trees.snapshot(root), "a dry run changes nothing");

        Cli.Result real = Cli.run("--dedupe", root.toString()).assertSuccess();
        assertEquals(dry.err().replace("would remove", "removed").replace("would hard-link", "hard-linked"), real.err());
        Map<String, String> after = Trees.snapshot(root);

        Set<String> listedRemovals = new TreeSet<>();
        Set<String> listedLinks = new TreeSet<>();
        for (String line : dry.out().lines().toList()) {
            String[] f = line.split("\t");
            if (f[0].equals("dedupe")) {
                listedLinks.add(f[2].substring(1));
                assertEquals(FileStat.of(root.resolve(f[3].substring(1))).ino(), FileStat.of(root.resolve(f[2].substring(1))).ino(),
                        line);
            } else {
                listedRemovals.add(f[2].substring(1).replaceAll("/$", ""));
            }
        }
        // etc/services is replaced and dpkg's status made anew: listed, but still there.
        Set<String> expected = new TreeSet<>(Trees.removed(before, after));
        expected.addAll(Set.of("etc/services", "var/lib/dpkg/status"));
        assertEquals(expected, listedRemovals);
        assertTrue(listedLinks.size() > 100, "minbase has duplicates (perl's unicore tables, /etc templates): " + listedLinks.size());
        Map<String, String> beforeNoLinks = Trees.withoutLinks(before);
        Trees.withoutLinks(after).forEach((path, entry) -> {
            if (!expected.contains(path) && !path.equals("var/lib/dpkg/available")) {
                assertEquals(beforeNoLinks.get(path), entry, path + ": dedupe keeps content, owner and mode");
            }
        });

        Matcher total = TOTAL.matcher(real.err());
        Matcher saved = SAVED.matcher(real.err());
        assertTrue(total.find() && saved.find(), real.err());
        assertEquals(bytesBefore - apparentBytes(root), Long.parseLong(total.group(1)) + Long.parseLong(saved.group(2)),
                "removed + saved bytes = what the root lost");
    }

    /** Apparent sizes of all non-directories, each inode once. */
    private static long apparentBytes(Path root) throws Exception {
        Set<Long> seen = new HashSet<>();
        long sum = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                FileStat st = FileStat.of(p);
                if (!st.isDirectory() && seen.add(st.ino())) {
                    sum += st.size();
                }
            }
        }
        return sum;
    }
}
