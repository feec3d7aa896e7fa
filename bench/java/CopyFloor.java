import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Reference for bench/helper.sh: a "cat" in Java, what a JVM needs to copy the files of the
 * floor list into one file, each with FileChannel.transferTo (sendfile), into a temporary file
 * renamed over the output, as the helper writes its initrd; no cpio headers, no stat, one thread.
 */
public final class CopyFloor {
    private CopyFloor() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
        try (FileChannel o = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            String list = new String(Files.readAllBytes(Path.of(args[0])), java.nio.charset.StandardCharsets.UTF_8);
            for (int s = 0; s < list.length();) {
                int e = list.indexOf('\n', s);
                e = e < 0 ? list.length() : e;
                try (FileChannel in = FileChannel.open(Path.of(list.substring(s, e)), StandardOpenOption.READ)) {
                    long size = in.size();
                    for (long pos = 0; pos < size;) {
                        pos += in.transferTo(pos, size - pos, o);
                    }
                }
                s = e + 1;
            }
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
