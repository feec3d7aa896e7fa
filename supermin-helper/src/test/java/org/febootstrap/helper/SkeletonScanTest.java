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
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/big"), "x".repeat(200_000));
        Files.writeString(root.resolve("etc/name with spaces"), "y");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Path a = gnuCpio(root, "find . | LC_ALL=C sort", "a.cpio");
        Path b = gnuCpio(root, "find ./etc", "b.cpio");
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
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("a b"));
        Path a = gnuCpio(root, "printf '%s\\n' usr ./usr//lib usr/lib/./x86_64-linux-gnu/ './a b'", "a.cpio");
        assertEquals(List.of("usr", "usr/lib", "usr/lib/x86_64-linux-gnu", "a b"), SkeletonScan.of(a).parents());
    }

    @Test
    void aTruncatedArchiveIsAnError() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/big"), "x".repeat(200_000));
        Path a = gnuCpio(root, "find .", "a.cpio");
        byte[] b = Files.readAllBytes(a);
        Files.write(a, Arrays.copyOf(b, 100_000));
        IOException e = assertThrows(IOException.class, () -> SkeletonScan.of(a));
        assertTrue(e.getMessage().startsWith(a + ": "), e.getMessage());
    }

    /** GNU cpio's newc archive of the names that {@code list}, a shell command run in {@code root}, prints. */
    private Path gnuCpio(Path root, String list, String name) throws Exception {
        Processes.requireProgram("cpio");
        Path out = tmp.resolve(name);
        Processes.run(List.of("bash", "-c", "cd '" + root + "' && " + list + " | cpio -o -H newc --quiet > '" + out + "'"))
                .assertSuccess("cpio -o");
        return out;
    }
}
