package org.febootstrap.cli.supermin;

import static org.febootstrap.cli.supermin.Trees.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.febootstrap.cli.ToSupermin;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cpio.NewcReader;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.Unprivileged;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: operands, errors as one line and an exit status, other users and directories. */
class ToSuperminTest {
    private static final String NAME = "febootstrap-to-supermin";
    private static final String MAIN = ToSupermin.class.getName();

    @TempDir
    Path tmp;
    Path root;
    Path out;

    /** What one in-process run printed. */
    record Run(int status, String stdout, String stderr) {}

    static Run run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Console console = new Console(stdout, new PrintStream(stderr, true, StandardCharsets.UTF_8), Map.of());
        int status = CommandRunner.run(NAME, new ToSupermin(), args, console);
        return new Run(status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void setUp() throws IOException {
        // World-readable, so that the runs as nobody can reach the root.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(tmp.resolve("root"));
        out = Files.createDirectories(tmp.resolve("out"));
    }

    private String img() {
        return out.resolve("supermin.img").toString();
    }

    private String txt() {
        return out.resolve("hostfiles.txt").toString();
    }

    private List<String> outputs() throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesBothFilesAndNothingOnStdout() throws IOException {
        file(root, "init", "#!/bin/sh\n", "rwxr-xr-x");
        file(root, "usr/bin/bash");
        Run r = run(root.toString(), img(), txt());
        assertEquals(new Run(0, "", ""), r);
        assertEquals(List.of("./usr", "./usr/bin", "./usr/bin/bash"), Files.readAllLines(Path.of(txt())));
        assertEquals(List.of("init", "usr", "usr/bin"),
                NewcReader.readAll(Path.of(img())).stream().map(NewcReader.Entry::name).toList());
    }

    @Test
    void wrongNumberOfOperandsIsAUsageError() {
        for (String[] args : new String[][] {{}, {root.toString()}, {root.toString(), img()},
                {root.toString(), img(), txt(), "extra"}}) {
            Run r = run(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertTrue(r.stderr().startsWith(NAME + ": "), r.stderr());
            assertTrue(r.stderr().contains("expected DIR supermin.img hostfiles.txt"), r.stderr());
            assertTrue(r.stderr().endsWith("Try '" + NAME + " --help' for more information.\n"), r.stderr());
        }
        Run unknown = run("--verbose", root.toString(), img(), txt());
        assertEquals(2, unknown.status());
        assertTrue(unknown.stderr().startsWith(NAME + ": unrecognized option '--verbose'\n"), unknown.stderr());
    }

    @Test
    void bothOutputsMustBeDifferentFiles() throws IOException {
        Files.createSymbolicLink(tmp.resolve("link"), out);
        String same = tmp.resolve("link/supermin.img").toString();
        Run r = run(root.toString(), img(), same);
        assertEquals(new Run(1, "", NAME + ": " + img() + " and " + same + " are the same file:"
                + " supermin.img and hostfiles.txt must be different files\n"), r);
        assertEquals(List.of(), outputs());
    }

    @Test
    void helpAndVersion() {
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.stdout().startsWith("Usage: " + NAME + " DIR supermin.img hostfiles.txt\n"), help.stdout());
        assertEquals("", help.stderr());
        Run version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.stdout().startsWith(NAME + " "), version.stdout());
    }

    @Test
    void aMissingRootIsOneClearLine() throws IOException {
        Path missing = tmp.resolve("missing");
        assertEquals(new Run(1, "", NAME + ": " + missing + ": No such file or directory\n"), run(missing.toString(), img(), txt()));
        assertEquals(List.of(), outputs());
    }

    @Test
    void aRootThatIsNotADirectoryIsOneClearLine() throws IOException {
        Path plain = Files.writeString(tmp.resolve("plain"), "x");
        assertEquals(new Run(1, "", NAME + ": " + plain + ": Not a directory\n"), run(plain.toString(), img(), txt()));
        assertEquals(List.of(), outputs());
    }

    @Test
    void aMissingOutputDirectoryIsOneClearLine() throws IOException {
        file(root, "init");
        Path nowhere = tmp.resolve("nowhere");
        Run r = run(root.toString(), img(), nowhere.resolve("hostfiles.txt").toString());
        assertEquals(new Run(1, "", NAME + ": " + nowhere + ": output directory does not exist\n"), r);
        assertEquals(List.of(), outputs(), "supermin.img must not appear alone");
    }

    @Test
    void runFromAnotherDirectoryWithRelativePaths() throws IOException {
        assumeTrue(Root.runningAsRoot(), "the test root has a device node: runs as root (CI does)");
        SuperminConverterTest.buildRoot(root);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Processes.Result r = Processes.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MAIN, "../root", "../out/supermin.img", "../out/hostfiles.txt"),
                elsewhere, null, Map.of(), Duration.ofMinutes(2));
        r.assertSuccess("febootstrap-to-supermin from " + elsewhere);
        assertEquals("", r.stderr());
        // 2.11 tested for directories relative to its working directory: from here they were lost.
        assertEquals(SuperminConverterTest.EXPECTED_HOSTFILES, Files.readAllLines(Path.of(txt())));
        assertEquals(SuperminConverterTest.EXPECTED_ENTRIES,
                NewcReader.readAll(Path.of(img())).stream().map(NewcReader.Entry::name).toList());
        // The same bytes as a run given absolute paths from the build directory.
        Path again = Files.createDirectories(tmp.resolve("again"));
        SuperminConverter.convert(root, again.resolve("s.img"), again.resolve("h.txt"), -1);
        assertArrayEquals(Files.readAllBytes(again.resolve("s.img")), Files.readAllBytes(Path.of(img())));
        assertArrayEquals(Files.readAllBytes(again.resolve("h.txt")), Files.readAllBytes(Path.of(txt())));
    }

    @Test
    void unprivilegedUserMeetingAnUnreadableFileInTheSkeleton() throws IOException {
        file(root, "init", "#!/bin/sh\n", "rwxr-xr-x");
        file(root, "etc/passwd");
        Path secret = file(root, "etc/gshadow", "secret\n", "---------");
        Files.writeString(out.resolve("supermin.img"), "previous");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));

        Processes.Result r = Unprivileged.runMain(MAIN, List.of(root.toString(), img(), txt()), tmp);
        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals(NAME + ": " + secret + ": Permission denied\n", r.stderr());
        assertEquals("", r.stdout());
        // Nothing new appeared, nothing was half-replaced, no temporary file was left behind.
        assertEquals(List.of("supermin.img"), outputs());
        assertEquals("previous", Files.readString(out.resolve("supermin.img")));
    }

    @Test
    void unprivilegedUserMeetingAnUnreadableDirectory() throws IOException {
        file(root, "usr/bin/bash");
        Path closed = Trees.dir(root, "root");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Processes.Result r = Unprivileged.runMain(MAIN, List.of(root.toString(), img(), txt()), tmp);
        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals(NAME + ": " + closed + ": Permission denied\n", r.stderr());
        assertEquals(List.of(), outputs());
    }

    @Test
    void unprivilegedUserListsUnreadableHostFilesWithoutReadingThem() throws IOException {
        file(root, "etc/passwd");
        // Like chsh or pt_chown: mode 4711, unreadable to others; the helper takes the host's copy.
        file(root, "usr/bin/chsh", "ELF", "rwx--x--x");
        Files.setAttribute(root.resolve("usr/bin/chsh"), "unix:mode", 04711);
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Processes.Result r = Unprivileged.runMain(MAIN, List.of(root.toString(), img(), txt()), tmp);
        r.assertSuccess("febootstrap-to-supermin as nobody");
        assertEquals(List.of("./usr", "./usr/bin", "./usr/bin/chsh"), Files.readAllLines(Path.of(txt())));
        assertFalse(NewcReader.readAll(Path.of(img())).stream().anyMatch(e -> e.name().equals("usr/bin/chsh")));
    }
}
