package org.febootstrap.core.ext2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.febootstrap.core.root.FileStat;

/**
 * Benchmark driver for bench/ext2-writer.sh (run under hyperfine): lstat every entry of a tree,
 * feed the builder, write the image. {@code Ext2Bench DIR IMAGE [SIZE_BYTES]}; with
 * {@code -v} first, prints the wall and CPU time of each phase on stderr.
 */
public final class Ext2Bench {
    private Ext2Bench() {}

    public static void main(String[] args) throws Exception {
        int a = 0;
        boolean verbose = false;
        boolean emptyFiles = false;
        for (; a < args.length && args[a].startsWith("-"); a++) {
            verbose |= args[a].equals("-v");
            emptyFiles |= args[a].equals("--empty-files");
        }
        Path dir = Path.of(args[a]);
        Path image = Path.of(args[a + 1]);
        long size = args.length > a + 2 ? Long.parseLong(args[a + 2]) : 0;
        long c0 = verbose ? cpuNanos() : 0;
        long t0 = System.nanoTime();
        Ext2Builder b = new Ext2Builder();
        Map<String, String> firstName = new HashMap<>();
        int entries = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = dir.relativize(p).toString();
                FileStat st = FileStat.of(p);
                entries++;
                if (!st.isDirectory() && st.nlink() > 1) {
                    String first = firstName.putIfAbsent(st.dev() + ":" + st.ino(), rel);
                    if (first != null) {
                        b.hardLink(rel, first);
                        continue;
                    }
                }
                if (emptyFiles && st.isRegularFile()) {
                    b.file(rel, st.mode(), st.uid(), st.gid(), st.mtime(), new byte[0]);
                } else {
                    b.add(rel, st, p);
                }
            }
        }
        long t1 = System.nanoTime();
        long c1 = verbose ? cpuNanos() : 0;
        b.write(image, Ext2Options.of(UUID.nameUUIDFromBytes(dir.toString().getBytes()), 1_700_000_000L).withSizeBytes(size));
        long t2 = System.nanoTime();
        if (verbose) {
            long c2 = cpuNanos();
            System.err.printf("%d entries: walk+lstat %.0f ms (cpu %.0f ms), write %.0f ms (cpu %.0f ms)%n", entries,
                    (t1 - t0) / 1e6, (c1 - c0) / 1e6, (t2 - t1) / 1e6, (c2 - c1) / 1e6);
        }
    }

    /** CPU time of the whole process (all threads, user + system): steadier than wall time on a busy machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
