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
    /** Receives each host file; says whether it exists. */
    interface Sink {
        /**
         * @param name the archive name, relative ({@code usr/bin/bash})
         * @param host the host path ({@code /usr/bin/bash})
         * @return false when the file does not exist (it is then counted as missing)
         */
        boolean accept(String name, Path host) throws IOException;
    }

    private final DirectoryCache dirs;
    private final Set<String> seen = new HashSet<>();
    private final List<String> missing = new ArrayList<>();

    HostFileLists(DirectoryCache dirs) {
        this.dirs = dirs;
    }

    /** The lines (as written) that named nothing on this host. */
    List<String> missing() {
        return missing;
    }

    void expand(Path list, Sink sink) throws IOException {
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
                if (seen.add(name) && !sink.accept(name, Path.of("/" + name))) {
                    missing.add(line);
                }
            } else if (!expandPattern(name.split("/"), 0, "", sink)) {
                missing.add(line);
            }
        }
    }

    /** Walks the components from {@code i}; returns whether anything matched. */
    private boolean expandPattern(String[] parts, int i, String prefix, Sink sink) throws IOException {
        int k = i;
        StringBuilder literal = new StringBuilder(prefix);
        while (k < parts.length && !Glob.isPattern(parts[k], false)) {
            if (literal.length() > 0) {
                literal.append('/');
            }
            literal.append(parts[k]);
            k++;
        }
        String base = literal.toString();
        if (k == parts.length) {
            // Reached through a wildcard directory: it exists if the listing said so, but the
            // rest of the path may not.
            if (!seen.add(base)) {
                return true;
            }
            return sink.accept(base, Path.of("/" + base));
        }
        Glob glob = Glob.compile(parts[k], false);
        boolean last = k == parts.length - 1;
        boolean any = false;
        for (String candidate : dirs.list("/" + base)) {
            if (!glob.matches(candidate)) {
                continue;
            }
            String name = base.isEmpty() ? candidate : base + "/" + candidate;
            if (last) {
                any = true;
                if (seen.add(name)) {
                    sink.accept(name, Path.of("/" + name));
                }
            } else if (expandPattern(parts, k + 1, name, sink)) {
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
