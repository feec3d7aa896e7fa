package org.febootstrap.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An uncompressed initramfs made of several newc archives one after the other (each ending with
 * its TRAILER!!!, NUL padding between them), as the kernel reads it. GNU cpio stops at the first
 * trailer, so tests split the file and let GNU cpio extract each segment, in order, into the same
 * directory: the same tree the kernel builds.
 */
public final class CpioSegments {
    private CpioSegments() {}

    /** The [start, end) byte ranges of the archives in the file. */
    public static List<long[]> ranges(Path initramfs) {
        try {
            byte[] b = Files.readAllBytes(initramfs);
            List<long[]> out = new ArrayList<>();
            int pos = 0;
            while (pos < b.length) {
                while (pos < b.length && b[pos] == 0) {
                    pos++;
                }
                if (pos >= b.length) {
                    break;
                }
                int start = pos;
                while (true) {
                    String magic = new String(b, pos, 6, StandardCharsets.US_ASCII);
                    if (!magic.equals("070701") && !magic.equals("070702")) {
                        throw new AssertionError(initramfs + ": no newc header at byte " + pos);
                    }
                    long fileSize = Long.parseLong(new String(b, pos + 54, 8, StandardCharsets.US_ASCII), 16);
                    int nameSize = Integer.parseInt(new String(b, pos + 94, 8, StandardCharsets.US_ASCII), 16);
                    String name = new String(b, pos + 110, nameSize - 1, StandardCharsets.UTF_8);
                    pos = pad4(pos + 110 + nameSize);
                    pos = (int) (pos + pad4(fileSize));
                    if (name.equals("TRAILER!!!")) {
                        break;
                    }
                }
                out.add(new long[] {start, pos});
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Extracts every segment with GNU cpio ({@code cpio -idmu}: a later segment replaces what an
     * earlier one wrote, as in the kernel) into {@code dest}, in order.
     *
     * @return how many segments there were
     */
    public static int extractAll(Path initramfs, Path dest) throws IOException {
        Processes.requireProgram("cpio");
        byte[] b = Files.readAllBytes(initramfs);
        List<long[]> ranges = ranges(initramfs);
        Files.createDirectories(dest);
        for (long[] r : ranges) {
            byte[] segment = Arrays.copyOfRange(b, (int) r[0], (int) r[1]);
            Processes.run(List.of("cpio", "-idmu", "--quiet", "--no-absolute-filenames"), dest, segment, Map.of(),
                    Duration.ofMinutes(5)).assertSuccess("cpio -idmu of a segment of " + initramfs);
        }
        return ranges.size();
    }

    private static int pad4(long n) {
        return (int) ((n + 3) & ~3L);
    }
}
