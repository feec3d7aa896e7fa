package org.febootstrap.minimize;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.febootstrap.core.root.Root;

/**
 * The time-zone files that stay when zoneinfo is dropped, so UTC keeps working: UTC and its
 * aliases (UCT, Universal, Zulu, GMT*), the zone tables (*.tab), the zone etc/localtime names, and
 * every file those link to. On Debian the aliases are links into Etc/, so Etc/UTC and Etc/GMT stay
 * while the rest of Etc/ goes.
 */
final class ZoneinfoKeep {
    private static final Set<String> UTC_NAMES = Set.of("UCT", "UTC", "Universal", "Zulu");
    private static final int MAX_LINKS = 40;

    private ZoneinfoKeep() {}

    static boolean isKeptName(String name) {
        return UTC_NAMES.contains(name) || name.startsWith("GMT") || name.endsWith(".tab");
    }

    /** Host paths under {@code zoneinfo} (a resolved directory of the root) that stay. */
    static Set<Path> compute(Root root, Path zoneinfo) throws IOException {
        Set<Path> kept = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(zoneinfo)) {
            for (Path p : ds) {
                if (isKeptName(p.getFileName().toString())) {
                    keepChain(root, zoneinfo, p, kept);
                }
            }
        }
        keepChain(root, zoneinfo, root.resolveForWrite("etc/localtime"), kept);
        return kept;
    }

    /** Keeps {@code p} and, link by link, what it points to (resolved inside the root). */
    private static void keepChain(Root root, Path zoneinfo, Path p, Set<Path> kept) throws IOException {
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            if (p.startsWith(zoneinfo) && !kept.add(p)) {
                return; // already followed from here
            }
            if (!Files.isSymbolicLink(p)) {
                return;
            }
            String target = Files.readSymbolicLink(p).toString();
            String from = target.startsWith("/") ? target : root.relative(p.getParent()) + "/" + target;
            p = root.resolveForWrite(from);
        }
    }
}
