package org.febootstrap.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.febootstrap.core.kernel.Kernel;

/**
 * -f checksum: a hash over everything the cpio build would read, so that a caller can keep a
 * built appliance while the hash stays the same. It covers the inputs (path and stat), the
 * HOST_CPU, the effective uid and -u/-g, the kernel image and version, every module file that
 * would go in, and every host file the hostfiles lists name (path, type and mode, owner, size,
 * mtime, ctime: a content change moves mtime, a chmod or chown moves ctime), plus the lines that
 * named nothing (a file appearing changes the hash). File contents are not read: stat-ing is what
 * keeps this fast, and the host files are stat-ed by two threads, each taking half of the lines.
 */
final class ChecksumAppliance {
    private static final String HOST_ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,ctime,ino";

    /** A share of the work, hashed on its own (on its own thread, or the calling one). */
    private abstract static class Job implements Runnable {
        final Hash128 hash = new Hash128();
        private IOException failure;
        private boolean finished;

        abstract void compute() throws IOException;

        @Override
        public void run() {
            try {
                compute();
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e.toString(), e);
            }
            synchronized (this) {
                finished = true;
                notifyAll();
            }
        }

        Job fork(String name) {
            Thread t = new Thread(this, name);
            t.setDaemon(true);
            t.start();
            return this;
        }

        synchronized void await() throws IOException {
            while (!finished) {
                try {
                    wait(TimeUnit.SECONDS.toMillis(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while computing the checksum");
                }
            }
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure);
            }
        }
    }

    /** The kernel modules that would go in: chosen (modules.dep) and stat-ed. */
    private static final class Modules extends Job {
        private final Kernel kernel;
        private final List<String> patterns;
        private final Steps steps;
        private int count;

        Modules(Kernel kernel, List<String> patterns, Steps steps) {
            this.kernel = kernel;
            this.patterns = patterns;
            this.steps = steps;
        }

        @Override
        void compute() throws IOException {
            List<HostEntry> modules = ModuleSelection.select(kernel, patterns, steps);
            for (HostEntry m : modules) {
                hostStat(hash, m.name(), Files.readAttributes(m.host(), HOST_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
            }
            count = modules.size();
        }
    }

    /** Half of the host files: listed, stat-ed and hashed on its own. */
    private static final class Part extends Job {
        private final List<HostFileLists.Piece> pieces;
        private final List<String> missing = new ArrayList<>();
        private int files;
        private int directoryReads;

        Part(List<HostFileLists.Piece> pieces) {
            this.pieces = pieces;
        }

        @Override
        void compute() throws IOException {
            DirectoryCache dirs = new DirectoryCache();
            HostFileLists lists = new HostFileLists(dirs);
            for (HostFileLists.Piece p : pieces) {
                lists.expand(p.text(), p.source(), p.firstLine());
            }
            for (HostEntry e : lists.entries()) {
                Map<String, Object> a = null;
                if (e.host() != null) {
                    try {
                        a = Files.readAttributes(e.host(), HOST_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    } catch (NoSuchFileException gone) {
                        a = null;
                    }
                }
                if (a != null) {
                    files++;
                    hostStat(hash, e.name(), a);
                } else {
                    field(hash, "missing");
                    field(hash, e.line());
                    if (missing.isEmpty() || !missing.get(missing.size() - 1).equals(e.line())) {
                        missing.add(e.line());
                    }
                }
            }
            directoryReads = dirs.reads();
        }
    }

    private final Hash128 hash = new Hash128();
    private Part first;
    private Part second;

    /** Starts on the host files: the second half on another thread right away. */
    void start(ApplianceInputs inputs) throws IOException {
        List<List<HostFileLists.Piece>> halves = HostFileLists.halves(inputs.hostFileLists());
        first = new Part(halves.get(0));
        second = new Part(halves.get(1));
        second.fork("checksum-second-half");
    }

    /**
     * @param patterns the -k wildcards, or null for every module
     */
    String compute(HelperOptions o, ApplianceInputs inputs, Kernel kernel, List<String> patterns,
            OutputOwner owner, Steps steps, PrintStream err) throws IOException {
        Modules modules = new Modules(kernel, patterns, steps);
        modules.fork("checksum-modules");
        field(hash, "febootstrap-supermin-helper checksum 1");
        field(hash, "cpu");
        field(hash, o.hostCpu());
        field(hash, "euid");
        hash.add(euid());
        field(hash, "owner");
        field(hash, owner.describe());
        for (Path p : inputs.all()) {
            field(hash, "input");
            followedStat(p);
        }
        for (Path d : inputs.directories()) {
            field(hash, "input-directory");
            followedStat(d);
        }
        if (o.kmods() != null) {
            field(hash, "kmods");
            followedStat(o.kmods());
        }
        field(hash, "kernel");
        field(hash, kernel.version());
        followedStat(kernel.image());
        first.run();
        first.await();
        modules.await();
        second.await();
        field(hash, "modules");
        hash.add(modules.count);
        field(hash, modules.hash.hex());
        field(hash, "host files");
        field(hash, first.hash.hex());
        field(hash, second.hash.hex());
        List<String> missing = new ArrayList<>(first.missing);
        missing.addAll(second.missing);
        steps.step("hashed " + (first.files + second.files) + " host files (" + (first.directoryReads
                + second.directoryReads) + " directories listed, " + missing.size() + " missing)");
        MissingFiles.report(missing, o.strict(), steps, err);
        return hash.hex();
    }

    private static void field(Hash128 h, String s) {
        h.add(s);
    }

    /** An input: its path and what changes when its content does. */
    private void followedStat(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, HOST_ATTRIBUTES + ",dev");
        field(hash, p.toAbsolutePath().toString());
        hash.add((Long) a.get("size"));
        hash.add(nanos(a.get("lastModifiedTime")));
        hash.add(nanos(a.get("ctime")));
        hash.add((Long) a.get("ino"));
        hash.add((Long) a.get("dev"));
    }

    /** A host file as the archive would record it, plus its ctime and inode. */
    private static void hostStat(Hash128 h, String name, Map<String, Object> a) {
        h.add(name);
        h.add(((Integer) a.get("mode")).longValue());
        h.add(((Integer) a.get("uid")).longValue());
        h.add(((Integer) a.get("gid")).longValue());
        h.add((Long) a.get("size"));
        h.add(nanos(a.get("lastModifiedTime")));
        h.add(nanos(a.get("ctime")));
        h.add((Long) a.get("ino"));
    }

    private static long nanos(Object fileTime) {
        FileTime t = (FileTime) fileTime;
        return t.to(TimeUnit.NANOSECONDS);
    }

    /** The effective uid: the owner of /proc/self. */
    static long euid() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) & 0xffffffffL;
    }
}
