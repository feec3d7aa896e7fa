package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.util.Glob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both look-ups over a real directory: only names starting with the head are tried. */
class DirectoryCacheTest {
    @TempDir
    Path tmp;

    private String directory() throws Exception {
        for (String name : new String[] {"aba", "abba", "abXba", "ab", "abc.ba", "aa.ba", "b.ba", "ab.so.1", "ab.so.12", "ab.so"}) {
            Files.writeString(tmp.resolve(name), name);
        }
        return tmp.toString();
    }

    @Test
    void headStarTailNeverLetsHeadAndTailOverlap() throws Exception {
        DirectoryCache cache = new DirectoryCache();
        String dir = directory();
        // "aba" starts with ab and ends with ba, but only by sharing the b.
        assertEquals(List.of("abXba", "abba", "abc.ba"), cache.matching(dir, "ab", "ba"));
        assertEquals(List.of("ab", "ab.so", "ab.so.1", "ab.so.12", "abXba", "aba", "abba", "abc.ba"), cache.matching(dir, "ab", ""));
        assertEquals(List.of("aa.ba", "abc.ba", "b.ba"), cache.matching(dir, "", ".ba"));
        assertEquals(List.of(), cache.matching(dir, "zz", ""));
        assertEquals(1, cache.reads());
    }

    @Test
    void aGlobIsTriedOnTheNamesStartingWithItsHead() throws Exception {
        DirectoryCache cache = new DirectoryCache();
        String dir = directory();
        assertEquals(List.of("ab.so.1", "ab.so.12"), cache.matching(dir, Glob.compile("ab.so.?*", false), "ab.so."));
        assertEquals(List.of("abXba", "abba"), cache.matching(dir, Glob.compile("ab[Xb]*", false), "ab"));
        // Only names starting with the head are tried: aa.ba and b.ba match *.ba but are not.
        assertEquals(List.of("abc.ba"), cache.matching(dir, Glob.compile("*.ba", false), "ab"));
        assertEquals(List.of("aa.ba", "abc.ba", "b.ba"), cache.matching(dir, Glob.compile("*.ba", false), ""));
        assertEquals(List.of(), cache.matching(dir, Glob.compile("*", false), "zzz"));
        assertEquals(1, cache.reads());
    }
    /**
     * A head with a whole stem (before its first . or -) is tried on that stem's names only; a
     * head without one on every name; either way every match, sorted, as a full scan finds them.
     */
    @Test
    void stemsNarrowTheSearchWithoutLosingAMatch() throws Exception {
        for (String name : new String[] {"libdb-5.3.so", "libdb.so", "libdbus-1.so.3", "libdb-6.so", "libdb-6.so.2",
                "libz.so.1.2.13", "libz.so.1", "libzstd.so.1.5.4", "lib", "libdb"}) {
            Files.writeString(tmp.resolve(name), name);
        }
        DirectoryCache cache = new DirectoryCache();
        String dir = tmp.toString();
        assertEquals(List.of("libdb-5.3.so", "libdb-6.so"), cache.matching(dir, "libdb-", ".so"));
        assertEquals(List.of("libdb-5.3.so", "libdb-6.so", "libdb.so"), cache.matching(dir, "libdb", ".so"));
        assertEquals(List.of("libz.so.1.2.13"), cache.matching(dir, "libz.so.1.", ""));
        assertEquals(List.of("libdbus-1.so.3"), cache.matching(dir, "libdbus-1.", ""));
        assertEquals(List.of("libdb-6.so.2"), cache.matching(dir, Glob.compile("libdb-?.so.*", false), "libdb-"));
        assertEquals(List.of(), cache.matching(dir, "libq.so.", ""));
        assertEquals(List.of("lib", "libdb", "libdb-5.3.so", "libdb-6.so", "libdb-6.so.2", "libdb.so", "libdbus-1.so.3",
                "libz.so.1", "libz.so.1.2.13", "libzstd.so.1.5.4"), cache.matching(dir, "", ""));
        assertEquals(1, cache.reads());
    }
}
