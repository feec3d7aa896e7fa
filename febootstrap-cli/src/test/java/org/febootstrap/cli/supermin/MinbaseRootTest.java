package org.febootstrap.cli.supermin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.cpio.NewcReader;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.GnuCpio;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * febootstrap-to-supermin on a real Debian minbase root (mmdebstrap, cached under target/),
 * judged by an independent implementation of the rules: bash's own [[ =~ ]] (POSIX regular
 * expressions, as 2.x used them) and [ -d ] run chrooted in the root, so symlinks resolve there.
 */
@Tag("slow")
class MinbaseRootTest {
    static final Path CACHED_ROOT = Path.of("target", "minbase-root").toAbsolutePath();

    /** Prints "K path" for the skeleton and "H line" for hostfiles.txt, one per line. */
    private static final String ORACLE = """
            cd /
            find . -mindepth 1 \\( -path ./fakeroot.log -o -path ./builddir -o -path ./lib/modules \\
                    -o -path ./usr/lib/modules \\) -prune -o -print |
            while IFS= read -r p; do
                case $p in
                ./etc/localtime) echo "H $p"; continue ;;
                ./init|./etc|./etc/*|./dev|./dev/*|./var|./var/*) echo "K $p"; continue ;;
                esac
                if [ -d "$p" ]; then echo "K $p"; echo "H $p"; continue; fi
                f=${p##*/}
                if [[ $f =~ ^ld-[.0-9]+\\.so$ ]]; then f='ld-*.so'
                elif [[ $f =~ ^libbfd-.*\\.so$ ]]; then f='libbfd-*.so'
                elif [[ $f =~ ^libgcc_s-.*\\.so\\.([0-9]+)$ ]]; then f="libgcc_s-*.so.${BASH_REMATCH[1]}"
                elif [[ $f =~ ^libntfs-3g\\.so\\. ]]; then f='libntfs-3g.so.*'
                elif [[ $f =~ ^lib(.*)-[-.0-9]+\\.so$ ]]; then f="lib${BASH_REMATCH[1]}-*.so"
                elif [[ $f =~ ^lib(.*)-[-.0-9]+\\.so\\.([0-9]+)\\. ]]; then f="lib${BASH_REMATCH[1]}-*.so.${BASH_REMATCH[2]}.*"
                elif [[ $f =~ ^lib(.*)\\.so\\.([0-9]+)\\. ]]; then f="lib${BASH_REMATCH[1]}.so.${BASH_REMATCH[2]}.*"
                fi
                echo "H ${p%/*}/$f"
            done
            """;

    @TempDir
    static Path out;
    static List<String> hostfiles;
    static List<String> entries;
    static SuperminConverter.Summary summary;

    @BeforeAll
    static void convertTheMinbaseRoot() throws IOException {
        Path root = minbaseRoot();
        summary = SuperminConverter.convert(root, out.resolve("supermin.img"), out.resolve("hostfiles.txt"), -1);
        hostfiles = Files.readAllLines(out.resolve("hostfiles.txt"), StandardCharsets.UTF_8);
        entries = NewcReader.readAll(out.resolve("supermin.img")).stream().map(NewcReader.Entry::name).toList();
    }

    /** Builds the root once (about 15 s, from Debian's archive), then reuses it. */
    static Path minbaseRoot() throws IOException {
        assumeTrue(Root.runningAsRoot(), "mmdebstrap builds the root as root (CI runs as root)");
        if (Files.isDirectory(CACHED_ROOT.resolve("usr/bin"))) {
            return CACHED_ROOT;
        }
        Processes.requireProgram("mmdebstrap");
        Path building = CACHED_ROOT.resolveSibling("minbase-root.building");
        Processes.run(List.of("rm", "-rf", building.toString())).assertSuccess("rm");
        Processes.run(List.of("mmdebstrap", "--variant=minbase", "--include=bash,coreutils", "bookworm", building.toString()),
                null, null, Map.of(), Duration.ofMinutes(10)).assertSuccess("mmdebstrap");
        Files.move(building, CACHED_ROOT);
        return CACHED_ROOT;
    }

    @Test
    void agreesWithTheRulesRunInsideTheRoot() throws IOException {
        Processes.requireProgram("chroot");
        Processes.Result r = Processes.run(List.of("chroot", CACHED_ROOT.toString(), "/bin/bash", "-c", ORACLE), null, null,
                Map.of("LC_ALL", "C"), Duration.ofMinutes(5)).assertSuccess("oracle in chroot");
        List<String> kept = new ArrayList<>();
        List<String> host = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            (line.startsWith("K ./") ? kept : host).add(line.substring(line.startsWith("K ./") ? 4 : 2));
        }
        List<String> expectedHost = host.stream().distinct().sorted(HostFileList.BYTEWISE).toList();
        assertEquals(expectedHost, hostfiles);
        assertEquals(kept.stream().sorted(HostFileList.BYTEWISE).toList(), entries.stream().sorted(HostFileList.BYTEWISE).toList());
        assertEquals(entries, GnuCpio.list(out.resolve("supermin.img")));
    }

    @Test
    void aRealRootGivesThousandsOfHostFilesAndSomeWildcards() {
        assertTrue(hostfiles.size() > 5000, "hostfiles: " + hostfiles.size());
        assertTrue(entries.size() > 1000, "supermin.img entries: " + entries.size());
        assertEquals(summary.hostFileLines(), hostfiles.size());
        assertEquals(summary.skeletonEntries(), entries.size());
        List<String> wildcards = hostfiles.stream().filter(l -> l.contains("*")).toList();
        assertEquals(summary.wildcardLines(), wildcards.size());
        assertTrue(wildcards.size() > 20, "wildcards: " + wildcards);
        // Debian's libraries are named libX.so.N.M.P (rule 7); libc.so.6 and the loader keep their names.
        String multiarch = hostfiles.stream().filter(l -> l.endsWith("/libc.so.6")).findFirst().orElseThrow();
        String libdir = multiarch.substring(0, multiarch.lastIndexOf('/'));
        assertTrue(hostfiles.contains(libdir + "/libz.so.1.*"), libdir);
        assertTrue(hostfiles.contains(libdir + "/libz.so.1"), libdir);
        assertTrue(hostfiles.contains("./usr/bin/bash"));
        // Merged /usr: the top-level links are directories, in both files.
        for (String link : List.of("bin", "lib", "sbin")) {
            assertTrue(hostfiles.contains("./" + link), link);
            assertTrue(entries.contains(link), link);
        }
        assertTrue(entries.containsAll(List.of("etc/passwd", "var/lib/dpkg/status", "dev", "usr/bin", "usr/share")));
        assertTrue(hostfiles.contains("./etc/localtime"));
        assertFalse(entries.contains("etc/localtime"));
        assertFalse(hostfiles.stream().anyMatch(l -> l.startsWith("./etc/") && !l.equals("./etc/localtime")));
        assertFalse(hostfiles.stream().anyMatch(l -> l.startsWith("./var/") || l.startsWith("./dev/")));
    }

    @Test
    void nearlyEveryHostFileExistsOnThisHostOfTheSameDistribution() {
        // bash's own glob expands the wildcards; a line that names nothing is printed.
        String check = """
                cd /
                while IFS= read -r l; do
                    if [[ $l == *'*'* ]]; then compgen -G "$l" >/dev/null || echo "$l"
                    else [ -e "$l" ] || [ -L "$l" ] || echo "$l"; fi
                done < "$1"
                """;
        Processes.Result r = Processes.run(List.of("bash", "-c", check, "check", out.resolve("hostfiles.txt").toString()))
                .assertSuccess("host check");
        List<String> missing = r.stdout().lines().toList();
        assertTrue(missing.size() < hostfiles.size() / 20, missing.size() + " of " + hostfiles.size() + " missing: " + missing);
        long wildcardsMissing = missing.stream().filter(l -> l.contains("*")).count();
        long wildcards = hostfiles.stream().filter(l -> l.contains("*")).count();
        assertTrue(wildcardsMissing * 10 < wildcards, "wildcards matching nothing here: " + missing);
    }
}
