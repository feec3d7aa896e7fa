package org.febootstrap.cli;

import java.util.Locale;

/**
 * A mode as chmod(1) takes it: octal ({@code 0755}, {@code 4755}) or symbolic clauses
 * ({@code ugo=rw}, {@code u+x,go-w}, {@code a=rX}). A clause without users means {@code a}
 * (chmod would also apply the umask there; febootstrap-install does not, so results are
 * reproducible).
 */
public final class ChmodMode {
    private final String spec;
    private final Integer octal;

    private ChmodMode(String spec, Integer octal) {
        this.spec = spec;
        this.octal = octal;
    }

    /**
     * Whether every character is an octal digit. A plain loop: a stream with a lambda costs a cold
     * JVM about 15 ms to bootstrap, most of a febootstrap-install run.
     */
    private static boolean isOctal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }

    public static ChmodMode parse(String spec) {
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("empty MODE");
        }
        if (isOctal(spec)) {
            if (spec.length() > 4) {
                throw new IllegalArgumentException("invalid mode '" + spec + "'");
            }
            return new ChmodMode(spec, Integer.parseInt(spec, 8));
        }
        ChmodMode m = new ChmodMode(spec, null);
        m.apply(0, false); // validates
        return m;
    }

    /** The permission bits (07777) after applying this mode to {@code base}. */
    public int apply(int base, boolean directory) {
        if (octal != null) {
            return octal;
        }
        int mode = base & 07777;
        for (String clause : spec.split(",", -1)) {
            mode = applyClause(clause, mode, directory);
        }
        return mode;
    }

    private int applyClause(String clause, int mode, boolean directory) {
        int i = 0;
        int who = 0;
        while (i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0) {
            who |= switch (clause.charAt(i)) {
                case 'u' -> 04700;
                case 'g' -> 02070;
                case 'o' -> 01007;
                default -> 07777;
            };
            i++;
        }
        if (who == 0) {
            who = 07777;
        }
        if (i >= clause.length()) {
            throw invalid();
        }
        while (i < clause.length()) {
            char op = clause.charAt(i++);
            if ("+-=".indexOf(op) < 0) {
                throw invalid();
            }
            int bits = 0;
            while (i < clause.length() && "+-=".indexOf(clause.charAt(i)) < 0) {
                char p = clause.charAt(i++);
                bits |= switch (p) {
                    case 'r' -> 0444;
                    case 'w' -> 0222;
                    case 'x' -> 0111;
                    case 'X' -> (directory || (mode & 0111) != 0) ? 0111 : 0;
                    case 's' -> 06000;
                    case 't' -> 01000;
                    case 'u' -> copy((mode >> 6) & 7);
                    case 'g' -> copy((mode >> 3) & 7);
                    case 'o' -> copy(mode & 7);
                    default -> throw invalid();
                };
            }
            bits &= who;
            mode = switch (op) {
                case '+' -> mode | bits;
                case '-' -> mode & ~bits;
                default -> (mode & ~(who & 07777)) | bits;
            };
        }
        return mode;
    }

    private static int copy(int rwx) {
        return rwx * 0111;
    }

    private IllegalArgumentException invalid() {
        return new IllegalArgumentException("invalid mode '" + spec + "'");
    }

    @Override
    public String toString() {
        return spec.toLowerCase(Locale.ROOT);
    }
}
