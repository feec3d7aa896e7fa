package org.febootstrap.core.host;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Finds programs the way a shell would, also in the sbin directories a non-root PATH often lacks. */
public final class Programs {
    private static final String[] SBIN = {"/usr/local/sbin", "/usr/sbin", "/sbin"};

    private Programs() {}

    /** The executable {@code name} on {@code path} (a PATH value; null means /usr/bin:/bin) or in sbin. */
    public static Optional<Path> find(String name, String path) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        Set<String> dirs = new LinkedHashSet<>();
        for (String d : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            dirs.add(d.isEmpty() ? "." : d);
        }
        for (String d : SBIN) {
            dirs.add(d);
        }
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
