package org.febootstrap.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.febootstrap.core.root.Root;

/**
 * Runs a command's main class as the unprivileged user {@code nobody} (tests run as root, which
 * ignores permission bits). The test classpath (under /root/.m2, unreadable to nobody) is copied
 * once into a world-readable directory.
 */
public final class Unprivileged {
    public static final String USER = "nobody";
    private static Path classpathCopy;

    private Unprivileged() {}

    /** Skips unless we are root and runuser exists (CI runs as root). */
    public static void require() {
        assumeTrue(Root.runningAsRoot(), "needs root to switch to an unprivileged user");
        Processes.requireProgram("runuser");
    }

    public static synchronized String classpath() {
        try {
            if (classpathCopy == null) {
                Path dir = Files.createTempDirectory("febootstrap-cp-");
                List<String> entries = new ArrayList<>();
                int i = 0;
                for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    Path src = Path.of(e);
                    if (!Files.exists(src)) {
                        continue;
                    }
                    Path dst = dir.resolve((i++) + "-" + src.getFileName());
                    if (Files.isDirectory(src)) {
                        copyTree(src, dst);
                    } else {
                        Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
                    }
                    entries.add(dst.toString());
                }
                Processes.run(List.of("chmod", "-R", "a+rX", dir.toString())).assertSuccess("chmod");
                Files.writeString(dir.resolve("classpath"), String.join(File.pathSeparator, entries));
                classpathCopy = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Processes.run(List.of("rm", "-rf", dir.toString()))));
            }
            return Files.readString(classpathCopy.resolve("classpath"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Runs {@code mainClass args...} as nobody from {@code cwd} (world-readable). */
    public static Processes.Result runMain(String mainClass, List<String> args, Path cwd) {
        require();
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", USER, "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath(), mainClass));
        cmd.addAll(args);
        return Processes.run(cmd, cwd, null, Map.of(), Duration.ofMinutes(5));
    }

    /** Runs a shell command as nobody. */
    public static Processes.Result sh(String script, Path cwd) {
        require();
        return Processes.run(List.of("runuser", "-u", USER, "--", "bash", "-c", script), cwd, null, Map.of(),
                Duration.ofMinutes(5));
    }

    /** A fresh world-writable-by-nobody directory under /tmp (the JUnit temp dir sits under root-only paths). */
    public static Path ownedDirectory(String prefix) {
        try {
            Path d = Files.createTempDirectory(prefix);
            Processes.run(List.of("chown", USER + ":", d.toString())).assertSuccess("chown");
            Processes.run(List.of("chmod", "755", d.toString())).assertSuccess("chmod");
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
