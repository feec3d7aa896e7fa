package org.febootstrap.core.root;

import java.nio.file.Path;

/** Run by {@link LstatTest} on other JVMs: prints whether the direct reader is on, and one stat. */
public final class LstatProbe {
    private LstatProbe() {}

    public static void main(String[] args) throws Exception {
        FileStat st = Lstat.of(Path.of(args[0]));
        System.out.println(Lstat.direct() + " " + Integer.toOctalString(st.mode()) + " " + st.nlink());
    }
}
