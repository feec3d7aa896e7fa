package org.febootstrap.minimize;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.util.AtomicFile;

/**
 * Applies a {@link Plan} to a root: removes what the dropped categories name, then (if asked)
 * hard-links identical files. Everything happens in this process. Paths are resolved inside the
 * root, so a symlink never leads the removal outside it, and nothing on another filesystem mounted
 * inside the root is touched. A root built as non-root keeps a true fakeroot.log.
 */
public final class Minimizer {
    private static final int SERVICES_MODE = 0644;
    private static final int EMPTY_FILE_MODE = 0644;
    private static final List<String> ROOT_MARKERS = List.of("etc", "usr", "bin");

    private final Root root;
    private final long rootDev;

    private Minimizer(Root root, long rootDev) {
        this.root = root;
        this.rootDev = rootDev;
    }

    /**
     * A minimizer for {@code root}, which must look like a root filesystem (have etc, usr or bin)
     * and must not be the host's own {@code /}: a mistyped DIR should fail, not strip the wrong tree.
     */
    public static Minimizer forRoot(Root root) throws IOException {
        Path dir = root.dir();
        if (dir.getParent() == null) {
            throw new IOException(dir + ": refusing to minimize the host's own root directory");
        }
        boolean looksLikeRoot = false;
        for (String m : ROOT_MARKERS) {
            looksLikeRoot |= Files.isDirectory(root.resolve(m), LinkOption.NOFOLLOW_LINKS);
        }
        if (!looksLikeRoot) {
            throw new IOException(dir + ": does not look like a root filesystem (it has no etc, usr or bin directory)");
        }
        return new Minimizer(root, FileStat.of(dir).dev());
    }

    /** Minimizes the root as planned; in a dry run only tells the listener what would change. */
    public Summary apply(Plan plan, Listener listener) throws IOException {
        TreeRemover remover = new TreeRemover(root, rootDev, plan.dryRun());
        Map<Category, Tally> removed = new EnumMap<>(Category.class);
        Tally deduped = Tally.ZERO;
        try {
            for (Category c : Category.values()) {
                if (plan.dropped().contains(c)) {
                    removed.put(c, drop(c, remover, plan.dryRun(), listener));
                }
            }
            if (plan.dedupe()) {
                deduped = new Deduplicator(root, rootDev, plan.dryRun(), remover::removedInDryRun).run(listener);
            }
        } catch (IOException e) {
            // What was deleted before the failure is gone: its owners must leave fakeroot.log too.
            if (!plan.dryRun()) {
                try {
                    root.saveOwnership();
                } catch (IOException saving) {
                    e.addSuppressed(saving);
                }
            }
            throw e;
        }
        if (!plan.dryRun()) {
            root.saveOwnership();
        }
        return new Summary(removed, deduped, plan.dryRun());
    }

    private Tally drop(Category category, TreeRemover remover, boolean dryRun, Listener listener) throws IOException {
        Tally[] tally = {Tally.ZERO};
        TreeRemover.Sink sink = new TreeRemover.Sink() {
            @Override
            public void removed(Path path, FileStat st, long bytes) {
                boolean dir = st.isDirectory();
                tally[0] = tally[0].plus(new Tally(dir ? 0 : 1, dir ? 1 : 0, bytes));
                listener.removed(category, inRoot(path), dir, bytes);
            }

            @Override
            public void skipped(Path path, String reason) {
                listener.skipped(inRoot(path), reason);
            }
        };
        for (Target t : category.targets()) {
            for (String path : expand(t.path())) {
                act(t.action(), path, remover, sink, dryRun);
            }
        }
        return tally[0];
    }

    private void act(Target.Action action, String path, TreeRemover remover, TreeRemover.Sink sink, boolean dryRun)
            throws IOException {
        switch (action) {
            case ENTRY -> remover.removeEntry(root.resolveForWrite(path), TreeRemover.Policy.EVERYTHING, sink);
            case CONTENTS -> emptyDirectory(path, TreeRemover.Policy.EVERYTHING, remover, sink);
            case FILES -> emptyDirectory(path, TreeRemover.Policy.FILES_ONLY, remover, sink);
            case ZONEINFO -> {
                Path dir = directory(path, sink);
                if (dir != null) {
                    Set<Path> kept = ZoneinfoKeep.compute(root, dir);
                    remover.removeBelow(dir, new TreeRemover.Policy(kept, false), sink);
                }
            }
            case SERVICES -> replaceServices(root.resolveForWrite(path), sink, dryRun);
            case EMPTY_FILE -> createEmpty(root.resolveForWrite(path), dryRun);
        }
    }

    private void emptyDirectory(String path, TreeRemover.Policy policy, TreeRemover remover, TreeRemover.Sink sink)
            throws IOException {
        Path dir = directory(path, sink);
        if (dir != null) {
            remover.removeBelow(dir, policy, sink);
        }
    }

    /**
     * The directory a path names, resolved inside the root (Fedora's var/lib/rpm is a symlink to
     * usr/lib/sysimage/rpm), or null when there is none or it is not ours to empty.
     */
    private Path directory(String path, TreeRemover.Sink sink) throws IOException {
        Path dir = root.resolve(path);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (dir.equals(root.dir())) {
            sink.skipped(dir, path + " leads to the root itself");
            return null;
        }
        if (FileStat.of(dir).dev() != rootDev) {
            sink.skipped(dir, "on another filesystem");
            return null;
        }
        return dir;
    }

    /** Replaces the entry itself: a symlink (even one pointing out of the root) becomes a regular file. */
    private void replaceServices(Path services, TreeRemover.Sink sink, boolean dryRun) throws IOException {
        if (!Files.exists(services, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        FileStat old = root.stat(services);
        if (old.isDirectory() || old.dev() != rootDev) {
            sink.skipped(services, old.isDirectory() ? "a directory, not a services file" : "on another filesystem");
            return;
        }
        long saved = Math.max(0, old.size() - ServicesFile.BYTES.length);
        if (!dryRun) {
            try (AtomicFile out = AtomicFile.create(services)) {
                out.stream().write(ServicesFile.BYTES);
                OwnerForgetting.unlink(root, services, out::commit);
            }
            root.recordOwner(services, SERVICES_MODE, 0, 0);
        }
        sink.removed(services, old, saved);
    }

    private void createEmpty(Path file, boolean dryRun) throws IOException {
        if (dryRun || !Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.createFile(file);
        // A new inode: claim it, so it never inherits a deleted file's faked owner.
        root.recordOwner(file, EMPTY_FILE_MODE, 0, 0);
    }

    /** A target path with {@link Target#MULTIARCH} made into each multiarch directory the root has. */
    private List<String> expand(String path) throws IOException {
        int at = path.indexOf(Target.MULTIARCH);
        if (at < 0) {
            return List.of(path);
        }
        String parent = path.substring(0, at);
        String rest = path.substring(at + Target.MULTIARCH.length());
        Path dir = root.resolve(parent);
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    // GNU triplets: x86_64-linux-gnu, aarch64-linux-gnu, arm-linux-gnueabihf...
                    if (name.contains("-linux-") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        out.add(parent + name + rest);
                    }
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    private String inRoot(Path p) {
        return "/" + root.relative(p);
    }
}
