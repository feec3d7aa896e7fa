package org.febootstrap.minimize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds small hand-made roots for tests: files, directories and symlinks by in-root path. */
final class FakeTree {
    private final Path root;

    FakeTree(Path root) {
        this.root = root;
        dir("");
    }

    Path root() {
        return root;
    }

    FakeTree dir(String path) {
        try {
            Files.createDirectories(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeTree file(String path, String content) {
        try {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeTree link(String path, String target) {
        try {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeTree hardLink(String path, String existing) {
        try {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.createLink(p, root.resolve(existing));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * A Fedora-like root (merged /usr): rpm's database under usr/lib/sysimage/rpm with var/lib/rpm
     * linking to it, dnf's and yum's state and caches, cracklib, sln, gconv in lib64, a zoneinfo
     * whose aliases link into Etc/, and one file of every other category.
     */
    static FakeTree rpmFamily(Path root) {
        FakeTree t = new FakeTree(root);
        t.link("bin", "usr/bin").link("sbin", "usr/sbin").link("lib", "usr/lib").link("lib64", "usr/lib64");
        t.file("etc/os-release", "ID=fedora\n").file("usr/bin/bash", "#!bash\n");
        t.file("usr/lib/sysimage/rpm/rpmdb.sqlite", "sqlite db\n").file("usr/lib/sysimage/rpm/.rpm.lock", "")
                .link("var/lib/rpm", "../../usr/lib/sysimage/rpm");
        t.file("var/lib/dnf/history.sqlite", "history\n").dir("var/lib/dnf/repos/fedora");
        t.file("var/lib/yum/uuid", "1234\n");
        t.file("var/cache/dnf/fedora-abc/repodata/repomd.xml", "<repomd/>\n").file("var/cache/dnf/expired_repos.json", "[]\n");
        t.file("var/cache/yum/x86_64/timedhosts", "x\n");
        t.file("usr/share/cracklib/pw_dict.pwd", "words\n").file("usr/share/cracklib/pw_dict.hwm", "hwm\n");
        t.file("usr/sbin/sln", "ELF sln\n").file("usr/sbin/ldconfig", "ELF ldconfig\n")
                .file("etc/ld.so.cache", "cache\n").file("var/cache/ldconfig/aux-cache", "aux\n");
        t.file("usr/lib/locale/locale-archive", "archive\n").file("usr/share/locale/fr/LC_MESSAGES/bash.mo", "fr\n")
                .file("usr/lib64/gconv/ISO8859-2.so", "ELF gconv\n").file("usr/lib64/gconv/gconv-modules", "modules\n")
                .file("usr/bin/localedef", "ELF localedef\n").file("usr/sbin/build-locale-archive", "ELF bla\n");
        t.file("usr/share/doc/bash/README", "readme\n").file("usr/share/man/man1/bash.1.gz", "man\n")
                .file("usr/share/info/bash.info.gz", "info\n").file("usr/share/gnome/help/foo/C/index.page", "help\n")
                .file("usr/share/i18n/locales/fr_FR", "fr_FR\n");
        t.file("usr/share/zoneinfo/Etc/UTC", "TZif UTC\n").file("usr/share/zoneinfo/Etc/GMT", "TZif GMT\n")
                .file("usr/share/zoneinfo/Etc/GMT+5", "TZif GMT+5\n")
                .link("usr/share/zoneinfo/UTC", "Etc/UTC").hardLink("usr/share/zoneinfo/Zulu", "usr/share/zoneinfo/Etc/UTC")
                .link("usr/share/zoneinfo/GMT", "Etc/GMT").file("usr/share/zoneinfo/zone.tab", "# tab\n")
                .file("usr/share/zoneinfo/Europe/Paris", "TZif Paris\n").file("usr/share/zoneinfo/Europe/Berlin", "TZif Berlin\n")
                .link("usr/share/zoneinfo/Europe/Busingen", "Berlin")
                .file("usr/share/zoneinfo/America/New_York", "TZif NY\n").link("etc/localtime", "../usr/share/zoneinfo/America/New_York");
        t.file("etc/services", "# full services\n" + "ssh 22/tcp\n".repeat(500));
        t.file("var/log/dnf.log", "log\n").file("var/log/audit/audit.log", "audit\n").dir("var/log/empty");
        return t;
    }
}
