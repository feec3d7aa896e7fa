package org.febootstrap.cli;

import com.beust.jcommander.Parameter;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cli.Metavar;
import org.febootstrap.core.cli.Options;
import org.febootstrap.core.cli.Tool;
import org.febootstrap.core.cli.UsageException;
import org.febootstrap.core.cpio.Compression;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.cpio.RootArchiver;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.util.AtomicFile;

/** febootstrap-to-initramfs: a root as a (compressed) newc initramfs. */
public final class ToInitramfs implements Tool {
    static final String NAME = "febootstrap-to-initramfs";
    private static final Options.Help HELP = new Options.Help(NAME,
            NAME + " [--files=LIST] [--nocompress] [--compress=gzip|xz|none] [-o FILE] DIR > initrd.img",
            """
            Write the root filesystem DIR as a newc cpio initramfs that the kernel can boot,
            gzip-compressed (--best) unless told otherwise, on standard output or into FILE.
            File ownership comes from DIR/fakeroot.log when the root was built as non-root.
            The same root gives the same bytes; SOURCE_DATE_EPOCH clamps mtimes.""");

    @Parameter(names = "--files", description = "Archive only the paths listed in LIST (one per line; - for stdin), with their parent directories.")
    @Metavar("LIST")
    private String files;

    @Parameter(names = "--nocompress", description = "Do not compress (same as --compress=none).")
    private boolean nocompress;

    @Parameter(names = "--compress", description = "Compression: gzip (default), xz (with the CRC32 check the kernel needs) or none.")
    @Metavar("METHOD")
    private String compress = "gzip";

    @Parameter(names = {"-o", "--output"}, description = "Write to FILE (atomically: it appears only when complete) instead of stdout.")
    @Metavar("FILE")
    private String output;

    public static void main(String[] args) {
        CommandRunner.exit(CommandRunner.run(NAME, new ToInitramfs(), args, Console.system()));
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        List<String> operands = Options.parse(this, HELP, args, false);
        if (operands.size() != 1) {
            throw new UsageException(operands.isEmpty() ? "missing DIR" : "too many arguments: expected one DIR");
        }
        Compression compression;
        try {
            compression = nocompress ? Compression.NONE : Compression.parse(compress);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Root root = Root.open(Path.of(operands.get(0)));
        List<String> only = files == null ? null : readList(files);
        long epoch = NewcWriter.sourceDateEpoch(console.env());
        if (output != null) {
            try (AtomicFile out = AtomicFile.create(Path.of(output))) {
                write(root, only, compression, epoch, out.stream(), out.channel());
                out.commit();
            } catch (IOException e) {
                throw AtomicFile.naming(output, e);
            }
        } else {
            if (console.out() instanceof FileOutputStream && stdoutIsTerminal()) {
                throw new UsageException("refusing to write an initramfs to a terminal: redirect stdout or use -o FILE");
            }
            WritableByteChannel direct = console.out() instanceof FileOutputStream f ? f.getChannel() : null;
            try {
                write(root, only, compression, epoch, console.out(), direct);
            } catch (IOException e) {
                throw AtomicFile.naming("standard output", e);
            }
        }
        return 0;
    }

    /** System.console() cannot tell on every JDK (22+ answers even when redirected): ask the kernel. */
    private static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static List<String> readList(String list) throws IOException {
        String text = list.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(list), StandardCharsets.UTF_8);
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Streams the archive; {@code direct} (if any) is a channel on the same output, for transferTo. */
    private static void write(Root root, List<String> only, Compression compression, long epoch, OutputStream out,
            WritableByteChannel direct) throws IOException {
        OutputStream keepOpen = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        OutputStream compressed = compression.wrap(keepOpen);
        WritableByteChannel channel = compression == Compression.NONE && direct != null ? direct : Channels.newChannel(compressed);
        NewcWriter writer = new NewcWriter(channel, epoch);
        RootArchiver archiver = new RootArchiver(root, writer);
        if (only == null) {
            archiver.archiveTree();
        } else {
            archiver.archivePaths(checkListed(root, only));
        }
        writer.trailer();
        compressed.close();
    }

    /** Every listed path must exist: a list naming a missing file is an error, not a smaller initrd. */
    private static List<String> checkListed(Root root, List<String> paths) throws IOException {
        for (String p : paths) {
            Path host = root.resolveForWrite(p);
            if (!Files.exists(host, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.NoSuchFileException(host.toString(), null, "listed in --files but not in the root");
            }
        }
        return paths;
    }
}
