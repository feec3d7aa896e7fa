package org.febootstrap.helper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.febootstrap.core.util.Glob;

/**
 * Turns hostfiles lists into host paths. Each line names a file of this host relative to
 * {@code /} ({@code ./usr/bin/bash}); a line may hold shell wildcards in any component
 * ({@code ./usr/lib/x86_64-linux-gnu/libz.so.*}), which are matched against the host's directory
 * listings, each directory read once for the whole run ({@link DirectoryCache}). Backslash is a
 * plain character, as the lists are written from real file names. A name met twice is given once
 * (unless told otherwise).
 *
 * <p>Lists are read as bytes: the helper runs in a cold JVM, and most lines are plain paths
 * already in normal form, which one byte scan recognises; only the others go through
 * {@link #normalize} and the wildcard code.
 */
final class HostFileLists {
    private final DirectoryCache dirs;
    private final boolean unique;
    /**
     * Names given so far, or null when duplicates are kept. Made with the first list and sized
     * for it: a set grown one doubling at a time rehashes every name it holds each time, ten times
     * for 8,000 names, in the interpreter of a cold JVM (about 1 % of a helper run's CPU).
     */
    private Set<String> seen;
    private final List<HostEntry> entries = new ArrayList<>();

    HostFileLists(DirectoryCache dirs) {
        this(dirs, true);
    }

    /**
     * @param unique whether a name met twice is given once (the archive needs that; a checksum
     *     does not, and saves the work)
     */
    HostFileLists(DirectoryCache dirs, boolean unique) {
        this.dirs = dirs;
        this.unique = unique;
    }

    /**
     * Every host file named so far, in list order, each name once; existence is not checked yet.
     * A wildcard line that matched nothing is here too, with no host path, so that it is
     * reported missing in its place.
     */
    List<HostEntry> entries() {
        return entries;
    }

    /** Adds the host files a list names. */
    void expand(Path list) throws IOException {
        byte[] data = Files.readAllBytes(list);
        expand(data, 0, data.length, list.toString());
    }

    /**
     * Adds the host files that the lines in {@code data[from, to)} name.
     *
     * @param data a whole list, whose first line is line 1 of {@code source} (for messages)
     */
    void expand(byte[] data, int from, int to, String source) throws IOException {
        if (unique && seen == null) {
            // Lines are 41 bytes on average in a Debian minbase list; 24 leaves room for shorter.
            // At most 65,536 ahead (a 512 KB table): a larger list grows the set as it goes.
            seen = new HashSet<>(Math.max(16, Math.min(data.length / 24, 1 << 16)));
        }
        int start = from;
        while (start < to) {
            long scan = scanLine(data, start, to);
            int end = (int) (scan >>> 32);
            int name = (int) scan;
            if (name >= 0) {
                addPlain(data, start, end, name);
            } else if (end > start) {
                addOther(data, start, end, source);
            }
            start = end + 1;
        }
    }

    /** A line that is a plain path in normal form: its name (and host path) are parts of it. */
    private void addPlain(byte[] data, int start, int end, int name) {
        String n = new String(data, name, end - name, StandardCharsets.UTF_8);
        if (seen != null && !seen.add(n)) {
            return;
        }
        entries.add(HostEntry.plain(n, name - start));
    }

    private void addOther(byte[] data, int start, int end, String source) throws IOException {
        String line = new String(data, start, end - start, StandardCharsets.UTF_8);
        if (addLastComponentPattern(data, start, end, line)) {
            return;
        }
        String name = normalize(line);
        if (name == null) {
            int lineNo = 1;
            for (int i = 0; i < start; i++) {
                if (data[i] == '\n') {
                    lineNo++;
                }
            }
            throw new IOException(source + ":" + lineNo + ": '..' is not allowed in a host file name: " + line);
        }
        if (name.isEmpty()) {
            return;
        }
        if (!Glob.isPattern(name, false)) {
            add(name, line);
        } else if (!expandPattern(name.split("/"), 0, "", line)) {
            entries.add(new HostEntry(name, (Path) null, line));
        }
    }

    /**
     * The usual wildcard line, {@code ./usr/lib/x86_64-linux-gnu/libz.so.1.*}: plain directories
     * and a pattern in the last component only, matched against that one directory without the
     * general walk; a pattern of the form {@code head*tail} needs no compiled glob either. Returns
     * false, having added nothing, for any other line.
     */
    private boolean addLastComponentPattern(byte[] data, int start, int end, String line) {
        int slash = end - 1;
        while (slash > start && data[slash] != '/') {
            slash--;
        }
        if (slash <= start || slash == end - 1) {
            return false;
        }
        long scan = scanLine(data, start, slash);
        int dirStart = (int) scan;
        if (dirStart < 0) {
            return false;
        }
        int lastLength = end - slash - 1;
        if (lastLength <= 2 && data[slash + 1] == '.' && (lastLength == 1 || data[slash + 2] == '.')) {
            return false;
        }
        String dir = new String(data, dirStart, slash - dirStart, StandardCharsets.UTF_8);
        String pattern = new String(data, slash + 1, lastLength, StandardCharsets.UTF_8);
        int star = pattern.indexOf('*');
        List<String> matches;
        if (star >= 0 && pattern.indexOf('*', star + 1) < 0 && pattern.indexOf('?') < 0
                && pattern.indexOf('[') < 0) {
            matches = dirs.matching("/" + dir, pattern.substring(0, star), pattern.substring(star + 1));
        } else {
            Glob glob = Glob.compile(pattern, false);
            if (glob.literalText().isPresent()) {
                // "[" alone, as coreutils' /usr/bin/[, is a plain name: no directory to read.
                add(dir + "/" + glob.literalText().get(), line);
                return true;
            }
            matches = dirs.matching("/" + dir, glob, plainHead(pattern));
        }
        if (matches.isEmpty()) {
            entries.add(new HostEntry(dir + "/" + pattern, (Path) null, line));
        }
        for (String m : matches) {
            add(dir + "/" + m, line);
        }
        return true;
    }

    /**
     * Finds the end of the line starting at {@code start} and, in the same pass (a cold JVM
     * interprets this loop for its first thousand lines or so), whether it is a plain path in
     * normal form: {@code ./a/b}, {@code /a/b} or {@code a/b}, with no wildcard character, no
     * empty, {@code .} or {@code ..} component and no trailing slash. Returns the line's end in
     * the high 32 bits, and in the low ones where the name starts in a plain line, or -1.
     */
    static long scanLine(byte[] d, int start, int to) {
        int i = start;
        if (to - i >= 2 && d[i] == '.' && d[i + 1] == '/') {
            i += 2;
        } else if (i < to && d[i] == '/') {
            i++;
        }
        int name = i;
        int component = i;
        boolean plain = true;
        for (; i < to; i++) {
            byte b = d[i];
            if (b == '\n') {
                break;
            }
            if (b == '/') {
                plain &= isPlainComponent(d, component, i);
                component = i + 1;
            } else if (b == '*' || b == '?' || b == '[') {
                plain = false;
            }
        }
        plain &= isPlainComponent(d, component, i);
        return ((long) i << 32) | (plain ? name : 0xffffffffL);
    }

    private static boolean isPlainComponent(byte[] d, int start, int end) {
        int n = end - start;
        return n > 0 && !(d[start] == '.' && (n == 1 || (n == 2 && d[start + 1] == '.')));
    }

    private static int lineEnd(byte[] data, int from, int to) {
        int i = from;
        while (i < to && data[i] != '\n') {
            i++;
        }
        return i;
    }

    /** A piece of the hostfiles lists: whole lines {@code data[from, to)} of the list {@code source}. */
    record Piece(byte[] data, int from, int to, String source) {}

    /**
     * The lists' lines cut into pieces of about {@code bytes} bytes at line boundaries, in
     * order, so that several threads can take them one by one.
     */
    static List<Piece> pieces(List<Path> lists, int bytes) throws IOException {
        List<Piece> pieces = new ArrayList<>();
        for (Path p : lists) {
            byte[] data = Files.readAllBytes(p);
            String source = p.toString();
            int from = 0;
            while (from < data.length) {
                int to = Math.min(data.length, from + bytes);
                to = Math.min(data.length, lineEnd(data, to, data.length) + 1);
                pieces.add(new Piece(data, from, to, source));
                from = to;
            }
        }
        return pieces;
    }

    private void add(String name, String line) {
        if (seen == null || seen.add(name)) {
            entries.add(new HostEntry(name, "/" + name, line));
        }
    }

    /** Walks the components from {@code i}; returns whether anything matched. */
    private boolean expandPattern(String[] parts, int i, String prefix, String line) {
        int k = i;
        StringBuilder literal = new StringBuilder(prefix);
        Glob glob = null;
        while (k < parts.length) {
            String part = parts[k];
            if (Glob.isPattern(part, false)) {
                glob = Glob.compile(part, false);
                // "[" alone, as coreutils' /usr/bin/[, is a plain name: no directory to read.
                if (glob.literalText().isEmpty()) {
                    break;
                }
                part = glob.literalText().get();
                glob = null;
            }
            if (literal.length() > 0) {
                literal.append('/');
            }
            literal.append(part);
            k++;
        }
        String base = literal.toString();
        if (k == parts.length) {
            // Reached through a wildcard directory, or no real wildcard at all: the rest of the
            // path may still not exist, which the stat will tell.
            add(base, line);
            return true;
        }
        boolean last = k == parts.length - 1;
        boolean any = false;
        for (String candidate : dirs.matching("/" + base, glob, plainHead(parts[k]))) {
            String name = base.isEmpty() ? candidate : base + "/" + candidate;
            if (last) {
                any = true;
                add(name, line);
            } else if (expandPattern(parts, k + 1, name, line)) {
                any = true;
            }
        }
        return any;
    }

    /** The text before the first wildcard character: every name the component matches starts with it. */
    private static String plainHead(String component) {
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return component.substring(0, i);
            }
        }
        return component;
    }

    /**
     * The archive name of a line: {@code ./usr/bin/bash}, {@code /usr/bin/bash} and
     * {@code usr/bin/bash} all give {@code usr/bin/bash}; empty and {@code .} components go;
     * null when the line has a {@code ..} component.
     */
    static String normalize(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        int i = 0;
        int n = line.length();
        while (i < n) {
            int slash = line.indexOf('/', i);
            if (slash < 0) {
                slash = n;
            }
            int len = slash - i;
            if (len == 2 && line.charAt(i) == '.' && line.charAt(i + 1) == '.') {
                return null;
            }
            if (len > 0 && !(len == 1 && line.charAt(i) == '.')) {
                if (sb.length() > 0) {
                    sb.append('/');
                }
                sb.append(line, i, slash);
            }
            i = slash + 1;
        }
        return sb.toString();
    }
}
