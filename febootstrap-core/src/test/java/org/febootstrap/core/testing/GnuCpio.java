package org.febootstrap.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** GNU cpio as the independent judge of what we write. */
public final class GnuCpio {
    private GnuCpio() {}

    /** Extracts an archive (gzip/xz/none, found by content) into {@code dest} with {@code cpio -idm}. */
    public static void extract(Path archive, Path dest) throws Exception {
        Processes.requireProgram("cpio");
        Files.createDirectories(dest);
        String cat = "cat";
        byte[] head = new byte[6];
        try (var in = Files.newInputStream(archive)) {
            in.readNBytes(head, 0, 6);
        }
        if ((head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            cat = "zcat";
        } else if ((head[0] & 0xff) == 0xfd && head[1] == '7') {
            cat = "xzcat";
        }
        String script = cat + " '" + archive + "' | cpio -idm --quiet --no-absolute-filenames";
        Processes.run(List.of("bash", "-o", "pipefail", "-c", script), dest, null, Map.of(), Duration.ofMinutes(5))
                .assertSuccess("cpio -idm of " + archive);
    }

    /** {@code cpio -itv} listing, one line per entry. */
    public static List<String> list(Path archive) {
        Processes.requireProgram("cpio");
        Processes.Result r = Processes.run(List.of("bash", "-c", "cpio -it --quiet < '" + archive + "'"));
        r.assertSuccess("cpio -it");
        return r.stdout().lines().toList();
    }
}
