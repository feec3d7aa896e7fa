import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reference for bench/helper.sh: the least a Java helper must do to copy the floor's files, the
 * way the helper copies them. Two threads take files in turn; each lstats a file through the
 * JDK's attribute API, opens it, reads it into its own 512 KB direct buffer and, when the buffer
 * is full, writes it at an offset reserved for it in the output (a temporary file renamed over
 * the output at the end). No cpio headers, no hostfiles listing, no skeleton, no modules, and the
 * files in whatever order the threads finish them: the helper does all of this and more, so on the
 * same JVM it cannot be faster; the difference between the two is the helper's own work.
 *
 * <pre>java BufferedCopyFloor LIST OUTPUT</pre> (LIST: one path per line)
 */
public final class BufferedCopyFloor {
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ);
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final int BUFFER = 512 * 1024;

    private BufferedCopyFloor() {}

    private static void flush(FileChannel out, ByteBuffer buf, AtomicLong end) throws IOException {
        buf.flip();
        long at = end.getAndAdd(buf.remaining());
        while (buf.hasRemaining()) {
            at += out.write(buf, at);
        }
        buf.clear();
    }

    /** Copies files from the shared index until none is left. */
    static void copy(List<Path> files, AtomicInteger next, FileChannel out, AtomicLong end) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
            Path p = files.get(i);
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW);
            if (!a.isRegularFile() || a.size() == 0) {
                continue;
            }
            try (FileChannel in = FileChannel.open(p, READ)) {
                while (true) {
                    if (!buf.hasRemaining()) {
                        flush(out, buf, end);
                    }
                    if (in.read(buf) < 0) {
                        break;
                    }
                }
            }
        }
        if (buf.position() > 0) {
            flush(out, buf, end);
        }
    }

    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isEmpty()) {
                files.add(Path.of(line));
            }
        }
        Path output = Path.of(args[1]);
        Path tmp = output.resolveSibling("." + output.getFileName() + ".tmp");
        AtomicInteger next = new AtomicInteger();
        AtomicLong end = new AtomicLong();
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            IOException[] failed = new IOException[1];
            Thread t = new Thread(new Runnable() {
                @Override
                public void run() {
                    try {
                        copy(files, next, out, end);
                    } catch (IOException e) {
                        failed[0] = e;
                    }
                }
            });
            t.start();
            copy(files, next, out, end);
            t.join();
            if (failed[0] != null) {
                throw failed[0];
            }
        }
        Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
