package org.febootstrap.minimize;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a minimization does: which categories are dropped, whether identical files are hard-linked,
 * and whether anything is changed at all. Immutable; the {@code with...} methods apply options in
 * the order a user gave them ({@code --none --drop-docs}).
 *
 * @param dropped the categories whose files go
 * @param dedupe hard-link files with identical content, owner and mode
 * @param dryRun report what would change, change nothing
 */
public record Plan(Set<Category> dropped, boolean dedupe, boolean dryRun) {
    public Plan {
        EnumSet<Category> copy = EnumSet.noneOf(Category.class);
        copy.addAll(dropped);
        dropped = Collections.unmodifiableSet(copy);
    }

    /** 2.x's default, {@code --all}: drop every category. */
    public static Plan dropEverything() {
        return new Plan(EnumSet.allOf(Category.class), false, false);
    }

    public Plan withAllDropped() {
        return new Plan(EnumSet.allOf(Category.class), dedupe, dryRun);
    }

    public Plan withNoneDropped() {
        return new Plan(EnumSet.noneOf(Category.class), dedupe, dryRun);
    }

    public Plan withDropped(Category c) {
        EnumSet<Category> s = EnumSet.noneOf(Category.class);
        s.addAll(dropped);
        s.add(c);
        return new Plan(s, dedupe, dryRun);
    }

    public Plan withKept(Category c) {
        EnumSet<Category> s = EnumSet.noneOf(Category.class);
        s.addAll(dropped);
        s.remove(c);
        return new Plan(s, dedupe, dryRun);
    }

    public Plan withDedupe(boolean on) {
        return new Plan(dropped, on, dryRun);
    }

    public Plan withDryRun(boolean on) {
        return new Plan(dropped, dedupe, on);
    }
}
