package org.febootstrap.core.util;

import java.io.Serializable;
import java.util.Comparator;

/**
 * Orders file names the way {@code ls -v} and {@code sort -V} do (GNU "filevercmp" semantics),
 * so that {@code vmlinuz-6.1.0-9-amd64} sorts before {@code vmlinuz-6.1.0-10-amd64}.
 *
 * <p>The rules, as documented for GNU coreutils:
 * <ol>
 *   <li>The empty string sorts first, then {@code "."}, then {@code ".."}, then other names
 *       starting with a dot (hidden files), then everything else.</li>
 *   <li>A file suffix, the longest tail made of parts {@code .X} where X is a letter or
 *       {@code ~} followed by letters, digits or {@code ~} (for example {@code .ko.xz} or
 *       {@code .tar.gz}), is first left out: names are compared without it, and only when
 *       that ties are the whole names compared. A hidden name can be all suffix
 *       ({@code .bashrc}), which is why such names sort before {@code .1} or {@code ..a}.</li>
 *   <li>A comparison alternates between runs of non-digits and runs of digits. Non-digit runs
 *       compare character by character with {@code ~} before everything (even the end of the
 *       run), then the end of the run, then ASCII letters, then all other characters, each
 *       group in character-code order. Digit runs compare as numbers of any size, leading
 *       zeros ignored.</li>
 *   <li>Names that are still equal (like {@code a01} and {@code a1}) are ordered by plain
 *       character-code order, as {@code ls -v} and {@code LC_ALL=C sort -V} do, so this
 *       comparator is consistent with {@link String#equals}.</li>
 * </ol>
 *
 * <p>Characters are compared as Unicode code points, which orders exactly like comparing the
 * UTF-8 bytes of the names, as the C tools do. No objects are allocated per comparison.
 */
public final class VersionOrder implements Comparator<String>, Serializable {

    private static final long serialVersionUID = 1L;

    /** The single shared instance: the comparator has no state. */
    public static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {
    }

    /** Returns the shared comparator. */
    public static VersionOrder instance() {
        return INSTANCE;
    }

    @Override
    public int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int classA = nameClass(a);
        int classB = nameClass(b);
        if (classA != classB) {
            return Integer.compare(classA, classB);
        }
        // Same class and different strings: for "", "." and ".." that cannot happen, so both
        // are hidden names or both are ordinary names here.
        int prefixA = lengthWithoutSuffix(a);
        int prefixB = lengthWithoutSuffix(b);
        int result = compareVersions(a, prefixA, b, prefixB);
        if (result == 0 && (prefixA != a.length() || prefixB != b.length())) {
            result = compareVersions(a, a.length(), b, b.length());
        }
        if (result == 0) {
            result = compareCodePoints(a, b);
        }
        return result;
    }

    /** 0 for "", 1 for ".", 2 for "..", 3 for other hidden names, 4 for the rest. */
    private static int nameClass(String s) {
        int n = s.length();
        if (n == 0) {
            return 0;
        }
        if (s.charAt(0) != '.') {
            return 4;
        }
        if (n == 1) {
            return 1;
        }
        if (n == 2 && s.charAt(1) == '.') {
            return 2;
        }
        return 3;
    }

    /**
     * Length of the name without its file suffix: the suffix is the longest tail matching
     * {@code (\.[A-Za-z~][A-Za-z0-9~]*)*}. Parts cannot contain dots, so walking back dot by
     * dot finds it. For hidden names it may take the whole name, as GNU ls does (checked
     * against {@code ls -v}: {@code .bashrc} sorts before {@code .1}).
     */
    static int lengthWithoutSuffix(String s) {
        int end = s.length();
        while (true) {
            int dot = s.lastIndexOf('.', end - 1);
            if (dot < 0 || !isSuffixPart(s, dot + 1, end)) {
                return end;
            }
            end = dot;
        }
    }

    /** Whether s[from, to) is a letter or '~' followed by letters, digits or '~'. */
    private static boolean isSuffixPart(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        char first = s.charAt(from);
        if (!isAsciiLetter(first) && first != '~') {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!isAsciiLetter(c) && !isDigit(c) && c != '~') {
                return false;
            }
        }
        return true;
    }

    /** Version comparison of a[0, lenA) with b[0, lenB), without any tie-break. */
    private static int compareVersions(String a, int lenA, String b, int lenB) {
        int i = 0;
        int j = 0;
        while (i < lenA || j < lenB) {
            // Non-digit run. A digit or the end counts as "end of run" (weight 0); a run that
            // ended on one side while the other side still has non-digits decides right away,
            // since every non-digit weighs non-zero.
            while ((i < lenA && !isDigit(a.charAt(i))) || (j < lenB && !isDigit(b.charAt(j)))) {
                int cpA = i < lenA ? a.codePointAt(i) : '0';
                int cpB = j < lenB ? b.codePointAt(j) : '0';
                int wA = weight(cpA);
                int wB = weight(cpB);
                if (wA != wB) {
                    return Integer.compare(wA, wB);
                }
                // Equal non-zero weights mean equal code points, so both advance alike.
                i += Character.charCount(cpA);
                j += Character.charCount(cpB);
            }
            // Digit run: skip leading zeros, then the longer number is bigger; at equal
            // length the first differing digit decides.
            while (i < lenA && a.charAt(i) == '0') {
                i++;
            }
            while (j < lenB && b.charAt(j) == '0') {
                j++;
            }
            int firstDifference = 0;
            while (i < lenA && isDigit(a.charAt(i)) && j < lenB && isDigit(b.charAt(j))) {
                if (firstDifference == 0) {
                    firstDifference = Character.compare(a.charAt(i), b.charAt(j));
                }
                i++;
                j++;
            }
            if (i < lenA && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < lenB && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDifference != 0) {
                return firstDifference;
            }
        }
        return 0;
    }

    /**
     * Weight of a character inside a non-digit run: '~' lowest, then digits / end of run
     * (0), then ASCII letters, then every other character. Values only matter by sign.
     */
    private static int weight(int cp) {
        if (cp >= '0' && cp <= '9') {
            return 0;
        }
        if (isAsciiLetter(cp)) {
            return cp;
        }
        if (cp == '~') {
            return -1;
        }
        return cp + 256;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int cpA = a.codePointAt(i);
            int cpB = b.codePointAt(j);
            if (cpA != cpB) {
                return Integer.compare(cpA, cpB);
            }
            i += Character.charCount(cpA);
            j += Character.charCount(cpB);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
