package org.febootstrap.helper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.ext2.Ext2Builder;
import org.febootstrap.core.ext2.Ext2Options;
import org.febootstrap.core.kernel.Kernel;

/**
 * -f ext2: KERNEL (as for cpio), APPLIANCE (the whole appliance as an ext2 image,
 * {@link Ext2Appliance}) and INITRD (a small initramfs that mounts it, {@link MiniInitrd}).
 *
 * <p>The image's UUID is the -f checksum of the same inputs and options, as a UUID, so the same
 * inputs give the same image and the initrd built with it finds it; the checksum is computed on
 * its own threads while the appliance is walked. --random-uuid takes a fresh one instead. Every
 * timestamp the writers would otherwise take from the clock is SOURCE_DATE_EPOCH when set, else
 * the newest mtime of the inputs.
 */
final class Ext2Build {
    private final HelperOptions o;
    private final Console console;
    private final OutputOwner owner;
    private final Steps steps;

    Ext2Build(HelperOptions o, Console console, OutputOwner owner, Steps steps) {
        this.o = o;
        this.console = console;
        this.owner = owner;
        this.steps = steps;
    }

    void run(Kernel kernel) throws IOException {
        PrintStream err = console.err();
        ApplianceInputs inputs = ApplianceInputs.collect(o.inputs());
        steps.step(inputs.skeletons().size() + " skeleton(s), " + inputs.hostFileLists().size() + " hostfiles list(s)");
        long epoch = NewcWriter.sourceDateEpoch(console.env());
        long timestamp = epoch >= 0 ? epoch : newestMtime(inputs);
        List<String> patterns = o.kmods() == null ? null : ModuleSelection.readPatterns(o.kmods());
        // Before any work: without a static busybox there is no initrd.
        Path busybox = StaticBusybox.find(StaticBusybox.CANDIDATES);
        UuidJob uuidJob = o.randomUuid() ? null : new UuidJob(inputs, kernel, patterns, err).fork();
        DecompressedModules decompressed = o.decompressModules()
                ? DecompressedModules.prepare(kernel, patterns, o.applianceOutput(), console.env().get("PATH"), steps, err)
                : null;
        try {
            Ext2Appliance appliance = new Ext2Appliance(steps, err, o.strict(), epoch);
            appliance.start(inputs, new HostFileLoader.Modules() {
                @Override
                public List<HostEntry> choose() throws IOException {
                    return decompressed != null ? List.of() : ModuleSelection.select(kernel, patterns, steps);
                }
            });
            // While the loaders list and stat the appliance's files.
            MiniInitrd initrd = MiniInitrd.choose(kernel, patterns);
            steps.step("initrd: busybox " + busybox + ", modules " + String.join(" ", initrd.moduleNames()));
            Ext2Builder image = appliance.build(inputs, timestamp, decompressed == null ? null : decompressed.items());
            UUID uuid = uuidJob == null ? UUID.randomUUID() : fromChecksum(uuidJob.await());
            steps.step("filesystem UUID " + uuid + (uuidJob == null ? " (random)" : " (from the checksum)"));
            image.write(o.applianceOutput(), Ext2Options.of(uuid, timestamp).withSizeBytes(o.sizeBytes()));
            // Ext2Builder renames the image into place itself: its owner is set right after.
            owner.apply(o.applianceOutput());
            steps.step("wrote " + o.applianceOutput() + " (" + Files.size(o.applianceOutput()) + " bytes, sparse)");
            initrd.write(o.initrdOutput(), kernel, busybox, uuid, timestamp, owner);
            steps.step("wrote " + o.initrdOutput() + " (" + Files.size(o.initrdOutput()) + " bytes)");
        } finally {
            if (decompressed != null) {
                decompressed.close();
            }
        }
        KernelOutput.write(kernel.image(), o.kernelOutput(), o.copyKernel(), owner);
        steps.step(o.copyKernel() ? "copied " + kernel.image() + " to " + o.kernelOutput()
                : "linked " + o.kernelOutput() + " to " + kernel.image());
    }

    /**
     * A UUID from the 32 hex digits of a checksum: its 128 bits, with the RFC 9562 version
     * (8, "custom") and variant bits set, so it is never the nil UUID.
     */
    static UUID fromChecksum(String hex) {
        if (hex.length() != 32) {
            throw new IllegalArgumentException("not a 128-bit checksum: " + hex);
        }
        long msb = Long.parseUnsignedLong(hex.substring(0, 16), 16);
        long lsb = Long.parseUnsignedLong(hex.substring(16), 16);
        msb = (msb & ~0xf000L) | 0x8000L;
        lsb = (lsb & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private long newestMtime(ApplianceInputs inputs) throws IOException {
        long newest = 0;
        for (Path p : inputs.all()) {
            newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis() / 1000);
        }
        if (o.kmods() != null) {
            newest = Math.max(newest, Files.getLastModifiedTime(o.kmods()).toMillis() / 1000);
        }
        return Math.min(newest, 0xFFFF_FFFFL);
    }

    /** The -f checksum of this run's inputs and options, computed on other threads. */
    private final class UuidJob implements Runnable {
        private final ApplianceInputs inputs;
        private final Kernel kernel;
        private final List<String> patterns;
        private final PrintStream err;
        private String sum;
        private IOException failure;
        private boolean finished;

        UuidJob(ApplianceInputs inputs, Kernel kernel, List<String> patterns, PrintStream err) {
            this.inputs = inputs;
            this.kernel = kernel;
            this.patterns = patterns;
            this.err = err;
        }

        UuidJob fork() {
            Thread t = new Thread(this, "ext2-uuid-checksum");
            t.setDaemon(true);
            t.start();
            return this;
        }

        @Override
        public void run() {
            String s = null;
            IOException f = null;
            try {
                ChecksumAppliance c = new ChecksumAppliance();
                c.start(inputs);
                // Quietly: the build itself reports missing files and enforces --strict.
                s = SuperminHelper.withOptions(c.compute(o.lenient(), inputs, kernel, patterns, owner,
                        new Steps(err, 0, 0), err), o);
            } catch (IOException e) {
                f = e;
            } catch (RuntimeException e) {
                f = new IOException("computing the checksum for the filesystem UUID: " + e, e);
            }
            synchronized (this) {
                sum = s;
                failure = f;
                finished = true;
                notifyAll();
            }
        }

        synchronized String await() throws IOException {
            while (!finished) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while computing the filesystem UUID");
                }
            }
            if (failure != null) {
                // The checksum's threads wrap what failed; the file system error underneath names the file and why.
                Throwable cause = failure;
                while (!(cause instanceof java.nio.file.FileSystemException) && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (!(cause instanceof java.nio.file.FileSystemException)) {
                    cause = failure;
                }
                throw new IOException(org.febootstrap.core.cli.CommandRunner.describe(cause) + " (while taking the checksum the filesystem UUID comes"
                        + " from; --random-uuid does without)", failure);
            }
            return sum;
        }
    }
}
