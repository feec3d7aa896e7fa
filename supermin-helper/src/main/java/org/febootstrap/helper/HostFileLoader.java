package org.febootstrap.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.root.FileStat;

/**
 * Lists the files of -f ext2's appliance (the kernel modules chosen from modules.dep on one
 * thread, the host files the hostfiles lists name on another), then stats them on both (and reads
 * symlinks' targets, and opens and closes regular files, so that an unreadable one is found and
 * left out before it has a place in the image), a bounded distance ahead of the thread that adds
 * them to the image in order. In a JVM each stat and open costs microseconds of library code
 * around the system call, and the lists name thousands of files; done ahead on other threads,
 * this leaves the adding thread little else to do. Files are taken in blocks; the adding thread
 * loads a block itself when it catches up with the loaders. Their data is not read here: the image
 * writer's copier threads send it file to file later. Reading small files ahead as well, into
 * memory the image writer never used, cost a hot build about 20 ms (36 ms of CPU) and a build on
 * a cold page cache 0.02 to 0.25 s: two threads reading one file at a time, where the copier's
 * threads multiply when the files come from the disk.
 */
final class HostFileLoader {
    static final int BLOCK = 64;
    /** How many blocks may be loaded ahead of the adding thread. */
    private static final int AHEAD = 8;

    /** A host file, ready to go into the image. */
    static final class Loaded {
        /** lstat; null when the file does not exist (or nothing matched the line). */
        FileStat st;
        /** A symlink's target. */
        String linkTarget;
        /** Why the file cannot go in: AccessDeniedException (skipped with a warning) or worse. */
        IOException failure;
    }

    /** Chooses the kernel modules (on a loader thread). */
    interface Modules {
        List<HostEntry> choose() throws IOException;
    }

    private final Modules modules;
    private final List<Path> skeletons;
    private final List<Path> lists;
    private List<String> skeletonParents;
    private List<HostEntry> chosenModules;
    private List<HostEntry> hostFiles;
    private List<HostEntry> entries;
    private IOException planFailure;
    private Loaded[] loaded;
    private boolean[] done;
    private int blocks;
    private int nextBlock;
    /** Blocks the adding thread has taken. */
    private int released;
    private boolean stopped;

    /**
     * The entries are the modules (which must exist: their entries have no line), then the host
     * files; the skeletons are scanned for the directories they create.
     */
    HostFileLoader(Modules modules, List<Path> skeletons, List<Path> lists) {
        this.modules = modules;
        this.skeletons = skeletons;
        this.lists = lists;
    }

    /** Starts choosing modules and listing host files, then loading, on two threads. */
    HostFileLoader start() {
        thread("appliance-files-1", true);
        thread("appliance-files-2", false);
        return this;
    }

    private void thread(String name, boolean listsHostFiles) {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                plan(listsHostFiles);
                work();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** The host files, once listed. */
    synchronized List<HostEntry> entries() throws IOException {
        while (entries == null && planFailure == null) {
            waitHere();
        }
        if (planFailure != null) {
            throw new IOException(planFailure.getMessage(), planFailure);
        }
        return entries;
    }

    /** Entry {@code i}, loaded; asked for in order. Asking for a block releases the one before. */
    Loaded get(int i) throws IOException {
        int b = i / BLOCK;
        if (i % BLOCK == 0) {
            synchronized (this) {
                if (entries == null) {
                    entries();
                }
                released = b;
                notifyAll();
            }
        }
        if (!isDone(b)) {
            if (claim(b)) {
                load(b);
            } else {
                awaitDone(b);
            }
        }
        Loaded l = loaded[i];
        loaded[i] = null;
        return l;
    }

    /** Stops loading (no file is left open: each is closed as soon as it is opened). */
    synchronized void stop() {
        stopped = true;
        nextBlock = blocks;
        notifyAll();
    }

    private void plan(boolean listHostFiles) {
        try {
            List<HostEntry> planned;
            List<String> parents = null;
            if (listHostFiles) {
                parents = new ArrayList<>();
                for (Path skeleton : skeletons) {
                    parents.addAll(SkeletonScan.of(skeleton).parents());
                }
                HostFileLists lister = new HostFileLists(new DirectoryCache());
                for (Path list : lists) {
                    lister.expand(list);
                }
                planned = lister.entries();
            } else {
                planned = modules.choose();
            }
            synchronized (this) {
                if (listHostFiles) {
                    hostFiles = planned;
                    skeletonParents = parents;
                } else {
                    chosenModules = planned;
                }
                if (hostFiles != null && chosenModules != null && planFailure == null) {
                    List<HostEntry> all = new ArrayList<>(chosenModules.size() + hostFiles.size());
                    all.addAll(chosenModules);
                    all.addAll(hostFiles);
                    loaded = new Loaded[all.size()];
                    blocks = (all.size() + BLOCK - 1) / BLOCK;
                    done = new boolean[blocks];
                    entries = all;
                }
                notifyAll();
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                if (planFailure == null) {
                    planFailure = e instanceof IOException io ? io
                            : new IOException((listHostFiles ? "listing host files: " : "choosing modules: ") + e, e);
                }
                notifyAll();
            }
        }
    }

    /** The directories and symlinks the skeletons create. */
    synchronized List<String> skeletonParents() throws IOException {
        entries();
        return skeletonParents;
    }

    /** How many of the entries are kernel modules (they come first). */
    synchronized int moduleCount() throws IOException {
        entries();
        return chosenModules.size();
    }

    private void work() {
        try {
            entries();
        } catch (IOException e) {
            return;
        }
        while (true) {
            int b;
            synchronized (this) {
                // Not too far ahead of the adding thread.
                while (!stopped && nextBlock < blocks && nextBlock >= released + AHEAD) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped || nextBlock >= blocks) {
                    return;
                }
                b = nextBlock++;
            }
            load(b);
        }
    }

    private synchronized boolean claim(int b) {
        if (nextBlock == b) {
            nextBlock++;
            return true;
        }
        return false;
    }

    private synchronized boolean isDone(int b) {
        return done[b];
    }

    private synchronized void awaitDone(int b) throws IOException {
        while (!done[b]) {
            waitHere();
        }
    }

    private void waitHere() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading host files");
        }
    }

    private void load(int b) {
        int end = Math.min(entries.size(), (b + 1) * BLOCK);
        for (int i = b * BLOCK; i < end; i++) {
            loaded[i] = load(entries.get(i));
        }
        synchronized (this) {
            done[b] = true;
            notifyAll();
        }
    }

    private static Loaded load(HostEntry e) {
        Loaded l = new Loaded();
        if (e.host() == null) {
            return l;
        }
        try {
            FileStat st = FileStat.of(e.host());
            l.st = st;
            if (st.isSymlink()) {
                l.linkTarget = Files.readSymbolicLink(e.host()).toString();
            } else if (st.isRegularFile() && st.size() > 0) {
                // Opened only to know that it can be: the image writer reads it later.
                FileChannel.open(e.host(), StandardOpenOption.READ).close();
            }
        } catch (NoSuchFileException gone) {
            l.st = null;
        } catch (IOException x) {
            l.failure = x;
        } catch (RuntimeException x) {
            l.failure = new IOException(e.host() + ": " + x, x);
        }
        return l;
    }
}
