package org.febootstrap.helper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.febootstrap.core.util.AtomicFile;

/**
 * The KERNEL output: a symlink to the chosen kernel image (2.x), or a copy of it with
 * --copy-kernel (for when the image is not readable later, or the output leaves this host).
 * Either way it replaces the old output atomically.
 */
final class KernelOutput {
    private KernelOutput() {}

    static void write(Path image, Path output, boolean copy, OutputOwner owner) throws IOException {
        Path target = image.toAbsolutePath();
        if (copy) {
            try (AtomicFile out = AtomicFile.create(output);
                    FileChannel in = FileChannel.open(target, StandardOpenOption.READ)) {
                long size = in.size();
                long pos = 0;
                while (pos < size) {
                    long n = in.transferTo(pos, size - pos, out.channel());
                    if (n <= 0) {
                        throw new IOException(target + ": file changed size while being copied");
                    }
                    pos += n;
                }
                owner.apply(out.temp());
                out.commit();
            }
            return;
        }
        Path abs = output.toAbsolutePath();
        Path dir = abs.getParent();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + abs.getFileName() + ".tmp"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
            try {
                Files.createSymbolicLink(temp, target);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
                continue;
            }
            try {
                owner.apply(temp);
                Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(temp);
                throw new IOException(output + ": cannot rename " + temp + " into place atomically", e);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            return;
        }
    }
}
