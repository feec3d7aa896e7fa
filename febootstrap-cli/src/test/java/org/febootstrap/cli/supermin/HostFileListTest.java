package org.febootstrap.cli.supermin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;

class HostFileListTest {
    private static List<String> linesOf(String... files) {
        HostFileList list = new HostFileList();
        for (String f : files) {
            list.addFile(f);
        }
        return list.lines();
    }

    @Test
    void versionNumbersBecomeWildcardsInTheSameDirectory() {
        assertEquals(List.of("./usr/lib/libfoo-*.so"), linesOf("usr/lib/libfoo-1.2.3.so"));
        // The example of febootstrap-to-supermin(8).
        assertEquals(List.of("./lib64/libreadline.so.6.*"), linesOf("lib64/libreadline.so.6.1.2"));
        assertEquals(List.of("./lib64/ld-*.so"), linesOf("lib64/ld-2.12.so"));
        assertEquals(List.of("./usr/lib64/libbfd-*.so"), linesOf("usr/lib64/libbfd-2.20.51.0.2-5.11.el6.so"));
        assertEquals(List.of("./lib64/libgcc_s-*.so.1"), linesOf("lib64/libgcc_s-4.4.4-20100630.so.1"));
        assertEquals(List.of("./lib64/libntfs-3g.so.*"), linesOf("lib64/libntfs-3g.so.75.0.0"));
        assertEquals(List.of("./usr/lib/libfoo-*.so.4.*"), linesOf("usr/lib/libfoo-1.2.so.4.5"));
        assertEquals(List.of("./usr/lib/x86_64-linux-gnu/libpcre2-*.so.0.*"),
                linesOf("usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2"));
        // A name in the top directory keeps its "./".
        assertEquals(List.of("./libtop.so.1.*"), linesOf("libtop.so.1.0"));
    }

    @Test
    void namesWithoutAVersionRuleStayAsTheyAre() {
        assertEquals(List.of("./usr/lib/x86_64-linux-gnu/libc.so.6"), linesOf("usr/lib/x86_64-linux-gnu/libc.so.6"));
        assertEquals(List.of("./lib64/ld-linux-x86-64.so.2"), linesOf("lib64/ld-linux-x86-64.so.2"));
        assertEquals(List.of("./usr/bin/bash"), linesOf("usr/bin/bash"));
        assertEquals(List.of("./usr/lib/libfoo.so"), linesOf("usr/lib/libfoo.so"));
        // Only the base name is tested: a versioned directory name is no reason for a wildcard.
        assertEquals(List.of("./usr/lib/libx.so.1.2/README"), linesOf("usr/lib/libx.so.1.2/README"));
    }

    @Test
    void directoriesAreListedVerbatimEvenWhenTheirNameLooksVersioned() {
        HostFileList list = new HostFileList();
        list.addDirectory("usr/lib/libfoo.so.1.2");
        list.addDirectory("usr");
        assertEquals(List.of("./usr", "./usr/lib/libfoo.so.1.2"), list.lines());
        assertEquals(0, list.wildcardCount());
    }

    @Test
    void eachWildcardLineIsWrittenOnce() {
        HostFileList list = new HostFileList();
        list.addFile("usr/lib/libfoo.so.1.2.3");
        list.addFile("usr/lib/libfoo.so.1.2.4");
        list.addFile("usr/lib/libfoo.so.1.9");
        list.addFile("usr/lib64/libfoo.so.1.2.3");
        list.addFile("usr/lib/libfoo.so.2.0");
        assertEquals(List.of("./usr/lib/libfoo.so.1.*", "./usr/lib/libfoo.so.2.*", "./usr/lib64/libfoo.so.1.*"),
                list.lines());
        assertEquals(3, list.wildcardCount());
    }

    @Test
    void libntfsIsWrittenOncePerRunWhateverTheOrder() {
        List<String> files = new ArrayList<>(List.of("usr/lib64/libntfs-3g.so.80.0.0", "lib64/libntfs-3g.so.80",
                "lib64/libntfs-3g.so.80.0.0", "usr/lib/libntfs-3g.so.75"));
        for (int i = 0; i < files.size(); i++) {
            Collections.rotate(files, 1);
            HostFileList list = new HostFileList();
            files.forEach(list::addFile);
            list.addFile("usr/bin/ntfs-3g");
            assertEquals(List.of("./lib64/libntfs-3g.so.*", "./usr/bin/ntfs-3g"), list.lines(), files.toString());
            assertEquals(1, list.wildcardCount());
        }
    }

    @Test
    void linesSortAsLcAllCSortDoes() throws IOException {
        // '-' < '.' < '/' < 'A' < '_' < 'a', then UTF-8: U+00E9 < U+E000 < U+FFFD < U+1F600.
        List<String> names = List.of("usr/lib-x", "usr/lib.x", "usr/lib/x", "usr/libA", "usr/lib_x", "usr/libx",
                "usr/caf\u00e9", "usr/cafe", "usr/caf\ue000", "usr/caf\ufffd", "usr/caf\ud83d\ude00", "usr/caf\ud83d\ude01",
                "usr/b", "usr/B", "usr/b b", "usr/lib/x.so.1.0");
        assertSortedLikeCSort(names);
    }

    @Test
    void linesWithoutSurrogatesSortAsLcAllCSortDoes() throws IOException {
        assertSortedLikeCSort(List.of("usr/lib-x", "usr/lib.x", "usr/lib/x", "usr/libA", "usr/caf\u00e9", "usr/caf\ufffd",
                "usr/caf\ue000", "usr/cafe", "usr/lib/libz.so.1.2"));
    }

    private static void assertSortedLikeCSort(List<String> names) throws IOException {
        HostFileList list = new HostFileList();
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new java.util.Random(5));
        shuffled.forEach(list::addFile);
        StringWriter written = new StringWriter();
        int count = list.writeTo(written);
        assertEquals(names.size(), count);

        Processes.requireProgram("sort");
        byte[] input = written.toString().getBytes(StandardCharsets.UTF_8);
        Processes.Result sorted = Processes.run(List.of("sort"), null, input, Map.of("LC_ALL", "C"), Duration.ofSeconds(30))
                .assertSuccess("sort");
        assertEquals(sorted.stdout(), written.toString());
        assertEquals(String.join("\n", list.lines()) + "\n", written.toString());
    }
}
