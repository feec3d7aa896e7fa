package org.febootstrap.minimize;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.febootstrap.core.testing.TreeSnapshot;

/** Before/after comparisons of a root, on {@link TreeSnapshot}s. */
final class Trees {
    private Trees() {}

    /** Path → mode, owner and content of every entry (fakeroot.log left out). */
    static Map<String, String> snapshot(Path root) {
        return TreeSnapshot.of(root, true, List.of("fakeroot.log"));
    }

    /** The same without which names are hard links of which (dedupe changes only that). */
    static Map<String, String> withoutLinks(Map<String, String> snapshot) {
        Map<String, String> out = new TreeMap<>();
        snapshot.forEach((k, v) -> out.put(k, v.replaceAll(" link:.*$", "")));
        return out;
    }

    static Set<String> removed(Map<String, String> before, Map<String, String> after) {
        Set<String> s = new TreeSet<>(before.keySet());
        s.removeAll(after.keySet());
        return s;
    }

    static Set<String> added(Map<String, String> before, Map<String, String> after) {
        return removed(after, before);
    }

    /** Paths in both whose entry changed (type, mode, owner, content or link target). */
    static Set<String> changed(Map<String, String> before, Map<String, String> after) {
        Set<String> s = new TreeSet<>();
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (old != null && !old.equals(e.getValue())) {
                s.add(e.getKey());
            }
        }
        return s;
    }

    /** {@code dir} itself and everything under it. */
    static boolean at(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }

    /** Everything under {@code dir}, not {@code dir} itself. */
    static boolean below(String path, String dir) {
        return path.startsWith(dir + "/");
    }
}
