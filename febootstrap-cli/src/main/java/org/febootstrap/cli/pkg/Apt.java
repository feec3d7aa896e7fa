package org.febootstrap.cli.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.febootstrap.core.host.ExternalCommand;

/**
 * Debian-family roots through mmdebstrap (or debootstrap where that is all there is).
 *
 * <p>With {@code -i}, mmdebstrap's {@code extract} variant is used: exactly the packages named
 * and their dependencies are unpacked, and nothing else; their maintainer scripts are NOT run and
 * dpkg's database is not written (as with rpm2cpio), which is what an appliance built from
 * package contents needs. (The {@code custom} variant would configure the packages but fails
 * unless dpkg itself is included.) Without {@code -i}, the {@code minbase} variant: Essential
 * packages, apt, and priority required, installed and configured. debootstrap cannot unpack
 * only some packages: it always installs its minbase set plus the {@code -i} packages.
 */
public final class Apt implements PackageManager {
    private static final Pattern UNKNOWN = Pattern.compile(
            "^E: (?:Unable to locate package (\\S+)|Couldn't find any package by (?:glob|regex) '([^']+)'|Package '([^']+)' has no installation candidate)$");
    private static final Pattern DEBOOTSTRAP_UNKNOWN = Pattern.compile("^E: Couldn't find these debs: (.+)$");

    private final String program;
    private final boolean debootstrap;
    private final Map<String, String> environment;
    private final HelperTools tools;

    /**
     * @param program mmdebstrap or debootstrap (judged by its file name)
     */
    public Apt(String program, Map<String, String> environment, HelperTools tools) {
        this.program = program;
        this.debootstrap = Path.of(program).getFileName().toString().startsWith("debootstrap");
        this.environment = Map.copyOf(environment);
        this.tools = tools;
    }

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public String program() {
        return program;
    }

    @Override
    public List<String> cacheDirs() {
        return List.of("var/cache/apt/archives");
    }

    @Override
    public boolean needsEmptyTarget() {
        return true;
    }

    /** The program's arguments, without the fakeroot wrapping. */
    public List<String> arguments(InstallRequest req) {
        return debootstrap ? debootstrapArguments(req) : mmdebstrapArguments(req);
    }

    private List<String> mmdebstrapArguments(InstallRequest req) {
        List<String> a = new ArrayList<>();
        a.add(req.unprivileged() ? "--mode=fakechroot" : "--mode=root");
        a.add(req.defaultSelection() ? "--variant=minbase" : "--variant=extract");
        for (String p : req.packages()) {
            a.add("--include=" + p);
        }
        // The .deb files stay until we have counted them; we empty the cache ourselves.
        a.add("--skip=cleanup/apt/cache");
        if (req.keepCache()) {
            a.add("--skip=cleanup/apt/lists");
        }
        a.add("--aptopt=Acquire::Retries \"" + RpmConfig.RETRIES + "\"");
        a.add("--aptopt=Acquire::http::Timeout \"" + RpmConfig.NETWORK_TIMEOUT_SECONDS + "\"");
        a.add("--aptopt=Acquire::https::Timeout \"" + RpmConfig.NETWORK_TIMEOUT_SECONDS + "\"");
        req.proxy().ifPresent(p -> {
            a.add("--aptopt=Acquire::http::Proxy \"" + p + "\"");
            a.add("--aptopt=Acquire::https::Proxy \"" + p + "\"");
        });
        a.add(req.release());
        a.add(req.target().toString());
        for (PackageSource s : req.sources()) {
            if (s instanceof AptSource as) {
                a.add(as.line());
            }
        }
        return a;
    }

    private List<String> debootstrapArguments(InstallRequest req) {
        List<String> a = new ArrayList<>();
        a.add(req.unprivileged() ? "--variant=fakechroot" : "--variant=minbase");
        if (!req.packages().isEmpty()) {
            a.add("--include=" + String.join(",", req.packages()));
        }
        boolean trusted = req.sources().stream().anyMatch(s -> s instanceof AptSource as && "yes".equals(as.options().get("trusted")));
        if (!req.gpgCheck() || trusted) {
            a.add("--no-check-gpg");
        }
        a.add(req.release());
        a.add(req.target().toString());
        req.sources().stream().filter(s -> s instanceof AptSource).map(s -> ((AptSource) s).uri()).findFirst().ifPresent(a::add);
        return a;
    }

    @Override
    public int install(InstallRequest req, Transcript out) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(arguments(req));
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("LC_ALL", "C.UTF-8");
        env.remove("LANGUAGE");
        if (req.unprivileged()) {
            command = FakerootChroot.wrap(command, req.fakerootLog(), tools.fakeroot(), tools.fakechroot());
            env.putAll(FakerootChroot.environment());
        }
        if (debootstrap && req.proxy().isPresent()) {
            env.put("http_proxy", req.proxy().get());
            env.put("https_proxy", req.proxy().get());
        }
        ExternalCommand.Result r = out.run(command, env, tools.timeout());
        Optional<String> failure = failure(Path.of(program).getFileName().toString(), r, out.lines());
        if (failure.isPresent()) {
            throw new PackageManagerException(failure.get());
        }
        return countInstalled(req.target());
    }

    /** Why mmdebstrap or debootstrap failed, in one line; empty if it did not. */
    public static Optional<String> failure(String tool, ExternalCommand.Result r, List<String> lines) {
        if (r.timedOut()) {
            return Optional.of(tool + " did not finish in time and was stopped");
        }
        if (r.exitCode() == 0) {
            return Optional.empty();
        }
        Set<String> unknown = new LinkedHashSet<>();
        String firstError = null;
        for (String raw : lines) {
            String l = raw.strip();
            Matcher m = UNKNOWN.matcher(l);
            if (m.matches()) {
                for (int g = 1; g <= 3; g++) {
                    if (m.group(g) != null) {
                        unknown.add(m.group(g));
                    }
                }
            } else if ((m = DEBOOTSTRAP_UNKNOWN.matcher(l)).matches()) {
                for (String p : m.group(1).trim().split("\\s+")) {
                    unknown.add(p);
                }
            }
            if (firstError == null && l.startsWith("E: ")) {
                firstError = l.substring(3);
            }
        }
        if (!unknown.isEmpty()) {
            return Optional.of("unknown package" + (unknown.size() > 1 ? "s" : "") + ": " + String.join(", ", unknown));
        }
        if (firstError != null) {
            return Optional.of(tool + " failed: " + firstError);
        }
        return Optional.of(tool + " failed with exit status " + r.exitCode());
    }

    /**
     * How many packages went in: dpkg's database where the packages were installed, else (the
     * extract variant writes none) the .deb files fetched.
     */
    static int countInstalled(Path target) throws IOException {
        Path status = target.resolve("var/lib/dpkg/status");
        if (Files.isRegularFile(status)) {
            int n = 0;
            for (String l : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (l.equals("Status: install ok installed")) {
                    n++;
                }
            }
            if (n > 0) {
                return n;
            }
        }
        Path archives = target.resolve("var/cache/apt/archives");
        if (!Files.isDirectory(archives)) {
            return -1;
        }
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(archives, "*.deb")) {
            for (Path ignored : ds) {
                n++;
            }
        }
        return n;
    }
}
