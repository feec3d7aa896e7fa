package org.febootstrap.cli.pkg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a package tool runs without root, as febootstrap 2.x ran yum: under fakeroot, whose
 * database of faked owners, modes and device nodes is saved as {@code TARGET/fakeroot.log}, and
 * fakechroot, so that rpm's or dpkg's chroot(2) works. The 2.x workarounds are kept: /proc is not
 * redirected into the root, and the static helpers that scriptlets call (which LD_PRELOAD cannot
 * reach, so they would act on the host) are replaced by {@code /bin/true}.
 */
public final class FakerootChroot {
    /** Statically linked programs that scriptlets run (glibc's, mostly), and fakechroot's own wrappers. */
    private static final String[][] SUBSTITUTES = {
        {"/sbin/ldconfig", "/bin/true"},
        {"/usr/sbin/ldconfig", "/bin/true"},
        {"/sbin/sln", "/bin/true"},
        {"/usr/sbin/sln", "/bin/true"},
        {"/usr/sbin/glibc_post_upgrade.x86_64", "/bin/true"},
        {"/usr/sbin/glibc_post_upgrade.i686", "/bin/true"},
        {"/usr/sbin/glibc_post_upgrade.aarch64", "/bin/true"},
        {"/usr/sbin/build-locale-archive", "/bin/true"},
        {"/usr/bin/ischroot", "/bin/true"},
        {"/usr/sbin/chroot", "/usr/sbin/chroot.fakechroot"},
        {"/usr/bin/ldd", "/usr/bin/ldd.fakechroot"},
    };

    /**
     * Paths that stay the host's inside the fake chroot. Besides 2.x's /proc: /sys, and the
     * character devices scriptlets write to or read from (/dev/null...), since inside the root
     * they are only placeholders until the root is booted.
     */
    public static final String EXCLUDE_PATH =
            "/proc:/sys:/dev/null:/dev/zero:/dev/full:/dev/random:/dev/urandom:/dev/tty";

    private FakerootChroot() {}

    /** {@code fakeroot -s LOG [-i LOG] fakechroot -e none COMMAND...}. */
    public static List<String> wrap(List<String> command, Path fakerootLog, String fakeroot, String fakechroot) {
        List<String> out = new ArrayList<>();
        out.add(fakeroot);
        if (Files.exists(fakerootLog)) {
            out.add("-i");
            out.add(fakerootLog.toString());
        }
        out.add("-s");
        out.add(fakerootLog.toString());
        out.add("--");
        out.add(fakechroot);
        // No environment file: we set the variables ourselves (fakechroot would pick one by the
        // command's name, and a user's ~/.fakechroot could change it).
        out.add("-e");
        out.add("none");
        out.add("--");
        out.addAll(command);
        return out;
    }

    /** The variables fakechroot reads. */
    public static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FAKECHROOT_EXCLUDE_PATH", EXCLUDE_PATH);
        List<String> subst = new ArrayList<>();
        for (String[] s : SUBSTITUTES) {
            if (Files.exists(Path.of(s[1]))) {
                subst.add(s[0] + "=" + s[1]);
            }
        }
        env.put("FAKECHROOT_CMD_SUBST", String.join(":", subst));
        return env;
    }
}
