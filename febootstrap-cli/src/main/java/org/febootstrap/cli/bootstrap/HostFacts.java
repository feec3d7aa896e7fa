package org.febootstrap.cli.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.febootstrap.cli.pkg.AptSource;
import org.febootstrap.cli.pkg.HostAptSources;
import org.febootstrap.core.host.ExternalCommand;
import org.febootstrap.core.host.OsRelease;
import org.febootstrap.core.host.Programs;
import org.febootstrap.core.root.Root;

/**
 * What planning a bootstrap needs to know about the host, gathered once, so that
 * {@link BootstrapPlan#of} is a pure function tests can feed with any host.
 *
 * @param os the host's /etc/os-release
 * @param root whether we run as root
 * @param programs the helper programs found on PATH (name to path)
 * @param dnfIsDnf5 whether {@code dnf} is dnf5, whose options differ from dnf 4's
 * @param aptSources the host's configured apt sources (Debian family)
 * @param rpmDbPath the host rpm's {@code %_dbpath} (rpm-based hosts only)
 * @param rpmGpgKeys the host's rpm signing keys: file name to path
 */
public record HostFacts(
        OsRelease os,
        boolean root,
        Map<String, String> programs,
        boolean dnfIsDnf5,
        List<AptSource> aptSources,
        Optional<String> rpmDbPath,
        Map<String, String> rpmGpgKeys) {
    /** The programs planning asks about. */
    public static final List<String> PROGRAMS =
            List.of("dnf", "dnf4", "dnf-3", "yum", "mmdebstrap", "debootstrap", "fakeroot", "fakechroot", "rpm", "mknod");
    /** Where rpm-based hosts (and Debian's distribution-gpg-keys) keep distributions' signing keys. */
    public static final List<Path> RPM_GPG_KEY_DIRS =
            List.of(Path.of("/etc/pki/rpm-gpg"), Path.of("/usr/share/distribution-gpg-keys/fedora"));

    public HostFacts {
        programs = Map.copyOf(programs);
        aptSources = List.copyOf(aptSources);
        rpmGpgKeys = Map.copyOf(rpmGpgKeys);
    }

    public Optional<String> program(String name) {
        return Optional.ofNullable(programs.get(name));
    }

    /** Looks at this machine. */
    public static HostFacts detect(Map<String, String> env) throws IOException {
        OsRelease os = OsRelease.host();
        Map<String, String> found = new LinkedHashMap<>();
        for (String p : PROGRAMS) {
            Programs.find(p, env.get("PATH")).ifPresent(path -> found.put(p, path.toString()));
        }
        boolean dnf5 = false;
        if (found.containsKey("dnf")) {
            Path real = Path.of(found.get("dnf")).toRealPath();
            dnf5 = real.getFileName().toString().startsWith("dnf5");
        }
        List<AptSource> apt = os.isDebianFamily() && Files.isDirectory(Path.of("/etc/apt"))
                ? HostAptSources.read(Path.of("/etc/apt"))
                : List.of();
        Optional<String> dbpath = Optional.empty();
        if (!os.isDebianFamily() && found.containsKey("rpm")) {
            dbpath = rpmEval(found.get("rpm"), "%_dbpath");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (Path dir : RPM_GPG_KEY_DIRS) {
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path k : ds) {
                        keys.putIfAbsent(k.getFileName().toString(), k.toString());
                    }
                }
            }
        }
        return new HostFacts(os, Root.runningAsRoot(), found, dnf5, apt, dbpath, keys);
    }

    private static Optional<String> rpmEval(String rpm, String macro) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExternalCommand.Result r = ExternalCommand.of(rpm, "--eval", macro)
                    .timeout(Duration.ofSeconds(30))
                    .output(out, OutputStream.nullOutputStream())
                    .run();
            String v = out.toString(StandardCharsets.UTF_8).strip();
            return r.succeeded() && v.startsWith("/") ? Optional.of(v) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
