package org.febootstrap.helper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.ModuleDependencies;
import org.febootstrap.core.testing.Processes;

/**
 * A modules directory for SUPERMIN_MODULES made from this host's (Debian ships plain .ko files)
 * with chosen modules compressed the way other distributions ship them: {@code xz --check=crc32}
 * (Fedora), {@code zstd} (Ubuntu, Arch). Its modules.dep names the compressed files; its
 * modules.dep.bin is the host's, stale, as it would be for any such tree copied by hand.
 */
final class FakeModules {
    private FakeModules() {}

    /**
     * @param names module names; they and everything they depend on go in
     * @param compression "xz", "zst" or "" for each module by name, "xz" when not listed
     */
    static Path create(Path dir, Kernel k, List<String> names, Map<String, String> compression) throws IOException {
        Processes.requireProgram("xz");
        Processes.requireProgram("zstd");
        ModuleDependencies deps = ModuleDependencies.read(k.modulesDep());
        List<String> roots = new ArrayList<>();
        for (String n : names) {
            roots.add(deps.pathOf(n).orElseThrow());
        }
        StringBuilder dep = new StringBuilder();
        for (String m : deps.closure(roots)) {
            String kind = compression.getOrDefault(ModuleDependencies.moduleName(m), "xz");
            Path target = dir.resolve(m + (kind.isEmpty() ? "" : "." + kind));
            Files.createDirectories(target.getParent());
            Path source = k.modulesDir().resolve(m);
            if (kind.isEmpty()) {
                Files.copy(source, target);
            } else if (kind.equals("xz")) {
                Files.write(target, Processes.run(List.of("xz", "--check=crc32", "-0", "-c", source.toString()))
                        .assertSuccess("xz").stdoutBytes());
            } else if (kind.equals("zst")) {
                Processes.run(List.of("zstd", "-q", "-o", target.toString(), source.toString())).assertSuccess("zstd");
            }
            dep.append(name(m, compression)).append(':');
            for (String d : deps.dependenciesOf(m)) {
                dep.append(' ').append(name(d, compression));
            }
            dep.append('\n');
        }
        Files.writeString(dir.resolve("modules.dep"), dep);
        for (String index : List.of("modules.dep.bin", "modules.alias", "modules.softdep", "modules.order",
                "modules.builtin", "modules.builtin.modinfo")) {
            Path host = k.modulesDir().resolve(index);
            if (Files.exists(host)) {
                Files.copy(host, dir.resolve(index));
            }
        }
        return dir;
    }

    private static String name(String module, Map<String, String> compression) {
        String kind = compression.getOrDefault(ModuleDependencies.moduleName(module), "xz");
        return module + (kind.isEmpty() ? "" : "." + kind);
    }
}
