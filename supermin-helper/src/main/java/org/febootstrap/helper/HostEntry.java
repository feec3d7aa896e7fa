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

    HostEntry(String name, Path host, String line) {
        this.name = name;
        this.host = host;
        this.hostPath = null;
        this.line = line;
    }

    /** An entry whose host path is made from {@code hostPath} when asked for. */
    HostEntry(String name, String hostPath, String line) {
        this.name = name;
        this.hostPath = hostPath;
        this.line = line;
    }

    String name() {
        return name;
    }

    Path host() {
        Path h = host;
        if (h == null && hostPath != null) {
            h = Path.of(hostPath);
            host = h;
        }
        return h;
    }

    String line() {
        return line;
    }

    @Override
    public String toString() {
        return name + " (" + (hostPath != null ? hostPath : host) + ")";
    }
}
