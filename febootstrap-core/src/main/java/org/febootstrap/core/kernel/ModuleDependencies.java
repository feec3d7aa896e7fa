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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.febootstrap.core.util.Glob;

/**
 * The contents of a kernel's {@code modules.dep}: for every module file (a path relative to
 * the modules directory, as depmod writes it, for example {@code kernel/fs/ext4/ext4.ko.xz})
 * the module files it needs, one line each:
 * <pre>kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko</pre>
 * Immutable once read.
 */
public final class ModuleDependencies {

    /** Compression suffixes kmod accepts after {@code .ko}. */
    private static final String[] COMPRESSION_SUFFIXES = {".xz", ".zst", ".gz"};

    private final String source;
    /**
     * The file's text. Only the module names are picked out when reading; a module's
     * dependency list is split from here when asked for. The helper needs a handful of the
     * ~4,000 lines, and a cold JVM splits text slowly (splitting every line of Debian's
     * 500 KB file cost tens of milliseconds).
     */
    private final String text;
    /** Module path to its line number (0-based, among module lines), in file order. */
    private final Map<String, Integer> lines;
    /** Where each module line's dependency list starts and ends in {@link #text}. */
    private final int[] dependencyStart;
    private final int[] dependencyEnd;
    /** Dependencies from repeated lines for the same module (only in hand-edited files). */
    private final Map<String, List<String>> repeated;

    private ModuleDependencies(String source, String text, Map<String, Integer> lines, int[] dependencyStart,
            int[] dependencyEnd, Map<String, List<String>> repeated) {
        this.source = source;
        this.text = text;
        this.lines = Collections.unmodifiableMap(lines);
        this.dependencyStart = dependencyStart;
        this.dependencyEnd = dependencyEnd;
        this.repeated = repeated;
    }

    /**
     * Reads a {@code modules.dep} file.
     *
     * @throws IOException when it cannot be read or a line has no ':'; the message names the
     *     file (and line)
     */
    public static ModuleDependencies read(Path modulesDep) throws IOException {
        byte[] bytes = Files.readAllBytes(modulesDep);
        return parse(new String(bytes, StandardCharsets.UTF_8), modulesDep.toString());
    }

    /**
     * Parses {@code modules.dep} text. Blank lines and {@code #} comments are ignored.
     *
     * @param sourceName the file name to use in error messages
     * @throws IOException when a line has no ':'
     */
    public static ModuleDependencies parse(String text, String sourceName) throws IOException {
        Map<String, Integer> lines = new LinkedHashMap<>();
        Map<String, List<String>> repeated = new HashMap<>();
        int[] starts = new int[1024];
        int[] ends = new int[1024];
        int count = 0;
        int lineNumber = 0;
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            lineNumber++;
            int first = start < end && isSpace(text.charAt(start)) ? skipSpaces(text, start, end) : start;
            if (first < end && text.charAt(first) != '#') {
                int colon = text.indexOf(':', first);
                if (colon < 0 || colon >= end) {
                    throw new IOException(sourceName + ":" + lineNumber + ": no ':' after the module name in \""
                            + text.substring(first, end).trim() + "\"");
                }
                String module = text.substring(first, trimEnd(text, first, colon));
                if (module.isEmpty()) {
                    throw new IOException(sourceName + ":" + lineNumber + ": empty module name");
                }
                if (lines.putIfAbsent(module, count) != null) {
                    repeated.computeIfAbsent(module, m -> new ArrayList<>()).addAll(split(text, colon + 1, end));
                } else {
                    if (count == starts.length) {
                        starts = Arrays.copyOf(starts, count * 2);
                        ends = Arrays.copyOf(ends, count * 2);
                    }
                    starts[count] = colon + 1;
                    ends[count] = end;
                    count++;
                }
            }
            start = end + 1;
        }
        return new ModuleDependencies(sourceName, text, lines, starts, ends, repeated);
    }

    /** Where this was read from, for messages. */
    public String source() {
        return source;
    }

    /** Every module path with a line in the file, in file order. */
    public Set<String> modules() {
        return lines.keySet();
    }

    /** Whether the module path has a line in the file. */
    public boolean contains(String modulePath) {
        return lines.containsKey(modulePath);
    }

    /**
     * The dependencies on the module's own line (depmod lists all of them, transitively), or
     * none for a module that is not in the file.
     */
    public List<String> dependenciesOf(String modulePath) {
        Integer line = lines.get(modulePath);
        if (line == null) {
            return List.of();
        }
        List<String> dependencies = split(text, dependencyStart[line], dependencyEnd[line]);
        List<String> more = repeated.get(modulePath);
        if (more != null) {
            dependencies.addAll(more);
        }
        return Collections.unmodifiableList(dependencies);
    }

    /**
     * The path of a module given by name ({@code virtio-net}, {@code virtio_net},
     * {@code virtio_net.ko.xz} or a path all work). When two files have the same name the
     * first in the file wins.
     */
    public Optional<String> pathOf(String moduleName) {
        // A scan without allocation: building a name index for ~4,000 modules costs a cold
        // JVM several milliseconds, far more than the few look-ups a run makes.
        String wanted = moduleName(moduleName);
        for (String path : lines.keySet()) {
            if (hasModuleName(path, wanted)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** Whether the path's base name is the module name plus .ko and maybe a compression suffix. */
    private static boolean hasModuleName(String path, String wanted) {
        int base = path.lastIndexOf('/') + 1;
        int n = wanted.length();
        if (path.length() - base < n + 3) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = path.charAt(base + i);
            if ((c == '-' ? '_' : c) != wanted.charAt(i)) {
                return false;
            }
        }
        int rest = base + n;
        if (!path.startsWith(".ko", rest)) {
            return false;
        }
        rest += 3;
        if (rest == path.length()) {
            return true;
        }
        for (String suffix : COMPRESSION_SUFFIXES) {
            if (path.length() - rest == suffix.length() && path.startsWith(suffix, rest)) {
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
        Set<String> result = new LinkedHashSet<>();
        for (String path : lines.keySet()) {
            String baseName = path.substring(path.lastIndexOf('/') + 1);
            String uncompressed = withoutCompressionSuffix(baseName);
            for (Glob pattern : patterns) {
                if (pattern.matches(baseName) || (uncompressed != baseName && pattern.matches(uncompressed))) {
                    result.add(path);
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

    /** The name without a {@code .xz}, {@code .zst} or {@code .gz} after {@code .ko}; same instance if none. */
    static String withoutCompressionSuffix(String name) {
        for (String suffix : COMPRESSION_SUFFIXES) {
            if (name.endsWith(suffix) && name.startsWith(".ko", name.length() - suffix.length() - 3)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** The whitespace-separated words of text[from, end), as a new modifiable list. */
    private static List<String> split(String text, int from, int end) {
        List<String> words = new ArrayList<>(4);
        int i = skipSpaces(text, from, end);
        while (i < end) {
            int wordEnd = i;
            while (wordEnd < end && !isSpace(text.charAt(wordEnd))) {
                wordEnd++;
            }
            words.add(text.substring(i, wordEnd));
            i = skipSpaces(text, wordEnd, end);
        }
        return words;
    }

    private static int skipSpaces(String text, int from, int end) {
        int i = from;
        while (i < end && isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String text, int from, int end) {
        int i = end;
        while (i > from && isSpace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    @Override
    public String toString() {
        return "ModuleDependencies[" + source + ", " + lines.size() + " modules]";
    }
}
