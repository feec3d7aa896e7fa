package org.febootstrap.cli.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.febootstrap.cli.pkg.AptSource;
import org.febootstrap.cli.pkg.HostRepositories;
import org.febootstrap.cli.pkg.PackageSource;
import org.febootstrap.cli.pkg.RpmRepository;
import org.febootstrap.core.cli.EarlyExit;
import org.febootstrap.core.cli.UsageException;
import org.febootstrap.core.host.OsRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line → plan mapping, on made-up hosts, without running anything. */
class BootstrapPlanTest {
    static final OsRelease DEBIAN = OsRelease.parse("ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
    static final OsRelease FEDORA = OsRelease.parse("ID=fedora\nVERSION_ID=40\n");
    static final OsRelease ROCKY = OsRelease.parse("ID=rocky\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=9.4\n");
    static final OsRelease ARCH = OsRelease.parse("ID=arch\n");
    static final List<AptSource> DEBIAN_SOURCES = List.of(
            new AptSource(Map.of("signed-by", "/usr/share/keyrings/debian-archive-keyring.gpg"), "http://mirror.example/debian", "bookworm", List.of("main")),
            new AptSource(Map.of("signed-by", "/usr/share/keyrings/debian-archive-keyring.gpg"), "http://mirror.example/debian", "bookworm-updates", List.of("main")),
            new AptSource(Map.of(), "http://security.example/debian-security", "bookworm-security", List.of("main")),
            new AptSource(Map.of(), "http://third.party/repo", "stable", List.of("main")));

    static HostFacts host(OsRelease os, boolean root, String... programs) {
        Map<String, String> p = new HashMap<>();
        for (String name : programs) {
            p.put(name, "/usr/bin/" + name);
        }
        return new HostFacts(os, root, p, false, os.isDebianFamily() ? DEBIAN_SOURCES : List.of(),
                Optional.empty(), Map.of());
    }

    /** This machine's kind: Debian with dnf, mmdebstrap, fakeroot and fakechroot, as root. */
    static final HostFacts DEBIAN_HOST = host(DEBIAN, true, "dnf", "mmdebstrap", "fakeroot", "fakechroot");

    static BootstrapPlan plan(HostFacts host, String... args) throws Exception {
        return BootstrapPlan.parse(List.of(args), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-i bash", "-ibash", "--install=bash", "--install bash", "--inst bash", "--i=bash"})
    void everyGetoptSpellingOfInstall(String spelled) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(spelled.split(" ")));
        args.addAll(List.of("fedora-40", "/tmp/t"));
        BootstrapPlan p = BootstrapPlan.parse(args, DEBIAN_HOST);
        assertEquals(List.of("bash"), p.request().packages());
    }

    @Test
    void repeatedOptionsAccumulateInOrderAndValuesAreNotSplitOnCommas() throws Exception {
        BootstrapPlan p = plan(DEBIAN_HOST, "-i", "a", "--install", "b*", "-i", "c,d", "-g", "Base", "--groupinstall=@web",
                "fedora-40", "/tmp/t");
        assertEquals(List.of("a", "b*", "c,d"), p.request().packages());
        assertEquals(List.of("Base", "web"), p.request().groups());
        assertFalse(p.request().defaultSelection());
    }

    @Test
    void optionsMayFollowOperandsAsIn2xScripts() throws Exception {
        BootstrapPlan p = plan(DEBIAN_HOST, "-i", "bash", "scientific", "/tmp/sl65", "http://mirror/sl/6.5/os/",
                "-u", "http://mirror/sl/6.5/updates/");
        assertEquals("scientific", p.repo());
        assertEquals(Path.of("/tmp/sl65"), p.target());
        List<PackageSource> s = p.request().sources();
        assertEquals(2, s.size());
        assertEquals("http://mirror/sl/6.5/os/", ((RpmRepository) s.get(0)).location());
        assertEquals("updates", ((RpmRepository) s.get(1)).id());
        assertEquals("http://mirror/sl/6.5/updates/", ((RpmRepository) s.get(1)).location());
    }

    @Test
    void fedoraUsesThePublicMirrorListsAndItsReleaseNumber() throws Exception {
        BootstrapPlan p = plan(DEBIAN_HOST, "fedora-40", "/tmp/t");
        assertEquals("dnf", p.manager());
        assertEquals("/usr/bin/dnf", p.program());
        assertEquals("40", p.request().release());
        RpmRepository r = (RpmRepository) p.request().sources().get(0);
        assertEquals(RpmRepository.Kind.METALINK, r.kind());
        assertEquals("https://mirrors.fedoraproject.org/metalink?repo=fedora-$releasever&arch=$basearch", r.location());
        assertTrue(r.gpgCheck());
        assertTrue(p.request().defaultSelection(), "neither -i nor -g: the Core group");
        assertEquals("/usr/lib/sysimage/rpm", p.request().rpmDbPath());
        assertEquals(1, p.request().sources().size(), "no updates repository by default");
    }

    @Test
    void oldFedoraKeepsItsDatabaseInVarLibRpmAndRawhideIsRawhide() throws Exception {
        assertEquals("/var/lib/rpm", plan(DEBIAN_HOST, "fedora-35", "/tmp/t").request().rpmDbPath());
        BootstrapPlan raw = plan(DEBIAN_HOST, "rawhide", "/tmp/t");
        assertEquals("rawhide", raw.request().release());
        assertEquals("https://mirrors.fedoraproject.org/metalink?repo=rawhide&arch=$basearch",
                ((RpmRepository) raw.request().sources().get(0)).location());
        assertEquals("/usr/lib/sysimage/rpm", raw.request().rpmDbPath());
    }

    @Test
    void aMirrorReplacesTheMirrorListAndFileRepositoriesAreNotSignatureChecked() throws Exception {
        BootstrapPlan remote = plan(DEBIAN_HOST, "fedora-40", "/tmp/t", "http://mirror.example/fedora/40/x86_64/os/");
        RpmRepository r = (RpmRepository) remote.request().sources().get(0);
        assertEquals(RpmRepository.Kind.BASEURL, r.kind());
        assertTrue(r.gpgCheck());
        BootstrapPlan local = plan(DEBIAN_HOST, "fedora-40", "/tmp/t", "file:///srv/repo");
        assertFalse(((RpmRepository) local.request().sources().get(0)).gpgCheck());
        assertTrue(local.request().gpgCheck(), "only that repository goes unchecked");
        BootstrapPlan nogpg = plan(DEBIAN_HOST, "--nogpgcheck", "fedora-40", "/tmp/t", "http://mirror.example/f40/");
        assertFalse(nogpg.request().gpgCheck());
    }

    @Test
    void theHostsKeysAreUsedWhereItHasThem() throws Exception {
        HostFacts withKeys = new HostFacts(DEBIAN, true, Map.of("dnf", "/usr/bin/dnf"), false, List.of(), Optional.empty(),
                Map.of("RPM-GPG-KEY-fedora-40-primary", "/usr/share/distribution-gpg-keys/fedora/RPM-GPG-KEY-fedora-40-primary",
                        "RPM-GPG-KEY-fedora-39-primary", "/usr/share/distribution-gpg-keys/fedora/RPM-GPG-KEY-fedora-39-primary"));
        RpmRepository r = (RpmRepository) plan(withKeys, "fedora-40", "/tmp/t").request().sources().get(0);
        assertEquals(List.of("file:///usr/share/distribution-gpg-keys/fedora/RPM-GPG-KEY-fedora-40-primary"), r.gpgKeys());
    }

    @Test
    void anotherRepoNameNeedsAMirrorAndTakesTheHostsRelease() throws Exception {
        UsageException e = assertThrows(UsageException.class, () -> plan(DEBIAN_HOST, "fedora-test", "/tmp/t"));
        assertTrue(e.getMessage().startsWith("unknown REPO 'fedora-test'"), e.getMessage());
        BootstrapPlan p = plan(DEBIAN_HOST, "fedora-test", "/tmp/t", "file:///srv/repo");
        assertEquals("dnf", p.manager());
        assertEquals("12", p.request().release());
        assertEquals("/var/lib/rpm", p.request().rpmDbPath(), "a Debian host's rpm keeps its database in ~/.rpmdb: not that");
    }

    @Test
    void updatesByUrlOrByName() throws Exception {
        BootstrapPlan byName = plan(DEBIAN_HOST, "-u", "updates-released-f40", "fedora-40", "/tmp/t");
        RpmRepository u = (RpmRepository) byName.request().sources().get(1);
        assertEquals("https://mirrors.fedoraproject.org/metalink?repo=updates-released-f40&arch=$basearch", u.location());
        assertEquals(1, plan(DEBIAN_HOST, "--updates=none", "fedora-40", "/tmp/t").request().sources().size());
    }

    @Test
    void proxyNoCleanForceVerbose() throws Exception {
        BootstrapPlan p = plan(DEBIAN_HOST, "-p", "http://proxy:3128", "--no-clean", "--force", "-v", "fedora-40", "t");
        assertEquals(Optional.of("http://proxy:3128"), p.request().proxy());
        assertTrue(p.request().keepCache());
        assertTrue(p.force());
        assertEquals(1, p.verbose());
        assertEquals(Path.of("t").toAbsolutePath(), p.target());
    }

    @Test
    void onDebianWithoutRepoItIsAptWithTheHostsMirrors() throws Exception {
        BootstrapPlan p = plan(DEBIAN_HOST, "-i", "bash", "/tmp/debian");
        assertEquals("apt", p.manager());
        assertEquals("/usr/bin/mmdebstrap", p.program());
        assertEquals("bookworm", p.request().release());
        assertNull(p.request().rpmDbPath());
        List<String> lines = p.request().sources().stream().map(s -> ((AptSource) s).line()).toList();
        assertEquals(List.of(
                "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian bookworm main",
                "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian bookworm-updates main",
                "deb http://security.example/debian-security bookworm-security main"), lines);
    }

    @Test
    void anotherDebianSuiteMovesTheHostsMirrorsAndAMirrorReplacesThem() throws Exception {
        BootstrapPlan trixie = plan(DEBIAN_HOST, "trixie", "/tmp/t");
        assertEquals("apt", trixie.manager());
        assertEquals(List.of("trixie", "trixie-updates", "trixie-security"),
                trixie.request().sources().stream().map(s -> ((AptSource) s).suite()).toList());
        assertTrue(trixie.request().defaultSelection(), "no -i: the minbase set");

        BootstrapPlan mirrored = plan(DEBIAN_HOST, "bookworm", "/tmp/t", "http://other.example/debian");
        assertEquals(List.of("deb http://other.example/debian bookworm main"),
                mirrored.request().sources().stream().map(s -> ((AptSource) s).line()).toList());
        BootstrapPlan local = plan(DEBIAN_HOST, "bookworm", "/tmp/t", "file:///srv/debian");
        assertEquals("deb [trusted=yes] file:///srv/debian bookworm main", ((AptSource) local.request().sources().get(0)).line());

        BootstrapPlan ubuntu = plan(DEBIAN_HOST, "noble", "/tmp/t");
        assertEquals("deb http://archive.ubuntu.com/ubuntu noble main", ((AptSource) ubuntu.request().sources().get(0)).line());
    }

    @Test
    void aptHasNoGroups() {
        UsageException e = assertThrows(UsageException.class, () -> plan(DEBIAN_HOST, "-g", "standard", "/tmp/t"));
        assertTrue(e.getMessage().contains("apt has no package groups"), e.getMessage());
    }

    @Test
    void onAFedoraHostWithoutRepoItIsThatRelease() throws Exception {
        HostFacts fedora = host(FEDORA, true, "dnf", "fakeroot", "fakechroot");
        BootstrapPlan p = plan(fedora, "-i", "bash", "/tmp/f");
        assertEquals("dnf", p.manager());
        assertEquals("fedora-40", p.repo());
        assertEquals("40", p.request().release());
        assertEquals(RpmRepository.Kind.METALINK, ((RpmRepository) p.request().sources().get(0)).kind());
    }

    @Test
    void onARhelFamilyHostWithoutRepoTheHostsRepositoryDefinitionsAndYumWhereOnlyYumExists() throws Exception {
        HostFacts rocky = new HostFacts(ROCKY, true, Map.of("yum", "/usr/bin/yum"), false, List.of(),
                Optional.of("/var/lib/rpm"), Map.of());
        BootstrapPlan p = plan(rocky, "-i", "bash", "/tmp/r");
        assertEquals("yum", p.manager());
        assertEquals("9.4", p.request().release());
        assertTrue(p.request().sources().get(0) instanceof HostRepositories);
        assertEquals("/var/lib/rpm", p.request().rpmDbPath());
    }

    @Test
    void dnf5IsRefusedClearlyUnlessDnf4IsThere() throws Exception {
        HostFacts dnf5 = new HostFacts(FEDORA, true, Map.of("dnf", "/usr/bin/dnf"), true, List.of(), Optional.empty(), Map.of());
        UnsupportedHostException e = assertThrows(UnsupportedHostException.class, () -> plan(dnf5, "fedora-41", "/tmp/t"));
        assertTrue(e.getMessage().contains("dnf5"), e.getMessage());
        HostFacts both = new HostFacts(FEDORA, true, Map.of("dnf", "/usr/bin/dnf", "dnf4", "/usr/bin/dnf4"), true, List.of(),
                Optional.empty(), Map.of());
        assertEquals("/usr/bin/dnf4", plan(both, "fedora-41", "/tmp/t").program());
    }

    @Test
    void withoutRootFakerootAndFakechrootAreRequired() throws Exception {
        HostFacts user = host(DEBIAN, false, "dnf", "mmdebstrap");
        UnsupportedHostException e = assertThrows(UnsupportedHostException.class, () -> plan(user, "fedora-40", "/tmp/t"));
        assertTrue(e.getMessage().contains("fakeroot"), e.getMessage());
        BootstrapPlan p = plan(host(DEBIAN, false, "dnf", "fakeroot", "fakechroot"), "fedora-40", "/tmp/t");
        assertTrue(p.request().unprivileged());
        assertEquals(Path.of("/tmp/t/fakeroot.log"), p.request().fakerootLog());
    }

    @Test
    void missingToolsAndUnknownHosts() {
        assertThrows(UnsupportedHostException.class, () -> plan(host(DEBIAN, true, "mmdebstrap"), "fedora-40", "/tmp/t"));
        assertThrows(UnsupportedHostException.class, () -> plan(host(DEBIAN, true, "dnf"), "-i", "bash", "/tmp/t"));
        UsageException e = assertThrows(UsageException.class, () -> plan(host(ARCH, true, "dnf"), "/tmp/t"));
        assertTrue(e.getMessage().contains("give REPO"), e.getMessage());
        assertEquals("apt", assertDoesNotThrow(() -> plan(host(ARCH, true, "mmdebstrap"), "sid", "/tmp/t")).manager());
    }

    @Test
    void usageErrors() {
        assertThrows(UsageException.class, () -> plan(DEBIAN_HOST));
        assertThrows(UsageException.class, () -> plan(DEBIAN_HOST, "a", "b", "c", "d"));
        assertThrows(UsageException.class, () -> plan(DEBIAN_HOST, "--no-such-option", "/tmp/t"));
        assertThrows(UsageException.class, () -> plan(DEBIAN_HOST, "-i"));
        assertThrows(UsageException.class, () -> plan(DEBIAN_HOST, "fedora-40", "/"));
        assertThrows(UsageException.class, () -> plan(DEBIAN_HOST, "--package-manager=zypper", "/tmp/t"));
    }

    @Test
    void packageManagerCanBeForced() throws Exception {
        assertEquals("dnf", plan(DEBIAN_HOST, "--package-manager=dnf", "bookworm", "/tmp/t", "file:///srv/r").manager());
    }

    @Test
    void helpAndVersion() {
        EarlyExit help = assertThrows(EarlyExit.class, () -> plan(DEBIAN_HOST, "--help"));
        assertTrue(help.text().startsWith("Usage: febootstrap [-i PKG]..."), help.text());
        assertTrue(help.text().contains("--groupinstall=GROUP"), help.text());
        EarlyExit version = assertThrows(EarlyExit.class, () -> plan(DEBIAN_HOST, "--version"));
        assertTrue(version.text().startsWith("febootstrap (febootstrap for Java)"), version.text());
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }
}
