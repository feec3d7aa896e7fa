package org.febootstrap.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The start-up cache with real JVMs: made on the first run, used on the second, never a word on
 * stdout or stderr, never a different exit status. "Clean" means: exactly what the same command
 * prints with the cache turned off (FEBOOTSTRAP_NO_CDS=1).
 */
class CdsCacheIT {
    static final String COMMAND = "febootstrap-to-initramfs";
    static final String MAIN = "org.febootstrap.cli.ToInitramfs";

    @TempDir
    Path tmp;

    /** The JDKs to try, with the cache kinds their launchers pick (and can be forced to). */
    static Stream<Arguments> jdks() {
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of("test JDK", Dist.testJdk(), ""));
        // JDK 17's default is a static archive; the dynamic kind can still be asked for.
        list.add(Arguments.of("test JDK", Dist.testJdk(), "dyn"));
        if (Dist.jdk25() != null) {
            list.add(Arguments.of("JDK 25", Dist.jdk25(), ""));
            // What JDK 19-23 would pick.
            list.add(Arguments.of("JDK 25", Dist.jdk25(), "auto"));
        }
        return list.stream();
    }

    private Dist.Run run(Path jdk, String mode, String... args) {
        Dist.Run r = new Dist.Run(Dist.bin(COMMAND), args).javaHome(jdk).home(tmp.resolve("home"));
        return mode.isEmpty() ? r : r.env("FEBOOTSTRAP_CDS_MODE", mode);
    }

    private Dist.Result reference(Path jdk) throws Exception {
        return run(jdk, "", "--version").env("FEBOOTSTRAP_NO_CDS", "1").run(tmp.resolve("s"));
    }

    /** The cache's files, but the launcher's and java's real paths (LauncherIT tests those). */
    private List<String> archives() throws Exception {
        List<String> files = new ArrayList<>(Dist.files(tmp.resolve("home/.cache/febootstrap")));
        files.removeIf(f -> f.endsWith(".paths") && !f.contains("/"));
        return files;
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("jdks")
    void firstRunMakesTheArchiveAndTheSecondUsesIt(String name, Path jdk, String mode) throws Exception {
        Dist.Result ref = reference(jdk);
        assertEquals(List.of(), Dist.files(tmp.resolve("home")), "FEBOOTSTRAP_NO_CDS=1 writes nothing");

        Dist.Result first = run(jdk, mode, "--version").run(tmp.resolve("s"));
        assertEquals(ref, first, "first run = run without cache");
        List<String> made = archives();
        assertEquals(1, made.size(), made::toString);
        String archive = made.get(0);
        assertTrue(archive.endsWith("/" + MAIN + ".jsa") || archive.endsWith("/" + MAIN + ".aot"), archive);
        assertTrue(archive.startsWith(escape(jdk.resolve("bin/java").toRealPath().toString()) + "@"), archive);
        Path file = tmp.resolve("home/.cache/febootstrap").resolve(archive);
        FileTime made1 = Files.getLastModifiedTime(file);

        Dist.Result second = run(jdk, mode, "--version").run(tmp.resolve("s"));
        assertEquals(ref, second, "second run = run without cache");
        assertEquals(made, archives(), "no new files");
        assertEquals(made1, Files.getLastModifiedTime(file), "the archive is used, not made again");

        // The JVM really maps it: the main class comes from the archive, not from the jar.
        Path log = tmp.resolve("classes.log");
        Dist.Result third = run(jdk, mode, "--version")
                .env("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log).run(tmp.resolve("s"));
        assertEquals(ref.status(), third.status());
        String loaded = Files.readString(log);
        assertTrue(loaded.contains(MAIN + " source: shared objects file"),
                () -> "class loading log:\n" + loaded.lines().filter(l -> l.contains("febootstrap")).toList());
    }

    /**
     * The archive is made by whichever run comes first. One without options still records the
     * classes that read the option declarations (the launcher tells it that it records), so that
     * a later run with options finds them in the archive rather than in the jars.
     */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("jdks")
    void anArchiveMadeByARunWithoutOptionsServesRunsWithOptions(String name, Path jdk, String mode) throws Exception {
        // febootstrap-minimize: text output, and a plain line (DIR) is a whole run.
        Path root = Files.createDirectories(tmp.resolve("root/usr/share/doc/x"));
        Files.writeString(root.resolve("copyright"), "text\n");
        Dist.Run first = new Dist.Run(Dist.bin("febootstrap-minimize"), tmp.resolve("root").toString()).javaHome(jdk)
                .home(tmp.resolve("home"));
        Dist.Result r1 = (mode.isEmpty() ? first : first.env("FEBOOTSTRAP_CDS_MODE", mode)).run(tmp.resolve("s"));
        assertEquals(0, r1.status(), r1::toString);
        List<String> made = archives();
        assertEquals(1, made.size(), made::toString);

        Path log = tmp.resolve("classes.log");
        Dist.Run second = new Dist.Run(Dist.bin("febootstrap-minimize"), "--dry-run", "--keep-docs",
                tmp.resolve("root").toString()).javaHome(jdk).home(tmp.resolve("home"))
                .env("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
        Dist.Result r2 = (mode.isEmpty() ? second : second.env("FEBOOTSTRAP_CDS_MODE", mode)).run(tmp.resolve("s"));
        assertEquals(0, r2.status(), r2::toString);
        assertEquals(made, archives(), "the same archive, not another");
        String loaded = Files.readString(log);
        for (String c : List.of("sun.reflect.annotation.AnnotationParser", "com.beust.jcommander.Parameter")) {
            assertTrue(loaded.contains(c + " source: shared objects file"),
                    () -> c + " from the archive; class loading log:\n"
                            + loaded.lines().filter(l -> l.contains(c)).toList());
        }
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("jdks")
    void twentyConcurrentFirstRunsAllSucceedCleanly(String name, Path jdk, String mode) throws Exception {
        Dist.Result ref = reference(jdk);
        List<Dist.Started> started = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            started.add(run(jdk, mode, "--version").start(tmp.resolve("s" + i)));
        }
        for (Dist.Started s : started) {
            assertEquals(ref, s.finish());
        }
        List<String> left = archives();
        assertEquals(1, left.size(), () -> "one archive and no temporary or lock files: " + left);
        assertEquals(ref, run(jdk, mode, "--version").run(tmp.resolve("s")));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("jdks")
    void aStaleOrDamagedArchiveIsSilentlyReplacedOrIgnored(String name, Path jdk, String mode) throws Exception {
        Dist.Result ref = reference(jdk);
        run(jdk, mode, "--version").run(tmp.resolve("s"));
        Path file = tmp.resolve("home/.cache/febootstrap").resolve(archives().get(0));

        // Not an archive, though newer than everything: no word about it, and a new one is made.
        for (byte[] junk : List.of(new byte[70_000], "garbage".getBytes())) {
            Files.delete(file);
            Files.write(file, junk);
            assertEquals(ref, run(jdk, mode, "--version").run(tmp.resolve("s")));
            assertTrue(Files.size(file) > 10_000, "made again");
            assertEquals(ref, run(jdk, mode, "--version").run(tmp.resolve("s")));
        }

        // Older than the JDK or the jars: made again (the JVM checks for itself with "auto").
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        assertEquals(ref, run(jdk, mode, "--version").run(tmp.resolve("s")));
        if (!autoMode(jdk, mode)) {
            assertTrue(Files.getLastModifiedTime(file).toMillis() > 0, "made again");
        }
        assertEquals(ref, run(jdk, mode, "--version").run(tmp.resolve("s")));
        assertEquals(1, archives().size(), archives()::toString);
    }

    /**
     * The helper's kinds of run (build, checksum, --if-newer) each get their own archive, guessed
     * from the arguments as getopt reads them; every run still behaves as without a cache.
     */
    @Test
    void theHelperKeepsOneArchivePerKindOfRun() throws Exception {
        Path jdk = Dist.testJdk();
        String helper = "febootstrap-supermin-helper";
        String main = "org.febootstrap.helper.SuperminHelper";
        List<List<String>> runs = List.of(
                List.of("--help"),
                List.of("-k", "-fchecksum", "--help"), // -k's argument, not -f
                List.of("--", "-f", "checksum"), // operands
                List.of("-f", "checksum", "--help"),
                List.of("-vfchecksum", "--help"),
                List.of("--form=checksum", "--help"),
                List.of("--format", "ext2", "--if", "--help"),
                List.of("--if-newer", "--help"));
        for (List<String> args : runs) {
            String[] a = args.toArray(new String[0]);
            Dist.Result ref = new Dist.Run(Dist.bin(helper), a).javaHome(jdk).home(tmp.resolve("home"))
                    .env("FEBOOTSTRAP_NO_CDS", "1").run(tmp.resolve("s"));
            for (int i = 0; i < 2; i++) {
                Dist.Result r = new Dist.Run(Dist.bin(helper), a).javaHome(jdk).home(tmp.resolve("home"))
                        .run(tmp.resolve("s"));
                assertEquals(ref, r, args::toString);
            }
        }
        List<String> names = new ArrayList<>();
        for (String archive : archives()) {
            names.add(archive.substring(archive.lastIndexOf('/') + 1).replaceFirst("\\.(jsa|aot)$", ""));
        }
        names.sort(null);
        assertEquals(List.of(main, main + "-checksum", main + "-ext2-if-newer", main + "-if-newer"), names);
    }

    @Test
    void noCacheWhenItCannotBeWrittenOrIsTurnedOff() throws Exception {
        Path jdk = Dist.testJdk();
        Dist.Result ref = reference(jdk);
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        Dist.Result r = run(jdk, "", "--version").env("XDG_CACHE_HOME", notADir.resolve("cache").toString())
                .run(tmp.resolve("s"));
        assertEquals(ref, r);
        r = run(jdk, "", "--version").env("HOME", null).env("XDG_CACHE_HOME", null).run(tmp.resolve("s"));
        assertEquals(ref, r);
        r = run(jdk, "", "--version").env("FEBOOTSTRAP_JAVA_OPTS", "-Xshare:off").run(tmp.resolve("s"));
        assertEquals(ref, r);
        assertTrue(archives().isEmpty(), archives()::toString);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("jdks")
    void extraJavaOptionsGetTheirOwnArchive(String name, Path jdk, String mode) throws Exception {
        Dist.Result ref = reference(jdk);
        for (String opts : List.of("", "-Xmx100m", "-XX:+UseSerialGC -Dx=a:b/c%d", "-XX:+UseParallelGC")) {
            for (int i = 0; i < 2; i++) {
                Dist.Result r = run(jdk, mode, "--version").env("FEBOOTSTRAP_JAVA_OPTS", opts).run(tmp.resolve("s"));
                assertEquals(ref, r, () -> "FEBOOTSTRAP_JAVA_OPTS=" + opts);
            }
        }
        assertEquals(4, archives().size(), archives()::toString);
    }

    /** A Java agent (JaCoCo and the like) makes JDK 17 refuse to write an archive at start. */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("jdks")
    void javaAgentsAndOptionsFromTheEnvironmentDoNotBreakTheCommand(String name, Path jdk, String mode)
            throws Exception {
        Path agent = agentJar(tmp.resolve("agent"));
        for (String var : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "FEBOOTSTRAP_JAVA_OPTS")) {
            Dist.Result ref = reference(jdk, var, "-javaagent:" + agent);
            for (int i = 0; i < 2; i++) {
                Dist.Result r = run(jdk, mode, "--version").env(var, "-javaagent:" + agent).run(tmp.resolve("s"));
                assertEquals(ref, r, var);
            }
            assertEquals(List.of(), archives(), var + ": no archive written");
        }
        // An archive made without the agent is left alone with it (and used, by JDK 17's CDS).
        assertEquals(reference(jdk), run(jdk, mode, "--version").run(tmp.resolve("s")));
        List<String> made = archives();
        assertEquals(1, made.size());
        Path log = tmp.resolve("classes.log");
        Dist.Result r = run(jdk, mode, "--version").env("JAVA_TOOL_OPTIONS", "-javaagent:" + agent)
                .env("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log).run(tmp.resolve("s"));
        assertEquals(reference(jdk).out(), r.out());
        if (made.get(0).endsWith(".jsa") && !autoMode(jdk, mode)) {
            assertTrue(Files.readString(log).contains(MAIN + " source: shared objects file"));
        }
        assertEquals(made, archives());
    }

    private Dist.Result reference(Path jdk, String var, String value) throws Exception {
        return run(jdk, "", "--version").env("FEBOOTSTRAP_NO_CDS", "1").env(var, value).run(tmp.resolve("s"));
    }

    private static Path agentJar(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path src = Files.writeString(dir.resolve("Agent.java"),
                "public class Agent { public static void premain(String a, java.lang.instrument.Instrumentation i) {} }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", dir.toString(), src.toString()));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "Agent");
        Path jar = dir.resolve("agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("Agent.class"));
            out.write(Files.readAllBytes(dir.resolve("Agent.class")));
            out.closeEntry();
        }
        return jar;
    }

    private static String escape(String path) {
        return path.replace("%", "%25").replace("/", "%2F").replace(":", "%3A");
    }

    private static boolean autoMode(Path jdk, String mode) throws Exception {
        return mode.equals("auto") || mode.isEmpty() && major(jdk) >= 19 && major(jdk) < 24;
    }

    private static int major(Path jdk) throws Exception {
        for (String line : Files.readAllLines(jdk.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                return Integer.parseInt(line.replaceAll("^JAVA_VERSION=\"?(\\d+).*", "$1"));
            }
        }
        return 0;
    }

    /**
     * The launcher's own logic, with a fake JDK 17, for both of its kinds of archive (static, the
     * default, and dynamic): locking, renaming, signals.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"static", "dyn"})
    void writerLockAndSignalsOnTheWritingRun(String kind) throws Exception {
        Path jdk = Dist.fakeJdk(tmp.resolve("jdk"), "17.0.99");
        String mode = kind.equals("static") ? "" : kind;
        String writing = kind.equals("static") ? "-XX:DumpLoadedClassList=" : "-XX:ArchiveClassesAtExit=";
        Path cache = tmp.resolve("home/.cache/febootstrap");
        // A live writer holds the lock: run without writing or using an archive.
        Dist.Result r = run(jdk, mode, "x").run(tmp.resolve("s"));
        List<String> args = Dist.fakeArgs(r);
        assertTrue(args.stream().anyMatch(a -> a.startsWith(writing)), args::toString);
        String archive = archives().get(0);
        assertTrue(archive.endsWith("/" + MAIN + ".jsa"), archive);
        Path file = cache.resolve(archive);
        Files.delete(file);
        Path lock = Path.of(file + ".lock");
        Files.writeString(lock, ProcessHandle.current().pid() + "\n");
        args = Dist.fakeArgs(run(jdk, mode, "x").run(tmp.resolve("s")));
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-XX:ArchiveClasses")
                || a.contains("ClassList")), args::toString);
        assertFalse(Files.exists(file));

        // A dead writer's lock is taken over.
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(lock, dead.pid() + "\n");
        r = run(jdk, mode, "x").env("FAKE_EXIT", "3").run(tmp.resolve("s"));
        assertEquals(3, r.status(), "exit status passed on from the writing run");
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(lock));

        // Interrupted while writing: status passed on, nothing half-made left behind.
        Files.delete(file);
        Path ready = tmp.resolve("ready");
        Dist.Run interrupted = new Dist.Run(Dist.bin(COMMAND), "x").javaHome(jdk).home(tmp.resolve("home"))
                .env("FAKE_SLEEP", ready.toString());
        Dist.Started s = (mode.isEmpty() ? interrupted : interrupted.env("FEBOOTSTRAP_CDS_MODE", mode))
                .start(tmp.resolve("s"));
        LauncherIT.waitFor(ready);
        long javaPid = s.process().children().findFirst().orElseThrow().pid();
        new ProcessBuilder("kill", "-INT", Long.toString(javaPid)).start().waitFor();
        assertEquals(130, s.finish().status());
        assertEquals(List.of(), archives(), "no archive, temporary file or lock");

        // And the next run writes it; the one after uses it.
        run(jdk, mode, "x").run(tmp.resolve("s"));
        args = Dist.fakeArgs(run(jdk, mode, "x").run(tmp.resolve("s")));
        assertTrue(args.contains("-XX:SharedArchiveFile=" + file), args::toString);
    }
}
