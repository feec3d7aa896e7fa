package org.febootstrap.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The launcher mechanics: which java, which class, which classpath, what passes through. */
class LauncherIT {
    @TempDir
    Path tmp;

    static List<String> commands() {
        return List.copyOf(Dist.COMMANDS.keySet());
    }

    private static String jarName(String path) {
        return Path.of(path).getFileName().toString();
    }

    /** The jar of one of the three command modules. */
    private static boolean commandJar(String path) {
        String n = jarName(path);
        return n.startsWith("febootstrap-cli-") || n.startsWith("minimize-") || n.startsWith("supermin-helper-");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void launcherRunsItsMainClassWithTheArgumentsUnchanged(String command) throws Exception {
        Path bin = Dist.bin(command);
        assertTrue(Files.isRegularFile(bin) && Files.isExecutable(bin), bin + " is an executable file");
        Path jdk = Dist.fakeJdk(tmp.resolve("jdk"), null);
        Dist.Result r = new Dist.Run(bin, "--version", "a b", "", "--", "-x", "*").javaHome(jdk)
                .home(tmp).run(tmp.resolve("s"));
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err());
        List<String> args = Dist.fakeArgs(r);
        int main = args.indexOf(Dist.COMMANDS.get(command));
        assertTrue(main > 0, () -> "main class " + Dist.COMMANDS.get(command) + " in " + args);
        assertEquals(List.of("--version", "a b", "", "--", "-x", "*"), args.subList(main + 1, args.size()));
        assertEquals("-cp", args.get(main - 2));
    }

    /** Every jar of lib/, the command's own first (the JVM searches them in order), the rest alike. */
    @Test
    void classpathIsEveryJarInLibTheCommandsOwnFirst() throws Exception {
        Path jdk = Dist.fakeJdk(tmp.resolve("jdk"), null);
        Map<String, String> ownJar = Map.of("febootstrap-minimize", "minimize-",
                "febootstrap-supermin-helper", "supermin-helper-");
        List<String> classpath = null;
        List<String> libraries = null;
        for (String command : commands()) {
            Dist.Result r = new Dist.Run(Dist.bin(command)).javaHome(jdk).home(tmp).run(tmp.resolve("s"));
            List<String> args = Dist.fakeArgs(r);
            List<String> cp = Arrays.asList(args.get(args.indexOf("-cp") + 1).split(":"));
            String own = ownJar.getOrDefault(command, "febootstrap-cli-");
            assertTrue(jarName(cp.get(0)).startsWith(own), () -> command + ": " + cp);
            List<String> others = new ArrayList<>(cp);
            others.removeIf(LauncherIT::commandJar);
            if (classpath == null) {
                classpath = cp;
                libraries = others;
            }
            assertEquals(libraries, others, "the other jars in the same order for " + command);
            assertEquals(classpath.stream().sorted().toList(), cp.stream().sorted().toList(), command);
        }
        Path lib = Dist.home().resolve("lib").toRealPath();
        List<String> inLib;
        try (var s = Files.list(lib)) {
            inLib = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
        assertEquals(inLib, classpath.stream().map(p -> Path.of(p).getFileName().toString()).sorted().toList());
        for (String jar : classpath) {
            assertEquals(lib, Path.of(jar).getParent(), jar + " is in lib/, named by its real path");
        }
        for (String needed : List.of("febootstrap-cli-", "febootstrap-core-", "minimize-", "supermin-helper-",
                "commons-compress-", "commons-exec-", "jcommander-", "xz-")) {
            assertTrue(inLib.stream().anyMatch(n -> n.startsWith(needed)), needed + "*.jar in lib/: " + inLib);
        }
        assertFalse(inLib.stream().anyMatch(n -> n.contains("junit") || n.contains("tests")), "no test jars: " + inLib);
    }

    @Test
    void worksFromAnotherDirectoryAndThroughSymlinks() throws Exception {
        Path jdk = Dist.fakeJdk(tmp.resolve("jdk"), null);
        Path links = Files.createDirectories(tmp.resolve("links"));
        Path link = Files.createSymbolicLink(links.resolve("fi"), Dist.bin("febootstrap-to-initramfs"));
        Path link2 = Files.createSymbolicLink(links.resolve("fi2"), link); // a chain of links
        Path elsewhere = Files.createDirectories(tmp.resolve("else/where"));
        Path lib = Dist.home().resolve("lib").toRealPath();
        for (Path p : List.of(Dist.bin("febootstrap-to-initramfs"), link, link2, Path.of("../../links/fi2"))) {
            Dist.Result r = new Dist.Run(p, "x").javaHome(jdk).home(tmp).dir(elsewhere).run(tmp.resolve("s"));
            assertEquals(0, r.status(), () -> p + ": " + r);
            List<String> args = Dist.fakeArgs(r);
            assertTrue(args.get(args.indexOf("-cp") + 1).startsWith(lib + "/"), () -> p + ": " + args);
            assertEquals("org.febootstrap.cli.ToInitramfs", args.get(args.size() - 2));
        }
        // And with the real JVM: it runs (the command's own output names the command).
        for (Path p : List.of(link2, Dist.bin("febootstrap-to-initramfs"))) {
            Dist.Result r = new Dist.Run(p, "--version").javaHome(Dist.testJdk()).home(tmp).dir(elsewhere)
                    .run(tmp.resolve("s"));
            assertTrue(r.status() == 0 || r.status() == 1, r::toString);
            assertTrue(r.both().contains("febootstrap-to-initramfs") || r.both().contains(Dist.version()),
                    r::toString);
            assertFalse(r.both().contains("ClassNotFound") || r.both().contains("Could not find"), r::toString);
        }
    }

    /**
     * The real paths of the launcher and of java (readlink -f, the one fork a run may need) are
     * cached, and resolved again as soon as either path names another file: java switched to
     * another JDK as update-alternatives does it, the command linked to another install.
     */
    @Test
    void realPathsAreCachedUntilALinkNamesAnotherFile() throws Exception {
        Path jdk17 = Dist.fakeJdk(tmp.resolve("jdk17"), "17.0.15");
        Path jdk26 = Dist.fakeJdk(tmp.resolve("jdk26"), "26");
        Path alternatives = Files.createDirectories(tmp.resolve("alternatives"));
        Path javaLink = Files.createSymbolicLink(alternatives.resolve("java"), jdk17.resolve("bin/java"));
        Path links = Files.createDirectories(tmp.resolve("links"));
        Path command = Files.createSymbolicLink(links.resolve("fsh"), Dist.bin("febootstrap-supermin-helper"));
        // A readlink that counts its calls, first on PATH (java is found on PATH after it).
        Path calls = tmp.resolve("readlink.calls");
        Path tools = tmp.resolve("tools");
        Dist.write(tools.resolve("readlink"), "#!/bin/sh\necho x >> '" + calls + "'\nexec /usr/bin/readlink \"$@\"\n",
                "rwxr-xr-x");
        String path = tools + ":" + alternatives + ":/usr/bin:/bin";
        Path lib = Dist.home().resolve("lib").toRealPath();

        // The first run makes the cache directory, the second caches the paths, the third uses them.
        List<String> args = null;
        for (int run = 1; run <= 3; run++) {
            Dist.Result r = new Dist.Run(command, "x").javaHome(null).home(tmp).env("PATH", path).run(tmp.resolve("s"));
            assertEquals(0, r.status(), r::toString);
            args = Dist.fakeArgs(r);
            assertTrue(args.get(args.indexOf("-cp") + 1).startsWith(lib + "/"), args::toString);
            assertTrue(args.contains("-XX:ArchiveRelocationMode=0"), () -> "JDK 17's options: " + r);
        }
        assertEquals(2, readlinkCalls(calls), "resolved on the first two runs only");

        // java now names another JDK: resolved again (26 gets no ArchiveRelocationMode), then cached.
        Files.delete(javaLink);
        Files.createSymbolicLink(javaLink, jdk26.resolve("bin/java"));
        for (int run = 1; run <= 2; run++) {
            args = Dist.fakeArgs(new Dist.Run(command, "x").javaHome(null).home(tmp).env("PATH", path)
                    .run(tmp.resolve("s")));
            assertFalse(args.contains("-XX:ArchiveRelocationMode=0"), args::toString);
        }
        assertEquals(3, readlinkCalls(calls), "resolved once more");

        // The command now names another install (its own bin/, the same jars): its lib/ is used.
        Path other = tmp.resolve("other");
        Files.createDirectories(other.resolve("bin"));
        Files.copy(Dist.bin("febootstrap-supermin-helper"), other.resolve("bin/febootstrap-supermin-helper"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(other.resolve("lib"), lib);
        Files.delete(command);
        Files.createSymbolicLink(command, other.resolve("bin/febootstrap-supermin-helper"));
        for (int run = 1; run <= 2; run++) {
            args = Dist.fakeArgs(new Dist.Run(command, "x").javaHome(null).home(tmp).env("PATH", path)
                    .run(tmp.resolve("s")));
            assertTrue(args.get(args.indexOf("-cp") + 1).startsWith(other.resolve("lib") + "/"), args::toString);
        }
        assertEquals(4, readlinkCalls(calls), "resolved once more");

        // No cache at all with FEBOOTSTRAP_NO_CDS=1: resolved on every run, nothing written.
        Path home = Files.createDirectories(tmp.resolve("home2"));
        for (int run = 1; run <= 2; run++) {
            new Dist.Run(command, "x").javaHome(null).home(home).env("PATH", path).env("FEBOOTSTRAP_NO_CDS", "1")
                    .run(tmp.resolve("s"));
        }
        assertEquals(6, readlinkCalls(calls));
        assertEquals(List.of(), Dist.files(home));
    }

    private static long readlinkCalls(Path calls) throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    @Test
    void execsJavaSoStatusStdioAndPidAreTheCommandsOwn() throws Exception {
        Path jdk = Dist.fakeJdk(tmp.resolve("jdk"), null);
        Dist.Started s = new Dist.Run(Dist.bin("febootstrap-run"), "dir").javaHome(jdk).home(tmp)
                .env("FAKE_CAT", "1").env("FAKE_EXIT", "42").stdin("from stdin\n").start(tmp.resolve("s"));
        long pid = s.process().pid();
        Dist.Result r = s.finish();
        assertEquals(42, r.status(), r::toString);
        assertTrue(r.out().startsWith("FAKEJAVA pid=" + pid + "\n"), () -> "java is the launcher's process: " + r);
        assertTrue(r.out().endsWith("from stdin\n"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void signalsReachJava() throws Exception {
        Path jdk = Dist.fakeJdk(tmp.resolve("jdk"), null);
        Path ready = tmp.resolve("ready");
        Dist.Started s = new Dist.Run(Dist.bin("febootstrap-run"), "dir").javaHome(jdk).home(tmp)
                .env("FAKE_SLEEP", ready.toString()).start(tmp.resolve("s"));
        waitFor(ready);
        new ProcessBuilder("kill", "-TERM", Long.toString(s.process().pid())).start().waitFor();
        assertEquals(143, s.finish().status());
    }

    @Test
    void javaHomeWinsOverPathAndPathIsTheFallback() throws Exception {
        Path fake = Dist.fakeJdk(tmp.resolve("jdk"), null);
        Path bin = Dist.bin("febootstrap-install");
        // JAVA_HOME set: its java, even with another java first on PATH.
        Dist.Result r = new Dist.Run(bin).javaHome(fake).home(tmp)
                .env("PATH", Dist.testJdk().resolve("bin") + ":/usr/bin:/bin").run(tmp.resolve("s"));
        assertTrue(r.out().startsWith("FAKEJAVA"), r::toString);
        // JAVA_HOME unset: java from PATH.
        r = new Dist.Run(bin).javaHome(null).home(tmp).env("PATH", fake.resolve("bin") + ":/usr/bin:/bin")
                .run(tmp.resolve("s"));
        assertTrue(r.out().startsWith("FAKEJAVA"), r::toString);
        // JAVA_HOME selects the real JDK: the command's own output, not the fake.
        r = new Dist.Run(bin, "--version").javaHome(Dist.testJdk()).home(tmp)
                .env("PATH", fake.resolve("bin") + ":/usr/bin:/bin").run(tmp.resolve("s"));
        assertFalse(r.out().contains("FAKEJAVA"), r::toString);
        assertTrue(r.both().contains("febootstrap-install") || r.both().contains(Dist.version()), r::toString);
    }

    @Test
    void noJavaIsAClearError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Dist.Result r = new Dist.Run(Dist.bin("febootstrap")).javaHome(null).home(tmp)
                .env("PATH", empty.toString()).run(tmp.resolve("s"));
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertEquals("febootstrap: no Java found: set JAVA_HOME or put java on PATH\n", r.err());

        r = new Dist.Run(Dist.bin("febootstrap")).javaHome(empty).home(tmp).run(tmp.resolve("s"));
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("febootstrap: no Java found: "), r::toString);
        assertTrue(r.err().contains(empty.toString()), r::toString);
    }

    @Test
    void javaOlderThan17IsRefused() throws Exception {
        Path old = Dist.fakeJdk(tmp.resolve("jdk11"), "11.0.2");
        Dist.Result r = new Dist.Run(Dist.bin("febootstrap")).javaHome(old).home(tmp).run(tmp.resolve("s"));
        assertEquals(1, r.status());
        assertFalse(r.out().contains("FAKEJAVA"), r::toString);
        assertTrue(r.err().startsWith("febootstrap: Java 17 or later is needed"), r::toString);
    }

    @Test
    void febootstrapJavaOptsComeAfterTheLaunchersOwnOptions() throws Exception {
        Path jdk = Dist.fakeJdk(tmp.resolve("jdk"), null);
        Dist.Result r = new Dist.Run(Dist.bin("febootstrap-minimize")).javaHome(jdk).home(tmp)
                .env("FEBOOTSTRAP_JAVA_OPTS", " -Xmx64m  -Dx=* ").run(tmp.resolve("s"));
        List<String> args = Dist.fakeArgs(r);
        int cp = args.indexOf("-cp");
        assertEquals(List.of("-Xmx64m", "-Dx=*"), args.subList(cp - 2, cp), args::toString);
        assertTrue(args.indexOf("-XX:-UsePerfData") < cp - 2, args::toString);
    }

    @Test
    void archivesMappedAtTheirOwnAddressOnTheJdksTriedUnlessAsked() throws Exception {
        List<String> relocation = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
        for (String version : List.of("17.0.15", "21.0.2", "25")) {
            Path jdk = Dist.fakeJdk(tmp.resolve("jdk" + version), version);
            List<String> args = Dist.fakeArgs(new Dist.Run(Dist.bin("febootstrap-supermin-helper")).javaHome(jdk)
                    .home(tmp).env("FEBOOTSTRAP_NO_CDS", "1").run(tmp.resolve("s")));
            int at = Collections.indexOfSubList(args, relocation);
            assertTrue(at > 0 && at < args.indexOf("-cp"), version + ": " + args);
            args = Dist.fakeArgs(new Dist.Run(Dist.bin("febootstrap-supermin-helper")).javaHome(jdk).home(tmp)
                    .env("FEBOOTSTRAP_NO_CDS", "1").env("FEBOOTSTRAP_CDS_ASLR", "1").run(tmp.resolve("s")));
            assertFalse(args.contains("-XX:ArchiveRelocationMode=0"), version + ": " + args);
        }
        // A later JDK may have dropped the diagnostic option: it would refuse to start.
        Path jdk = Dist.fakeJdk(tmp.resolve("jdk26"), "26");
        List<String> args = Dist.fakeArgs(new Dist.Run(Dist.bin("febootstrap-supermin-helper")).javaHome(jdk)
                .home(tmp).env("FEBOOTSTRAP_NO_CDS", "1").run(tmp.resolve("s")));
        assertFalse(args.contains("-XX:ArchiveRelocationMode=0"), args::toString);
    }

    @Test
    void c1OnlyForTheStartUpBoundCommands() throws Exception {
        Path jdk = Dist.fakeJdk(tmp.resolve("jdk"), null);
        Map<String, Boolean> c1 = Dist.COMMANDS.keySet().stream().collect(Collectors.toMap(c -> c, c -> {
            try {
                return Dist.fakeArgs(new Dist.Run(Dist.bin(c)).javaHome(jdk).home(tmp).run(tmp.resolve("s")))
                        .contains("-XX:TieredStopAtLevel=1");
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        assertEquals(Map.of("febootstrap", true, "febootstrap-run", true, "febootstrap-install", true,
                "febootstrap-to-supermin", true, "febootstrap-to-initramfs", false, "febootstrap-minimize", false,
                "febootstrap-supermin-helper", true), c1);
    }

    @Test
    void theHelpersInitrdBuildCompilesSoonerOnJdksWithoutAnAotCache() throws Exception {
        List<String> sooner = List.of("-XX:Tier3LoadFeedback=1000", "-XX:CompileThresholdScaling=0.5",
                "-XX:C1MaxInlineSize=20");
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put("build", List.of("supermin.img", "hostfiles.txt", "kernel", "initrd"));
        runs.put("build -k", List.of("-k", "-fchecksum", "supermin.img", "kernel", "initrd")); // -k's argument
        runs.put("build -f cpio", List.of("-vf", "cpio", "supermin.img", "kernel", "initrd"));
        runs.put("checksum", List.of("-f", "checksum", "supermin.img"));
        runs.put("if-newer", List.of("--if-n", "supermin.img", "kernel", "initrd"));
        runs.put("ext2", List.of("--format=ext2", "supermin.img", "kernel", "initrd", "root"));
        for (String version : List.of("17.0.15", "21.0.2", "25")) {
            Path jdk = Dist.fakeJdk(tmp.resolve("jdk" + version), version);
            for (Map.Entry<String, List<String>> run : runs.entrySet()) {
                List<String> args = Dist.fakeArgs(new Dist.Run(Dist.bin("febootstrap-supermin-helper"),
                        run.getValue().toArray(new String[0])).javaHome(jdk).home(tmp)
                        .env("FEBOOTSTRAP_NO_CDS", "1").run(tmp.resolve("s")));
                boolean expected = run.getKey().startsWith("build") && !version.equals("25");
                int at = Collections.indexOfSubList(args, sooner);
                assertEquals(expected, at > 0 && at < args.indexOf("-cp"), version + " " + run.getKey() + ": " + args);
                assertEquals(expected, args.contains("-XX:Tier3LoadFeedback=1000"), version + " " + run.getKey());
            }
        }
        // Only the helper.
        Path jdk = Dist.fakeJdk(tmp.resolve("jdk17"), "17.0.15");
        List<String> args = Dist.fakeArgs(new Dist.Run(Dist.bin("febootstrap-to-supermin"), "r", "s", "h")
                .javaHome(jdk).home(tmp).env("FEBOOTSTRAP_NO_CDS", "1").run(tmp.resolve("s")));
        assertFalse(args.contains("-XX:Tier3LoadFeedback=1000"), args::toString);
    }

    static void waitFor(Path file) throws InterruptedException {
        for (int i = 0; i < 600 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), file + " appeared");
    }
}
