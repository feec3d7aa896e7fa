package org.febootstrap.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Boots a kernel and initrd under qemu TCG (no KVM here) with the serial console on stdout. */
public final class Qemu {
    /** What the guest printed on its serial console, and how long qemu ran. */
    public record Boot(String console, int exitCode, double seconds) {
        public boolean printed(String marker) {
            return console.contains(marker);
        }
    }

    private Qemu() {}

    /** The host's newest kernel in /boot that has its modules; skips the test when there is none. */
    public static Path hostKernel() {
        Processes.requireProgram("qemu-system-x86_64");
        try (Stream<Path> s = Files.list(Path.of("/boot"))) {
            List<Path> kernels = s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
                    .filter(p -> Files.isRegularFile(Path.of("/lib/modules",
                            p.getFileName().toString().substring("vmlinuz-".length()), "modules.dep")))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
            assumeTrue(!kernels.isEmpty(), "no kernel in /boot (.ci/run installs linux-image-amd64)");
            return kernels.get(kernels.size() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String kernelVersion(Path kernel) {
        return kernel.getFileName().toString().substring("vmlinuz-".length());
    }

    public static Boot boot(Path kernel, Path initrd, String extraAppend, List<String> extraArgs, Duration timeout) {
        Processes.requireProgram("qemu-system-x86_64");
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "1024",
                "-kernel", kernel.toString(), "-initrd", initrd.toString(),
                "-append", ("console=ttyS0 quiet panic=-1 " + extraAppend).strip(),
                "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot", "-nodefaults"));
        cmd.addAll(extraArgs);
        long t0 = System.nanoTime();
        Processes.Result r = Processes.run(cmd, null, null, java.util.Map.of(), timeout);
        return new Boot(r.stdout() + r.stderr(), r.exitCode(), (System.nanoTime() - t0) / 1e9);
    }

    public static Boot boot(Path kernel, Path initrd) {
        return boot(kernel, initrd, "", List.of(), Duration.ofMinutes(3));
    }
}
