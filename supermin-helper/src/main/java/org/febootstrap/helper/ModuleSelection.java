package org.febootstrap.helper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.ModuleDependencies;

/**
 * The kernel module files that go into the appliance: every module in modules.dep, or (with -k)
 * those whose names match the kmods wildcards plus every module they depend on, so that
 * {@code modprobe} (or {@code insmod} in dependency order) works inside; and the modules.*
 * index files. They are stored under {@code lib/modules/<version>/}, where modprobe looks, even
 * when SUPERMIN_MODULES took them from elsewhere.
 */
final class ModuleSelection {
    private ModuleSelection() {}

    /** The kmods file's wildcards: one per line; blank lines and {@code #} comments are ignored. */
    static List<String> readPatterns(Path kmods) throws IOException {
        String text = new String(Files.readAllBytes(kmods), StandardCharsets.UTF_8);
        List<String> patterns = new ArrayList<>();
        for (String line : text.split("\n")) {
            String p = line.strip();
            if (!p.isEmpty() && !p.startsWith("#")) {
                patterns.add(p);
            }
        }
        return patterns;
    }

    /**
     * @param patterns the -k wildcards, or null for every module
     * @return (archive name, host path) of each file, modules sorted by path, then the index files
     */
    static List<HostEntry> select(Kernel kernel, List<String> patterns, Steps steps) throws IOException {
        ModuleDependencies deps = ModuleDependencies.read(kernel.modulesDep());
        Collection<String> chosen;
        if (patterns == null) {
            chosen = deps.modules();
        } else {
            chosen = deps.closure(deps.matchingPatterns(patterns));
        }
        String[] paths = chosen.toArray(new String[0]);
        Arrays.sort(paths);
        String prefix = "lib/modules/" + kernel.version() + "/";
        List<HostEntry> out = new ArrayList<>(paths.length + 16);
        for (String p : paths) {
            out.add(new HostEntry(prefix + p, kernel.modulesDir().resolve(p), null));
        }
        for (String index : indexFiles(kernel.modulesDir())) {
            out.add(new HostEntry(prefix + index, kernel.modulesDir().resolve(index), null));
        }
        steps.step("kernel " + kernel.version() + ": " + paths.length + " modules"
                + (patterns == null ? " (all)" : " (" + patterns.size() + " wildcards and their dependencies)"));
        return out;
    }

    /** modules.dep, modules.alias, their .bin forms, modules.builtin... sorted. */
    static List<String> indexFiles(Path modulesDir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(modulesDir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith("modules.") && Files.isRegularFile(p)) {
                    names.add(n);
                }
            }
        }
        names.sort(null);
        return names;
    }
}
