package org.febootstrap.cli.bootstrap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.febootstrap.cli.pkg.Apt;
import org.febootstrap.cli.pkg.AptSource;
import org.febootstrap.cli.pkg.Dnf;
import org.febootstrap.cli.pkg.HelperTools;
import org.febootstrap.cli.pkg.HostAptSources;
import org.febootstrap.cli.pkg.HostRepositories;
import org.febootstrap.cli.pkg.InstallRequest;
import org.febootstrap.cli.pkg.PackageManager;
import org.febootstrap.cli.pkg.PackageSource;
import org.febootstrap.cli.pkg.RpmRepository;
import org.febootstrap.cli.pkg.Yum;
import org.febootstrap.core.cli.EarlyExit;
import org.febootstrap.core.cli.Options;
import org.febootstrap.core.cli.UsageException;

/**
 * Everything {@code febootstrap} will do, decided from the command line and the host before
 * anything runs: which package tool, which release, which repositories, what to install. Making
 * it a pure function of ({@link BootstrapOptions}, operands, {@link HostFacts}) lets tests check
 * every mapping without running a package manager.
 *
 * @param manager {@code dnf}, {@code yum} or {@code apt}
 * @param program the executable that does the work (dnf, dnf4, yum, mmdebstrap, debootstrap)
 * @param repo the repository or suite, as given or as derived from the host
 * @param request what the package manager is asked to do
 * @param force remove TARGET's contents first
 * @param verbose show the package manager's output
 * @param notes things the user should know about this run (printed as progress)
 */
public record BootstrapPlan(
        String manager,
        String program,
        String repo,
        InstallRequest request,
        boolean force,
        int verbose,
        List<String> notes) {
    public static final String COMMAND = "febootstrap";
    public static final String SYNOPSIS =
            "febootstrap [-i PKG]... [-g GROUP]... [-p PROXY] [-u UPDATES] [--no-clean] [--nogpgcheck] [--force] [-v] [REPO] TARGET [MIRROR]";
    public static final String DESCRIPTION = """
            Builds a root filesystem in TARGET (which must not exist or be empty) from packages.
            REPO is fedora-N or rawhide (Fedora's public mirror lists), another name together with
            MIRROR (a base URL), or an apt suite such as bookworm. Without REPO, the host's own
            distribution and release are installed with the host's package manager and mirrors.
            The package manager runs with a temporary configuration, never the host's repositories;
            its cache lives in TARGET and is removed at the end unless --no-clean.
            As root, files get their real owners. As another user, fakeroot and fakechroot are used
            and the owners, modes and device nodes are recorded in TARGET/fakeroot.log, which the
            other febootstrap tools read.
            With -i on apt, the packages and their dependencies are only unpacked (mmdebstrap's
            extract variant): their maintainer scripts are not run.""";

    private static final Pattern FEDORA = Pattern.compile("fedora-(\\d+)");
    private static final Set<String> DEBIAN_SUITES = Set.of(
            "buzz", "rex", "bo", "hamm", "slink", "potato", "woody", "sarge", "etch", "lenny", "squeeze", "wheezy",
            "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "duke", "sid",
            "oldoldstable", "oldstable", "stable", "testing", "unstable", "experimental");
    private static final Set<String> UBUNTU_SUITES = Set.of(
            "trusty", "xenial", "bionic", "focal", "jammy", "kinetic", "lunar", "mantic", "noble", "oracular",
            "plucky", "questing");
    static final String DEBIAN_MIRROR = "http://deb.debian.org/debian";
    static final String UBUNTU_MIRROR = "http://archive.ubuntu.com/ubuntu";

    public BootstrapPlan {
        notes = List.copyOf(notes);
    }

    public Path target() {
        return request.target();
    }

    /** Parses a command line and plans it. */
    public static BootstrapPlan parse(List<String> args, HostFacts host) throws UsageException, EarlyExit, UnsupportedHostException {
        BootstrapOptions o = new BootstrapOptions();
        return of(o, parseOptions(o, args), host);
    }

    /**
     * Parses a command line into {@code o} and returns the operands; --help, --version and wrong
     * options end here, before anything is asked of the host.
     */
    public static List<String> parseOptions(BootstrapOptions o, List<String> args) throws UsageException, EarlyExit {
        return Options.parse(o, new Options.Help(COMMAND, SYNOPSIS, DESCRIPTION), args, false);
    }

    /** The plan for these options and operands on this host. */
    public static BootstrapPlan of(BootstrapOptions o, List<String> operands, HostFacts host)
            throws UsageException, UnsupportedHostException {
        if (operands.isEmpty()) {
            throw new UsageException("missing TARGET");
        }
        if (operands.size() > 3) {
            throw new UsageException("too many arguments: expected [REPO] TARGET [MIRROR]");
        }
        for (String s : operands) {
            if (s.isEmpty()) {
                throw new UsageException("empty argument");
            }
        }
        String repo = operands.size() >= 2 ? operands.get(0) : null;
        Path target = Path.of(operands.size() == 1 ? operands.get(0) : operands.get(1)).toAbsolutePath().normalize();
        String mirror = operands.size() == 3 ? operands.get(2) : null;
        if (target.getParent() == null) {
            throw new UsageException("TARGET cannot be /");
        }
        String tool = o.packageManager == null ? null : o.packageManager.toLowerCase(Locale.ROOT);
        if (tool != null && !Set.of("dnf", "yum", "apt").contains(tool)) {
            throw new UsageException("--package-manager: expected dnf, yum or apt, not '" + o.packageManager + "'");
        }
        boolean apt = useApt(tool, repo, mirror, host);
        List<String> notes = new ArrayList<>();
        if (!host.root()) {
            for (String p : List.of("fakeroot", "fakechroot")) {
                if (host.program(p).isEmpty()) {
                    throw new UnsupportedHostException(
                            "building a root as non-root needs fakeroot and fakechroot; " + p + " is not installed");
                }
            }
        }
        return apt ? planApt(o, repo, target, mirror, host, notes) : planRpm(o, tool, repo, target, mirror, host, notes);
    }

    private static boolean useApt(String tool, String repo, String mirror, HostFacts host) throws UsageException {
        if (tool != null) {
            return tool.equals("apt");
        }
        if (repo == null) {
            if (host.os().isDebianFamily()) {
                return true;
            }
            if (host.os().isFedoraFamily()) {
                return false;
            }
            throw new UsageException("cannot tell which distribution to install on this host (ID="
                    + host.os().id() + "): give REPO (fedora-N, rawhide, an apt suite, or a name with MIRROR)");
        }
        if (FEDORA.matcher(repo).matches() || repo.equals("rawhide")) {
            return false;
        }
        if (isAptSuite(repo, host)) {
            return true;
        }
        if (mirror == null) {
            throw new UsageException("unknown REPO '" + repo + "': use fedora-N, rawhide or an apt suite, or give MIRROR");
        }
        return false;
    }

    /** An apt suite we know: Debian's and Ubuntu's code names and aliases, the host's own, with -updates etc. */
    static boolean isAptSuite(String repo, HostFacts host) {
        String base = repo.contains("-") ? repo.substring(0, repo.indexOf('-')) : repo;
        return DEBIAN_SUITES.contains(base) || UBUNTU_SUITES.contains(base)
                || (host.os().isDebianFamily() && host.os().versionCodename().map(base::equals).orElse(false));
    }

    // ---------------------------------------------------------------- rpm

    private static BootstrapPlan planRpm(BootstrapOptions o, String tool, String repo, Path target, String mirror,
            HostFacts host, List<String> notes) throws UsageException, UnsupportedHostException {
        String program = rpmProgram(tool, host);
        String manager = program.endsWith("yum") ? "yum" : "dnf";
        boolean gpg = !o.noGpgCheck;
        String release;
        String repoName;
        List<PackageSource> sources = new ArrayList<>();
        boolean fedora;
        if (repo == null) {
            if (host.os().isLike("fedora") && !host.os().isLike("rhel")) {
                release = host.os().versionId().orElseThrow(() -> new UsageException(
                        "the host's /etc/os-release has no VERSION_ID: give REPO (fedora-N or rawhide)"));
                repoName = "fedora-" + release;
                fedora = true;
            } else {
                release = host.os().versionId().orElseThrow(() -> new UsageException(
                        "the host's /etc/os-release has no VERSION_ID: give REPO and MIRROR"));
                repoName = host.os().id() + "-" + release;
                fedora = false;
                if (mirror == null) {
                    sources.add(new HostRepositories(List.of(Path.of("/etc/yum.repos.d"), Path.of("/etc/distro.repos.d"))));
                    notes.add("using the repository definitions of the host (" + host.os().id() + " " + release + ")");
                }
            }
        } else {
            repoName = repo;
            Matcher m = FEDORA.matcher(repo);
            if (m.matches()) {
                release = m.group(1);
                fedora = true;
            } else if (repo.equals("rawhide")) {
                release = "rawhide";
                fedora = true;
            } else {
                release = host.os().versionId().orElseThrow(() -> new UsageException(
                        "REPO " + repo + " takes its release version from the host, whose /etc/os-release has no VERSION_ID"));
                fedora = false;
            }
        }
        List<String> keys = fedora ? fedoraKeys(release, host) : List.of();
        if (keys.isEmpty()) {
            keys = host.rpmGpgKeys().values().stream().sorted().map(p -> "file://" + p).toList();
        }
        if (mirror != null) {
            boolean local = mirror.startsWith("file:") || mirror.startsWith("/");
            String url = mirror.startsWith("/") ? "file://" + mirror : mirror;
            sources.add(new RpmRepository(safeId(repoName), RpmRepository.Kind.BASEURL, url, gpg && !local, keys));
        } else if (fedora) {
            String metalink = release.equals("rawhide") ? "rawhide" : "fedora-$releasever";
            sources.add(new RpmRepository(safeId(repoName), RpmRepository.Kind.METALINK,
                    RpmRepository.fedoraMetalink(metalink), gpg, keys));
        }
        String updates = o.updates == null ? "none" : o.updates;
        if (!updates.equalsIgnoreCase("none")) {
            if (updates.contains("://") || updates.startsWith("/")) {
                String url = updates.startsWith("/") ? "file://" + updates : updates;
                sources.add(new RpmRepository("updates", RpmRepository.Kind.BASEURL, url, gpg && !url.startsWith("file:"), keys));
            } else {
                sources.add(new RpmRepository(safeId(updates), RpmRepository.Kind.METALINK,
                        RpmRepository.fedoraMetalink(updates), gpg, keys));
            }
        }
        InstallRequest req = new InstallRequest(target, release, sources, o.packages, stripAt(o.groups),
                Optional.ofNullable(o.proxy), gpg, o.noClean, rpmDbPath(fedora, release, host), !host.root());
        return new BootstrapPlan(manager, program, repoName, req, o.force, o.verbose, notes);
    }

    private static String rpmProgram(String tool, HostFacts host) throws UnsupportedHostException {
        if (!"yum".equals(tool)) {
            if (host.program("dnf").isPresent() && !host.dnfIsDnf5()) {
                return host.program("dnf").get();
            }
            for (String dnf4 : List.of("dnf4", "dnf-3")) {
                if (host.program(dnf4).isPresent()) {
                    return host.program(dnf4).get();
                }
            }
            if (host.dnfIsDnf5() && (tool != null || host.program("yum").isEmpty())) {
                throw new UnsupportedHostException("dnf on this host is dnf5, whose options differ from dnf 4's and are "
                        + "not supported yet; install dnf 4 (the python3-dnf package provides dnf4)");
            }
            if ("dnf".equals(tool)) {
                throw new UnsupportedHostException("dnf is not installed");
            }
        }
        if (host.program("yum").isPresent()) {
            return host.program("yum").get();
        }
        throw new UnsupportedHostException("installing rpm packages needs dnf or yum; neither is installed");
    }

    /** The host's keys for Fedora {@code release} (Fedora names them ...-fedora-N-primary or -N-ARCH). */
    private static List<String> fedoraKeys(String release, HostFacts host) {
        List<String> out = new ArrayList<>();
        String prefix = "RPM-GPG-KEY-fedora-" + release + "-";
        host.rpmGpgKeys().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add("file://" + e.getValue()));
        return out;
    }

    /**
     * Where the target's rpm expects its database: Fedora moved it to /usr/lib/sysimage/rpm in
     * release 36; another distribution is taken to be like the host when the host is rpm-based,
     * and to use the classic /var/lib/rpm otherwise (a Debian host's rpm uses ~/.rpmdb).
     */
    static String rpmDbPath(boolean fedora, String release, HostFacts host) {
        if (fedora) {
            if (release.equals("rawhide")) {
                return "/usr/lib/sysimage/rpm";
            }
            return Integer.parseInt(release) >= 36 ? "/usr/lib/sysimage/rpm" : "/var/lib/rpm";
        }
        return host.rpmDbPath().filter(p -> !p.contains("/.")).orElse("/var/lib/rpm");
    }

    private static String safeId(String name) {
        String id = name.replaceAll("[^A-Za-z0-9._:-]", "_");
        return id.isEmpty() ? "febootstrap" : id;
    }

    private static List<String> stripAt(List<String> groups) {
        return groups.stream().map(g -> g.startsWith("@") ? g.substring(1) : g).toList();
    }

    // ---------------------------------------------------------------- apt

    private static BootstrapPlan planApt(BootstrapOptions o, String repo, Path target, String mirror, HostFacts host,
            List<String> notes) throws UsageException, UnsupportedHostException {
        if (!o.groups.isEmpty()) {
            throw new UsageException("-g: apt has no package groups; name the packages with -i");
        }
        String program = host.program("mmdebstrap").or(() -> host.program("debootstrap")).orElseThrow(() ->
                new UnsupportedHostException("installing Debian packages needs mmdebstrap (or debootstrap); neither is installed"));
        boolean debootstrap = !program.endsWith("mmdebstrap");
        String suite = repo != null ? repo : host.os().versionCodename().orElseThrow(() -> new UsageException(
                "the host's /etc/os-release has no VERSION_CODENAME: give REPO (an apt suite such as bookworm)"));
        boolean gpg = !o.noGpgCheck;
        List<AptSource> sources = new ArrayList<>();
        if (mirror != null) {
            sources.addAll(mirror.startsWith("deb ") ? HostAptSources.parseOneLine(mirror)
                    : List.of(AptSource.of(mirror.startsWith("/") ? "file://" + mirror : mirror, suite)));
        } else {
            sources.addAll(hostSourcesFor(suite, host));
            if (sources.isEmpty()) {
                sources.add(AptSource.of(UBUNTU_SUITES.contains(baseSuite(suite)) ? UBUNTU_MIRROR : DEBIAN_MIRROR, suite));
            }
        }
        String updates = o.updates == null ? "none" : o.updates;
        if (!updates.equalsIgnoreCase("none")) {
            if (updates.contains("://") || updates.startsWith("/")) {
                sources.add(AptSource.of(updates.startsWith("/") ? "file://" + updates : updates, suite));
            } else {
                AptSource first = sources.get(0);
                sources.add(first.withSuite(updates));
            }
        }
        List<PackageSource> checked = new ArrayList<>();
        for (AptSource s : sources) {
            checked.add(!gpg || s.isLocal() ? s.trusted() : s);
        }
        if (debootstrap && !o.packages.isEmpty()) {
            notes.add("debootstrap installs its minbase set as well as the -i packages (mmdebstrap would install only those)");
        }
        if (!debootstrap && !o.packages.isEmpty()) {
            notes.add("unpacking only (mmdebstrap's extract variant): maintainer scripts are not run");
        }
        InstallRequest req = new InstallRequest(target, suite, checked, o.packages, List.of(),
                Optional.ofNullable(o.proxy), gpg, o.noClean, null, !host.root());
        return new BootstrapPlan("apt", program, suite, req, o.force, o.verbose, notes);
    }

    private static String baseSuite(String suite) {
        return suite.contains("-") ? suite.substring(0, suite.indexOf('-')) : suite;
    }

    /**
     * The host's sources for its own release, moved to {@code suite} ({@code bookworm-updates}
     * becomes {@code trixie-updates}) when the suite is of the host's distribution; none otherwise.
     */
    static List<AptSource> hostSourcesFor(String suite, HostFacts host) {
        Optional<String> codename = host.os().versionCodename();
        if (codename.isEmpty()) {
            return List.of();
        }
        String c = codename.get();
        String base = baseSuite(suite);
        boolean sameDistro = base.equals(c)
                || (host.os().id().equals("debian") && DEBIAN_SUITES.contains(base))
                || (host.os().id().equals("ubuntu") && UBUNTU_SUITES.contains(base));
        if (!sameDistro) {
            return List.of();
        }
        Map<String, AptSource> out = new LinkedHashMap<>();
        for (AptSource s : host.aptSources()) {
            String hs = s.suite();
            String mapped;
            if (hs.equals(c)) {
                mapped = suite;
            } else if (hs.startsWith(c + "-")) {
                if (!suite.equals(base)) {
                    continue; // asked for a pocket (bookworm-backports): the host's other pockets do not apply
                }
                mapped = suite + hs.substring(c.length());
            } else {
                continue;
            }
            AptSource m = s.withSuite(mapped);
            out.putIfAbsent(m.line(), m);
        }
        return new ArrayList<>(out.values());
    }

    // ---------------------------------------------------------------- running

    /** The package manager that carries out this plan. */
    public PackageManager packageManager(Map<String, String> env, HelperTools tools) {
        return switch (manager) {
            case "dnf" -> new Dnf(program, env, tools);
            case "yum" -> new Yum(program, env, tools);
            default -> new Apt(program, env, tools);
        };
    }

    /** Whether the packages are rpm (not deb). */
    public boolean isRpm() {
        return !manager.equals("apt");
    }
}
