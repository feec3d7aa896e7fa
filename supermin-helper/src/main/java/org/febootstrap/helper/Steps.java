package org.febootstrap.helper;

import java.io.PrintStream;

/**
 * The -v trace: one line per step on stderr with the time since the helper started, as 2.x
 * printed it ({@code supermin helper [00012ms] ...}), so slow steps show.
 */
final class Steps {
    private final PrintStream err;
    private final int level;
    private final long start;

    Steps(PrintStream err, int level, long startNanos) {
        this.err = err;
        this.level = level;
        this.start = startNanos;
    }

    boolean on() {
        return level > 0;
    }

    /** Whether -v was given at least {@code n} times. */
    boolean on(int n) {
        return level >= n;
    }

    void step(String what) {
        if (level > 0) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            String digits = Long.toString(ms);
            StringBuilder sb = new StringBuilder(40 + what.length()).append("supermin helper [");
            for (int i = digits.length(); i < 5; i++) {
                sb.append('0');
            }
            sb.append(digits).append("ms] ").append(what);
            err.println(sb);
        }
    }
}
