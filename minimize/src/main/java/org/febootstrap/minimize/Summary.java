package org.febootstrap.minimize;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a minimization removed (or, in a dry run, would remove), per category, and what dedupe
 * linked.
 *
 * @param removed the tally of every dropped category, in category order
 * @param deduped files replaced by hard links ({@code files}) and the bytes that freed
 * @param dryRun whether nothing was actually changed
 */
public record Summary(Map<Category, Tally> removed, Tally deduped, boolean dryRun) {
    public Summary {
        EnumMap<Category, Tally> copy = new EnumMap<>(Category.class);
        copy.putAll(removed);
        removed = Collections.unmodifiableMap(copy);
    }

    public Tally totalRemoved() {
        Tally t = Tally.ZERO;
        for (Tally x : removed.values()) {
            t = t.plus(x);
        }
        return t;
    }
}
