package org.febootstrap.core.kernel;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The kernel an appliance boots: its image file, its version (as {@code uname -r} will say in
 * the appliance) and the directory holding its modules and {@code modules.dep}.
 *
 * @param image the kernel image file, a real path on this machine (under the host root)
 * @param version the kernel release, for example {@code 6.1.0-56-amd64}
 * @param modulesDir the modules directory, for example {@code /lib/modules/6.1.0-56-amd64}
 */
public record Kernel(Path image, String version, Path modulesDir) {

    public Kernel {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modulesDir, "modulesDir");
        if (version.isEmpty()) {
            throw new IllegalArgumentException("kernel " + image + ": empty version");
        }
    }

    /** The {@code modules.dep} file of this kernel's modules directory. */
    public Path modulesDep() {
        return modulesDir.resolve("modules.dep");
    }
}
