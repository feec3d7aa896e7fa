package org.febootstrap.minimize;

/**
 * Hears each change as it happens (or, in a dry run, would happen), so a front end can list them.
 * Paths are as the root sees them: {@code /usr/share/doc}.
 */
public interface Listener {
    Listener NONE = new Listener() {};

    /** An entry went; {@code bytes} is what that freed (a further hard link of a counted file frees 0). */
    default void removed(Category category, String path, boolean directory, long bytes) {}

    /** A file was replaced by a hard link to {@code canonical}, an identical file. */
    default void linked(String path, String canonical, long bytes) {}

    /** An entry was left alone, for {@code reason}. */
    default void skipped(String path, String reason) {}
}
