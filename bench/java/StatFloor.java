import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reference for bench/helper.sh: what a JVM needs just to lstat every file a hostfiles list names
 * (literal lines only), on two threads, with the attributes the helper's checksum reads. The
 * helper's -f checksum cannot be faster than this on the same JVM.
 */
public final class StatFloor {
    private StatFloor() {}

    static long stat(List<String> lines, int from, int to) {
        long h = 0;
        for (int i = from; i < to; i++) {
            try {
                Map<String, Object> m = Files.readAttributes(Path.of(lines.get(i).substring(1)),
                        "unix:mode,uid,gid,size,lastModifiedTime,ctime,ino", LinkOption.NOFOLLOW_LINKS);
                h = h * 31 + m.get("ino").hashCode() + m.get("ctime").hashCode();
            } catch (java.io.IOException e) {
                h++;
            }
        }
        return h;
    }

    public static void main(String[] args) throws Exception {
        String text = new String(Files.readAllBytes(Path.of(args[0])), java.nio.charset.StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < text.length();) {
            int e = text.indexOf('\n', s);
            e = e < 0 ? text.length() : e;
            lines.add(text.substring(s, e));
            s = e + 1;
        }
        int mid = lines.size() / 2;
        long[] other = new long[1];
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                other[0] = stat(lines, mid, lines.size());
            }
        });
        t.start();
        long h = stat(lines, 0, mid);
        t.join();
        System.out.println(Long.toHexString(h ^ other[0]));
    }
}
