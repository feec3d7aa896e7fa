package org.febootstrap.minimize;

/**
 * One place a {@link Category} acts on, and how.
 *
 * @param path the path inside the root, as {@code usr/share/doc}; symlinks in it are resolved inside
 *     the root
 * @param action what happens there
 */
public record Target(String path, Action action) {
    /**
     * A path component standing for each multiarch directory that exists, as {@code x86_64-linux-gnu}
     * in {@code usr/lib/x86_64-linux-gnu}: Debian puts some of what 2.x removed there.
     */
    public static final String MULTIARCH = "<multiarch>";

    /** What is done at a target. */
    public enum Action {
        /** The entry itself goes, with everything under it; a symlink goes, not what it points to. */
        ENTRY,
        /** The directory (a symlink to one is followed) is emptied and left in place. */
        CONTENTS,
        /** Every non-directory under the directory goes; the directories stay, as programs expect them. */
        FILES,
        /** Like CONTENTS, but UTC and its kin, the zone tables and what they link to stay. */
        ZONEINFO,
        /** The file is replaced by the short list of common services. */
        SERVICES,
        /** An empty file is made (owned by root, mode 0644) if its directory exists and it does not. */
        EMPTY_FILE
    }

    static Target entry(String path) {
        return new Target(path, Action.ENTRY);
    }

    static Target contents(String path) {
        return new Target(path, Action.CONTENTS);
    }

    static Target files(String path) {
        return new Target(path, Action.FILES);
    }
}
