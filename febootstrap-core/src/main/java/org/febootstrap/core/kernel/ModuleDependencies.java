package org.febootstrap.core.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.febootstrap.core.util.Glob;

/**
 * The contents of a kernel's {@code modules.dep}: for every module file (a path relative to
 * the modules directory, as depmod writes it, for example {@code kernel/fs/ext4/ext4.ko.xz})
 * the module files it needs, one line each:
 * <pre>kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko</pre>
 * Immutable once read.
 *
 * <p>The file is kept as bytes, with only the positions of each line's module name and
 * dependency list and a hash index of the names; strings are made for the few modules a run
 * asks about. The supermin helper reads Debian's 500 KB file before every appliance boot, in a
 * cold JVM that runs code interpreted at first: decoding the whole text and making a string and
 * a map entry per line cost it tens of milliseconds, a byte scan about one.
 */
public final class ModuleDependencies {

    /** Compression suffixes kmod accepts after {@code .ko}. */
    private static final String[] COMPRESSION_SUFFIXES = {".xz", ".zst", ".gz"};
    /** The same suffixes as bytes, for matching names in the file without decoding them. */
    private static final byte[][] COMPRESSION_SUFFIX_BYTES = new byte[COMPRESSION_SUFFIXES.length][];

    static {
        for (int i = 0; i < COMPRESSION_SUFFIXES.length; i++) {
            COMPRESSION_SUFFIX_BYTES[i] = COMPRESSION_SUFFIXES[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final String source;
    private final byte[] data;
    /** Per module line, in file order: the name's bytes and the dependency list's bytes. */
    private final int[] nameStart;
    private final int[] nameEnd;
    private final int[] dependencyStart;
    private final int[] dependencyEnd;
    /** Where the base name (after the last '/') starts, per line. */
    private final int[] baseStart;
    private final int lines;
    private final String[] names;
    /**
     * Made on the first look-up by name (a -k run asks about a few dozen modules): open
     * addressing, line index + 1 of each module's first line by the hash of its name, 0 empty.
     */
    private int[] index;
    /** The next line naming the same module (hand-edited files repeat lines), or -1. */
    private int[] nextSame;
    private Set<String> modules;

    private ModuleDependencies(String source, byte[] data, int lines, int[] nameStart, int[] nameEnd,
            int[] baseStart, int[] dependencyStart, int[] dependencyEnd) {
        this.source = source;
        this.data = data;
        this.lines = lines;
        this.nameStart = nameStart;
        this.nameEnd = nameEnd;
        this.baseStart = baseStart;
        this.dependencyStart = dependencyStart;
        this.dependencyEnd = dependencyEnd;
        this.names = new String[lines];
    }

    /**
     * Reads a {@code modules.dep} file.
     *
     * @throws IOException when it cannot be read or a line has no ':'; the message names the
     *     file (and line)
     */
    public static ModuleDependencies read(Path modulesDep) throws IOException {
        return parse(Files.readAllBytes(modulesDep), modulesDep.toString());
    }

    /**
     * Parses {@code modules.dep} text. Blank lines and {@code #} comments are ignored.
     *
     * @param sourceName the file name to use in error messages
     * @throws IOException when a line has no ':'
     */
    public static ModuleDependencies parse(String text, String sourceName) throws IOException {
        return parse(text.getBytes(StandardCharsets.UTF_8), sourceName);
    }

    private static ModuleDependencies parse(byte[] data, String sourceName) throws IOException {
        // About one line per 128 bytes in real files; the arrays grow if not.
        int capacity = Math.max(16, data.length / 96);
        int[] nameStart = new int[capacity];
        int[] nameEnd = new int[capacity];
        int[] baseStart = new int[capacity];
        int[] depStart = new int[capacity];
        int[] depEnd = new int[capacity];
        int count = 0;
        int lineNumber = 0;
        int length = data.length;
        int start = 0;
        while (start < length) {
            int end = lineEnd(data, start);
            lineNumber++;
            int first = skipSpaces(data, start, end);
            if (first < end && data[first] != '#') {
                long found = colonAndBase(data, first, end);
                int colon = (int) (found >>> 32);
                if (colon == end) {
                    throw new IOException(sourceName + ":" + lineNumber + ": no ':' after the module name in \""
                            + new String(data, first, end - first, StandardCharsets.UTF_8).trim() + "\"");
                }
                int last = trimEnd(data, first, colon);
                if (last == first) {
                    throw new IOException(sourceName + ":" + lineNumber + ": empty module name");
                }
                if (count == nameStart.length) {
                    nameStart = Arrays.copyOf(nameStart, count * 2);
                    nameEnd = Arrays.copyOf(nameEnd, count * 2);
                    baseStart = Arrays.copyOf(baseStart, count * 2);
                    depStart = Arrays.copyOf(depStart, count * 2);
                    depEnd = Arrays.copyOf(depEnd, count * 2);
                }
                nameStart[count] = first;
                nameEnd[count] = last;
                baseStart[count] = (int) found;
                depStart[count] = colon + 1;
                depEnd[count] = end;
                count++;
            }
            start = end + 1;
        }
        return new ModuleDependencies(sourceName, data, count, nameStart, nameEnd, baseStart, depStart, depEnd);
    }

    /**
     * Finds the line's ':' (or {@code end} when it has none), and where the module's base name
     * starts, in one pass: the colon in the high 32 bits, the base in the low ones.
     */
    private static long colonAndBase(byte[] data, int from, int end) {
        int base = from;
        int i = from;
        while (i < end) {
            byte b = data[i];
            if (b == ':') {
                break;
            }
            if (b == '/') {
                base = i + 1;
            }
            i++;
        }
        return ((long) i << 32) | base;
    }

    /** Builds the name index and chains repeated names to their first line, once. */
    private synchronized void index() {
        if (index != null) {
            return;
        }
        int[] table = new int[Integer.highestOneBit(Math.max(lines, 8) * 2) * 2];
        int[] next = new int[lines];
        int[] lastSame = new int[lines];
        int mask = table.length - 1;
        for (int line = 0; line < lines; line++) {
            next[line] = -1;
            int slot = hash(data, nameStart[line], nameEnd[line]) & mask;
            while (true) {
                int other = table[slot] - 1;
                if (other < 0) {
                    table[slot] = line + 1;
                    lastSame[line] = line;
                    break;
                }
                if (sameBytes(data, nameStart[line], nameEnd[line], nameStart[other], nameEnd[other])) {
                    next[lastSame[other]] = line;
                    lastSame[other] = line;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        nextSame = next;
        index = table;
    }

    /** Where this was read from, for messages. */
    public String source() {
        return source;
    }

    /** Every module path with a line in the file, in file order. */
    public Set<String> modules() {
        Set<String> m = modules;
        if (m == null) {
            LinkedHashSet<String> all = new LinkedHashSet<>(lines * 2);
            for (int line = 0; line < lines; line++) {
                all.add(name(line));
            }
            m = Collections.unmodifiableSet(all);
            modules = m;
        }
        return m;
    }

    /** Whether the module path has a line in the file. */
    public boolean contains(String modulePath) {
        return lineOf(modulePath) >= 0;
    }

    /**
     * The dependencies on the module's own line (depmod lists all of them, transitively), or
     * none for a module that is not in the file.
     */
    public List<String> dependenciesOf(String modulePath) {
        int line = lineOf(modulePath);
        if (line < 0) {
            return List.of();
        }
        List<String> dependencies = new ArrayList<>(4);
        for (int l = line; l >= 0; l = nextSame[l]) {
            split(l, dependencies);
        }
        return Collections.unmodifiableList(dependencies);
    }

    /**
     * The path of a module given by name ({@code virtio-net}, {@code virtio_net},
     * {@code virtio_net.ko.xz} or a path all work). When two files have the same name the
     * first in the file wins.
     */
    public Optional<String> pathOf(String moduleName) {
        byte[] wanted = moduleName(moduleName).getBytes(StandardCharsets.UTF_8);
        for (int line = 0; line < lines; line++) {
            if (hasModuleName(line, wanted)) {
                return Optional.of(name(line));
            }
        }
        return Optional.empty();
    }

    /** Whether the line's base name is the module name plus .ko and maybe a compression suffix. */
    private boolean hasModuleName(int line, byte[] wanted) {
        int end = nameEnd[line];
        int base = baseStart[line];
        int n = wanted.length;
        if (end - base < n + 3) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            byte c = data[base + i];
            if ((c == '-' ? '_' : c) != wanted[i]) {
                return false;
            }
        }
        int rest = base + n;
        if (data[rest] != '.' || data[rest + 1] != 'k' || data[rest + 2] != 'o') {
            return false;
        }
        rest += 3;
        return rest == end || compressionSuffixAt(rest, end);
    }

    private boolean compressionSuffixAt(int from, int end) {
        for (byte[] suffix : COMPRESSION_SUFFIX_BYTES) {
            if (end - from == suffix.length && sameBytes(suffix, data, from)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A module's name the way the kernel sees it: the base name without {@code .ko} and any
     * compression suffix, with {@code -} written as {@code _}.
     */
    public static String moduleName(String pathOrName) {
        String name = pathOrName.substring(pathOrName.lastIndexOf('/') + 1);
        name = withoutCompressionSuffix(name);
        if (name.endsWith(".ko")) {
            name = name.substring(0, name.length() - 3);
        }
        return name.replace('-', '_');
    }

    /**
     * The modules and everything they need, in an order that loads them one by one:
     * each module comes after all its dependencies. No module is listed twice. Dependency
     * cycles (which depmod refuses, but a hand-made file may have) do not loop: the modules of
     * a cycle are each listed once, the one reached first last. Paths that are not in the
     * file are kept, with no dependencies.
     */
    public List<String> closure(Collection<String> modulePaths) {
        LinkedHashSet<String> ordered = new LinkedHashSet<>();
        Set<String> entered = new HashSet<>();
        // Depth-first, post-order, with an explicit stack: each frame is a module, its
        // dependencies and how many of them are still to visit. depmod lists dependencies so
        // that modprobe loads them from the last to the first, so they are visited in that order.
        Deque<String> modules = new ArrayDeque<>();
        Deque<List<String>> dependencies = new ArrayDeque<>();
        Deque<Integer> remaining = new ArrayDeque<>();
        for (String root : modulePaths) {
            if (!entered.add(root)) {
                continue;
            }
            push(root, modules, dependencies, remaining);
            while (!modules.isEmpty()) {
                int left = remaining.pop();
                if (left == 0) {
                    dependencies.pop();
                    ordered.add(modules.pop());
                    continue;
                }
                remaining.push(left - 1);
                String dependency = dependencies.peek().get(left - 1);
                if (entered.add(dependency)) {
                    push(dependency, modules, dependencies, remaining);
                }
            }
        }
        return List.copyOf(ordered);
    }

    private void push(String module, Deque<String> modules, Deque<List<String>> dependencies,
            Deque<Integer> remaining) {
        List<String> list = dependenciesOf(module);
        modules.push(module);
        dependencies.push(list);
        remaining.push(list.size());
    }

    /**
     * The module paths whose base name matches one of the patterns (supermin's {@code kmods}
     * list, for example {@code virtio*.ko}), in file order. A pattern is tried on the base name
     * as it is and, for a compressed module, also on the base name without its compression
     * suffix: {@code virtio*.ko} therefore selects {@code virtio_net.ko.xz} too, while
     * {@code *.ko.xz} selects only xz-compressed modules.
     */
    public Set<String> matching(Collection<Glob> patterns) {
        Glob[] globs = patterns.toArray(new Glob[0]);
        // A name can only match a pattern that starts with the pattern's plain text: comparing
        // those bytes first leaves the full match (and a string) for the few names that pass.
        byte[][] heads = new byte[globs.length][];
        for (int i = 0; i < globs.length; i++) {
            heads[i] = plainHead(globs[i].pattern()).getBytes(StandardCharsets.UTF_8);
        }
        // A module named on several lines is added once, at its first.
        Set<String> result = new LinkedHashSet<>();
        for (int line = 0; line < lines; line++) {
            int base = baseStart[line];
            int end = nameEnd[line];
            String baseName = null;
            for (int i = 0; i < globs.length; i++) {
                if (end - base < heads[i].length || !sameBytes(heads[i], data, base)) {
                    continue;
                }
                if (baseName == null) {
                    baseName = new String(data, base, end - base, StandardCharsets.UTF_8);
                }
                String uncompressed = withoutCompressionSuffix(baseName);
                if (globs[i].matches(baseName) || (uncompressed != baseName && globs[i].matches(uncompressed))) {
                    result.add(name(line));
                    break;
                }
            }
        }
        return result;
    }

    /** {@link #matching(Collection)} for patterns given as text (backslash escapes allowed). */
    public Set<String> matchingPatterns(Collection<String> patterns) {
        List<Glob> globs = new ArrayList<>(patterns.size());
        for (String pattern : patterns) {
            globs.add(Glob.compile(pattern));
        }
        return matching(globs);
    }

    /**
     * The text before a pattern's first wildcard or backslash: every name it matches starts
     * with it, whether backslashes escape or not.
     */
    private static String plainHead(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                return pattern.substring(0, i);
            }
        }
        return pattern;
    }

    /** The name without a {@code .xz}, {@code .zst} or {@code .gz} after {@code .ko}; same instance if none. */
    static String withoutCompressionSuffix(String name) {
        for (String suffix : COMPRESSION_SUFFIXES) {
            if (name.endsWith(suffix) && name.startsWith(".ko", name.length() - suffix.length() - 3)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private String name(int line) {
        String n = names[line];
        if (n == null) {
            n = new String(data, nameStart[line], nameEnd[line] - nameStart[line], StandardCharsets.UTF_8);
            names[line] = n;
        }
        return n;
    }

    /** The first line of the module, or -1. */
    private int lineOf(String modulePath) {
        index();
        byte[] wanted = modulePath.getBytes(StandardCharsets.UTF_8);
        int mask = index.length - 1;
        int slot = hash(wanted, 0, wanted.length) & mask;
        while (true) {
            int line = index[slot] - 1;
            if (line < 0) {
                return -1;
            }
            if (nameEnd[line] - nameStart[line] == wanted.length && sameBytes(wanted, data, nameStart[line])) {
                return line;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Adds the whitespace-separated words of a line's dependency list. */
    private void split(int line, List<String> words) {
        int end = dependencyEnd[line];
        int i = skipSpaces(data, dependencyStart[line], end);
        while (i < end) {
            int wordEnd = i;
            while (wordEnd < end && !isSpace(data[wordEnd])) {
                wordEnd++;
            }
            words.add(new String(data, i, wordEnd - i, StandardCharsets.UTF_8));
            i = skipSpaces(data, wordEnd, end);
        }
    }

    private static int lineEnd(byte[] data, int from) {
        int i = from;
        int n = data.length;
        while (i < n && data[i] != '\n') {
            i++;
        }
        return i;
    }

    /** The length and the last 16 bytes: module paths differ at their end (the base name). */
    private static int hash(byte[] data, int from, int end) {
        int h = end - from;
        for (int i = Math.max(from, end - 16); i < end; i++) {
            h = 31 * h + data[i];
        }
        return h ^ (h >>> 16);
    }

    private static boolean sameBytes(byte[] data, int aStart, int aEnd, int bStart, int bEnd) {
        if (aEnd - aStart != bEnd - bStart) {
            return false;
        }
        for (int i = 0; i < aEnd - aStart; i++) {
            if (data[aStart + i] != data[bStart + i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code data} holds all of {@code bytes} at {@code at} (the caller checked the length). */
    private static boolean sameBytes(byte[] bytes, byte[] data, int at) {
        for (int i = 0; i < bytes.length; i++) {
            if (data[at + i] != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpaces(byte[] data, int from, int end) {
        int i = from;
        while (i < end && isSpace(data[i])) {
            i++;
        }
        return i;
    }

    private static int trimEnd(byte[] data, int from, int end) {
        int i = end;
        while (i > from && isSpace(data[i - 1])) {
            i--;
        }
        return i;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    @Override
    public String toString() {
        return "ModuleDependencies[" + source + ", " + modules().size() + " modules]";
    }
}
