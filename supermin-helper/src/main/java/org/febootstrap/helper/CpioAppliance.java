package org.febootstrap.helper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.cpio.FileData;
import org.febootstrap.core.cpio.NewcHeader;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.util.AtomicFile;

/**
 * Writes the initrd: each skeleton copied verbatim (its trailer resets the kernel's hard-link
 * table, so its inode numbers never collide with ours), then one archive segment of our own with
 * every host file the hostfiles lists name, then the kernel modules. Every entry's parent
 * directories come first, taken from the host (a parent that is a symlink on the host, like
 * {@code lib -> usr/lib} on merged-/usr systems, is written as that symlink after its target),
 * except those the skeletons already create. The file appears atomically.
 *
 * <p>Two threads share the work from the start: a second one reads the hostfiles lists, handing
 * the host files over as it goes, then builds the segment block by block, each block written at
 * offsets known once the blocks before it are placed ({@link InitrdSegment}); this one copies and
 * scans the skeletons (which gives the segment its start), chooses the modules (modules.dep is
 * read while the host files are copied), then joins in. When the copying turns out to read from
 * the disk rather than the page cache, more threads join ({@link InitrdSegment#READERS}): the disk
 * serves several reads at once faster than one after the other.
 */
final class CpioAppliance {
    /** Host files are handed over a piece of a list at a time (about a hundred lines). */
    private static final int LIST_PIECE = 4096;

    private final Steps steps;
    private final PrintStream err;
    private final boolean strict;
    private final long sourceDateEpoch;
    private final OutputOwner owner;

    private HostFileLoader.Modules modules;
    private final InitrdSegment segment = new InitrdSegment();

    CpioAppliance(Steps steps, PrintStream err, boolean strict, long sourceDateEpoch, OutputOwner owner) {
        this.steps = steps;
        this.err = err;
        this.strict = strict;
        this.sourceDateEpoch = sourceDateEpoch;
        this.owner = owner;
    }

    /** Starts reading the hostfiles lists, on a second thread. */
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
        segment.threadStarted();
    }

    void build(ApplianceInputs inputs, Path initrd) throws IOException {
        AtomicFile output;
        try {
            output = AtomicFile.create(initrd);
        } catch (IOException | RuntimeException | Error e) {
            stopSecond();
            throw e;
        }
        try (AtomicFile out = output) {
            FileChannel channel = out.channel();
            ArchiveLayout layout;
            List<HostEntry> chosen;
            boolean worked = false;
            try {
                long start = copySkeletons(channel, inputs.skeletons());
                List<String> parents = new ArrayList<>();
                for (Path skeleton : inputs.skeletons()) {
                    parents.addAll(SkeletonScan.of(skeleton).parents());
                }
                steps.step("copying " + inputs.skeletons().size() + " skeleton(s), which create " + parents.size()
                        + " directories and symlinks");
                layout = new ArchiveLayout(parents, start, sourceDateEpoch, err);
                segment.begin(layout, new InitrdWriter(channel, segment));
                // The second thread copies host files meanwhile.
                chosen = modules.choose();
                segment.modulesChosen(chosen);
                segment.work(sourceDateEpoch);
                worked = true;
            } finally {
                if (!worked) {
                    // The second thread may be writing: it stops before the output goes.
                    stopSecond();
                }
            }
            segment.awaitThreads();
            if (segment.readers() > 0) {
                steps.step(segment.readers() + " more threads read the files: they came from the disk, not the page cache");
            }
            if (segment.failure() != null) {
                segment.closeAll();
                throw segment.failure();
            }
            steps.step("wrote " + chosen.size() + " kernel module files");
            layout.tally.report("wrote", layout.written, strict, steps, err);
            long size = writeTrailer(channel, layout.end());
            steps.step("initrd complete: " + size + " bytes; " + layout.entries() + " entries after the skeletons");
            owner.apply(out.temp());
            out.commit();
        }
    }

    /**
     * Stops the second thread after a failure, here or in the caller before {@link #build} (it may
     * be reading the lists or writing), waits for it and for any readers that joined, and closes
     * every file still open; before the temporary output goes.
     */
    void stopSecond() {
        segment.stop();
        segment.awaitThreads();
        segment.closeAll();
    }

    /** The second thread: reads the lists, handing host files over, then takes its share of the segment. */
    private void second(ApplianceInputs inputs) {
        try {
            HostFileLists lister = new HostFileLists(new DirectoryCache());
            int given = 0;
            for (HostFileLists.Piece piece : HostFileLists.pieces(inputs.hostFileLists(), LIST_PIECE)) {
                lister.expand(piece.data(), piece.from(), piece.to(), piece.source());
                List<HostEntry> all = lister.entries();
                if (all.size() > given) {
                    segment.addHosts(all.subList(given, all.size()));
                    given = all.size();
                }
            }
            segment.hostsDone();
            segment.work(sourceDateEpoch);
        } catch (IOException e) {
            segment.listingFailed(e);
        } catch (RuntimeException e) {
            segment.listingFailed(new IOException("listing host files: " + e, e));
        } finally {
            segment.threadDone();
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
                        throw FileData.changed(skeleton, size);
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
