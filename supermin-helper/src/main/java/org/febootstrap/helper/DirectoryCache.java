package org.febootstrap.helper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Host directory listings, read once each and kept for the whole run: hostfiles lists name
 * thousands of wildcards ({@code ./usr/lib/x86_64-linux-gnu/libfoo.so.*}), many in the same
 * directory, and each listing costs a getdents walk of the whole directory. Listings are kept
 * unsorted: only what a wildcard matches gets sorted.
 */
final class DirectoryCache {
    private static final String[] NONE = new String[0];

    private final Map<String, String[]> listings = new HashMap<>();
    private int reads;

    /**
     * The names in a host directory, in directory order; empty when it does not exist, is not a
     * directory or cannot be read (the entries wanted from it are then missing, like any other).
     */
    String[] list(String dir) {
        String[] names = listings.get(dir);
        if (names == null) {
            names = read(dir);
            listings.put(dir, names);
        }
        return names;
    }

    /** How many directories were actually read, for -v. */
    int reads() {
        return reads;
    }

    private String[] read(String dir) {
        reads++;
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir))) {
            for (Path c : ds) {
                names.add(c.getFileName().toString());
            }
        } catch (IOException e) {
            return NONE;
        }
        return names.toArray(NONE);
    }
}
