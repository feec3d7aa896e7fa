package org.febootstrap.cli.bootstrap;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.febootstrap.core.util.TreeRemover;

/**
 * TARGET as febootstrap wants it before the package manager runs: an empty directory. A missing
 * one is created (with its parents); an empty one is used; anything else is refused unless
 * {@code --force}, which empties it first ({@link TreeRemover}: never following symlinks out,
 * never entering a filesystem mounted inside).
 */
public final class TargetDirectory {
    private TargetDirectory() {}

    /** Outcome, for the progress line. */
    public enum State {
        CREATED,
        EMPTY,
        EMPTIED
    }

    /** Prepares {@code target}; returns what was done. */
    public static State prepare(Path target, boolean force) throws IOException {
        if (Files.isSymbolicLink(target)) {
            if (!force && Files.isDirectory(target) && isEmpty(target)) {
                return State.EMPTY;
            }
            if (!force) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "exists and is a symbolic link (use --force to replace it with a directory)");
            }
            Files.delete(target);
            Files.createDirectory(target);
            return State.EMPTIED;
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(target);
            return State.CREATED;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!force) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "exists and is not a directory (use --force to replace it)");
            }
            Files.delete(target);
            Files.createDirectory(target);
            return State.EMPTIED;
        }
        if (isEmpty(target)) {
            return State.EMPTY;
        }
        if (!force) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "is not empty (use --force to remove its contents first)");
        }
        TreeRemover.removeContents(target);
        return State.EMPTIED;
    }

    static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return !ds.iterator().hasNext();
        }
    }
}
