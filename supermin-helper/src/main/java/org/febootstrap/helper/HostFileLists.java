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
 * plain character, as the lists are written from real file names. A name met twice is given once.
 */
final class HostFileLists {
    private final DirectoryCache dirs;
    private final Set<String> seen = new HashSet<>();
    private final List<HostEntry> entries = new ArrayList<>();

    HostFileLists(DirectoryCache dirs) {
        this.dirs = dirs;
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
        expand(new String(Files.readAllBytes(list), StandardCharsets.UTF_8), list.toString(), 1);
    }

    /**
     * Adds the host files some lines name.
     *
     * @param source the list they come from, and {@code firstLine} the number of their first
     *     line there, for messages
     */
    void expand(String text, String source, int firstLine) throws IOException {
        int lineNo = firstLine - 1;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            String line = text.substring(start, end);
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            String name = normalize(line);
            if (name == null) {
                throw new IOException(source + ":" + lineNo + ": '..' is not allowed in a host file name: " + line);
            }
            if (name.isEmpty()) {
                continue;
            }
            if (!Glob.isPattern(name, false)) {
                add(name, line);
            } else if (!expandPattern(name.split("/"), 0, "", line)) {
                entries.add(new HostEntry(name, null, line));
            }
        }
    }

    /** A piece of a hostfiles list: its text and where it comes from. */
    record Piece(String text, String source, int firstLine) {}

    /**
     * The lists' lines cut in two pieces of about the same size at a line boundary, for two
     * threads: everything before the middle byte, and the rest.
     */
    static List<List<Piece>> halves(List<Path> lists) throws IOException {
        List<String> texts = new ArrayList<>();
        long total = 0;
        for (Path p : lists) {
            String t = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            texts.add(t);
            total += t.length();
        }
        List<Piece> first = new ArrayList<>();
        List<Piece> second = new ArrayList<>();
        long seen = 0;
        long middle = total / 2;
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            String source = lists.get(i).toString();
            if (seen + t.length() <= middle) {
                first.add(new Piece(t, source, 1));
            } else if (seen >= middle) {
                second.add(new Piece(t, source, 1));
            } else {
                int cut = t.indexOf('\n', (int) (middle - seen));
                cut = cut < 0 ? t.length() : cut + 1;
                int lines = 0;
                for (int k = t.indexOf('\n'); k >= 0 && k < cut; k = t.indexOf('\n', k + 1)) {
                    lines++;
                }
                first.add(new Piece(t.substring(0, cut), source, 1));
                second.add(new Piece(t.substring(cut), source, lines + 1));
            }
            seen += t.length();
        }
        return List.of(first, second);
    }

    private void add(String name, String line) {
        if (seen.add(name)) {
            entries.add(new HostEntry(name, Path.of("/" + name), line));
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
        List<String> matches = new ArrayList<>();
        for (String candidate : dirs.list("/" + base)) {
            if (glob.matches(candidate)) {
                matches.add(candidate);
            }
        }
        matches.sort(null);
        boolean any = false;
        for (String candidate : matches) {
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
