package org.febootstrap.minimize;

/**
 * Counts of what one category removed (or dedupe linked).
 *
 * @param files non-directories: regular files, symlinks, device nodes...
 * @param directories directories
 * @param bytes apparent sizes freed, each inode counted once
 */
public record Tally(long files, long directories, long bytes) {
    public static final Tally ZERO = new Tally(0, 0, 0);

    public Tally plus(Tally o) {
        return new Tally(files + o.files, directories + o.directories, bytes + o.bytes);
    }
}
