package org.febootstrap.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each category on a real mmdebstrap minbase root (merged /usr, as Debian 12 makes it): it removes
 * exactly its files and nothing else, compared with independent lists of what Debian puts where.
 * The roots share file data with the template (hard-linked copies): minimize only unlinks and
 * renames, and the template is checked intact at the end.
 */
@Tag("slow")
class MinbaseCategoriesTest {
    /** What bookworm's tzdata leaves when zoneinfo goes: UTC's names, GMT's, the tables, and their Etc/ targets. */
    private static final Set<String> ZONEINFO_KEPT = Set.of("UCT", "UTC", "Universal", "Zulu", "GMT", "GMT+0", "GMT-0",
            "GMT0", "iso3166.tab", "zone.tab", "zone1970.tab", "Etc", "Etc/UTC", "Etc/GMT");
    /** Categories with something to remove on a Debian root; the rest are for RPM roots. */
    private static final Set<Category> ON_DEBIAN = EnumSet.of(Category.LOCALES, Category.DOCS, Category.I18N,
            Category.ZONEINFO, Category.SERVICES, Category.LDCONFIG, Category.DPKGDB, Category.APT_CACHE, Category.LOGS);

    private static Map<String, String> before;

    @TempDir
    Path tmp;

    @BeforeAll
    static void snapshotTemplate() throws Exception {
        before = Trees.withoutLinks(Trees.snapshot(MinbaseRoot.template()));
    }

    @AfterAll
    static void templateIsIntact() throws Exception {
        MinbaseRoot.assertTemplateUnchanged(before);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Category.class)
    void droppingOneCategoryRemovesExactlyItsFiles(Category category) throws Exception {
        Path root = MinbaseRoot.linkCopyTo(tmp.resolve("root"));
        Cli.run("--none", "--drop-" + category.optionName(), root.toString()).assertSuccess();
        Map<String, String> after = Trees.withoutLinks(Trees.snapshot(root));

        Set<String> removed = Trees.removed(before, after);
        Set<String> changed = Trees.changed(before, after);
        assertEquals(expectedRemoved(category), removed, "removed by --drop-" + category.optionName());
        assertEquals(expectedChanged(category), changed, "changed by --drop-" + category.optionName());
        assertEquals(expectedAdded(category), Trees.added(before, after));
        assertEquals(ON_DEBIAN.contains(category), !removed.isEmpty() || !changed.isEmpty(),
                "whether --drop-" + category.optionName() + " has work on a Debian root");
    }

    @Test
    void noneRemovesAndChangesNothing() throws Exception {
        Path root = MinbaseRoot.linkCopyTo(tmp.resolve("root"));
        Cli.Result r = Cli.run("--none", root.toString()).assertSuccess();
        assertEquals(before, Trees.withoutLinks(Trees.snapshot(root)));
        assertEquals("", r.out());
    }

    @Test
    void theDefaultDropsEveryCategoryAndTheRootStillWorks() throws Exception {
        Path root = MinbaseRoot.linkCopyTo(tmp.resolve("root"));
        Cli.Result r = Cli.run(root.toString()).assertSuccess();
        Map<String, String> after = Trees.withoutLinks(Trees.snapshot(root));

        Set<String> expected = new TreeSet<>();
        Set<String> expectedChanged = new TreeSet<>();
        for (Category c : Category.values()) {
            expected.addAll(expectedRemoved(c));
            expectedChanged.addAll(expectedChanged(c));
        }
        assertEquals(expected, Trees.removed(before, after));
        assertEquals(expectedChanged, Trees.changed(before, after));
        assertEquals(expectedAdded(Category.DPKGDB), Trees.added(before, after));
        assertEquals("100644 0:0 e3b0c44298fc1c14", after.get("var/lib/dpkg/status"));
        assertEquals("100644 0:0 e3b0c44298fc1c14", after.get("var/lib/dpkg/available"));
        assertTrue(after.get("etc/services").startsWith("100644 0:0 "), after.get("etc/services"));
        Set<String> docs = expectedRemoved(Category.DOCS);
        assertTrue(r.err().contains("febootstrap-minimize: docs: removed " + count(docs, false) + " files, "
                + count(docs, true) + " directories, " + apparentBytes(MinbaseRoot.template(), docs) + " bytes"), r.err());

        // What stays still works: dynamic linking without ld.so.cache, UTC, the short services, dpkg.
        chroot(root, "ls", "/").assertSuccess("ls in the minimized root");
        assertEquals("UTC\n", chroot(root, "date", "+%Z").assertSuccess("date").stdout());
        assertEquals("UTC\n", Processes.run(List.of("chroot", root.toString(), "env", "TZ=Zulu", "date", "+%Z")).stdout());
        for (String service : List.of("tcpmux", "echo", "discard", "ftp", "ssh", "telnet", "smtp", "time", "nameserver",
                "domain", "bootps", "bootpc", "tftp", "finger", "http", "kerberos", "pop3", "sunrpc", "auth", "ntp", "imap",
                "snmp", "snmptrap")) {
            assertTrue(chroot(root, "getent", "services", service).exitCode() == 0, service + " in the short etc/services");
        }
        assertEquals("22/tcp", chroot(root, "getent", "services", "ssh").stdout().trim().split("\\s+")[1]);
        chroot(root, "dpkg", "-l").assertSuccess("dpkg -l after --drop-dpkgdb");
        assertEquals("", chroot(root, "dpkg-query", "-W").assertSuccess("dpkg-query -W").stdout());
        assertTrue(Files.isDirectory(root.resolve("var/lib/dpkg/info")));
        assertTrue(Files.isDirectory(root.resolve("var/lib/dpkg/updates")));
    }

    private static Processes.Result chroot(Path root, String... command) {
        List<String> cmd = new java.util.ArrayList<>(List.of("chroot", root.toString()));
        cmd.addAll(List.of(command));
        return Processes.run(cmd);
    }

    private static long count(Set<String> paths, boolean directories) {
        return paths.stream().filter(p -> isDirectory(before.get(p)) == directories).count();
    }

    /** What the category must remove from a bookworm minbase root, from Debian's layout (not from the code). */
    private static Set<String> expectedRemoved(Category c) {
        BiPredicate<String, String> p = switch (c) {
            case LOCALES -> (path, v) -> Trees.at(path, "usr/lib/locale") || Trees.at(path, "usr/share/locale")
                    || Trees.at(path, "usr/lib/x86_64-linux-gnu/gconv") || path.equals("usr/bin/localedef");
            case DOCS -> (path, v) -> Trees.at(path, "usr/share/man") || Trees.at(path, "usr/share/doc")
                    || Trees.at(path, "usr/share/info");
            case I18N -> (path, v) -> Trees.at(path, "usr/share/i18n");
            case ZONEINFO -> (path, v) -> Trees.below(path, "usr/share/zoneinfo")
                    && !ZONEINFO_KEPT.contains(path.substring("usr/share/zoneinfo/".length()));
            case LDCONFIG -> (path, v) -> path.equals("usr/sbin/ldconfig") || path.equals("etc/ld.so.cache")
                    || Trees.below(path, "var/cache/ldconfig");
            case DPKGDB -> (path, v) -> Trees.below(path, "var/lib/dpkg") && !isDirectory(v)
                    && !path.equals("var/lib/dpkg/status") && !path.equals("var/lib/dpkg/available");
            case APT_CACHE -> (path, v) -> (Trees.below(path, "var/cache/apt") || Trees.below(path, "var/lib/apt/lists"))
                    && !isDirectory(v);
            case LOGS -> (path, v) -> Trees.below(path, "var/log") && !isDirectory(v);
            // Nothing of these on Debian: the RPM-family test covers them.
            case CRACKLIB, RPMDB, YUM_CACHE, SLN, SERVICES -> (path, v) -> false;
        };
        Set<String> out = new TreeSet<>();
        before.forEach((path, v) -> {
            if (p.test(path, v)) {
                out.add(path);
            }
        });
        return out;
    }

    private static Set<String> expectedChanged(Category c) {
        return switch (c) {
            case SERVICES -> Set.of("etc/services");
            // Both existed; now they are empty files (available was already empty, so it keeps its snapshot).
            case DPKGDB -> emptyNow(List.of("var/lib/dpkg/status", "var/lib/dpkg/available"));
            default -> Set.of();
        };
    }

    /** dpkg's status and available are made anew (empty) where they did not exist. */
    private static Set<String> expectedAdded(Category c) {
        Set<String> out = new TreeSet<>();
        if (c == Category.DPKGDB) {
            for (String p : List.of("var/lib/dpkg/status", "var/lib/dpkg/available")) {
                if (!before.containsKey(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Sizes of the non-directories among {@code paths}, each inode once, as lstat gives them. */
    static long apparentBytes(Path root, Set<String> paths) throws Exception {
        Set<Long> inodes = new java.util.HashSet<>();
        long sum = 0;
        for (String p : paths) {
            var st = org.febootstrap.core.root.FileStat.of(root.resolve(p));
            if (!st.isDirectory() && inodes.add(st.ino())) {
                sum += st.size();
            }
        }
        return sum;
    }

    private static Set<String> emptyNow(List<String> paths) {
        String emptySha = "e3b0c44298fc1c14";
        Set<String> out = new TreeSet<>();
        for (String p : paths) {
            String v = before.get(p);
            if (v != null && !v.endsWith(emptySha)) {
                out.add(p);
            }
        }
        return out;
    }

    static boolean isDirectory(String snapshotValue) {
        return snapshotValue.startsWith("40");
    }
}
