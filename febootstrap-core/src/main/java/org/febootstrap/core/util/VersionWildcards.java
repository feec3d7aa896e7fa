package org.febootstrap.core.util;

import java.util.Optional;

/**
 * febootstrap-to-supermin's rules that turn a versioned library file name into a wildcard, so
 * that an appliance built on one host picks up the same library under the version the running
 * host has (for example {@code libfoo-1.2.3.so} becomes {@code libfoo-*.so}).
 *
 * <p>The rules are POSIX extended regular expressions tested against the base name, first
 * match wins; the result replaces the whole base name:
 * <ol>
 *   <li>{@code ^ld-[.0-9]+\.so$} gives {@code ld-*.so}</li>
 *   <li>{@code ^libbfd-.*\.so$} gives {@code libbfd-*.so}</li>
 *   <li>{@code ^libgcc_s-.*\.so\.([0-9]+)$} gives {@code libgcc_s-*.so.N}</li>
 *   <li>{@code ^libntfs-3g\.so\..*$} gives {@code libntfs-3g.so.*}</li>
 *   <li>{@code ^lib(.*)-[-.0-9]+\.so$} gives {@code libX-*.so}</li>
 *   <li>{@code ^lib(.*)-[-.0-9]+\.so\.([0-9]+)\.} gives {@code libX-*.so.N.*}</li>
 *   <li>{@code ^lib(.*)\.so\.([0-9]+)\.} gives {@code libX.so.N.*}</li>
 * </ol>
 * Each rule is implemented as a direct scan with the POSIX leftmost-longest meaning (the
 * whole match as long as possible, then {@code X} as long as possible), which is what GNU
 * {@code sed -E} computes; the tests check that on every library name of the build host.
 * For rules 6 and 7 the longest match is the one using the last suitable {@code .so.} in
 * the name, and X then runs up to the last suitable {@code -}.
 */
public final class VersionWildcards {

    private VersionWildcards() {
    }

    /**
     * The wildcard for a file's base name, or empty when no rule applies (the name is then
     * kept as it is).
     */
    public static Optional<String> wildcardFor(String baseName) {
        String s = baseName;
        if (isVersionedLdSo(s)) {
            return Optional.of("ld-*.so");
        }
        if (s.length() >= 10 && s.startsWith("libbfd-") && s.endsWith(".so")) {
            return Optional.of("libbfd-*.so");
        }
        if (s.startsWith("libgcc_s-")) {
            int digits = trailingDigitsStart(s);
            if (digits < s.length() && digits - 4 >= 9 && s.startsWith(".so.", digits - 4)) {
                return Optional.of("libgcc_s-*.so." + s.substring(digits));
            }
        }
        if (s.startsWith("libntfs-3g.so.")) {
            return Optional.of("libntfs-3g.so.*");
        }
        if (!s.startsWith("lib")) {
            return Optional.empty();
        }
        if (s.endsWith(".so")) {
            int dash = lastDashBeforeVersion(s, s.length() - 3);
            if (dash >= 0) {
                return Optional.of("lib" + s.substring(3, dash) + "-*.so");
            }
        }
        // Rule 6: the last ".so.N." that has "-<version>" right before it.
        for (int so = s.lastIndexOf(".so."); so >= 0; so = s.lastIndexOf(".so.", so - 1)) {
            int numberEnd = soNumberEnd(s, so);
            if (numberEnd >= 0) {
                int dash = lastDashBeforeVersion(s, so);
                if (dash >= 0) {
                    return Optional.of("lib" + s.substring(3, dash) + "-*.so." + s.substring(so + 4, numberEnd) + ".*");
                }
            }
        }
        // Rule 7: the last ".so.N." after the "lib" prefix.
        for (int so = s.lastIndexOf(".so."); so >= 3; so = s.lastIndexOf(".so.", so - 1)) {
            int numberEnd = soNumberEnd(s, so);
            if (numberEnd >= 0) {
                return Optional.of("lib" + s.substring(3, so) + ".so." + s.substring(so + 4, numberEnd) + ".*");
            }
        }
        return Optional.empty();
    }

    /**
     * Applies {@link #wildcardFor} to the last component of a slash-separated path and returns
     * the path with that component replaced, or empty when no rule applies.
     */
    public static Optional<String> wildcardForPath(String path) {
        int slash = path.lastIndexOf('/');
        Optional<String> wildcard = wildcardFor(path.substring(slash + 1));
        // No lambda (Optional.map): its bootstrap costs a cold JVM milliseconds.
        return wildcard.isPresent() ? Optional.of(path.substring(0, slash + 1) + wildcard.get()) : wildcard;
    }

    /** Rule 1: {@code ld-}, then at least one of {@code [.0-9]}, then {@code .so} at the end. */
    private static boolean isVersionedLdSo(String s) {
        int end = s.length() - 3;
        if (end <= 3 || !s.startsWith("ld-") || !s.endsWith(".so")) {
            return false;
        }
        for (int i = 3; i < end; i++) {
            char c = s.charAt(i);
            if (c != '.' && !isDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * For {@code ^lib(.*)-[-.0-9]+} ending just before {@code end}: the index of the '-' that
     * ends X, taking the last one so that X is longest, or -1. The version run between it and
     * {@code end} must be non-empty and made only of '-', '.' and digits.
     */
    private static int lastDashBeforeVersion(String s, int end) {
        if (end - 1 < 4 || !isVersionChar(s.charAt(end - 1))) {
            return -1;
        }
        for (int i = end - 2; i >= 3; i--) {
            char c = s.charAt(i);
            if (c == '-') {
                return i;
            }
            if (!isVersionChar(c)) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * For a {@code .so.} at index {@code so}: the end of the digits that follow it when they are
     * at least one and followed by a '.', else -1.
     */
    private static int soNumberEnd(String s, int so) {
        int i = so + 4;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == so + 4 || i >= s.length() || s.charAt(i) != '.') {
            return -1;
        }
        return i;
    }

    private static int trailingDigitsStart(String s) {
        int i = s.length();
        while (i > 0 && isDigit(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static boolean isVersionChar(char c) {
        return c == '-' || c == '.' || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
