package org.febootstrap.helper;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.util.Glob;

/**
 * Host directory listings, read once each and kept for the whole run: hostfiles lists name
 * dozens of wildcards ({@code ./usr/lib/x86_64-linux-gnu/libfoo.so.*}), most of them in the
 * same directory of a thousand or more names, and each listing costs a getdents walk of the
 * whole directory. A listing is grouped once by stem, what a name has before its first {@code .}
 * or {@code -} ({@code libfoo} for {@code libfoo.so.1.2} and {@code libfoo-2.so}), so that a
 * wildcard whose plain text has a {@code .} or {@code -} is tried only on the names of its stem,
 * not on all of them. (Sorting the listing for a binary search cost a cold JVM 3 to 4 ms for
 * 1,500 names, in the interpreter; grouping costs one short pass.) Safe for several threads.
 */
final class DirectoryCache {
    private static final String[] NONE = new String[0];

    /** A directory's names as listed, and by stem (each group in listing order). */
    private static final class Listing {
        final String[] names;
        final Map<String, List<String>> byStem;

        Listing(String[] names) {
            this.names = names;
            this.byStem = new HashMap<>(Math.max(16, names.length));
            for (String name : names) {
                group(name);
            }
        }

        /** A method per name, compiled early, where the loop above stays interpreted. */
        private void group(String name) {
            String stem = name.substring(0, stemLength(name));
            List<String> g = byStem.get(stem);
            if (g == null) {
                g = new ArrayList<>(4);
                byStem.put(stem, g);
            }
            g.add(name);
        }
    }

    private final Map<String, Listing> listings = new HashMap<>();
    private int reads;

    /** The length of a name's stem: up to its first {@code .} or {@code -}, or all of it. */
    static int stemLength(String name) {
        int dot = name.indexOf('.');
        int dash = name.indexOf('-');
        if (dot < 0) {
            return dash < 0 ? name.length() : dash;
        }
        return dash < 0 || dot < dash ? dot : dash;
    }

    /**
     * A host directory's listing; empty when it does not exist, is not a directory or cannot be
     * read (the entries wanted from it are then missing, like any other).
     */
    private synchronized Listing list(String dir) {
        Listing l = listings.get(dir);
        if (l == null) {
            reads++;
            // java.io.File lists names as strings, with no Path object per entry.
            String[] names = new File(dir).list();
            l = new Listing(names == null ? NONE : names);
            listings.put(dir, l);
        }
        return l;
    }

    /**
     * The names in a host directory that a wildcard matches, sorted.
     *
     * @param head text every name the wildcard matches starts with (its plain text before the
     *     first wildcard character), so that only those names are tried
     */
    List<String> matching(String dir, Glob glob, String head) {
        return matching(dir, head, glob, "");
    }

    /**
     * The names in a host directory that start with {@code head} and end with {@code tail}
     * (what the wildcard {@code head*tail} matches), sorted.
     */
    List<String> matching(String dir, String head, String tail) {
        return matching(dir, head, null, tail);
    }

    /**
     * The names starting with {@code head} that {@code glob} matches or, with no glob, that end
     * with {@code tail} without overlapping {@code head}: only those of the head's stem when the
     * head has a whole stem (every name starting with it has that stem too), else all. One plain
     * loop for both (no lambda or stream): hostfiles lists make many of these look-ups.
     */
    private List<String> matching(String dir, String head, Glob glob, String tail) {
        Listing l = list(dir);
        int stem = stemLength(head);
        List<String> candidates;
        if (stem < head.length()) {
            candidates = l.byStem.get(head.substring(0, stem));
            if (candidates == null) {
                return new ArrayList<>();
            }
        } else {
            candidates = java.util.Arrays.asList(l.names);
        }
        List<String> matches = new ArrayList<>();
        int least = head.length() + tail.length();
        for (int i = 0; i < candidates.size(); i++) {
            String name = candidates.get(i);
            if (name.startsWith(head)
                    && (glob != null ? glob.matches(name) : (name.length() >= least && name.endsWith(tail)))) {
                matches.add(name);
            }
        }
        if (matches.size() > 1) {
            matches.sort(null);
        }
        return matches;
    }

    /** How many directories were actually read, for -v. */
    synchronized int reads() {
        return reads;
    }
}
