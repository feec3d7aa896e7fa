package org.febootstrap.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RPM-family categories (rpmdb, yum-cache, cracklib, sln, gconv in lib64, zoneinfo with links
 * into Etc/) on a hand-made Fedora-like tree: a real RPM root (from issue 3's test repository)
 * does not exist yet.
 */
class RpmFamilyRootTest {
    @TempDir
    Path tmp;

    private Set<String> removedBy(String... options) {
        Path root = FakeTree.rpmFamily(tmp.resolve("root")).root();
        Map<String, String> before = Trees.snapshot(root);
        String[] args = new String[options.length + 1];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = root.toString();
        Cli.run(args).assertSuccess();
        Map<String, String> after = Trees.snapshot(root);
        assertEquals(Set.of(), Trees.added(before, after));
        return Trees.removed(before, after);
    }

    @Test
    void rpmdbEmptiesTheDatabaseReachedThroughVarLibRpmOnce() throws Exception {
        Path root = FakeTree.rpmFamily(tmp.resolve("dry")).root();
        Cli.Result dry = Cli.run("--dry-run", "--none", "--drop-rpmdb", root.toString()).assertSuccess();
        // var/lib/rpm -> ../../usr/lib/sysimage/rpm: the database is listed once, under its real path.
        assertEquals("""
                rpmdb	0	/usr/lib/sysimage/rpm/.rpm.lock
                rpmdb	10	/usr/lib/sysimage/rpm/rpmdb.sqlite
                rpmdb	5	/var/lib/yum/uuid
                rpmdb	8	/var/lib/dnf/history.sqlite
                rpmdb	0	/var/lib/dnf/repos/fedora/
                rpmdb	0	/var/lib/dnf/repos/
                """, dry.out());

        assertEquals(Set.of("usr/lib/sysimage/rpm/.rpm.lock", "usr/lib/sysimage/rpm/rpmdb.sqlite", "var/lib/dnf/history.sqlite",
                "var/lib/dnf/repos", "var/lib/dnf/repos/fedora", "var/lib/yum/uuid"), removedBy("--none", "--drop-rpmdb"));
        Path real = tmp.resolve("root");
        assertTrue(Files.isSymbolicLink(real.resolve("var/lib/rpm")), "the var/lib/rpm link stays");
        for (String dir : new String[] {"usr/lib/sysimage/rpm", "var/lib/dnf", "var/lib/yum"}) {
            assertTrue(Files.isDirectory(real.resolve(dir), LinkOption.NOFOLLOW_LINKS), dir + " stays");
        }
    }

    @Test
    void yumCacheEmptiesBothCaches() {
        assertEquals(Set.of("var/cache/dnf/fedora-abc", "var/cache/dnf/fedora-abc/repodata",
                "var/cache/dnf/fedora-abc/repodata/repomd.xml", "var/cache/dnf/expired_repos.json",
                "var/cache/yum/x86_64", "var/cache/yum/x86_64/timedhosts"), removedBy("--none", "--drop-yum-cache"));
        assertTrue(Files.isDirectory(tmp.resolve("root/var/cache/dnf")));
        assertTrue(Files.isDirectory(tmp.resolve("root/var/cache/yum")));
    }

    @Test
    void cracklibGoesWhole() {
        assertEquals(Set.of("usr/share/cracklib", "usr/share/cracklib/pw_dict.pwd", "usr/share/cracklib/pw_dict.hwm"),
                removedBy("--none", "--drop-cracklib"));
    }

    @Test
    void slnIsFoundThroughTheSbinLink() {
        assertEquals(Set.of("usr/sbin/sln"), removedBy("--none", "--drop-sln"));
        assertTrue(Files.isSymbolicLink(tmp.resolve("root/sbin")), "the sbin -> usr/sbin link stays");
    }

    @Test
    void ldconfigLeavesItsCacheDirectory() {
        assertEquals(Set.of("usr/sbin/ldconfig", "etc/ld.so.cache", "var/cache/ldconfig/aux-cache"),
                removedBy("--none", "--drop-ldconfig"));
        assertTrue(Files.isDirectory(tmp.resolve("root/var/cache/ldconfig")));
    }

    @Test
    void localesIncludeLib64Gconv() {
        assertEquals(Set.of("usr/lib/locale", "usr/lib/locale/locale-archive", "usr/share/locale", "usr/share/locale/fr",
                "usr/share/locale/fr/LC_MESSAGES", "usr/share/locale/fr/LC_MESSAGES/bash.mo", "usr/lib64/gconv",
                "usr/lib64/gconv/ISO8859-2.so", "usr/lib64/gconv/gconv-modules", "usr/bin/localedef",
                "usr/sbin/build-locale-archive"), removedBy("--none", "--drop-locales"));
    }

    @Test
    void docsIncludeGnomeHelp() {
        Set<String> removed = removedBy("--none", "--drop-docs");
        assertTrue(removed.contains("usr/share/gnome/help/foo/C/index.page"), removed.toString());
        assertTrue(removed.contains("usr/share/info/bash.info.gz"), removed.toString());
        assertTrue(Files.isDirectory(tmp.resolve("root/usr/share/gnome")), "only gnome/help goes");
    }

    @Test
    void zoneinfoKeepsUtcItsAliasesAndTheLocaltimeZone() {
        assertEquals(Set.of("usr/share/zoneinfo/Etc/GMT+5", "usr/share/zoneinfo/Europe", "usr/share/zoneinfo/Europe/Paris",
                "usr/share/zoneinfo/Europe/Berlin", "usr/share/zoneinfo/Europe/Busingen"), removedBy("--none", "--drop-zoneinfo"));
    }

    @Test
    void logsLeaveTheDirectories() {
        assertEquals(Set.of("var/log/dnf.log", "var/log/audit/audit.log"), removedBy("--none", "--drop-logs"));
        assertTrue(Files.isDirectory(tmp.resolve("root/var/log/audit")));
    }

    @Test
    void theDefaultLeavesOnlyWhatEveryCategorySpares() throws Exception {
        Path root = FakeTree.rpmFamily(tmp.resolve("root")).root();
        Cli.run(root.toString()).assertSuccess();
        Set<String> left = new TreeSet<>(Trees.snapshot(root).keySet());
        Set<String> dirs = Set.of("etc", "usr", "usr/bin", "usr/lib", "usr/lib/sysimage", "usr/lib/sysimage/rpm", "usr/lib64",
                "usr/sbin", "usr/share", "usr/share/gnome", "usr/share/zoneinfo", "usr/share/zoneinfo/Etc",
                "usr/share/zoneinfo/America", "var", "var/cache", "var/cache/dnf", "var/cache/yum", "var/cache/ldconfig",
                "var/lib", "var/lib/dnf", "var/lib/yum", "var/log", "var/log/audit", "var/log/empty");
        Set<String> expected = new TreeSet<>(dirs);
        expected.addAll(Set.of("bin", "sbin", "lib", "lib64", "var/lib/rpm", "etc/os-release", "usr/bin/bash", "etc/services",
                "etc/localtime", "usr/share/zoneinfo/Etc/UTC", "usr/share/zoneinfo/Etc/GMT", "usr/share/zoneinfo/UTC",
                "usr/share/zoneinfo/Zulu", "usr/share/zoneinfo/GMT", "usr/share/zoneinfo/zone.tab",
                "usr/share/zoneinfo/America/New_York"));
        assertEquals(expected, left);
        assertEquals(ServicesFile.TEXT, Files.readString(root.resolve("etc/services")));
    }
}
