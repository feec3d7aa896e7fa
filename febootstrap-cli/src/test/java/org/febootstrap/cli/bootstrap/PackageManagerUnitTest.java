package org.febootstrap.cli.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.febootstrap.cli.pkg.Apt;
import org.febootstrap.cli.pkg.AptSource;
import org.febootstrap.cli.pkg.Dnf;
import org.febootstrap.cli.pkg.FakerootChroot;
import org.febootstrap.cli.pkg.HelperTools;
import org.febootstrap.cli.pkg.HostAptSources;
import org.febootstrap.cli.pkg.InstallRequest;
import org.febootstrap.cli.pkg.RpmConfig;
import org.febootstrap.cli.pkg.RpmOutput;
import org.febootstrap.cli.pkg.RpmRepository;
import org.febootstrap.core.host.ExternalCommand;
import org.junit.jupiter.api.Test;

/** Configuration, command lines and output reading of the package managers, without running them. */
class PackageManagerUnitTest {
    static final Path EMPTY = Path.of("/tmp/empty-repos.d");

    static InstallRequest rpmRequest(List<String> pkgs, boolean gpg, Optional<String> proxy, boolean keep) {
        return new InstallRequest(Path.of("/t"), "40", List.of(
                new RpmRepository("fedora-40", RpmRepository.Kind.METALINK, RpmRepository.fedoraMetalink("fedora-$releasever"),
                        true, List.of("file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-40-primary")),
                new RpmRepository("local", RpmRepository.Kind.BASEURL, "file:///srv/r", false, List.of())),
                pkgs, List.of(), proxy, gpg, keep, "/usr/lib/sysimage/rpm", false);
    }

    @Test
    void theTemporaryDnfConfiguration() {
        String conf = RpmConfig.render(rpmRequest(List.of("bash"), true, Optional.of("http://proxy:3128"), false), true,
                "/var/cache/dnf", EMPTY);
        assertTrue(conf.contains("\nreposdir=/tmp/empty-repos.d\n"), conf);
        assertTrue(conf.contains("\ninstall_weak_deps=0\n"), conf);
        assertTrue(conf.contains("\ntimeout=10\n") && conf.contains("\nretries=1\n"), conf);
        assertTrue(conf.contains("\nproxy=http://proxy:3128\n"), conf);
        assertTrue(conf.contains("\ncachedir=/var/cache/dnf\nkeepcache=0\n"), conf);
        assertTrue(conf.contains("[fedora-40]\nname=fedora-40 (febootstrap)\n"
                + "metalink=https://mirrors.fedoraproject.org/metalink?repo=fedora-$releasever&arch=$basearch\nenabled=1\n"
                + "gpgcheck=1\ngpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-40-primary\n"), conf);
        assertTrue(conf.contains("[local]\nname=local (febootstrap)\nbaseurl=file:///srv/r\nenabled=1\ngpgcheck=0\n"), conf);

        String nogpg = RpmConfig.render(rpmRequest(List.of(), false, Optional.empty(), true), false, "/var/cache/yum", EMPTY);
        assertFalse(nogpg.contains("gpgcheck=1"), nogpg);
        assertFalse(nogpg.contains("install_weak_deps"), "yum does not know it");
        assertTrue(nogpg.contains("keepcache=1"), nogpg);
        assertFalse(nogpg.contains("proxy="), nogpg);
    }

    @Test
    void dnfsArguments() {
        Dnf dnf = new Dnf("dnf", Map.of(), HelperTools.defaults());
        assertEquals(List.of("-y", "-c", "/c.conf", "--installroot=/t", "--releasever=40", "install", "bash", "@web"),
                dnf.arguments(new InstallRequest(Path.of("/t"), "40", List.of(), List.of("bash"), List.of("web"),
                        Optional.empty(), true, false, "/var/lib/rpm", false), Path.of("/c.conf")));
        assertEquals(List.of("-y", "-c", "/c.conf", "--installroot=/t", "--releasever=40", "--nogpgcheck", "install", "@core"),
                dnf.arguments(rpmRequest(List.of(), false, Optional.empty(), false), Path.of("/c.conf")));
        assertEquals(List.of("var/cache/dnf"), dnf.cacheDirs());
    }

    @Test
    void unprivilegedRunsAreWrappedLike2x() {
        List<String> cmd = FakerootChroot.wrap(List.of("dnf", "install", "x"), Path.of("/nonexistent/t/fakeroot.log"),
                "fakeroot", "fakechroot");
        assertEquals(List.of("fakeroot", "-s", "/nonexistent/t/fakeroot.log", "--", "fakechroot", "-e", "none", "--",
                "dnf", "install", "x"), cmd);
        Map<String, String> env = FakerootChroot.environment();
        assertTrue(env.get("FAKECHROOT_EXCLUDE_PATH").startsWith("/proc:"), env.toString());
        assertTrue(env.get("FAKECHROOT_CMD_SUBST").contains("/sbin/ldconfig=/bin/true"), env.toString());
    }

    @Test
    void mmdebstrapsArguments() {
        Apt apt = new Apt("/usr/bin/mmdebstrap", Map.of(), HelperTools.defaults());
        InstallRequest some = new InstallRequest(Path.of("/t"), "bookworm", List.of(AptSource.of("http://deb.debian.org/debian", "bookworm")),
                List.of("bash", "coreutils"), List.of(), Optional.of("http://proxy:3128"), true, false, null, false);
        List<String> a = apt.arguments(some);
        assertEquals(List.of("--mode=root", "--variant=extract", "--include=bash", "--include=coreutils"), a.subList(0, 4));
        assertTrue(a.contains("--aptopt=Acquire::http::Proxy \"http://proxy:3128\""), a.toString());
        assertEquals(List.of("bookworm", "/t", "deb http://deb.debian.org/debian bookworm main"), a.subList(a.size() - 3, a.size()));
        assertFalse(a.contains("--skip=cleanup/apt/lists"));

        InstallRequest base = new InstallRequest(Path.of("/t"), "bookworm", List.of(), List.of(), List.of(),
                Optional.empty(), true, true, null, true);
        List<String> b = apt.arguments(base);
        assertEquals(List.of("--mode=fakechroot", "--variant=minbase"), b.subList(0, 2));
        assertTrue(b.contains("--skip=cleanup/apt/lists"), "--no-clean keeps the lists too");

        Apt deboot = new Apt("/usr/sbin/debootstrap", Map.of(), HelperTools.defaults());
        assertEquals(List.of("--variant=minbase", "--include=bash,coreutils", "bookworm", "/t", "http://deb.debian.org/debian"),
                deboot.arguments(new InstallRequest(Path.of("/t"), "bookworm", List.of(AptSource.of("http://deb.debian.org/debian", "bookworm")),
                        List.of("bash", "coreutils"), List.of(), Optional.empty(), true, false, null, false)));
    }

    @Test
    void dnfOutputThatMeansFailure() {
        assertEquals(Optional.empty(), RpmOutput.failure("dnf", 0, false, List.of("Installed:", "  x-1.noarch", "Complete!")));
        assertEquals(Optional.of("unknown packages: nosuch, nope*"), RpmOutput.failure("dnf", 1, false, List.of(
                "No match for argument: nosuch", "No match for argument: nope*", "Error: Unable to find a match: nosuch nope*")));
        assertEquals(Optional.of("unknown package: foo"), RpmOutput.failure("yum", 1, false, List.of("No package foo available.")));
        assertEquals(Optional.of("unknown group: nosuch"), RpmOutput.failure("dnf", 1, false, List.of(
                "Module or Group 'nosuch' does not exist.", "Error: Nothing to do.")));
        assertEquals(Optional.of("a package scriptlet failed: %post(p-1-1.noarch) scriptlet failed, exit status 3"),
                RpmOutput.failure("dnf", 0, false, List.of("Error in POSTIN scriptlet in rpm package p",
                        "warning: %post(p-1-1.noarch) scriptlet failed, exit status 3", "Complete!")));
        assertEquals(Optional.of("dnf did not finish in time and was stopped"), RpmOutput.failure("dnf", 137, true, List.of()));
        assertEquals(Optional.of("dnf failed: Transaction test error"), RpmOutput.failure("dnf", 1, false, List.of(
                "Running transaction test", "Error: Transaction test error", "")));
        assertEquals(Optional.of("dnf failed with exit status 2"), RpmOutput.failure("dnf", 2, false, List.of("something")));
    }

    @Test
    void packageCounts() {
        assertEquals(3, RpmOutput.installedCount(List.of("Transaction Summary", "=====", "Install  3 Packages", "")));
        assertEquals(1, RpmOutput.installedCount(List.of("Install  1 Package")));
        assertEquals(3, RpmOutput.installedCount(List.of("Install       1 Package (+2 Dependent packages)")));
        assertEquals(-1, RpmOutput.installedCount(List.of("Nothing to do.")));
    }

    @Test
    void aptOutputThatMeansFailure() {
        ExternalCommand.Result failed = new ExternalCommand.Result(List.of("mmdebstrap"), 1, false, Duration.ZERO);
        assertEquals(Optional.of("unknown package: nosuch"), Apt.failure("mmdebstrap", failed, List.of(
                "I: downloading packages with apt...", "E: Unable to locate package nosuch", "E: apt download failed: ...")));
        assertEquals(Optional.of("mmdebstrap failed: cannot find bookworm"), Apt.failure("mmdebstrap", failed, List.of(
                "E: cannot find bookworm", "E: mmdebstrap failed to run")));
        assertEquals(Optional.empty(), Apt.failure("mmdebstrap",
                new ExternalCommand.Result(List.of("mmdebstrap"), 0, false, Duration.ZERO), List.of("I: success")));
    }

    @Test
    void hostAptSourcesInBothFormats() {
        List<AptSource> one = HostAptSources.parseOneLine("""
                # comment
                deb http://deb.debian.org/debian bookworm main contrib
                deb-src http://deb.debian.org/debian bookworm main
                deb [arch=amd64 signed-by=/k.gpg] http://x/debian bookworm-updates main # trailing
                """);
        assertEquals(List.of("deb http://deb.debian.org/debian bookworm main contrib",
                "deb [arch=amd64 signed-by=/k.gpg] http://x/debian bookworm-updates main"), one.stream().map(AptSource::line).toList());
        List<AptSource> deb822 = HostAptSources.parseDeb822("""
                Types: deb
                # http://snapshot.debian.org/archive/debian/20250520T000000Z
                URIs: http://deb.debian.org/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb-src
                URIs: http://deb.debian.org/debian
                Suites: bookworm
                Components: main

                Types: deb
                URIs: http://off.example/
                Suites: bookworm
                Components: main
                Enabled: no

                Types: deb
                URIs: http://embedded.example/
                Suites: bookworm
                Components: main
                Signed-By:
                 -----BEGIN PGP PUBLIC KEY BLOCK-----
                 .
                 xyz
                 -----END PGP PUBLIC KEY BLOCK-----
                """);
        assertEquals(List.of(
                "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main",
                "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main",
                "deb http://embedded.example/ bookworm main"), deb822.stream().map(AptSource::line).toList());
    }
}
