package org.febootstrap.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A small root of the host's own dynamically linked programs (dash, chown, cat, stat...) with
 * their libraries, at the host's paths. Unlike busybox-static it works under fakeroot and
 * fakechroot, which need LD_PRELOAD.
 */
public final class DynamicRoot {
    private DynamicRoot() {}

    public static Path create(Path dir, String... programs) {
        try {
            Set<String> files = new LinkedHashSet<>();
            for (String prog : programs) {
                Processes.Result which = Processes.sh("command -v " + prog).assertSuccess("which " + prog);
                String path = Path.of(which.stdout().strip()).toRealPath().toString();
                files.add(path);
                Processes.Result ldd = Processes.run(List.of("ldd", path));
                for (String line : ldd.stdout().lines().toList()) {
                    for (String word : line.strip().split("\\s+")) {
                        if (word.startsWith("/")) {
                            files.add(word);
                        }
                    }
                }
                // Reachable under its usual name too (/bin/dash on merged-/usr hosts is usr/bin/dash).
                Path link = dir.resolve("bin").resolve(prog);
                Files.createDirectories(link.getParent());
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !path.equals("/bin/" + prog)) {
                    Files.createSymbolicLink(link, Path.of(path));
                }
            }
            for (String f : files) {
                Path src = Path.of(f);
                Path dst = dir.resolve(f.substring(1));
                Files.createDirectories(dst.getParent());
                Files.copy(src.toRealPath(), dst, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createDirectories(dir.resolve("etc"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/dash\nalice:x:1500:1501::/home/alice:/bin/dash\n");
            Files.writeString(dir.resolve("etc/group"), "root:x:0:\nstaff:x:1501:\n");
            Files.writeString(dir.resolve("etc/hostname"), "dynamic-root\n");
            if (!Files.exists(dir.resolve("bin/sh"))) {
                Files.createSymbolicLink(dir.resolve("bin/sh"), Path.of("dash"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
