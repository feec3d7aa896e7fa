package org.febootstrap.minimize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.febootstrap.core.root.FakerootLog;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;

/**
 * Unlinks a name the way fakeroot.log needs: the inode's faked owner is forgotten first (Root
 * can only look the inode up while the name exists), and put back if the unlink then fails, so a
 * file that stays (a read-only directory, say) keeps its owner.
 */
final class OwnerForgetting {
    /** What removes or replaces the name. */
    interface Unlink {
        void run() throws IOException;
    }

    private OwnerForgetting() {}

    /** Deletes {@code path} (a file, or an empty directory). */
    static void delete(Root root, Path path) throws IOException {
        // A named class, not a lambda: this runs for every file a minimize removes, and the
        // lambda's bootstrap costs a cold JVM milliseconds.
        unlink(root, path, new Delete(path));
    }

    private static final class Delete implements Unlink {
        private final Path path;

        Delete(Path path) {
            this.path = path;
        }

        @Override
        public void run() throws IOException {
            Files.delete(path);
        }
    }

    static void unlink(Root root, Path path, Unlink unlink) throws IOException {
        Optional<FakerootLog> log = root.fakerootLog();
        if (log.isEmpty()) {
            unlink.run();
            return;
        }
        FileStat disk = FileStat.of(path);
        Optional<FakerootLog.Entry> owner = log.get().lookup(disk.dev(), disk.ino());
        root.forget(path);
        try {
            unlink.run();
        } catch (IOException | RuntimeException e) {
            if (owner.isPresent()) {
                log.get().put(owner.get());
            }
            throw e;
        }
    }
}
