package org.febootstrap.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution tarball runs wherever it is unpacked, with nothing but a JRE. */
class TarballIT {
    @TempDir
    Path tmp;

    @Test
    void unpacksToOneDirectoryWithBinLibAndManPages() throws Exception {
        Dist.Result list = new Dist.Run(Path.of("/bin/tar"), "tzvf", Dist.tarball().toString()).run(tmp);
        assertEquals(0, list.status(), list::toString);
        String top = Dist.distName() + "/";
        for (String line : list.out().split("\n")) {
            String name = line.substring(line.lastIndexOf(' ') + 1);
            assertTrue(name.startsWith(top), line);
            if (name.startsWith(top + "bin/") && !name.endsWith("/")) {
                assertTrue(line.startsWith("-rwxr-xr-x "), line);
            }
            assertTrue(line.contains(" 2010-01-01 "), () -> "fixed mtime: " + line);
        }
        for (String command : Dist.COMMANDS.keySet()) {
            assertTrue(list.out().contains(" " + top + "bin/" + command + "\n"), command);
            assertTrue(list.out().contains(" " + top + "share/man/man8/" + command + ".8\n"), command);
        }
        assertTrue(list.out().contains(" " + top + "lib/febootstrap-core-"), list.out());
    }

    @Test
    void runsFromWhereverItIsUnpacked() throws Exception {
        Path opt = Files.createDirectories(tmp.resolve("some where/opt"));
        Dist.Result x = new Dist.Run(Path.of("/bin/tar"), "xzf", Dist.tarball().toString(), "-C", opt.toString())
                .run(tmp);
        assertEquals(0, x.status(), x::toString);
        Path home = opt.resolve(Dist.distName());
        Path bin = home.resolve("bin/febootstrap-to-initramfs");
        assertTrue(Files.getPosixFilePermissions(bin).contains(PosixFilePermission.OTHERS_EXECUTE));

        // Run from an unrelated directory and through a symlink, with only a JRE on PATH.
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Path link = Files.createSymbolicLink(tmp.resolve("fti"), bin);
        for (Path p : List.of(bin, link)) {
            Dist.Result plain = new Dist.Run(p, "--version").javaHome(null)
                    .env("PATH", Dist.testJdk().resolve("bin") + ":/usr/bin:/bin").env("FEBOOTSTRAP_NO_CDS", "1")
                    .home(tmp.resolve("home")).dir(cwd).run(tmp.resolve("s"));
            assertTrue(plain.status() == 0 || plain.status() == 1, plain::toString);
            assertTrue(plain.both().contains("febootstrap-to-initramfs") || plain.both().contains(Dist.version()),
                    plain::toString);
            assertFalse(plain.both().contains("ClassNotFound") || plain.both().contains("Could not find"),
                    plain::toString);
            // The same with the start-up cache, twice.
            for (int i = 0; i < 2; i++) {
                Dist.Result cached = new Dist.Run(p, "--version").javaHome(null)
                        .env("PATH", Dist.testJdk().resolve("bin") + ":/usr/bin:/bin").home(tmp.resolve("home"))
                        .dir(cwd).run(tmp.resolve("s"));
                assertEquals(plain, cached);
            }
        }
        List<String> archives = new java.util.ArrayList<>(Dist.files(tmp.resolve("home/.cache/febootstrap")));
        archives.removeIf(f -> f.endsWith(".paths")); // the launcher's and java's real paths
        assertEquals(1, archives.size(), archives::toString);
        assertTrue(archives.get(0).contains(home.resolve("lib").toRealPath().toString()
                .replace("%", "%25").replace("/", "%2F").replace(":", "%3A")), archives::toString);
    }
}
