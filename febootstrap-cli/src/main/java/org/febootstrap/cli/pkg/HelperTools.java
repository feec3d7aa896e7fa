package org.febootstrap.cli.pkg;

import java.time.Duration;

/**
 * What a package tool run needs besides the tool: fakeroot and fakechroot (for runs as non-root)
 * and how long the run may take before it is killed with everything it started.
 */
public record HelperTools(String fakeroot, String fakechroot, Duration timeout) {
    public static HelperTools defaults() {
        return new HelperTools("fakeroot", "fakechroot", Duration.ofHours(6));
    }
}
