package org.febootstrap.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.root.Lstat;

/**
 * -f checksum: a hash over everything the cpio build would read, so that a caller can keep a
 * built appliance while the hash stays the same. It covers the inputs (path and stat), the
 * HOST_CPU, the effective uid and -u/-g, the kernel image and version, every module file that
 * would go in (path, mode, owner, size, mtime, ctime, inode), and every host file the hostfiles
 * lists name (path, ctime and inode, which change whenever its content, size, mtime, owner or
 * mode does: see {@link #stat}), plus the lines that named nothing (a file
 * appearing changes the hash). File contents are not read: stat-ing is what keeps this fast.
 *
 * <p>The lists are cut into pieces of whole lines, which two threads take one by one: a second
 * thread from {@link #start}, and the calling one once it has hashed the kernel and the modules.
 * Each piece is hashed on its own; the pieces' hashes go into the result in list order, so the
 * result does not depend on which thread took which piece.
 */
final class ChecksumAppliance {
    private static final String HOST_ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,ctime,ino";
    /** About 30 pieces for 8,000 lines: small enough to even out the threads' shares. */
    private static final int PIECE_BYTES = 8 * 1024;

    /** One piece of the lists, hashed. */
    private static final class Part {
        final Hash128 hash = new Hash128();
        final List<String> missing = new ArrayList<>();
        int files;
        IOException failure;
        boolean done;
    }

    private final Hash128 hash = new Hash128();
    private final DirectoryCache dirs = new DirectoryCache();
    private List<HostFileLists.Piece> pieces;
    private Part[] parts;
    private int nextPiece;

    /** Reads the lists and starts hashing their pieces on a second thread. */
    void start(ApplianceInputs inputs) throws IOException {
        pieces = HostFileLists.pieces(inputs.hostFileLists(), PIECE_BYTES);
        parts = new Part[pieces.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new Part();
        }
        // A named class, not a lambda: no lambda bootstrap at start-up.
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                hashPieces();
            }
        }, "checksum-host-files");
        t.setDaemon(true);
        t.start();
    }

    /**
     * @param patterns the -k wildcards, or null for every module
     */
    String compute(HelperOptions o, ApplianceInputs inputs, Kernel kernel, List<String> patterns,
            OutputOwner owner, Steps steps, PrintStream err) throws IOException {
        field(hash, "febootstrap-supermin-helper checksum 4");
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
        List<HostEntry> modules = ModuleSelection.select(kernel, patterns, steps);
        field(hash, "modules");
        hash.add(modules.size());
        for (HostEntry m : modules) {
            byte[] n = m.name().getBytes(StandardCharsets.UTF_8);
            hash.add(n, 0, n.length);
            hostStat(hash, Files.readAttributes(m.host(), HOST_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
        }
        hashPieces();
        field(hash, "host files");
        List<String> missing = new ArrayList<>();
        int files = 0;
        for (Part p : parts) {
            awaitDone(p);
            if (p.failure != null) {
                throw new IOException(p.failure.getMessage(), p.failure);
            }
            field(hash, p.hash.hex());
            files += p.files;
            for (String line : p.missing) {
                if (missing.isEmpty() || !missing.get(missing.size() - 1).equals(line)) {
                    missing.add(line);
                }
            }
        }
        steps.step("hashed " + files + " host files (" + dirs.reads() + " directories listed, " + missing.size()
                + " missing)");
        MissingFiles.report(missing, o.strict(), steps, err);
        return hash.hex();
    }

    /** Takes pieces until none is left (on both threads). */
    private void hashPieces() {
        while (true) {
            int i;
            synchronized (this) {
                if (nextPiece == parts.length) {
                    return;
                }
                i = nextPiece++;
            }
            Part part = parts[i];
            try {
                hashPiece(pieces.get(i), part);
            } catch (IOException e) {
                part.failure = e;
            } catch (RuntimeException e) {
                part.failure = new IOException(e.toString(), e);
            }
            synchronized (this) {
                part.done = true;
                notifyAll();
            }
        }
    }

    /**
     * Hashes the host files of a piece. A plain line ({@code ./usr/bin/bash}) is stat-ed and
     * hashed straight from the list's bytes, with one string (its host path) made; the few others
     * (wildcards, odd forms) go through {@link HostFileLists}.
     */
    private void hashPiece(HostFileLists.Piece piece, Part part) throws IOException {
        byte[] data = piece.data();
        int to = piece.to();
        Hash128 h = part.hash;
        HostFileLists others = null;
        int start = piece.from();
        while (start < to) {
            long scan = HostFileLists.scanLine(data, start, to);
            int end = (int) (scan >>> 32);
            int name = (int) scan;
            if (name >= 0) {
                String host = name > start
                        ? new String(data, name - 1, end - name + 1, StandardCharsets.UTF_8)
                        : "/" + new String(data, name, end - name, StandardCharsets.UTF_8);
                Lstat.Change a = stat(Path.of(host));
                if (a != null) {
                    part.files++;
                    h.add(data, name, end);
                    hostChange(h, a);
                } else {
                    missing(h, part, new String(data, start, end - start, StandardCharsets.UTF_8));
                }
            } else if (end > start) {
                // Duplicates are kept: a file named twice is hashed twice, which changes nothing
                // in when the hash changes.
                if (others == null) {
                    others = new HostFileLists(dirs, false);
                }
                int before = others.entries().size();
                others.expand(data, start, Math.min(to, end + 1), piece.source());
                List<HostEntry> got = others.entries();
                for (int i = before; i < got.size(); i++) {
                    HostEntry e = got.get(i);
                    Lstat.Change a = e.host() == null ? null : stat(e.host());
                    if (a != null) {
                        part.files++;
                        byte[] n = e.name().getBytes(StandardCharsets.UTF_8);
                        h.add(n, 0, n.length);
                        hostChange(h, a);
                    } else {
                        missing(h, part, e.line());
                    }
                }
            }
            start = end + 1;
        }
    }

    /**
     * What is read of each of the thousands of host files: the change time and the inode, or
     * null when it does not exist. Every change the archive would show sets a file's ctime to the
     * current time: its content or size (write, truncate), its mtime (utimes, even set back), its
     * owner or group (chown), its mode (chmod, even to the same mode), its link count; and a file
     * replaced is another inode (with its own ctime: rename sets it too). So path, size, mtime,
     * owner and mode are covered by ctime and the inode, as precisely as file times allow.
     */
    private static Lstat.Change stat(Path p) throws IOException {
        try {
            return Lstat.change(p);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    private static void missing(Hash128 h, Part part, String line) {
        field(h, "missing");
        field(h, line);
        part.missing.add(line);
    }

    private synchronized void awaitDone(Part p) throws IOException {
        while (!p.done) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while computing the checksum");
            }
        }
    }

    private static void field(Hash128 h, String s) {
        h.add(s);
    }

    /** An input: its path and what changes when its content does. */
    private void followedStat(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, HOST_ATTRIBUTES + ",dev");
        field(hash, p.toAbsolutePath().toString());
        hash.add((Long) a.get("size"));
        hash.add(Lstat.nanos((FileTime) a.get("lastModifiedTime")));
        hash.add(Lstat.nanos((FileTime) a.get("ctime")));
        hash.add((Long) a.get("ino"));
        hash.add((Long) a.get("dev"));
    }

    /** A host file's change time and inode (after its name): see {@link #stat}. */
    private static void hostChange(Hash128 h, Lstat.Change a) {
        h.add(a.ctimeNanos());
        h.add(a.ino());
    }

    /** A kernel module as the archive would record it, plus its ctime and inode (after its name). */
    private static void hostStat(Hash128 h, Map<String, Object> a) {
        h.add(((Integer) a.get("mode")).longValue());
        h.add(((Integer) a.get("uid")).longValue());
        h.add(((Integer) a.get("gid")).longValue());
        h.add((Long) a.get("size"));
        h.add(Lstat.nanos((FileTime) a.get("lastModifiedTime")));
        h.add(Lstat.nanos((FileTime) a.get("ctime")));
        h.add((Long) a.get("ino"));
    }

    /** The effective uid: the owner of /proc/self. */
    static long euid() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) & 0xffffffffL;
    }
}
