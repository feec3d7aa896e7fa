package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header-only scan of skeletons, on archives written by GNU cpio and by our own writer. */
class SkeletonScanTest {
    @TempDir
    Path tmp;

    @Test
    void findsTheDirectoriesAndSymlinksOfConcatenatedGnuCpioArchives() throws Exception {
        Processes.requireProgram("cpio");
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/big"), "x".repeat(200_000));
        Files.writeString(root.resolve("etc/name with spaces"), "y");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Path a = tmp.resolve("a.cpio");
        Path b = tmp.resolve("b.cpio");
        Processes.run(List.of("bash", "-c", "cd '" + root + "' && find . | LC_ALL=C sort | cpio -o -H newc --quiet > '"
                + a + "' && find ./etc | cpio -o -H newc --quiet > '" + b + "'")).assertSuccess("cpio -o");
        Path both = tmp.resolve("both.img");
        byte[] ab = Files.readAllBytes(a);
        byte[] bb = Files.readAllBytes(b);
        byte[] all = Arrays.copyOf(ab, ab.length + 1024 + bb.length);
        System.arraycopy(bb, 0, all, ab.length + 1024, bb.length);
        Files.write(both, all);
        SkeletonScan scan = SkeletonScan.of(both);
        assertEquals(List.of("etc", "lib", "usr", "usr/lib", "usr/lib/x86_64-linux-gnu", "etc"), scan.parents());
        assertEquals(8 + 3, scan.entries(), "every entry but the trailers");
        assertTrue(ApplianceInputs.isNewcArchive(both));
    }

    @Test
    void namesNotInNormalFormAreNormalized() throws Exception {
        Processes.requireProgram("cpio");
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("a b"));
        Path a = tmp.resolve("a.cpio");
        Processes.run(List.of("bash", "-c", "cd '" + root + "' && printf '%s\\n' usr ./usr//lib"
                + " usr/lib/./x86_64-linux-gnu/ './a b' | cpio -o -H newc --quiet > '" + a + "'"))
                .assertSuccess("cpio -o");
        assertEquals(List.of("usr", "usr/lib", "usr/lib/x86_64-linux-gnu", "a b"), SkeletonScan.of(a).parents());
    }

    @Test
    void aTruncatedArchiveIsAnError() throws Exception {
        Processes.requireProgram("cpio");
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/big"), "x".repeat(200_000));
        Path a = tmp.resolve("a.cpio");
        Processes.run(List.of("bash", "-c", "cd '" + root + "' && find . | cpio -o -H newc --quiet > '" + a + "'"))
                .assertSuccess("cpio -o");
        byte[] b = Files.readAllBytes(a);
        Files.write(a, Arrays.copyOf(b, 100_000));
        IOException e = assertThrows(IOException.class, () -> SkeletonScan.of(a));
        assertTrue(e.getMessage().startsWith(a + ": "), e.getMessage());
    }
}
