package org.febootstrap.cli.supermin;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.febootstrap.core.util.VersionWildcards;

/**
 * The lines of hostfiles.txt: {@code ./path} for each entry the helper takes from the host,
 * library versions turned into wildcards, each line once, sorted by UTF-8 bytes.
 */
final class HostFileList {
    /**
     * Orders strings by their UTF-8 bytes, as {@code LC_ALL=C sort} orders the lines. A named
     * class, not a method reference: bootstrapping one costs a cold JVM about 6 ms.
     */
    static final Comparator<String> BYTEWISE = new Utf8Order();

    private static final class Utf8Order implements Comparator<String> {
        @Override
        public int compare(String a, String b) {
            return compareUtf8(a, b);
        }
    }

    // 2.x wrote this wildcard only for the first libntfs-3g it met, whatever its directory.
    private static final String NTFS_WILDCARD = "/libntfs-3g.so.*";

    // Insertion order is the walk's, nearly sorted already: the final sort then costs little.
    private final Set<String> lines = new LinkedHashSet<>();
    private String ntfs;
    private int wildcards;
    private boolean surrogates;

    /** A directory (or a symlink to one): listed as it is, never as a wildcard. */
    void addDirectory(String path) {
        add("./" + path);
    }

    /** Any other entry, by its path relative to the root: its base name may become a wildcard. */
    void addFile(String path) {
        String line = "./" + path;
        Optional<String> wildcard = VersionWildcards.wildcardForPath(line);
        if (wildcard.isEmpty()) {
            add(line);
            return;
        }
        String w = wildcard.get();
        if (w.endsWith(NTFS_WILDCARD)) {
            // "First" by path order, so the choice does not depend on the order of the walk.
            if (ntfs == null || BYTEWISE.compare(w, ntfs) < 0) {
                noteSurrogates(w);
                ntfs = w;
            }
            return;
        }
        if (add(w)) {
            wildcards++;
        }
    }

    private boolean add(String line) {
        noteSurrogates(line);
        return lines.add(line);
    }

    private void noteSurrogates(String line) {
        for (int i = 0; i < line.length() && !surrogates; i++) {
            surrogates = Character.isSurrogate(line.charAt(i));
        }
    }

    /** How many distinct wildcard lines there are. */
    int wildcardCount() {
        return wildcards + (ntfs == null ? 0 : 1);
    }

    /** The lines, sorted. */
    List<String> lines() {
        List<String> out = new ArrayList<>(lines.size() + 1);
        out.addAll(lines);
        if (ntfs != null && !lines.contains(ntfs)) {
            out.add(ntfs);
        }
        // Without surrogates String's own (much faster) order is the same.
        out.sort(surrogates ? BYTEWISE : Comparator.naturalOrder());
        return out;
    }

    /** Writes the sorted lines, each ended by a newline, and returns how many there were. */
    int writeTo(Writer out) throws IOException {
        List<String> sorted = lines();
        for (String line : sorted) {
            out.write(line);
            out.write('\n');
        }
        return sorted.size();
    }

    /**
     * UTF-8 byte order is code point order. UTF-16 order (String.compareTo) agrees with it except
     * where a surrogate (half of a code point past U+FFFF) meets a char from U+E000 to U+FFFF.
     */
    private static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean sx = Character.isSurrogate(x);
                if (sx != Character.isSurrogate(y)) {
                    return sx ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
