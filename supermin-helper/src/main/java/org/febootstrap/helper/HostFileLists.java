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
        byte[] bytes = Files.readAllBytes(list);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int lineNo = 0;
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
                throw new IOException(list + ":" + lineNo + ": '..' is not allowed in a host file name: " + line);
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
