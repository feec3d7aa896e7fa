package org.febootstrap.cli.supermin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.febootstrap.core.testing.Processes;

/** Runs febootstrap-to-supermin in its own JVM, as root or as another user, from any directory. */
final class ToSuperminCommand {
    private static String classPath;

    private ToSuperminCommand() {}

    static Processes.Result run(Path cwd, String user, String... args) {
        List<String> command = new ArrayList<>();
        if (user != null) {
            Processes.requireProgram("runuser");
            command.addAll(List.of("runuser", "-u", user, "--"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath(), "org.febootstrap.cli.ToSupermin"));
        command.addAll(List.of(args));
        return Processes.run(command, cwd, null, Map.of(), Duration.ofMinutes(2));
    }

    /**
     * The test's class path, copied to a world-readable directory: Maven's repository under
     * /root is closed to other users.
     */
    private static synchronized String classPath() {
        if (classPath != null) {
            return classPath;
        }
        try {
            Path dir = Files.createTempDirectory("to-supermin-cp");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> copied = new ArrayList<>();
            int i = 0;
            for (String entry : cp.split(File.pathSeparator)) {
                Path source = Path.of(entry);
                if (!Files.exists(source)) {
                    continue;
                }
                Path target = dir.resolve((i++) + "-" + source.getFileName());
                copyTree(source, target);
                copied.add(target.toString());
            }
            classPath = String.join(File.pathSeparator, copied);
            return classPath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort at exit.
        }
    }
}
