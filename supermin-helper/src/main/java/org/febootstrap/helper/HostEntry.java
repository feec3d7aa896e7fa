package org.febootstrap.helper;

import java.nio.file.Path;

/**
 * A file of this host as it goes into the appliance: its archive name ({@code
 * lib/modules/6.1.0/modules.dep}), where it is read from ({@code /lib/modules/6.1.0/modules.dep},
 * or none for a hostfiles wildcard that matched nothing) and the hostfiles line that named it
 * (for messages; null for kernel modules). The host path is made when first asked for: a list
 * names thousands of files, and making the paths on the threads that stat them keeps the
 * listing, which everything waits for, short.
 */
final class HostEntry {
    private final String name;
    private final String hostPath;
    private Path host;
    private final String line;
    /**
     * For a plain line ({@code ./a/b}, {@code /a/b} or {@code a/b}): the length of what precedes
     * the name, from which the line and the host path {@code /a/b} are made when asked for (the
     * line only for messages), so that the thread listing thousands of lines makes one string
     * per line; -1 otherwise.
     */
    private final int plainPrefix;

    HostEntry(String name, Path host, String line) {
        this.name = name;
        this.host = host;
        this.hostPath = null;
        this.line = line;
        this.plainPrefix = -1;
    }

    /** An entry whose host path is made from {@code hostPath} when asked for. */
    HostEntry(String name, String hostPath, String line) {
        this.name = name;
        this.hostPath = hostPath;
        this.line = line;
        this.plainPrefix = -1;
    }

    private HostEntry(String name, int plainPrefix) {
        this.name = name;
        this.hostPath = null;
        this.line = null;
        this.plainPrefix = plainPrefix;
    }

    /**
     * The entry of a plain hostfiles line: {@code name} preceded in the line by {@code prefix}
     * bytes, {@code ./} (2), {@code /} (1) or nothing (0).
     */
    static HostEntry plain(String name, int prefix) {
        return new HostEntry(name, prefix);
    }

    String name() {
        return name;
    }

    Path host() {
        Path h = host;
        if (h == null) {
            String p = hostPathString();
            if (p != null) {
                h = Path.of(p);
                host = h;
            }
        }
        return h;
    }

    /** The host path given as a string, or made for a plain line; null otherwise. */
    private String hostPathString() {
        // concat: one array, where "+" (compiled inline here) makes a builder and grows it.
        return hostPath != null ? hostPath : plainPrefix >= 0 ? "/".concat(name) : null;
    }

    String line() {
        if (plainPrefix < 0) {
            return line;
        }
        return plainPrefix == 2 ? "./" + name : plainPrefix == 1 ? "/" + name : name;
    }

    @Override
    public String toString() {
        String p = hostPathString();
        return name + " (" + (p != null ? p : host) + ")";
    }
}
