package org.febootstrap.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.cpio.NewcHeader;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.util.AtomicFile;

/**
 * Writes the initrd: each skeleton copied verbatim (its trailer resets the kernel's hard-link
 * table, so its inode numbers never collide with ours), then one archive segment of our own with
 * the kernel modules and every host file the hostfiles lists name. Every entry's parent
 * directories come first, taken from the host (a parent that is a symlink on the host, like
 * {@code lib -> usr/lib} on merged-/usr systems, is written as that symlink after its target),
 * except those the skeletons already create. The file appears atomically.
 *
 * <p>Two threads share the work from the start: a second one lists the host files while this one
 * chooses the modules and copies and scans the skeletons; then both build the
 * segment, block by block, each block written at offsets known once the blocks before it are
 * placed ({@link InitrdSegment}).
 */
final class CpioAppliance {
    private final Steps steps;
    private final PrintStream err;
    private final boolean strict;
    private final long sourceDateEpoch;
    private final OutputOwner owner;

    private HostFileLoader.Modules modules;
    /** Set by the second thread: the host files (or why not). */
    private List<HostEntry> hostFiles;
    private IOException listingFailure;
    /** Set by this thread for the second one: the segment to work on and where, or abandoned. */
    private InitrdSegment segment;
    private InitrdWriter writer;
    private boolean abandoned;
    private boolean secondDone;

    CpioAppliance(Steps steps, PrintStream err, boolean strict, long sourceDateEpoch, OutputOwner owner) {
        this.steps = steps;
        this.err = err;
        this.strict = strict;
        this.sourceDateEpoch = sourceDateEpoch;
        this.owner = owner;
    }

    /** Starts scanning the skeletons and listing the host files, on a second thread. */
    void start(ApplianceInputs inputs, HostFileLoader.Modules modules) {
        this.modules = modules;
        // A named class, not a lambda: no lambda bootstrap at start-up.
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                second(inputs);
            }
        }, "initrd-files");
        t.setDaemon(true);
        t.start();
    }

    void build(ApplianceInputs inputs, Path initrd) throws IOException {
        try {
            List<HostEntry> chosen = modules.choose();
            try (AtomicFile out = AtomicFile.create(initrd)) {
                FileChannel channel = out.channel();
                long start = copySkeletons(channel, inputs.skeletons());
                List<String> parents = new ArrayList<>();
                for (Path skeleton : inputs.skeletons()) {
                    parents.addAll(SkeletonScan.of(skeleton).parents());
                }
                List<HostEntry> files = awaitListing();
                steps.step("copying " + inputs.skeletons().size() + " skeleton(s), which create " + parents.size()
                        + " directories and symlinks");
                ArchiveLayout layout = buildSegment(chosen, files, parents, start, channel);
                steps.step("wrote " + layout.written + " host files (" + layout.missing.size() + " missing, "
                        + layout.unreadable + " unreadable)");
                MissingFiles.report(layout.missing, strict, steps, err);
                long size = writeTrailer(channel, layout.end());
                steps.step("initrd complete: " + size + " bytes; " + layout.entries()
                        + " entries after the skeletons");
                owner.apply(out.temp());
                out.commit();
            }
        } finally {
            synchronized (this) {
                abandoned = true;
                notifyAll();
            }
        }
    }

    /** Builds the segment on both threads; returns its layout once every block is written. */
    private ArchiveLayout buildSegment(List<HostEntry> chosen, List<HostEntry> files, List<String> parents, long start,
            FileChannel channel) throws IOException {
        List<HostEntry> entries = new ArrayList<>(chosen.size() + files.size());
        entries.addAll(chosen);
        entries.addAll(files);
        ArchiveLayout layout = new ArchiveLayout(parents, start, sourceDateEpoch, chosen.size(), steps, err);
        InitrdSegment built = new InitrdSegment(entries, layout);
        InitrdWriter w = new InitrdWriter(channel, built);
        synchronized (this) {
            segment = built;
            writer = w;
            notifyAll();
        }
        boolean worked = false;
        try {
            built.work(new BlockCopier(w, sourceDateEpoch));
            worked = true;
        } finally {
            if (!worked) {
                built.stop();
            }
            awaitSecond();
            built.closeAll();
        }
        if (built.failure() != null) {
            throw built.failure();
        }
        return layout;
    }

    /** The second thread: skeleton scan and host file listing, then its share of the segment. */
    private void second(ApplianceInputs inputs) {
        IOException failed = null;
        try {
            HostFileLists lister = new HostFileLists(new DirectoryCache());
            for (Path list : inputs.hostFileLists()) {
                lister.expand(list);
            }
            synchronized (this) {
                hostFiles = lister.entries();
                notifyAll();
            }
        } catch (IOException e) {
            failed = e;
        } catch (RuntimeException e) {
            failed = new IOException("listing host files: " + e, e);
        }
        if (failed != null) {
            synchronized (this) {
                listingFailure = failed;
                secondDone = true;
                notifyAll();
            }
            return;
        }
        InitrdSegment s;
        InitrdWriter w;
        synchronized (this) {
            while (segment == null && !abandoned) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    abandoned = true;
                }
            }
            s = segment;
            w = writer;
            if (s == null) {
                secondDone = true;
                notifyAll();
                return;
            }
        }
        try {
            s.work(new BlockCopier(w, sourceDateEpoch));
        } finally {
            synchronized (this) {
                secondDone = true;
                notifyAll();
            }
        }
    }

    private synchronized List<HostEntry> awaitListing() throws IOException {
        while (hostFiles == null && listingFailure == null) {
            waitHere();
        }
        if (listingFailure != null) {
            throw new IOException(listingFailure.getMessage(), listingFailure);
        }
        return hostFiles;
    }

    /** Waits for the second thread to leave the segment (it has stopped taking blocks). */
    private synchronized void awaitSecond() {
        boolean interrupted = false;
        while (!secondDone) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitHere() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while building the initrd");
        }
    }

    /**
     * Copies the skeletons one after the other, each padded to 4 bytes with NULs; returns where
     * the next archive starts.
     */
    private static long copySkeletons(FileChannel out, List<Path> skeletons) throws IOException {
        long at = 0;
        for (Path skeleton : skeletons) {
            try (FileChannel in = FileChannel.open(skeleton, StandardOpenOption.READ)) {
                long size = in.size();
                out.position(at);
                long done = 0;
                while (done < size) {
                    long n = in.transferTo(done, size - done, out);
                    if (n <= 0) {
                        throw BlockCopier.changed(skeleton, size);
                    }
                    done += n;
                }
                at += size;
            }
            int pad = (int) (((at + 3) & ~3L) - at);
            if (pad > 0) {
                ByteBuffer zeros = ByteBuffer.allocate(pad);
                while (zeros.hasRemaining()) {
                    out.write(zeros, at + zeros.position());
                }
                at += pad;
            }
        }
        return at;
    }

    /** The trailer at {@code at}, padded to a multiple of 512 bytes; returns the archive's size. */
    private static long writeTrailer(FileChannel out, long at) throws IOException {
        byte[] name = NewcHeader.TRAILER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int size = NewcWriter.headerSize(name.length);
        long end = (at + size + 511) & ~511L;
        byte[] bytes = new byte[(int) (end - at)];
        NewcWriter.encodeHeader(bytes, 0, name, 0, 0, 0, 0, 1, 0, 0, 0, 0);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            out.write(b, at + b.position());
        }
        return end;
    }
}
