package org.febootstrap.core.root;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InRootResolverTest {
    @TempDir
    Path tmp;

    @Test
    void absoluteSymlinksStayInsideTheRoot() throws Exception {
        Path r = tmp.toRealPath().resolve("root");
        Files.createDirectories(r.resolve("usr/lib"));
        Files.createSymbolicLink(r.resolve("etc"), Path.of("/etc")); // the test root of issue 2
        Files.createSymbolicLink(r.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(r.resolve("up"), Path.of("../../../../.."));
        Files.createSymbolicLink(r.resolve("usr/lib/passwd"), Path.of("/etc/passwd"));
        Root root = Root.open(r);
        // Inside the root, etc -> /etc points at itself: a loop, as in a chroot; never the host's /etc.
        IOException loop = assertThrows(IOException.class, () -> root.resolve("/etc/passwd"));
        assertTrue(loop.getMessage().startsWith(r.resolve("etc/passwd") + ": Too many levels"), loop.getMessage());
        assertThrows(IOException.class, () -> root.resolve("lib/passwd"));
        assertEquals(r.resolve("etc"), root.resolveForWrite("etc"));
        assertEquals(r.resolve("usr/lib/x.so"), root.resolve("./lib/x.so"));
        assertEquals(r.resolve("usr/lib/x.so"), root.resolve("up/lib/x.so"));
        assertEquals(r.resolve("x"), root.resolve("../../../x"));
        assertEquals(r, root.resolve("up"));
    }

    @Test
    void lastComponentKeptForWrites() throws Exception {
        Path r = tmp.toRealPath().resolve("root");
        Files.createDirectories(r.resolve("usr/lib"));
        Files.createSymbolicLink(r.resolve("lib"), Path.of("/usr/lib"));
        Files.createSymbolicLink(r.resolve("usr/lib/link"), Path.of("/etc/passwd"));
        Root root = Root.open(r);
        assertEquals(r.resolve("usr/lib/link"), root.resolveForWrite("lib/link"));
        assertEquals(r.resolve("etc/passwd"), root.resolve("lib/link"));
    }

    @Test
    void symlinkLoopsAreAnError() throws Exception {
        Path r = tmp.toRealPath().resolve("root");
        Files.createDirectories(r);
        Files.createSymbolicLink(r.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(r.resolve("b"), Path.of("/a"));
        Root root = Root.open(r);
        IOException e = assertThrows(IOException.class, () -> root.resolve("a/x"));
        assertTrue(e.getMessage().contains("Too many levels of symbolic links"), e.getMessage());
    }

    @Test
    void missingOrNonDirectoryRootIsAClearError() throws Exception {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Root.open(tmp.resolve("nope")));
        Files.writeString(tmp.resolve("file"), "x");
        assertThrows(java.nio.file.NotDirectoryException.class, () -> Root.open(tmp.resolve("file")));
    }
}
