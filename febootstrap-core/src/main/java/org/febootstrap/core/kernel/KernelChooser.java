package org.febootstrap.core.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.febootstrap.core.host.Arch;
import org.febootstrap.core.util.VersionOrder;

/**
 * Chooses the kernel to boot an appliance with, the way supermin and febootstrap do.
 *
 * <p>Without overrides the candidates are {@code /boot/vmlinuz-<version>} and (Fedora)
 * {@code /lib/modules/<version>/vmlinuz}. Skipped are Xen ({@code xen}), debug
 * ({@code +debug}) and s390 dump ({@code zfcpdump}) kernels, files under
 * {@value #MINIMUM_IMAGE_SIZE} bytes (placeholders) and kernels without
 * {@code /lib/modules/<version>/modules.dep}. Kernels whose name carries the host
 * architecture (see {@link Arch#kernelNameHints()}) come first, then newest first in
 * {@link VersionOrder}; the first acceptable one wins. Candidates are ordered by name before
 * any file is looked at, so usually only the winner is stat-ed.
 *
 * <p>Overrides, from the environment map:
 * <ul>
 *   <li>{@code SUPERMIN_KERNEL}: the kernel image to use, a path on this machine (not
 *       re-rooted under the host root). Its version comes from {@code SUPERMIN_KERNEL_VERSION},
 *       else from its name ({@code vmlinuz-<version>} or {@code .../modules/<version>/vmlinuz}),
 *       else from the x86 boot header inside the image.</li>
 *   <li>{@code SUPERMIN_MODULES}: the modules directory to use. Without
 *       {@code SUPERMIN_KERNEL} it replaces the chosen kernel's modules directory, and
 *       candidates are then not required to have modules under {@code /lib/modules}.</li>
 * </ul>
 * Empty variables count as unset.
 *
 * <p>The host root (normally {@code /}) is where {@code boot} and {@code lib/modules} are
 * looked up; tests point it at a fake tree. On merged-/usr hosts {@code lib} is a symlink to
 * {@code usr/lib}, which path resolution follows.
 */
public final class KernelChooser {

    /** Smaller "kernels" are placeholders or stubs, never bootable images. */
    public static final long MINIMUM_IMAGE_SIZE = 10_000;

    public static final String KERNEL_VARIABLE = "SUPERMIN_KERNEL";
    public static final String KERNEL_VERSION_VARIABLE = "SUPERMIN_KERNEL_VERSION";
    public static final String MODULES_VARIABLE = "SUPERMIN_MODULES";

    private static final String BOOT_PREFIX = "vmlinuz-";

    private final Path hostRoot;
    private final Arch arch;
    private final Map<String, String> environment;
    private final Predicate<Path> readable;

    /**
     * @param hostRoot where {@code boot/} and {@code lib/modules/} are, normally {@code /}
     * @param arch the host architecture, to prefer its kernels
     * @param environment where the {@code SUPERMIN_*} overrides are read from
     */
    public KernelChooser(Path hostRoot, Arch arch, Map<String, String> environment) {
        this(hostRoot, arch, environment, READABLE);
    }

    // Named classes, not lambdas or method references, here and below: the helper chooses a
    // kernel before every appliance boot, and a cold JVM spends milliseconds bootstrapping each
    // lambda.
    private static final Predicate<Path> READABLE = new Predicate<Path>() {
        @Override
        public boolean test(Path p) {
            return Files.isReadable(p);
        }
    };

    /** For tests: as root every file is readable, so the "not readable" path needs a stand-in. */
    KernelChooser(Path hostRoot, Arch arch, Map<String, String> environment, Predicate<Path> readable) {
        this.hostRoot = Objects.requireNonNull(hostRoot, "hostRoot");
        this.arch = Objects.requireNonNull(arch, "arch");
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.readable = readable;
    }

    /** The chooser for this machine: root {@code /}, {@link Arch#host()}, the process environment. */
    public static KernelChooser forHost() {
        return new KernelChooser(Path.of("/"), Arch.host(), System.getenv());
    }

    /**
     * Chooses the kernel.
     *
     * @throws KernelChoiceException when there is no usable kernel (the message lists every
     *     candidate and why it was refused) or the chosen image is not readable
     * @throws IOException when a directory or file cannot be read
     */
    public Kernel choose() throws IOException {
        Optional<String> kernelOverride = variable(KERNEL_VARIABLE);
        if (kernelOverride.isPresent()) {
            return chooseOverride(Path.of(kernelOverride.get()));
        }
        return chooseInstalled();
    }

    private Kernel chooseOverride(Path image) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(image, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new KernelChoiceException(KERNEL_VARIABLE + " names kernel " + image
                    + ", which does not exist");
        }
        if (!attributes.isRegularFile()) {
            throw new KernelChoiceException(KERNEL_VARIABLE + " names kernel " + image
                    + ", which is not a regular file");
        }
        requireReadable(image);
        String version = variable(KERNEL_VERSION_VARIABLE).orElse(null);
        if (version == null) {
            version = versionFromFileName(image).orElse(null);
        }
        if (version == null) {
            version = versionFromImageHeader(image).orElse(null);
            if (version == null) {
                throw new KernelChoiceException("cannot tell the version of kernel " + image
                        + " (the name is not vmlinuz-<version> and the image has no x86 boot header version): set "
                        + KERNEL_VERSION_VARIABLE);
            }
        }
        Optional<String> modulesOverride = variable(MODULES_VARIABLE);
        Path modules = modulesOverride.isPresent() ? Path.of(modulesOverride.get()) : modulesRoot().resolve(version);
        if (!Files.isDirectory(modules)) {
            throw new KernelChoiceException("modules directory " + modules + " for kernel " + image
                    + " does not exist: set " + MODULES_VARIABLE
                    + (modulesOverride.isPresent() ? " to an existing directory" : ""));
        }
        return new Kernel(image, version, modules);
    }

    private Kernel chooseInstalled() throws IOException {
        Path boot = hostRoot.resolve("boot");
        Path modulesRoot = modulesRoot();
        Optional<String> modulesVariable = variable(MODULES_VARIABLE);
        Optional<Path> modulesOverride = modulesVariable.isPresent()
                ? Optional.of(Path.of(modulesVariable.get())) : Optional.empty();
        List<String> refusals = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (String name : list(boot)) {
            if (name.startsWith(BOOT_PREFIX) && name.length() > BOOT_PREFIX.length()) {
                addCandidate(candidates, refusals, boot.resolve(name), name.substring(BOOT_PREFIX.length()), true);
            }
        }
        for (String version : list(modulesRoot)) {
            addCandidate(candidates, refusals, modulesRoot.resolve(version).resolve("vmlinuz"), version, false);
        }
        candidates.sort(PREFERENCE);
        for (Candidate candidate : candidates) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(candidate.image, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                // Only Fedora has /lib/modules/<version>/vmlinuz: its absence is normal.
                if (candidate.inBoot) {
                    refusals.add(candidate.image + ": dangling symbolic link");
                }
                continue;
            }
            if (!attributes.isRegularFile()) {
                refusals.add(candidate.image + ": not a regular file");
                continue;
            }
            if (attributes.size() < MINIMUM_IMAGE_SIZE) {
                refusals.add(candidate.image + ": only " + attributes.size() + " bytes, too small to be a kernel");
                continue;
            }
            Path modules = modulesOverride.orElse(modulesRoot.resolve(candidate.version));
            if (modulesOverride.isEmpty() && !Files.exists(modules.resolve("modules.dep"))) {
                refusals.add(candidate.image + ": no " + modules.resolve("modules.dep"));
                continue;
            }
            requireReadable(candidate.image);
            return new Kernel(candidate.image, candidate.version, modules);
        }
        StringBuilder message = new StringBuilder("no kernel found in ").append(boot)
                .append(" or ").append(modulesRoot).append("/*/vmlinuz: ");
        if (refusals.isEmpty()) {
            message.append("there are no vmlinuz-* files");
        } else {
            message.append(String.join("; ", refusals));
        }
        message.append(" (install a kernel package, or set ").append(KERNEL_VARIABLE).append(')');
        throw new KernelChoiceException(message.toString());
    }

    private void addCandidate(List<Candidate> candidates, List<String> refusals, Path image, String version,
            boolean inBoot) {
        String name = inBoot ? image.getFileName().toString() : version;
        if (name.contains("xen")) {
            refusals.add(image + ": a Xen kernel");
        } else if (name.contains("+debug")) {
            refusals.add(image + ": a debug kernel");
        } else if (name.contains("zfcpdump")) {
            refusals.add(image + ": an s390 zfcpdump kernel");
        } else {
            boolean archMatch = false;
            for (String hint : arch.kernelNameHints()) {
                archMatch |= name.contains(hint);
            }
            candidates.add(new Candidate(image, version, inBoot, archMatch));
        }
    }

    /**
     * Host architecture first, then newest version, then Fedora's /lib/modules copy before the
     * /boot one: it is the file the package owns, world-readable even where /boot is not.
     */
    private static final Comparator<Candidate> PREFERENCE = new Comparator<Candidate>() {
        @Override
        public int compare(Candidate a, Candidate b) {
            if (a.archMatch != b.archMatch) {
                return a.archMatch ? -1 : 1;
            }
            int byVersion = VersionOrder.instance().compare(b.version, a.version);
            if (byVersion != 0) {
                return byVersion;
            }
            return Boolean.compare(a.inBoot, b.inBoot);
        }
    };

    private static final class Candidate {
        final Path image;
        final String version;
        final boolean inBoot;
        final boolean archMatch;

        Candidate(Path image, String version, boolean inBoot, boolean archMatch) {
            this.image = image;
            this.version = version;
            this.inBoot = inBoot;
            this.archMatch = archMatch;
        }
    }

    private void requireReadable(Path image) throws KernelChoiceException {
        if (readable.test(image)) {
            return;
        }
        String mode;
        try {
            mode = String.format("mode %04o", ((Integer) Files.getAttribute(image, "unix:mode")) & 07777);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            mode = "mode unknown";
        }
        throw new KernelChoiceException("kernel " + image + " is not readable (" + mode
                + "): run as root or chmod 0644 it");
    }

    private Path modulesRoot() {
        return hostRoot.resolve("lib").resolve("modules");
    }

    private Optional<String> variable(String name) {
        String value = environment.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Names in a directory without stat-ing them; none if it does not exist. */
    private static List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                names.add(entry.getFileName().toString());
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        return names;
    }

    /**
     * The version a kernel image's name gives: {@code <version>} for {@code vmlinuz-<version>},
     * or the directory name for Fedora's {@code .../modules/<version>/vmlinuz}.
     */
    public static Optional<String> versionFromFileName(Path image) {
        Path fileName = image.getFileName();
        if (fileName == null) {
            return Optional.empty();
        }
        String name = fileName.toString();
        if (name.startsWith(BOOT_PREFIX) && name.length() > BOOT_PREFIX.length()) {
            return Optional.of(name.substring(BOOT_PREFIX.length()));
        }
        Path parent = image.getParent();
        if (name.equals("vmlinuz") && parent != null && parent.getParent() != null
                && parent.getParent().getFileName() != null
                && parent.getParent().getFileName().toString().equals("modules")) {
            return Optional.of(parent.getFileName().toString());
        }
        return Optional.empty();
    }

    /**
     * The version recorded in an x86 bzImage boot header. The setup header (boot flag 0xAA55 at
     * 0x1FE, magic {@code HdrS} at 0x202) holds at 0x20E a 16-bit little-endian pointer v; the
     * kernel version text, NUL-terminated, starts at v + 0x200, and its first word is the
     * release ({@code 6.1.0-56-amd64 (debian-kernel@...) #1 SMP ...}).
     *
     * @return empty when the image has no such header (not x86, or not a bzImage)
     * @throws IOException when the file cannot be read; the message names it
     */
    public static Optional<String> versionFromImageHeader(Path image) throws IOException {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(0x210).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, header, 0);
            if (header.position() < 0x210
                    || (header.getShort(0x1FE) & 0xFFFF) != 0xAA55
                    || header.getInt(0x202) != 0x53726448 /* "HdrS" read little-endian */) {
                return Optional.empty();
            }
            int pointer = header.getShort(0x20E) & 0xFFFF;
            if (pointer == 0) {
                return Optional.empty();
            }
            ByteBuffer text = ByteBuffer.allocate(256);
            readFully(channel, text, pointer + 0x200L);
            StringBuilder version = new StringBuilder();
            for (int i = 0; i < text.position(); i++) {
                int b = text.get(i) & 0xFF;
                if (b == 0 || b == ' ') {
                    break;
                }
                if (b < 0x21 || b > 0x7E) {
                    return Optional.empty();
                }
                version.append((char) b);
            }
            return version.length() == 0 ? Optional.empty() : Optional.of(version.toString());
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
    }
}
