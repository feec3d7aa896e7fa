package org.febootstrap.cli.supermin;

/**
 * febootstrap 2.x's rules for splitting a root, tested on a path relative to the root
 * ({@code usr/bin/bash}); the first rule that matches wins.
 */
final class SplitRules {
    private SplitRules() {}

    static Destination byPath(String path) {
        if (path.equals("fakeroot.log") || under(path, "builddir")) {
            return Destination.IGNORED;
        }
        // The helper adds the host kernel's modules itself.
        if (under(path, "lib/modules") || under(path, "usr/lib/modules")) {
            return Destination.IGNORED;
        }
        // The appliance runs in the host's timezone.
        if (path.equals("etc/localtime")) {
            return Destination.HOST;
        }
        // What the appliance itself owns: its init, configuration, devices and variable data.
        if (path.equals("init") || under(path, "etc") || under(path, "dev") || under(path, "var")) {
            return Destination.SKELETON;
        }
        return Destination.BY_TYPE;
    }

    /** Whether {@code path} is {@code dir} or lies beneath it. */
    private static boolean under(String path, String dir) {
        return path.startsWith(dir) && (path.length() == dir.length() || path.charAt(dir.length()) == '/');
    }
}
