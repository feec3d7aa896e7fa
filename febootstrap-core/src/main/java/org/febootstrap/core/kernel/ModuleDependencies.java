package org.febootstrap.core.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
    /** Module path to the dependencies listed on its line, in file order. */
    private final Map<String, List<String>> dependencies;
    /** Normalised module name to the first module path with that name. */
    private final Map<String, String> pathsByName;

    private ModuleDependencies(String source, Map<String, List<String>> dependencies) {
        this.source = source;
        this.dependencies = Collections.unmodifiableMap(dependencies);
        Map<String, String> byName = new HashMap<>(dependencies.size() * 2);
        for (String path : dependencies.keySet()) {
            byName.putIfAbsent(moduleName(path), path);
        }
        this.pathsByName = byName;
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
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        int lineNumber = 0;
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            lineNumber++;
            int first = skipSpaces(text, start, end);
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
                List<String> deps = new ArrayList<>(4);
                int i = skipSpaces(text, colon + 1, end);
                while (i < end) {
                    int wordEnd = i;
                    while (wordEnd < end && !isSpace(text.charAt(wordEnd))) {
                        wordEnd++;
                    }
                    deps.add(text.substring(i, wordEnd));
                    i = skipSpaces(text, wordEnd, end);
                }
                // A repeated line (hand-edited files) adds to the first one.
                List<String> previous = dependencies.putIfAbsent(module, List.copyOf(deps));
                if (previous != null) {
                    List<String> merged = new ArrayList<>(previous);
                    merged.addAll(deps);
                    dependencies.put(module, List.copyOf(merged));
                }
            }
            start = end + 1;
        }
        return new ModuleDependencies(sourceName, dependencies);
    }

    /** Where this was read from, for messages. */
    public String source() {
        return source;
    }

    /** Every module path with a line in the file, in file order. */
    public Set<String> modules() {
        return dependencies.keySet();
    }

    /** Whether the module path has a line in the file. */
    public boolean contains(String modulePath) {
        return dependencies.containsKey(modulePath);
    }

    /**
     * The dependencies on the module's own line (depmod lists all of them, transitively), or
     * none for a module that is not in the file.
     */
    public List<String> dependenciesOf(String modulePath) {
        return dependencies.getOrDefault(modulePath, List.of());
    }

    /**
     * The path of a module given by name ({@code virtio-net}, {@code virtio_net},
     * {@code virtio_net.ko.xz} or a path all work). When two files have the same name the
     * first in the file wins.
     */
    public Optional<String> pathOf(String moduleName) {
        return Optional.ofNullable(pathsByName.get(moduleName(moduleName)));
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
        // Depth-first, post-order, with an explicit stack: each frame is a module and how many
        // of its dependencies are still to visit. depmod lists dependencies so that modprobe
        // loads them from the last to the first, so they are visited in that order.
        Deque<String> modules = new ArrayDeque<>();
        Deque<Integer> remaining = new ArrayDeque<>();
        for (String root : modulePaths) {
            if (!entered.add(root)) {
                continue;
            }
            modules.push(root);
            remaining.push(dependenciesOf(root).size());
            while (!modules.isEmpty()) {
                String module = modules.peek();
                int left = remaining.pop();
                if (left == 0) {
                    modules.pop();
                    ordered.add(module);
                    continue;
                }
                remaining.push(left - 1);
                String dependency = dependenciesOf(module).get(left - 1);
                if (entered.add(dependency)) {
                    modules.push(dependency);
                    remaining.push(dependenciesOf(dependency).size());
                }
            }
        }
        return List.copyOf(ordered);
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
        for (String path : dependencies.keySet()) {
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
        return "ModuleDependencies[" + source + ", " + dependencies.size() + " modules]";
    }
}
