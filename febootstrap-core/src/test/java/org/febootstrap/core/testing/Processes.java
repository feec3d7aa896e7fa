package org.febootstrap.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs real programs for tests: GNU cpio, qemu, rpmbuild, the launchers. */
public final class Processes {
    /** What a program did. */
    public record Result(int exitCode, String stdout, String stderr, byte[] stdoutBytes) {
        public Result assertSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " exited " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    private Processes() {}

    public static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the test (JUnit assumption) when a program is missing: .ci/run installs them all. */
    public static void requireProgram(String program) {
        assumeTrue(onPath(program), program + " is not installed (.ci/run installs it)");
    }

    public static Result run(List<String> command) {
        return run(command, null, null, Map.of(), Duration.ofMinutes(5));
    }

    public static Result run(List<String> command, Path cwd, byte[] stdin, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException ignored) {
                // The program did not read its input.
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                byte[] o = out.join();
                throw new AssertionError("timed out after " + timeout + ": " + command + "\nstdout so far: "
                        + new String(o, StandardCharsets.UTF_8) + "\nstderr: " + new String(err.join(), StandardCharsets.UTF_8));
            }
            byte[] o = out.join();
            return new Result(p.exitValue(), new String(o, StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8), o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Result sh(String script) {
        return run(List.of("bash", "-c", script));
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
