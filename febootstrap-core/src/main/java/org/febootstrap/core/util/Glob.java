package org.febootstrap.core.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A shell wildcard for one path component, compiled once and matched many times, with the
 * meaning of {@code fnmatch(3)} in the C locale without flags (or with {@code FNM_NOESCAPE}):
 * <ul>
 *   <li>{@code *} matches any run of characters, {@code ?} any one character. Both match a
 *       leading dot too, as {@code fnmatch} without {@code FNM_PERIOD} and {@code find -name}
 *       do.</li>
 *   <li>{@code [...]} matches one character from a set: single characters, ranges {@code a-z},
 *       classes {@code [:alpha:]} and friends (ASCII meaning), {@code [.c.]} and {@code [=c=]}
 *       for a single character; {@code !} or {@code ^} first negates; a {@code ]} first, or a
 *       {@code -} first or last, stands for itself. A {@code [} without its {@code ]} is a
 *       plain character.</li>
 *   <li>A backslash makes the next character plain (unless escapes are turned off, as with
 *       {@code FNM_NOESCAPE}).</li>
 * </ul>
 * A glob works on a single path component: the pattern may not contain {@code /}, and a name
 * containing {@code /} never matches. Characters are Unicode code points.
 *
 * <p>Patterns without wildcards and the common shapes {@code abc*}, {@code *abc} and
 * {@code *abc*} are matched with plain string tests.
 */
public final class Glob {

    /** Program codes; values >= 0 are literal code points. */
    private static final int STAR = -1;
    private static final int ANY = -2;
    /** A set is coded as SET_BASE - index into {@link #sets}. */
    private static final int SET_BASE = -3;

    private enum Shape { LITERAL, PREFIX, SUFFIX, INFIX, GENERAL }

    private final String pattern;
    private final boolean backslashEscapes;
    private final int[] program;
    private final CharSet[] sets;
    private final Shape shape;
    /** The plain text for the LITERAL, PREFIX, SUFFIX and INFIX shapes. */
    private final String text;
    /**
     * For the GENERAL shape: the plain text before the first and after the last wildcard.
     * Checking them first rejects most names with two quick string tests (a cold JVM runs the
     * full matcher slowly, and a kmods list is tried on thousands of names).
     */
    private final String head;
    private final String tail;

    private Glob(String pattern, boolean backslashEscapes) {
        this.pattern = pattern;
        this.backslashEscapes = backslashEscapes;
        List<CharSet> setList = new ArrayList<>();
        this.program = compileProgram(pattern, backslashEscapes, setList);
        this.sets = setList.toArray(new CharSet[0]);
        int stars = 0;
        int others = 0;
        for (int op : program) {
            if (op == STAR) {
                stars++;
            } else if (op < 0) {
                others++;
            }
        }
        int n = program.length;
        if (others == 0 && stars == 0) {
            shape = Shape.LITERAL;
            text = literalString(0, n);
        } else if (others == 0 && stars == 1 && program[n - 1] == STAR) {
            shape = Shape.PREFIX;
            text = literalString(0, n - 1);
        } else if (others == 0 && stars == 1 && program[0] == STAR) {
            shape = Shape.SUFFIX;
            text = literalString(1, n);
        } else if (others == 0 && stars == 2 && n >= 2 && program[0] == STAR && program[n - 1] == STAR) {
            shape = Shape.INFIX;
            text = literalString(1, n - 1);
        } else {
            shape = Shape.GENERAL;
            text = null;
        }
        int headEnd = 0;
        while (headEnd < n && program[headEnd] >= 0) {
            headEnd++;
        }
        int tailStart = n;
        while (tailStart > headEnd && program[tailStart - 1] >= 0) {
            tailStart--;
        }
        head = literalString(0, headEnd);
        tail = literalString(tailStart, n);
    }

    /** Compiles a pattern in which a backslash quotes the next character. */
    public static Glob compile(String pattern) {
        return compile(pattern, true);
    }

    /**
     * Compiles a pattern.
     *
     * @param backslashEscapes false to treat backslash as a plain character, like
     *     {@code FNM_NOESCAPE}
     * @throws IllegalArgumentException if the pattern contains {@code /}, ends with a lone
     *     backslash, or names an unknown character class; the message quotes the pattern
     */
    public static Glob compile(String pattern, boolean backslashEscapes) {
        Objects.requireNonNull(pattern, "pattern");
        return new Glob(pattern, backslashEscapes);
    }

    /**
     * Whether the text has wildcard characters ({@code *}, {@code ?} or {@code [}) not quoted by
     * a backslash. A {@code [} without a closing {@code ]} counts too: matching such a pattern
     * against a directory listing still gives the right answer. Works on whole paths.
     */
    public static boolean isPattern(String text) {
        return isPattern(text, true);
    }

    /** Like {@link #isPattern(String)}, with backslash quoting turned on or off. */
    public static boolean isPattern(String text, boolean backslashEscapes) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return true;
            }
            if (c == '\\' && backslashEscapes) {
                i++;
            }
        }
        return false;
    }

    /** Whether the name (one path component) matches the whole pattern. */
    public boolean matches(String name) {
        switch (shape) {
            case LITERAL:
                return name.equals(text);
            case PREFIX:
                return name.startsWith(text) && name.indexOf('/', text.length()) < 0;
            case SUFFIX:
                return name.endsWith(text) && name.lastIndexOf('/', name.length() - text.length() - 1) < 0;
            case INFIX:
                return name.contains(text) && name.indexOf('/') < 0;
            default:
                return name.startsWith(head) && name.endsWith(tail)
                        && name.length() >= head.length() + tail.length()
                        && name.indexOf('/') < 0 && matchGeneral(name);
        }
    }

    /** The plain name this pattern stands for when it has no wildcards (escapes removed). */
    public Optional<String> literalText() {
        return shape == Shape.LITERAL ? Optional.of(text) : Optional.empty();
    }

    /** The pattern as given. */
    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Glob && ((Glob) o).pattern.equals(pattern)
                && ((Glob) o).backslashEscapes == backslashEscapes;
    }

    @Override
    public int hashCode() {
        return pattern.hashCode() * 31 + (backslashEscapes ? 1 : 0);
    }

    /**
     * Greedy matching that remembers only the last star: every other program element takes
     * exactly one character, so when a later element fails, letting the last star take one
     * more character is the only retry that can help. Linear space, O(n*m) worst case.
     */
    private boolean matchGeneral(String name) {
        int p = 0;
        int n = 0;
        int starP = -1;
        int starN = -1;
        int length = name.length();
        while (n < length) {
            if (p < program.length) {
                int op = program[p];
                if (op == STAR) {
                    p++;
                    starP = p;
                    starN = n;
                    continue;
                }
                char c = name.charAt(n);
                int cp = Character.isHighSurrogate(c) ? name.codePointAt(n) : c;
                if (matchesOne(op, cp)) {
                    p++;
                    n += Character.charCount(cp);
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            starN += Character.charCount(name.codePointAt(starN));
            n = starN;
            p = starP;
        }
        while (p < program.length && program[p] == STAR) {
            p++;
        }
        return p == program.length;
    }

    private boolean matchesOne(int op, int cp) {
        if (op >= 0) {
            return op == cp;
        }
        if (op == ANY) {
            return true;
        }
        return sets[SET_BASE - op].contains(cp);
    }

    private String literalString(int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            sb.appendCodePoint(program[i]);
        }
        return sb.toString();
    }

    private static int[] compileProgram(String pattern, boolean escapes, List<CharSet> sets) {
        if (pattern.indexOf('/') >= 0) {
            throw new IllegalArgumentException("glob pattern \"" + pattern
                    + "\" contains '/': it must match a single path component");
        }
        int[] ops = new int[pattern.length()];
        int count = 0;
        int i = 0;
        while (i < pattern.length()) {
            int c = pattern.codePointAt(i);
            if (c == '*') {
                // Consecutive stars mean the same as one.
                if (count == 0 || ops[count - 1] != STAR) {
                    ops[count++] = STAR;
                }
                i++;
            } else if (c == '?') {
                ops[count++] = ANY;
                i++;
            } else if (c == '[') {
                BracketParser parser = new BracketParser(pattern, i + 1, escapes);
                CharSet set = parser.parse();
                if (set == null) {
                    ops[count++] = '[';
                    i++;
                } else {
                    ops[count++] = SET_BASE - sets.size();
                    sets.add(set);
                    i = parser.position;
                }
            } else if (c == '\\' && escapes) {
                if (i + 1 >= pattern.length()) {
                    throw new IllegalArgumentException("glob pattern \"" + pattern
                            + "\" ends with a lone backslash");
                }
                int quoted = pattern.codePointAt(i + 1);
                ops[count++] = quoted;
                i += 1 + Character.charCount(quoted);
            } else {
                ops[count++] = c;
                i += Character.charCount(c);
            }
        }
        return Arrays.copyOf(ops, count);
    }

    /** Parses the inside of a bracket expression, starting just after the '['. */
    private static final class BracketParser {
        private final String pattern;
        private final boolean escapes;
        int position;

        BracketParser(String pattern, int position, boolean escapes) {
            this.pattern = pattern;
            this.position = position;
            this.escapes = escapes;
        }

        /** The set, or null when the bracket is not closed (then '[' is a plain character). */
        CharSet parse() {
            int length = pattern.length();
            boolean negated = false;
            if (position < length && (pattern.charAt(position) == '!' || pattern.charAt(position) == '^')) {
                negated = true;
                position++;
            }
            List<int[]> ranges = new ArrayList<>();
            int classes = 0;
            boolean first = true;
            while (true) {
                if (position >= length) {
                    return null;
                }
                char c = pattern.charAt(position);
                if (c == ']' && !first) {
                    position++;
                    break;
                }
                first = false;
                if (c == '[' && position + 1 < length && pattern.charAt(position + 1) == ':') {
                    int end = pattern.indexOf(":]", position + 2);
                    if (end < 0) {
                        return null;
                    }
                    String name = pattern.substring(position + 2, end);
                    int bit = CharSet.classBit(name);
                    if (bit == 0) {
                        throw new IllegalArgumentException("glob pattern \"" + pattern
                                + "\" names an unknown character class [:" + name + ":]");
                    }
                    classes |= bit;
                    position = end + 2;
                    continue;
                }
                int low = nextElement();
                if (low == Integer.MIN_VALUE) {
                    return null;
                }
                if (position + 1 < length && pattern.charAt(position) == '-' && pattern.charAt(position + 1) != ']') {
                    position++;
                    int high = nextElement();
                    if (high == Integer.MIN_VALUE) {
                        return null;
                    }
                    // A reversed range matches nothing, as in glibc.
                    if (low <= high) {
                        ranges.add(new int[] {low, high});
                    }
                } else {
                    ranges.add(new int[] {low, low});
                }
            }
            int[] flat = new int[ranges.size() * 2];
            for (int k = 0; k < ranges.size(); k++) {
                flat[2 * k] = ranges.get(k)[0];
                flat[2 * k + 1] = ranges.get(k)[1];
            }
            return new CharSet(negated, flat, classes);
        }

        /**
         * One set element as a code point: a plain or backslash-quoted character, or a
         * one-character {@code [.c.]} / {@code [=c=]}. MIN_VALUE when the pattern ends first.
         */
        private int nextElement() {
            int length = pattern.length();
            char c = pattern.charAt(position);
            if (c == '[' && position + 1 < length
                    && (pattern.charAt(position + 1) == '.' || pattern.charAt(position + 1) == '=')) {
                char kind = pattern.charAt(position + 1);
                int end = pattern.indexOf(new String(new char[] {kind, ']'}), position + 2);
                if (end < 0) {
                    return Integer.MIN_VALUE;
                }
                String inner = pattern.substring(position + 2, end);
                if (inner.isEmpty() || inner.codePointCount(0, inner.length()) != 1) {
                    throw new IllegalArgumentException("glob pattern \"" + pattern
                            + "\": only single characters are supported in [" + kind + inner + kind + "]");
                }
                position = end + 2;
                return inner.codePointAt(0);
            }
            if (c == '\\' && escapes) {
                if (position + 1 >= length) {
                    return Integer.MIN_VALUE;
                }
                position++;
            }
            int cp = pattern.codePointAt(position);
            position += Character.charCount(cp);
            return cp;
        }
    }

    /** The characters one bracket expression accepts. */
    private static final class CharSet {
        private static final String[] CLASS_NAMES = {
            "alnum", "alpha", "blank", "cntrl", "digit", "graph",
            "lower", "print", "punct", "space", "upper", "xdigit"};

        private final boolean negated;
        /** Inclusive ranges as pairs: low, high, low, high... */
        private final int[] ranges;
        private final int classes;

        CharSet(boolean negated, int[] ranges, int classes) {
            this.negated = negated;
            this.ranges = ranges;
            this.classes = classes;
        }

        static int classBit(String name) {
            for (int i = 0; i < CLASS_NAMES.length; i++) {
                if (CLASS_NAMES[i].equals(name)) {
                    return 1 << i;
                }
            }
            return 0;
        }

        boolean contains(int cp) {
            boolean found = false;
            for (int i = 0; i < ranges.length && !found; i += 2) {
                found = cp >= ranges[i] && cp <= ranges[i + 1];
            }
            if (!found && classes != 0) {
                found = (classes & classesOf(cp)) != 0;
            }
            return found != negated;
        }

        /** The C-locale classes of a character, as bits in CLASS_NAMES order. */
        private static int classesOf(int cp) {
            if (cp > 127) {
                return 0;
            }
            boolean upper = cp >= 'A' && cp <= 'Z';
            boolean lower = cp >= 'a' && cp <= 'z';
            boolean digit = cp >= '0' && cp <= '9';
            boolean alpha = upper || lower;
            boolean graph = cp > 32 && cp < 127;
            boolean space = cp == ' ' || (cp >= 9 && cp <= 13);
            int bits = 0;
            bits |= (alpha || digit) ? 1 : 0;
            bits |= alpha ? 1 << 1 : 0;
            bits |= (cp == ' ' || cp == '\t') ? 1 << 2 : 0;
            bits |= (cp < 32 || cp == 127) ? 1 << 3 : 0;
            bits |= digit ? 1 << 4 : 0;
            bits |= graph ? 1 << 5 : 0;
            bits |= lower ? 1 << 6 : 0;
            bits |= (graph || cp == ' ') ? 1 << 7 : 0;
            bits |= (graph && !alpha && !digit) ? 1 << 8 : 0;
            bits |= space ? 1 << 9 : 0;
            bits |= upper ? 1 << 10 : 0;
            bits |= (digit || (cp >= 'a' && cp <= 'f') || (cp >= 'A' && cp <= 'F')) ? 1 << 11 : 0;
            return bits;
        }
    }
}
