package org.febootstrap.helper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.cpio.RootArchiver;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.ModuleDecompressor;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.util.TreeRemover;

/**
 * --decompress-modules: the chosen kernel modules as plain {@code .ko} files, for appliances
 * whose init loads modules with a tool that takes no compressed ones (busybox's insmod, an
 * {@code init_module()} call). They are decompressed into a scratch tree beside the output, and
 * the module indexes are made again for the new names: {@code depmod -b} over that tree writes
 * modules.dep, modules.dep.bin (which kmod's modprobe reads; the host's names the compressed
 * files) and the rest, for exactly the modules that go in. Without depmod, modules.dep is
 * rewritten with the new names and modules.dep.bin is left out (busybox's modprobe reads the
 * text file; kmod's would find nothing), with a warning. Each file keeps the host module's owner,
 * mode and mtime.
 *
 * <p>When no chosen module is compressed (Debian) there is nothing to do: {@link #prepare}
 * returns null and the modules go in as always.
 */
final class DecompressedModules implements AutoCloseable {
    /** A file for the appliance: its name there, the metadata to record, where its data is. */
    record Item(String name, FileStat stat, Path source) {}

    /** Index files depmod reads, not writes: copied into the scratch tree first. */
    private static final List<String> DEPMOD_INPUTS = List.of("modules.order", "modules.builtin",
            "modules.builtin.modinfo");

    private final Path scratch;
    private final List<Item> items;

    private DecompressedModules(Path scratch, List<Item> items) {
        this.scratch = scratch;
        this.items = items;
    }

    /** The modules (sorted by name), then the index files. */
    List<Item> items() {
        return items;
    }

    /**
     * @param patterns the -k wildcards, or null for every module
     * @param output an output of this run: the scratch tree is made in its directory
     * @param path the PATH to look for depmod and zstd in, or null for the default
     *     ({@code /usr/sbin} and {@code /sbin} are added)
     * @return null when none of the chosen modules is compressed
     */
    static DecompressedModules prepare(Kernel kernel, List<String> patterns, Path output, String path, Steps steps,
            PrintStream err) throws IOException {
        List<HostEntry> chosen = ModuleSelection.select(kernel, patterns, steps);
        String prefix = "lib/modules/" + kernel.version() + "/";
        List<HostEntry> modules = new ArrayList<>();
        List<HostEntry> indexes = new ArrayList<>();
        boolean anyCompressed = false;
        for (HostEntry e : chosen) {
            String rest = e.name().substring(prefix.length());
            if (rest.indexOf('/') < 0 && rest.startsWith("modules.")) {
                indexes.add(e);
            } else {
                modules.add(e);
                anyCompressed |= ModuleDecompressor.Compression.ofName(rest) != ModuleDecompressor.Compression.NONE;
            }
        }
        if (!anyCompressed) {
            steps.step("--decompress-modules: no chosen module is compressed");
            return null;
        }
        String searchPath = (path == null ? "/usr/local/bin:/usr/bin:/bin" : path) + ":/usr/sbin:/sbin";
        Path dir = output.toAbsolutePath().getParent();
        Path scratch = Files.createTempDirectory(dir, ".febootstrap-modules-");
        boolean done = false;
        try {
            Path tree = scratch.resolve("lib/modules").resolve(kernel.version());
            Files.createDirectories(tree);
            // kmod built with /usr/lib/modules as its module directory looks there under -b.
            Files.createDirectories(scratch.resolve("usr/lib"));
            Files.createSymbolicLink(scratch.resolve("usr/lib/modules"), Path.of("../../lib/modules"));
            List<Item> items = new ArrayList<>();
            Map<Path, Path> toDecompress = new LinkedHashMap<>();
            for (HostEntry m : modules) {
                String rest = m.name().substring(prefix.length());
                String plain = ModuleDecompressor.uncompressedName(rest);
                Path target = tree.resolve(plain);
                Files.createDirectories(target.getParent());
                if (plain.equals(rest)) {
                    // Already plain: in the tree for depmod only; the data comes from the host.
                    try {
                        Files.createLink(target, m.host());
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(m.host(), target);
                    }
                } else {
                    toDecompress.put(m.host(), target);
                }
            }
            new ModuleDecompressor(searchPath).decompressAll(toDecompress);
            for (HostEntry m : modules) {
                String rest = m.name().substring(prefix.length());
                String plain = ModuleDecompressor.uncompressedName(rest);
                FileStat host = FileStat.of(m.host());
                if (plain.equals(rest)) {
                    items.add(new Item(m.name(), host, m.host()));
                } else {
                    Path target = tree.resolve(plain);
                    items.add(new Item(prefix + plain, withSize(host, Files.size(target)), target));
                }
            }
            items.sort(new java.util.Comparator<Item>() {
                @Override
                public int compare(Item a, Item b) {
                    return a.name().compareTo(b.name());
                }
            });
            steps.step("--decompress-modules: decompressed " + toDecompress.size() + " of " + modules.size()
                    + " modules");
            items.addAll(indexes(kernel, indexes, prefix, tree, scratch, searchPath, steps, err));
            done = true;
            return new DecompressedModules(scratch, items);
        } finally {
            if (!done) {
                TreeRemover.removeTree(scratch);
            }
        }
    }

    /** The index files for the new names: depmod's, or the host's with modules.dep rewritten. */
    private static List<Item> indexes(Kernel kernel, List<HostEntry> hostIndexes, String prefix, Path tree,
            Path scratch, String searchPath, Steps steps, PrintStream err) throws IOException {
        Path depmod = findProgram("depmod", searchPath);
        FileStat depStat = FileStat.of(kernel.modulesDep());
        List<Item> out = new ArrayList<>();
        if (depmod != null) {
            for (String input : DEPMOD_INPUTS) {
                Path host = kernel.modulesDir().resolve(input);
                if (Files.isRegularFile(host)) {
                    Files.copy(host, tree.resolve(input), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            runDepmod(depmod, scratch, kernel.version());
            for (String name : ModuleSelection.indexFiles(tree)) {
                Path made = tree.resolve(name);
                Path host = kernel.modulesDir().resolve(name);
                FileStat like = Files.isRegularFile(host) ? FileStat.of(host) : depStat;
                out.add(new Item(prefix + name, withSize(like, Files.size(made)), made));
            }
            steps.step("--decompress-modules: " + depmod + " made " + out.size() + " index files");
            return out;
        }
        err.println(HelperOptions.COMMAND + ": warning: --decompress-modules: depmod not found (package kmod):"
                + " modules.dep rewritten, modules.dep.bin left out");
        for (HostEntry e : hostIndexes) {
            String name = e.name().substring(prefix.length());
            if (name.equals("modules.dep.bin")) {
                continue;
            }
            if (name.equals("modules.dep")) {
                String text = new String(Files.readAllBytes(e.host()), StandardCharsets.UTF_8);
                Path made = tree.resolve(name);
                Files.writeString(made, rewriteModulesDep(text));
                out.add(new Item(e.name(), withSize(FileStat.of(e.host()), Files.size(made)), made));
            } else {
                out.add(new Item(e.name(), FileStat.of(e.host()), e.host()));
            }
        }
        return out;
    }

    /** modules.dep with every compressed module name ({@code x.ko.xz}) as its plain name ({@code x.ko}). */
    static String rewriteModulesDep(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            int end = i;
            while (end < n && !isSeparator(text.charAt(end))) {
                end++;
            }
            String word = text.substring(i, end);
            String plain = ModuleDecompressor.uncompressedName(word);
            sb.append(plain.endsWith(".ko") ? plain : word);
            while (end < n && isSeparator(text.charAt(end))) {
                sb.append(text.charAt(end));
                end++;
            }
            i = end;
        }
        return sb.toString();
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':';
    }

    private static void runDepmod(Path depmod, Path base, String version) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(depmod.toString(), "-b", base.toString(), version);
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        byte[] output;
        try (InputStream in = p.getInputStream()) {
            output = in.readAllBytes();
        }
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while running depmod");
        }
        String said = new String(output, StandardCharsets.UTF_8).strip();
        if (exit != 0 || !Files.isRegularFile(base.resolve("lib/modules").resolve(version).resolve("modules.dep"))) {
            throw new IOException(depmod + " -b " + base + " " + version + ": failed (exit " + exit + ")"
                    + (said.isEmpty() ? "" : ": " + said));
        }
    }

    static Path findProgram(String name, String searchPath) {
        for (String d : searchPath.split(":")) {
            if (d.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(d, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static FileStat withSize(FileStat st, long size) {
        return new FileStat(st.mode(), st.uid(), st.gid(), size, st.mtime(), st.dev(), st.ino(), st.rdev(), st.nlink());
    }

    /**
     * For -f cpio: one newc archive with the items, their parent directories as the host has them
     * (except those the skeletons create), to be unpacked after the skeletons.
     */
    Path writeSegment(List<Path> skeletons, long sourceDateEpoch) throws IOException {
        Path segment = scratch.resolve("modules.cpio");
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            NewcWriter w = new NewcWriter(ch, sourceDateEpoch);
            for (Path skeleton : skeletons) {
                for (String parent : SkeletonScan.of(skeleton).parents()) {
                    w.assumeDirectory(parent);
                }
            }
            new RootArchiver(Root.open(Path.of("/")), w);
            for (Item item : items) {
                w.file(item.name(), item.stat(), item.source());
            }
            w.trailer();
            w.flush();
        }
        return segment;
    }

    @Override
    public void close() throws IOException {
        try {
            TreeRemover.removeTree(scratch);
        } catch (FileSystemException e) {
            throw new IOException("cannot remove the scratch directory " + scratch + ": " + e.getMessage(), e);
        }
    }
}
