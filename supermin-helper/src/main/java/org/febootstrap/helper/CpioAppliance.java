package org.febootstrap.helper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
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
 *
 * <p>Four threads share the work: two list, stat, open and read the host files ahead
 * ({@link HostFileLoader}), this one writes headers and copies small files' data into the
 * archive's buffers, and the writer's own thread does all the writing and sends the large files
 * with sendfile ({@link NewcWriter#pipelined}).
 */
final class CpioAppliance {
    private final Steps steps;
    private final PrintStream err;
    private final boolean strict;
    private final long sourceDateEpoch;
    private final OutputOwner owner;

    CpioAppliance(Steps steps, PrintStream err, boolean strict, long sourceDateEpoch, OutputOwner owner) {
        this.steps = steps;
        this.err = err;
        this.strict = strict;
        this.sourceDateEpoch = sourceDateEpoch;
        this.owner = owner;
    }

    private HostFileLoader files;

    /** Starts choosing the modules and listing and loading the host files, on other threads. */
    void start(ApplianceInputs inputs, HostFileLoader.Modules modules) {
        files = new HostFileLoader(modules, inputs.skeletons(), inputs.hostFileLists()).start();
    }

    void build(ApplianceInputs inputs, Path initrd) throws IOException {
        HostFileLoader loader = files;
        try (AtomicFile out = AtomicFile.create(initrd)) {
            // Pipelined: the writer's thread copies the skeletons and every large file while this
            // one encodes headers and the loaders stat, open and read ahead.
            NewcWriter writer = NewcWriter.pipelined(out.channel(), sourceDateEpoch);
            try {
                for (Path skeleton : inputs.skeletons()) {
                    writer.appendArchive(skeleton);
                }
                List<String> parents = loader.skeletonParents();
                for (String name : parents) {
                    writer.assumeDirectory(name);
                }
                steps.step("copying " + inputs.skeletons().size() + " skeleton(s), which create " + parents.size()
                        + " directories and symlinks");
                // Other missing parents come from the host's own directories (and symlinks).
                new RootArchiver(Root.open(Path.of("/")), writer);
                List<HostEntry> entries = loader.entries();
                int modules = loader.moduleCount();
                int written = 0;
                MissingFiles.Tally tally = new MissingFiles.Tally();
                for (int i = 0; i < entries.size(); i++) {
                    if (i == modules) {
                        steps.step("wrote " + modules + " kernel module files");
                    }
                    HostEntry e = entries.get(i);
                    HostFileLoader.Loaded l = loader.get(i);
                    if (!tally.usable(e, l, err)) {
                        continue;
                    }
                    if ((l.st.isDirectory() || l.st.isSymlink()) && writer.hasDirectory(e.name())) {
                        // The skeleton decides the appliance's layout: its real bin/ or lib/ stays even
                        // where this (merged-/usr) host has a symlink, and the files go inside it.
                        continue;
                    }
                    write(writer, e, l);
                    if (i >= modules) {
                        written++;
                    }
                }
                if (entries.size() == modules) {
                    steps.step("wrote " + modules + " kernel module files");
                }
                tally.report("wrote", written, strict, steps, err);
                writer.trailer();
            } finally {
                loader.stop();
                writer.close();
            }
            steps.step("initrd complete: " + writer.bytesWritten() + " bytes; " + writer.entryCount()
                    + " entries after the skeletons");
            owner.apply(out.temp());
            out.commit();
        }
    }

    private static void write(NewcWriter writer, HostEntry e, HostFileLoader.Loaded l) throws IOException {
        FileStat st = l.st;
        switch (st.type()) {
            case FileStat.S_IFDIR -> writer.directory(e.name(), st);
            case FileStat.S_IFLNK -> writer.symlink(e.name(), st, l.linkTarget);
            case FileStat.S_IFREG -> {
                if (l.content != null) {
                    writer.file(e.name(), st, e.host(), l.content);
                } else {
                    writer.file(e.name(), st, e.host(), l.channel);
                }
            }
            default -> writer.special(e.name(), st);
        }
    }

}
