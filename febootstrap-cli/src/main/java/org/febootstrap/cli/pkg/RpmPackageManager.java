package org.febootstrap.cli.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.febootstrap.core.host.ExternalCommand;
import org.febootstrap.core.util.TreeRemover;

/**
 * What dnf and yum share: {@code --installroot} with a throw-away configuration, {@code HOME}
 * pointing at a {@code .rpmmacros} that puts the rpm database where the target's own rpm expects
 * it (Debian's rpm would put it in {@code ~/.rpmdb}), {@code --releasever} always given, and a
 * failed scriptlet turned into an error although the tool exits 0.
 */
abstract class RpmPackageManager implements PackageManager {
    private final String program;
    private final Map<String, String> environment;
    private final HelperTools tools;

    /**
     * @param program the tool's executable
     * @param environment the environment to run it in (the user's)
     * @param tools fakeroot and fakechroot, for unprivileged runs
     */
    RpmPackageManager(String program, Map<String, String> environment, HelperTools tools) {
        this.program = program;
        this.environment = Map.copyOf(environment);
        this.tools = tools;
    }

    /** Whether the tool is dnf (yum lacks a few settings). */
    abstract boolean isDnf();

    /** The cache directory inside the root. */
    abstract String cacheDir();

    @Override
    public String program() {
        return program;
    }

    @Override
    public List<String> cacheDirs() {
        return List.of(cacheDir().substring(1));
    }

    @Override
    public boolean needsEmptyTarget() {
        return false;
    }

    /** The tool's arguments, without the fakeroot wrapping. */
    public List<String> arguments(InstallRequest req, Path config) {
        List<String> a = new ArrayList<>();
        a.add("-y");
        a.add("-c");
        a.add(config.toString());
        a.add("--installroot=" + req.target());
        a.add("--releasever=" + req.release());
        if (!req.gpgCheck()) {
            a.add("--nogpgcheck");
        }
        a.add("install");
        if (req.defaultSelection()) {
            a.add("@core");
        }
        a.addAll(req.packages());
        for (String g : req.groups()) {
            a.add(g.startsWith("@") ? g : "@" + g);
        }
        return a;
    }

    /** The {@code ~/.rpmmacros} of the run. */
    static String rpmMacros(InstallRequest req) {
        return "%_dbpath " + req.rpmDbPath() + "\n";
    }

    @Override
    public int install(InstallRequest req, Transcript out) throws IOException {
        Path tmp = Files.createTempDirectory("febootstrap-" + name() + "-");
        try {
            Path home = Files.createDirectory(tmp.resolve("home"));
            Files.writeString(home.resolve(".rpmmacros"), rpmMacros(req), StandardCharsets.UTF_8);
            Path reposDir = Files.createDirectory(tmp.resolve("repos.d"));
            Path config = tmp.resolve(name() + ".conf");
            Files.writeString(config, RpmConfig.render(req, isDnf(), cacheDir(), reposDir), StandardCharsets.UTF_8);

            List<String> command = new ArrayList<>();
            command.add(program);
            command.addAll(arguments(req, config));
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.put("HOME", home.toString());
            env.put("LC_ALL", "C.UTF-8"); // we read its messages
            env.remove("LANGUAGE");
            if (req.unprivileged()) {
                command = FakerootChroot.wrap(command, req.fakerootLog(), tools.fakeroot(), tools.fakechroot());
                env.putAll(FakerootChroot.environment());
            }
            ExternalCommand.Result r = out.run(command, env, tools.timeout());
            List<String> lines = out.lines();
            Optional<String> failure = RpmOutput.failure(name(), r.exitCode(), r.timedOut(), lines);
            if (failure.isPresent()) {
                throw new PackageManagerException(failure.get());
            }
            return RpmOutput.installedCount(lines);
        } finally {
            TreeRemover.removeTree(tmp);
        }
    }
}
