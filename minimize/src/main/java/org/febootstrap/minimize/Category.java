package org.febootstrap.minimize;

import static org.febootstrap.minimize.Target.contents;
import static org.febootstrap.minimize.Target.entry;
import static org.febootstrap.minimize.Target.files;

import java.util.List;
import java.util.Locale;

/**
 * What febootstrap-minimize can drop, one constant per {@code --keep-X}/{@code --drop-X} pair. The
 * first ten are febootstrap 2.x's (same paths, plus Debian's multiarch gconv); dpkgdb, apt-cache and
 * logs are new, for Debian roots and for every root's logs.
 */
public enum Category {
    LOCALES("Locales, gconv charset modules and the tools that make locales.",
            entry("usr/lib/locale"), entry("usr/share/locale"), entry("usr/lib/gconv"), entry("usr/lib64/gconv"),
            // Debian keeps gconv in the multiarch directory (usr/lib/x86_64-linux-gnu/gconv).
            entry("usr/lib/" + Target.MULTIARCH + "/gconv"),
            entry("usr/bin/localedef"), entry("usr/sbin/build-locale-archive")),
    DOCS("Documentation, man pages and info files.",
            entry("usr/share/man"), entry("usr/share/doc"), entry("usr/share/info"), entry("usr/share/gnome/help")),
    CRACKLIB("The cracklib dictionaries (usr/share/cracklib).", entry("usr/share/cracklib")),
    I18N("Locale sources (usr/share/i18n).", entry("usr/share/i18n")),
    ZONEINFO("Time zones, except UTC and its aliases (UCT, Universal, Zulu, GMT*), the zone tables and the zone etc/localtime names.",
            new Target("usr/share/zoneinfo", Target.Action.ZONEINFO)),
    RPMDB("The RPM and yum/dnf package databases (their directories stay, empty).",
            contents("var/lib/rpm"), contents("usr/lib/sysimage/rpm"), contents("var/lib/yum"), contents("var/lib/dnf")),
    YUM_CACHE("The yum and dnf caches (their directories stay, empty).", contents("var/cache/yum"), contents("var/cache/dnf")),
    SERVICES("etc/services: replaced by a short list of the common services.",
            new Target("etc/services", Target.Action.SERVICES)),
    SLN("sbin/sln (a statically linked ln).", entry("sbin/sln")),
    LDCONFIG("ldconfig and the dynamic linker's cache (var/cache/ldconfig stays, empty).",
            entry("sbin/ldconfig"), entry("etc/ld.so.cache"), contents("var/cache/ldconfig")),
    DPKGDB("The dpkg database: its files go, its directories and an empty status and available stay, so dpkg still starts.",
            files("var/lib/dpkg"), new Target("var/lib/dpkg/status", Target.Action.EMPTY_FILE),
            new Target("var/lib/dpkg/available", Target.Action.EMPTY_FILE)),
    APT_CACHE("apt's package cache and package lists (directories stay).", files("var/cache/apt"), files("var/lib/apt/lists")),
    LOGS("The files under var/log (directories stay).", files("var/log"));

    private final String description;
    private final List<Target> targets;

    Category(String description, Target... targets) {
        this.description = description;
        this.targets = List.of(targets);
    }

    /** The name in the options: {@code yum-cache} for {@code --keep-yum-cache}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    /** Where the category acts, in the order it acts. */
    public List<Target> targets() {
        return targets;
    }

    /** The category for an option name such as {@code yum-cache}. */
    public static Category ofOptionName(String name) {
        for (Category c : values()) {
            if (c.optionName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no category '" + name + "'");
    }
}
