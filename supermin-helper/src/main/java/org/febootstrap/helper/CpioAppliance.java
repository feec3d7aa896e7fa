package org.febootstrap.helper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.cpio.RootArchiver;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.util.AtomicFile;

/**
 * Writes the initrd: each skeleton copied verbatim (its trailer resets the kernel's hard-link
 * table, so its inode numbers never collide with ours), then one archive segment of our own with
 * the kernel modules and every host file the hostfiles lists name. Every entry's parent
 * directories come first, taken from the host (a parent that is a symlink on the host, like
 * {@code lib -> usr/lib} on merged-/usr systems, is written as that symlink after its target),
 * except those the skeletons already create. The file appears atomically.
 */
final class CpioAppliance {
    private final Steps steps;
    private final PrintStream err;
    private final boolean strict;
    private final long sourceDateEpoch;
    private final OutputOwner owner;
    private int hostFiles;
    private int unreadable;

    CpioAppliance(Steps steps, PrintStream err, boolean strict, long sourceDateEpoch, OutputOwner owner) {
        this.steps = steps;
        this.err = err;
        this.strict = strict;
        this.sourceDateEpoch = sourceDateEpoch;
        this.owner = owner;
    }

    /**
     * @param modules kernel module files and the modules.* files, as (archive name, host path)
     */
    void build(ApplianceInputs inputs, List<HostEntry> modules, Path initrd) throws IOException {
        try (AtomicFile out = AtomicFile.create(initrd)) {
            FileChannel ch = out.channel();
            for (Path skeleton : inputs.skeletons()) {
                copyVerbatim(skeleton, ch);
            }
            steps.step("copied " + inputs.skeletons().size() + " skeleton(s), " + ch.position() + " bytes");
            // Pipelined: this thread stats, opens and reads small files while another writes.
            NewcWriter writer = NewcWriter.pipelined(ch, sourceDateEpoch);
            int assumed = 0;
            for (Path skeleton : inputs.skeletons()) {
                SkeletonScan scan = SkeletonScan.of(skeleton);
                for (String name : scan.parents()) {
                    writer.assumeDirectory(name);
                }
                assumed += scan.parents().size();
            }
            steps.step("skeleton(s) create " + assumed + " directories and symlinks");
            Root host = Root.open(Path.of("/"));
            RootArchiver archiver = new RootArchiver(host, writer);
            try {
                for (HostEntry m : modules) {
                    add(archiver, host, m.name(), m.host(), true);
                }
                steps.step("wrote " + modules.size() + " kernel module files");
                DirectoryCache dirs = new DirectoryCache();
                HostFileLists lists = new HostFileLists(dirs);
                HostFileLists.Sink sink = new HostFileLists.Sink() {
                    @Override
                    public boolean accept(String name, Path path) throws IOException {
                        return add(archiver, host, name, path, false);
                    }
                };
                for (Path list : inputs.hostFileLists()) {
                    lists.expand(list, sink);
                }
                steps.step("wrote " + hostFiles + " host files (" + dirs.reads() + " directories listed, "
                        + lists.missing().size() + " missing, " + unreadable + " unreadable)");
                MissingFiles.report(lists.missing(), strict, steps, err);
                writer.trailer();
            } finally {
                writer.close();
            }
            steps.step("initrd complete: " + writer.bytesWritten() + " bytes in our segment, "
                    + writer.entryCount() + " entries");
            owner.apply(out.temp());
            out.commit();
        }
    }

    /** Adds one host file; false when it does not exist. An unreadable file is a warning. */
    private boolean add(RootArchiver archiver, Root host, String name, Path path, boolean required)
            throws IOException {
        FileStat st;
        try {
            st = host.stat(path);
        } catch (NoSuchFileException e) {
            if (required) {
                throw e;
            }
            return false;
        }
        try {
            archiver.write(name, path, st);
            hostFiles++;
        } catch (AccessDeniedException e) {
            unreadable++;
            err.println(HelperOptions.COMMAND + ": warning: " + CommandRunner.describe(e) + " (skipped)");
        }
        return true;
    }

    /** Copies a skeleton as it is, then NUL padding so our segment starts 4-byte aligned. */
    private static void copyVerbatim(Path skeleton, FileChannel out) throws IOException {
        try (FileChannel in = FileChannel.open(skeleton, StandardOpenOption.READ)) {
            long size = in.size();
            long pos = 0;
            while (pos < size) {
                long n = in.transferTo(pos, size - pos, out);
                if (n <= 0) {
                    throw new IOException(skeleton + ": file changed size while being copied");
                }
                pos += n;
            }
        }
        int pad = (int) ((4 - (out.position() & 3)) & 3);
        if (pad > 0) {
            out.write(ByteBuffer.allocate(pad));
        }
    }
}
