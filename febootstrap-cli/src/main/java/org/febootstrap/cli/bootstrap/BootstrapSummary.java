package org.febootstrap.cli.bootstrap;

import java.time.Duration;
import java.util.Locale;

/**
 * What a bootstrap produced, for the last progress line.
 *
 * @param packages packages installed, or -1 when the tool did not say
 */
public record BootstrapSummary(int packages, long entries, long bytes, Duration elapsed) {
    public String line() {
        return String.format(Locale.ROOT, "%s packages, %d files, %s in %.1f s",
                packages < 0 ? "?" : Integer.toString(packages), entries, humanBytes(bytes), elapsed.toMillis() / 1000.0);
    }

    static String humanBytes(long b) {
        if (b < 1024) {
            return b + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
