package org.febootstrap.launcher;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker image with a Debian 12 JRE 17 and nothing else a febootstrap user would lack: no JDK,
 * no Maven. Built locally (no registry is reachable from CI) with mmdebstrap from the host's apt
 * sources, once: the tag is the cache, so bump it when the package list changes.
 */
final class Jre17Image {
    private Jre17Image() {}

    static final String TAG = "febootstrap-test-jre17:1";

    /** cpio and xz-utils only to check the archives the tools write, inside the container. */
    static final String PACKAGES = "openjdk-17-jre-headless,cpio,xz-utils";

    /**
     * Skips the calling test only when this machine has no Docker at all (no client or no daemon
     * socket). A Docker that is there but broken must fail the test, not hide it.
     */
    static void assumeDockerExists() {
        boolean client = onPath("docker");
        String host = System.getenv("DOCKER_HOST");
        boolean daemon = (host != null && !host.isEmpty()) || Files.exists(Paths.get("/var/run/docker.sock"));
        assumeTrue(client && daemon, "no Docker on this machine (docker client: " + client
                + ", daemon socket or DOCKER_HOST: " + daemon + ")");
    }

    /** The image's tag, after building it if Docker does not have it yet. */
    static String ensure() throws IOException, InterruptedException {
        if (sh("docker image inspect " + TAG + " >/dev/null", 60) == 0) {
            return TAG;
        }
        if (!onPath("mmdebstrap")) {
            throw new AssertionError("image " + TAG + " is missing and mmdebstrap, which builds it, is not"
                    + " installed: run scripts/install-deps.sh");
        }
        Path root = Files.createTempDirectory("febootstrap-jre17-root");
        try {
            // Output to the log file: mmdebstrap is chatty, and its log is what explains a failure.
            Path log = root.resolveSibling(root.getFileName() + ".log");
            String build = "mmdebstrap --variant=minbase --include=" + PACKAGES + " bookworm " + q(root)
                    + " && tar -C " + q(root) + " -c . | docker import - " + TAG;
            int status = sh("set -o pipefail; { " + build + "; } > " + q(log) + " 2>&1", 900);
            if (status != 0) {
                throw new AssertionError("building image " + TAG + " failed (status " + status + "):\n"
                        + tail(log));
            }
            Files.deleteIfExists(log);
            return TAG;
        } finally {
            deleteTree(root);
        }
    }

    private static int sh(String script, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).inheritIO().start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + script);
        }
        return p.exitValue();
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String q(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException, InterruptedException {
        sh("rm -rf " + q(dir), 300);
    }
}
