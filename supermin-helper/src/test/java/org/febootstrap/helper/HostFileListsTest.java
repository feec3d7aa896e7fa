package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hostfiles lines against real directories of this host (under a temporary directory). */
class HostFileListsTest {
    @TempDir
    Path tmp;

    /** The names the lists give (all of them so far), and the lines that named nothing. */
    private List<String> missing;

    private List<String> expand(DirectoryCache cache, HostFileLists lists, String text) throws IOException {
        Path list = tmp.resolve("list-" + System.nanoTime());
        Files.writeString(list, text);
        lists.expand(list);
        List<String> got = new ArrayList<>();
        missing = new ArrayList<>();
        for (HostEntry e : lists.entries()) {
            if (e.host() == null || !Files.exists(e.host(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                missing.add(e.line());
            } else {
                assertEquals("/" + e.name(), e.host().toString());
                got.add(e.name());
            }
        }
        return got;
    }

    @Test
    void wildcardsInAnyComponentMatchSortedEachDirectoryReadOnce() throws Exception {
        Path d = tmp.resolve("lib");
        for (String f : new String[] {"a1/libz.so.1.2", "a1/libz.so.1", "a1/libc.so.6", "a2/libz.so.9", "b/libz.so.3",
            "a1/.libz.so.hidden"}) {
            Files.createDirectories(d.resolve(f).getParent());
            Files.writeString(d.resolve(f), f);
        }
        String base = d.toString();
        DirectoryCache cache = new DirectoryCache();
        HostFileLists lists = new HostFileLists(cache);
        List<String> got = expand(cache, lists, "." + base + "/a*/libz.so.*\n" + base + "/a1/libc.so.*\n"
                + base + "/b/libz.so.3\n" + "./" + base.substring(1) + "/a1/libz.so.1\n");
        String rel = base.substring(1);
        assertEquals(List.of(rel + "/a1/libz.so.1", rel + "/a1/libz.so.1.2", rel + "/a2/libz.so.9",
                rel + "/a1/libc.so.6", rel + "/b/libz.so.3"), got, "sorted per directory, each name once");
        // lib (for a*), a1 and a2 (for libz.so.*), then a1 again (libc.so.*) from the cache.
        assertEquals(3, cache.reads());
        assertEquals(List.of(), missing);
    }

    @Test
    void linesThatNameNothingAreMissing() throws Exception {
        Files.createDirectories(tmp.resolve("d"));
        DirectoryCache cache = new DirectoryCache();
        HostFileLists lists = new HostFileLists(cache);
        String base = tmp.toString();
        List<String> got = expand(cache, lists, "." + base + "/d/none-*\n" + base + "/nodir/x*\n" + base + "/absent\n\n");
        assertEquals(List.of(), got);
        assertEquals(List.of("." + base + "/d/none-*", base + "/nodir/x*", base + "/absent"), missing);
    }

    @Test
    void namesAreNormalizedAndDotDotIsRefused() throws Exception {
        assertEquals("usr/bin/bash", HostFileLists.normalize("./usr/bin/bash"));
        assertEquals("usr/bin/bash", HostFileLists.normalize("/usr//bin/./bash/"));
        assertEquals("usr/bin/[", HostFileLists.normalize("usr/bin/["));
        assertEquals("", HostFileLists.normalize("./"));
        assertNull(HostFileLists.normalize("./usr/../etc/shadow"));
        Path list = tmp.resolve("bad");
        Files.writeString(list, "./etc/hostname\n./usr/../etc/shadow\n");
        IOException e = assertThrows(IOException.class,
                () -> new HostFileLists(new DirectoryCache()).expand(list));
        assertTrue(e.getMessage().startsWith(list + ":2: '..' is not allowed"), e.getMessage());
    }

    @Test
    void aBracketWithoutItsPartnerIsAPlainName() throws Exception {
        // coreutils installs /usr/bin/[ ; the lists name it as it is, and no directory is read for it.
        Files.writeString(tmp.resolve("["), "test");
        DirectoryCache cache = new DirectoryCache();
        HostFileLists lists = new HostFileLists(cache);
        assertEquals(List.of(tmp.toString().substring(1) + "/["), expand(cache, lists, tmp + "/[\n"));
        assertEquals(0, cache.reads());
    }
}
