package org.febootstrap.helper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The busybox that runs -f ext2's small initrd: this host's, which must be statically linked,
 * as the initrd holds no shared libraries (Debian's package busybox-static; the package busybox
 * is dynamically linked). Told apart by its ELF program headers: a dynamically linked program
 * has a PT_INTERP header naming its loader.
 */
final class StaticBusybox {
    static final List<Path> CANDIDATES = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"));
    private static final int PT_INTERP = 3;

    private StaticBusybox() {}

    /** The first candidate that exists, checked; a clear error when none is usable. */
    static Path find(List<Path> candidates) throws IOException {
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                check(p);
                return p;
            }
        }
        throw new IOException("-f ext2 needs a statically linked busybox for its initrd, and there is none at "
                + describe(candidates) + ": install the package busybox-static");
    }

    /** Fails unless {@code p} is a statically linked ELF program. */
    static void check(Path p) throws IOException {
        if (isDynamic(p)) {
            throw new IOException(p + ": busybox is dynamically linked, but -f ext2's initrd holds no libraries:"
                    + " install the package busybox-static (it replaces busybox)");
        }
    }

    private static boolean isDynamic(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(64);
            ch.read(h, 0);
            h.flip();
            if (h.limit() < 52 || h.get(0) != 0x7f || h.get(1) != 'E' || h.get(2) != 'L' || h.get(3) != 'F') {
                throw new IOException(p + ": not an ELF program (a statically linked busybox is needed:"
                        + " install the package busybox-static)");
            }
            boolean is64 = h.get(4) == 2;
            h.order(h.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long phoff = is64 ? h.getLong(32) : Integer.toUnsignedLong(h.getInt(28));
            int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 54 : 42));
            int phnum = Short.toUnsignedInt(h.getShort(is64 ? 56 : 44));
            if (phentsize < 4 || phnum > 4096) {
                throw new IOException(p + ": damaged ELF program headers");
            }
            ByteBuffer ph = ByteBuffer.allocate(phentsize * phnum).order(h.order());
            ch.read(ph, phoff);
            for (int i = 0; i < phnum; i++) {
                if (ph.getInt(i * phentsize) == PT_INTERP) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String describe(List<Path> candidates) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < candidates.size(); i++) {
            sb.append(i == 0 ? "" : i == candidates.size() - 1 ? " or " : ", ").append(candidates.get(i));
        }
        return sb.toString();
    }
}
