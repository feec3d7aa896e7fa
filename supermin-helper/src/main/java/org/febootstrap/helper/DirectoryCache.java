package org.febootstrap.helper;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.util.Glob;

/**
 * Host directory listings, read once each and kept for the whole run: hostfiles lists name
 * dozens of wildcards ({@code ./usr/lib/x86_64-linux-gnu/libfoo.so.*}), most of them in the
 * same directory of a thousand or more names, and each listing costs a getdents walk of the
 * whole directory. A listing is sorted once, so that a wildcard is tried only on the names that
 * start with its plain text (found by binary search), not on all of them. Safe for several
 * threads.
 */
final class DirectoryCache {
    private static final String[] NONE = new String[0];

    private final Map<String, String[]> listings = new HashMap<>();
    private int reads;

    /**
     * The names in a host directory, sorted; empty when it does not exist, is not a directory
     * or cannot be read (the entries wanted from it are then missing, like any other).
     */
    synchronized String[] list(String dir) {
        String[] names = listings.get(dir);
        if (names == null) {
            reads++;
            // java.io.File lists names as strings, with no Path object per entry.
            names = new File(dir).list();
            if (names == null) {
                names = NONE;
            }
            Arrays.sort(names);
            listings.put(dir, names);
        }
        return names;
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
     * The names starting with {@code head} (found by binary search) that {@code glob} matches
     * or, with no glob, that end with {@code tail} without overlapping {@code head}. One plain
     * loop for both (no lambda or stream): hostfiles lists make many of these look-ups.
     */
    private List<String> matching(String dir, String head, Glob glob, String tail) {
        String[] names = list(dir);
        int i = Arrays.binarySearch(names, head);
        if (i < 0) {
            i = -i - 1;
        }
        List<String> matches = new ArrayList<>();
        int least = head.length() + tail.length();
        for (; i < names.length && names[i].startsWith(head); i++) {
            String name = names[i];
            if (glob != null ? glob.matches(name) : (name.length() >= least && name.endsWith(tail))) {
                matches.add(name);
            }
        }
        return matches;
    }

    /** How many directories were actually read, for -v. */
    synchronized int reads() {
        return reads;
    }
}
