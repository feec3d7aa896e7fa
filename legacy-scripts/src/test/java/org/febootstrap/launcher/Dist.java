package org.febootstrap.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built distribution (legacy-scripts/target) and helpers to run its launchers. */
final class Dist {
    private Dist() {}

    /** Command name to main class: the contract of the seven launchers. */
    static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("febootstrap", "org.febootstrap.cli.Bootstrap");
        COMMANDS.put("febootstrap-run", "org.febootstrap.cli.Run");
        COMMANDS.put("febootstrap-install", "org.febootstrap.cli.Install");
        COMMANDS.put("febootstrap-to-initramfs", "org.febootstrap.cli.ToInitramfs");
        COMMANDS.put("febootstrap-to-supermin", "org.febootstrap.cli.ToSupermin");
        COMMANDS.put("febootstrap-minimize", "org.febootstrap.minimize.Minimize");
        COMMANDS.put("febootstrap-supermin-helper", "org.febootstrap.helper.SuperminHelper");
    }

    static Path home() {
        return Paths.get(property("febootstrap.home"));
    }

    static Path bin(String command) {
        return home().resolve("bin").resolve(command);
    }

    static Path tarball() {
        return Paths.get(property("febootstrap.tarball"));
    }

    static String distName() {
        return property("febootstrap.dist");
    }

    static String version() {
        return property("febootstrap.version");
    }

    /** The JDK the tests run on (17 when built as documented). */
    static Path testJdk() {
        return Paths.get(System.getProperty("java.home"));
    }

    /** A JDK 25 if there is one (for the AOT cache), else null. */
    static Path jdk25() {
        String p = System.getProperty("febootstrap.test.jdk25", "");
        return !p.isEmpty() && Files.isExecutable(Paths.get(p, "bin", "java")) ? Paths.get(p) : null;
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        assertTrue(v != null && !v.isEmpty(), "system property " + name + " (set by the pom)");
        return v;
    }

    /** Result of one run. */
    record Result(int status, String out, String err) {
        String both() {
            return out + err;
        }

        @Override
        public String toString() {
            return "status " + status + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /** One command to run: a builder over ProcessBuilder with a clean, explicit environment. */
    static final class Run {
        private final List<String> command = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path dir;
        private String stdin;

        Run(Path program, String... args) {
            command.add(program.toString());
            command.addAll(List.of(args));
            // A small, fixed environment: no JAVA_HOME or options leaking in from the caller.
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("LC_ALL", "C.UTF-8");
        }

        Run env(String name, String value) {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
            return this;
        }

        Run javaHome(Path jdk) {
            return env("JAVA_HOME", jdk == null ? null : jdk.toString());
        }

        /** HOME and XDG_CACHE_HOME under {@code home}, so each test has its own cache. */
        Run home(Path home) {
            env("HOME", home.toString());
            return env("XDG_CACHE_HOME", home.resolve(".cache").toString());
        }

        Run dir(Path d) {
            dir = d;
            return this;
        }

        Run stdin(String s) {
            stdin = s;
            return this;
        }

        /** Starts the command, with stdin and the outputs in files under {@code scratch}. */
        Started start(Path scratch) throws IOException {
            Files.createDirectories(scratch);
            Path in = Files.createTempFile(scratch, "in", ".txt");
            Path out = Files.createTempFile(scratch, "out", ".txt");
            Path err = Files.createTempFile(scratch, "err", ".txt");
            Files.writeString(in, stdin == null ? "" : stdin);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.directory((dir != null ? dir : scratch).toFile());
            pb.redirectInput(in.toFile());
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            return new Started(pb.start(), out, err, String.join(" ", command));
        }

        /** Runs to the end (at most two minutes). */
        Result run(Path scratch) throws IOException, InterruptedException {
            return start(scratch).finish();
        }
    }

    /** A started command. */
    record Started(Process process, Path out, Path err, String command) {
        Result finish() throws IOException, InterruptedException {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    static void write(Path file, String text, String perms) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    }

    /**
     * A fake JDK whose bin/java prints its pid and arguments (one "ARG x" line each), copies
     * stdin to stdout when FAKE_CAT is set, and exits with FAKE_EXIT (default 0). With a
     * version, it also has the release file and lib files the launcher's cache logic looks at,
     * and it "writes" at exit the archive that -XX:ArchiveClassesAtExit asks for or the class
     * list of -XX:DumpLoadedClassList, and with -Xshare:dump a static archive at once.
     */
    static Path fakeJdk(Path dir, String version) throws IOException {
        String java = """
                #!/bin/bash
                echo "FAKEJAVA pid=$$"
                for a in "$@"; do
                  echo "ARG $a"
                  case $a in
                    -XX:ArchiveClassesAtExit=*) dump=${a#*=} ;;
                    -XX:DumpLoadedClassList=*) list=${a#*=} ;;
                    -XX:SharedArchiveFile=*) shared=${a#*=} ;;
                    -Xshare:dump) static=1 ;;
                  esac
                done
                if [[ -n $static ]]; then
                  printf '\\xa2\\xab\\x0b\\xf0 fake static archive\\n' > "$shared"
                  exit 0
                fi
                finish() {
                  [[ -n $dump ]] && printf '\\xa8\\xab\\x0b\\xf0 fake dynamic archive\\n' > "$dump"
                  [[ -n $list ]] && echo java/lang/Object > "$list"
                  exit "$1"
                }
                trap 'finish 130' INT
                trap 'finish 143' TERM
                [[ -n $FAKE_CAT ]] && cat
                if [[ -n $FAKE_SLEEP ]]; then
                  echo ready > "$FAKE_SLEEP"
                  while :; do sleep 0.05; done
                fi
                finish "${FAKE_EXIT:-0}"
                """;
        write(dir.resolve("bin/java"), java, "rwxr-xr-x");
        if (version != null) {
            write(dir.resolve("release"), "IMPLEMENTOR=\"fake\"\nJAVA_RUNTIME_VERSION=\"" + version
                    + "+1-fake\"\nJAVA_VERSION=\"" + version + "\"\nMODULES=\"java.base\"\n", "rw-r--r--");
            write(dir.resolve("lib/modules"), "", "rw-r--r--");
            write(dir.resolve("lib/server/classes.jsa"), "", "rw-r--r--");
        }
        return dir;
    }

    /** The "ARG x" lines of a fake java run. */
    static List<String> fakeArgs(Result r) {
        List<String> args = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (line.startsWith("ARG ")) {
                args.add(line.substring(4));
            }
        }
        return args;
    }

    /** Every regular file under {@code dir}, relative, sorted. */
    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
