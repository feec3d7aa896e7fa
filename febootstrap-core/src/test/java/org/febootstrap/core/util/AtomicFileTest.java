package org.febootstrap.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path tmp;

    private long count() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.count();
        }
    }

    @Test
    void appearsOnlyOnCommit() throws Exception {
        Path target = tmp.resolve("initrd");
        Files.writeString(target, "old");
        try (AtomicFile f = AtomicFile.create(target)) {
            f.stream().write("new".getBytes());
            assertEquals("old", Files.readString(target));
            f.commit();
        }
        assertEquals("new", Files.readString(target));
        assertEquals(1, count());
    }

    @Test
    void failureLeavesNothingBehind() throws Exception {
        Path target = tmp.resolve("initrd");
        assertThrows(IllegalStateException.class, () -> {
            try (AtomicFile f = AtomicFile.create(target)) {
                f.stream().write(new byte[1000]);
                throw new IllegalStateException("boom");
            }
        });
        assertEquals(0, count());
    }

    @Test
    void missingDirectoryIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> AtomicFile.create(tmp.resolve("no/such/dir/initrd")));
        assertEquals(tmp.resolve("no/such/dir") + ": output directory does not exist", e.getMessage());
    }
}
