package org.febootstrap.helper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.ModuleDecompressor;
import org.febootstrap.core.kernel.ModuleDependencies;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.util.AtomicFile;

/**
 * -f ext2's INITRD: a small uncompressed initramfs with a static busybox, the kernel modules
 * that find and mount the appliance disk, and the {@link InitScript} that does it.
 *
 * <p>The modules: the disk drivers for virtio-blk, virtio-scsi and IDE/SATA disks as qemu
 * presents them (virtio_pci, virtio_blk, virtio_scsi, virtio_console, sd_mod, ata_piix,
 * libata), the filesystem driver for ext2 (ext2 when the kernel has it as a module, else ext4,
 * which mounts ext2 on kernels built with EXT4_USE_FOR_EXT2, as Debian's), and the modules the
 * -k wildcards name; then every module they depend on (modules.dep), each after its
 * dependencies. A driver built into the kernel is not in modules.dep and is simply skipped.
 * Compressed modules are stored decompressed: busybox's insmod passes the file to
 * {@code init_module()}, which takes no compressed data.
 */
final class MiniInitrd {
    static final List<String> DISK_MODULES = List.of("virtio_pci", "virtio_blk", "virtio_scsi", "virtio_console",
            "sd_mod", "ata_piix", "libata");
    /** Filesystem drivers that mount ext2, in order of preference: only the first present goes in. */
    static final List<String> EXT2_DRIVERS = List.of("ext2", "ext4");

    private final List<String> modulePaths;
    private final List<String> names;

    private MiniInitrd(List<String> modulePaths, List<String> names) {
        this.modulePaths = modulePaths;
        this.names = names;
    }

    /** The module names in loading order. */
    List<String> moduleNames() {
        return names;
    }

    /**
     * Chooses the modules from the kernel's modules.dep.
     *
     * @param patterns the -k wildcards, or null
     */
    static MiniInitrd choose(Kernel kernel, List<String> patterns) throws IOException {
        ModuleDependencies deps = ModuleDependencies.read(kernel.modulesDep());
        Set<String> roots = new LinkedHashSet<>();
        for (String name : DISK_MODULES) {
            Optional<String> p = deps.pathOf(name);
            if (p.isPresent()) {
                roots.add(p.get());
            }
        }
        for (String name : EXT2_DRIVERS) {
            Optional<String> p = deps.pathOf(name);
            if (p.isPresent()) {
                roots.add(p.get());
                break;
            }
        }
        if (patterns != null) {
            roots.addAll(deps.matchingPatterns(patterns));
        }
        List<String> ordered = deps.closure(roots);
        // Soft dependencies (ext4 cannot mount without a crc32c driver, which it asks for by an
        // alias, not in modules.dep) go first, with their own dependencies.
        Set<String> soft = softPre(kernel.modulesDir(), deps, ordered);
        if (!soft.isEmpty()) {
            Set<String> all = new LinkedHashSet<>(soft);
            all.addAll(roots);
            ordered = deps.closure(all);
        }
        List<String> names = new ArrayList<>(ordered.size());
        for (String p : ordered) {
            names.add(ModuleDependencies.moduleName(p));
        }
        return new MiniInitrd(ordered, names);
    }

    /**
     * The modules named by the "pre:" soft dependencies (modules.softdep) of {@code modules} and
     * of those they bring in, by module name or by alias (modules.alias; crc32c's drivers are
     * named by {@code crypto-crc32c}), which are in modules.dep.
     */
    static Set<String> softPre(Path modulesDir, ModuleDependencies deps, List<String> modules) throws IOException {
        Path softdep = modulesDir.resolve("modules.softdep");
        Set<String> found = new LinkedHashSet<>();
        if (!Files.isRegularFile(softdep)) {
            return found;
        }
        java.util.Map<String, List<String>> pre = new java.util.HashMap<>();
        for (String line : Files.readAllLines(softdep, StandardCharsets.UTF_8)) {
            String[] w = line.strip().split("[ \\t]+");
            if (w.length < 3 || !w[0].equals("softdep")) {
                continue;
            }
            boolean inPre = false;
            for (int i = 2; i < w.length; i++) {
                if (w[i].equals("pre:") || w[i].equals("post:")) {
                    inPre = w[i].equals("pre:");
                } else if (inPre) {
                    String mod = ModuleDependencies.moduleName(w[1]);
                    List<String> l = pre.get(mod);
                    if (l == null) {
                        l = new ArrayList<>();
                        pre.put(mod, l);
                    }
                    l.add(w[i]);
                }
            }
        }
        String aliases = null;
        List<String> pending = new ArrayList<>(modules);
        Set<String> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            String module = pending.remove(pending.size() - 1);
            List<String> wanted = pre.get(ModuleDependencies.moduleName(module));
            if (wanted == null || !seen.add(module)) {
                continue;
            }
            for (String name : wanted) {
                List<String> names = new ArrayList<>();
                if (deps.pathOf(name).isPresent()) {
                    names.add(name);
                } else {
                    if (aliases == null) {
                        Path alias = modulesDir.resolve("modules.alias");
                        aliases = Files.isRegularFile(alias)
                                ? "\n" + new String(Files.readAllBytes(alias), StandardCharsets.UTF_8) : "";
                    }
                    // "alias NAME MODULE" lines; the file has thousands, so search rather than split it.
                    String key = "\nalias " + name + " ";
                    for (int at = aliases.indexOf(key); at >= 0; at = aliases.indexOf(key, at + 1)) {
                        int start = at + key.length();
                        int end = aliases.indexOf('\n', start);
                        names.add(aliases.substring(start, end < 0 ? aliases.length() : end).strip());
                    }
                }
                for (String n : names) {
                    Optional<String> p = deps.pathOf(n);
                    if (p.isPresent() && found.add(p.get())) {
                        pending.addAll(deps.closure(List.of(p.get())));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Writes the initrd atomically.
     *
     * @param timestamp every entry's mtime (the same inputs give the same bytes)
     */
    void write(Path initrd, Kernel kernel, Path busybox, UUID uuid, long timestamp, OutputOwner owner)
            throws IOException {
        ModuleDecompressor decompressor = new ModuleDecompressor();
        try (AtomicFile out = AtomicFile.create(initrd)) {
            NewcWriter w = new NewcWriter(out.channel(), -1);
            FileStat dir = new FileStat(FileStat.S_IFDIR | 0755, 0, 0, 0, timestamp, 0, 0, 0, 2);
            for (String d : new String[] {"bin", "dev", InitScript.MODULES_DIR, "newroot", "proc", "sys"}) {
                w.directory(d, dir);
            }
            // The kernel opens /dev/console for /init before devtmpfs is mounted.
            w.special("dev/console", new FileStat(FileStat.S_IFCHR | 0600, 0, 0, 0, timestamp, 0, 0,
                    FileStat.makedev(5, 1), 1));
            w.file(InitScript.BUSYBOX, new FileStat(FileStat.S_IFREG | 0755, 0, 0, Files.size(busybox), timestamp, 0, 0,
                    0, 1), busybox);
            for (int i = 0; i < modulePaths.size(); i++) {
                Path source = kernel.modulesDir().resolve(modulePaths.get(i));
                byte[] ko;
                if (ModuleDecompressor.Compression.ofName(source.getFileName().toString())
                        == ModuleDecompressor.Compression.NONE) {
                    ko = Files.readAllBytes(source);
                } else {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
                    decompressor.decompress(source, bytes);
                    ko = bytes.toByteArray();
                }
                w.file(InitScript.MODULES_DIR + "/" + names.get(i) + ".ko",
                        new FileStat(FileStat.S_IFREG | 0644, 0, 0, ko.length, timestamp, 0, 0, 0, 1), ko);
            }
            byte[] init = InitScript.text(names, uuid).getBytes(StandardCharsets.UTF_8);
            w.file("init", new FileStat(FileStat.S_IFREG | 0755, 0, 0, init.length, timestamp, 0, 0, 0, 1), init);
            w.trailer();
            w.flush();
            owner.apply(out.temp());
            out.commit();
        }
    }
}
