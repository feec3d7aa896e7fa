package org.febootstrap.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options as 2.x users typed them, and bad input: each refused with a clear message and the right exit status. */
class CommandLineTest {
    @TempDir
    Path tmp;

    /** The categories a dry run would act on, from its listing. */
    private Set<String> categoriesActedOn(String... options) {
        Path root = tmp.resolve("root");
        if (!Files.exists(root)) {
            FakeTree.rpmFamily(root);
        }
        String[] args = new String[options.length + 2];
        args[0] = "--dry-run";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = root.toString();
        Set<String> out = new TreeSet<>();
        Cli.run(args).assertSuccess().out().lines().forEach(l -> out.add(l.substring(0, l.indexOf('\t'))));
        return out;
    }

    @Test
    void mebibytesRoundAsPrintfDoes() {
        // The summary's figures, formatted without Formatter: the same text as %.1f gives,
        // including the halves that round up (0.05 MiB and 1.25 MiB are exact in binary).
        long[] sizes = {0, 1, 52428, 52429, 104857, 1048575, 1048576, 1310720, 1363148, 1363149, 188743680,
                (1L << 40) + 52429, 123456789012L};
        for (long b : sizes) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.1f MiB", b / 1048576.0), Minimize.mebibytes(b), "for " + b);
        }
        for (long b = 0; b < 3_000_000; b += 4099) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.1f MiB", b / 1048576.0), Minimize.mebibytes(b), "for " + b);
        }
    }

    @Test
    void keepAndDropApplyInTheOrderGiven() {
        Set<String> every = Set.of("cracklib", "docs", "i18n", "ldconfig", "locales", "logs", "rpmdb", "services", "sln",
                "yum-cache", "zoneinfo");
        assertEquals(every, categoriesActedOn(), "--all is the default");
        assertEquals(Set.of(), categoriesActedOn("--none"));
        assertEquals(every, categoriesActedOn("--keep-docs", "--all"), "--all after --keep-docs drops docs again");
        Set<String> noDocs = new TreeSet<>(every);
        noDocs.remove("docs");
        assertEquals(noDocs, categoriesActedOn("--all", "--keep-docs"));
        assertEquals(noDocs, categoriesActedOn("--keep-docs"));
        assertEquals(Set.of("docs"), categoriesActedOn("--none", "--drop-docs", "--keep-docs", "--drop-docs"));
        assertEquals(Set.of(), categoriesActedOn("--drop-docs", "--none"));
        assertEquals(Set.of("docs", "sln"), categoriesActedOn("--none", "--drop-sln", "--drop-docs"));
        // Unique prefixes work as with getopt_long.
        assertEquals(Set.of("zoneinfo"), categoriesActedOn("--non", "--drop-z"));
    }

    @Test
    void dryRunListsOnStdoutSummarisesOnStderrAndChangesNothing() throws Exception {
        Path root = FakeTree.rpmFamily(tmp.resolve("root")).root();
        Map<String, String> before = Trees.snapshot(root);
        Cli.Result dry = Cli.run("--dry-run", "--none", "--drop-docs", root.toString()).assertSuccess();
        assertEquals(before, Trees.snapshot(root));
        assertTrue(dry.out().contains("docs\t7\t/usr/share/doc/bash/README\n"), dry.out());
        assertTrue(dry.out().contains("docs\t0\t/usr/share/doc/\n"), dry.out());
        assertEquals("febootstrap-minimize: docs: would remove 4 files, 8 directories, 21 bytes (0.0 MiB)\n"
                + "febootstrap-minimize: total: would remove 4 files, 8 directories, 21 bytes (0.0 MiB)\n", dry.err());

        Cli.Result real = Cli.run("--none", "--drop-docs", root.toString()).assertSuccess();
        assertEquals("", real.out());
        assertEquals(dry.err().replace("would remove", "removed"), real.err());
        Set<String> listed = new TreeSet<>();
        dry.out().lines().forEach(l -> listed.add(l.split("\t")[2].substring(1).replaceAll("/$", "")));
        assertEquals(listed, Trees.removed(before, Trees.snapshot(root)));
    }

    @Test
    void helpListsEveryKeepAndDropOption() {
        Cli.Result r = Cli.run("--help").assertSuccess();
        for (Category c : Category.values()) {
            assertTrue(r.out().contains("--keep-" + c.optionName() + " "), c.toString());
            assertTrue(r.out().contains("--drop-" + c.optionName() + " "), c.toString());
        }
        assertTrue(Cli.run("--version").assertSuccess().out().startsWith("febootstrap-minimize "));
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Result r = Cli.run("--drop-everything", tmp.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("febootstrap-minimize: unrecognized option '--drop-everything'"), r.err());
    }

    @Test
    void anAmbiguousPrefixIsAUsageError() {
        Cli.Result r = Cli.run("--keep-d", tmp.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--keep-d' is ambiguous; possibilities: '--keep-docs' '--keep-dpkgdb'"), r.err());
    }

    @Test
    void packExecutablesIsRefusedAsRemoved() {
        Path root = FakeTree.rpmFamily(tmp.resolve("root")).root();
        Map<String, String> before = Trees.snapshot(root);
        Cli.Result r = Cli.run("--pack-executables", root.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--pack-executables was removed in febootstrap 2.5"), r.err());
        assertEquals(before, Trees.snapshot(root));
    }

    @Test
    void dirIsRequiredAndAlone() {
        assertEquals(2, Cli.run("--none").exitCode());
        assertTrue(Cli.run("--none").err().contains("missing DIR"));
        Cli.Result two = Cli.run(tmp.toString(), tmp.toString());
        assertEquals(2, two.exitCode());
        assertTrue(two.err().contains("too many arguments"), two.err());
    }

    @Test
    void aMissingDirIsAFailureNamingIt() {
        Path missing = tmp.resolve("no-such-root");
        Cli.Result r = Cli.run(missing.toString());
        assertEquals(1, r.exitCode());
        assertEquals("febootstrap-minimize: " + missing + ": No such file or directory\n", r.err());
    }

    @Test
    void aFileIsNotARoot() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Cli.Result r = Cli.run(file.toString());
        assertEquals(1, r.exitCode());
        assertEquals("febootstrap-minimize: " + file + ": Not a directory\n", r.err());
    }

    @Test
    void aDirectoryWithoutEtcUsrOrBinIsRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("photos/usr-not/share/doc"));
        Files.writeString(dir.resolve("holiday.jpg"), "jpeg");
        Cli.Result r = Cli.run(tmp.resolve("photos").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("does not look like a root filesystem (it has no etc, usr or bin directory)"), r.err());
        assertTrue(Files.exists(dir.resolve("holiday.jpg")));
    }

    @Test
    void theHostsOwnRootIsRefused() {
        // A dry run, so that even a regression here could not touch the host.
        Cli.Result r = Cli.run("--dry-run", "/");
        assertEquals(1, r.exitCode());
        assertEquals("febootstrap-minimize: /: refusing to minimize the host's own root directory\n", r.err());
        assertEquals("", r.out());
    }
}
