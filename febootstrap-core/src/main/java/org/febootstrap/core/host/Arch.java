package org.febootstrap.core.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A CPU architecture named the way {@code uname -m} names it ({@code x86_64}, {@code aarch64},
 * {@code ppc64le}...), which is also how kernel and RPM file names spell it.
 *
 * @param name the {@code uname -m} spelling, never empty
 */
public record Arch(String name) {

    /** uname -m and RPM spellings of CPU names that are not in the armvN family. */
    private static final Set<String> KNOWN_NAMES = Set.of(
            "x86_64", "i386", "i486", "i586", "i686", "athlon", "geode",
            "aarch64", "aarch64_be", "arm",
            "ppc", "ppc64", "ppc64le", "ppc64p7", "ppcle",
            "s390", "s390x", "riscv32", "riscv64",
            "mips", "mipsel", "mips64", "mips64el", "mipsr6", "mipsr6el", "mips64r6", "mips64r6el",
            "sparc", "sparcv9", "sparc64", "alpha", "ia64", "loongarch64",
            "m68k", "sh4", "hppa", "parisc", "parisc64", "microblaze", "or1k", "arc", "csky",
            "nios2", "xtensa");

    private static final Path KERNEL_ARCH_FILE = Path.of("/proc/sys/kernel/arch");

    private static volatile Arch host;

    public Arch {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("architecture name is empty");
        }
    }

    /**
     * The host's architecture as {@code uname -m} says it. Read from
     * {@code /proc/sys/kernel/arch} (the running kernel's answer, right even under a 32-bit JVM
     * on a 64-bit kernel) when the kernel has it, otherwise derived from the JVM's
     * {@code os.arch}. Computed once.
     */
    public static Arch host() {
        Arch result = host;
        if (result == null) {
            // No orElseGet(lambda): a cold JVM pays for bootstrapping each lambda.
            Optional<Arch> kernel = fromKernel();
            result = kernel.isPresent() ? kernel.get() : fromOsArch(System.getProperty("os.arch", ""));
            host = result;
        }
        return result;
    }

    private static Optional<Arch> fromKernel() {
        try {
            String text = new String(Files.readAllBytes(KERNEL_ARCH_FILE), StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(new Arch(text));
        } catch (IOException | SecurityException e) {
            // Older kernels have no such file: fall back to the JVM's idea.
            return Optional.empty();
        }
    }

    /**
     * Translates a Java {@code os.arch} value (which uses Debian-like names such as
     * {@code amd64}) to the {@code uname -m} spelling. 32-bit x86 becomes {@code i686} and
     * 32-bit ARM {@code armv7l}, what current kernels report; unknown names pass through
     * lower-cased.
     */
    public static Arch fromOsArch(String osArch) {
        String a = osArch.trim().toLowerCase(Locale.ROOT);
        switch (a) {
            case "amd64":
            case "x86-64":
            case "x64":
                return new Arch("x86_64");
            case "x86":
            case "i386":
            case "x86_32":
                return new Arch("i686");
            case "arm64":
                return new Arch("aarch64");
            case "arm":
            case "arm32":
            case "armhf":
                return new Arch("armv7l");
            case "powerpc":
                return new Arch("ppc");
            case "powerpc64":
                return new Arch("ppc64");
            case "powerpc64le":
            case "ppc64el":
                return new Arch("ppc64le");
            case "mipsel":
                return new Arch("mips");
            case "mips64el":
                return new Arch("mips64");
            case "sparcv9":
                return new Arch("sparc64");
            case "loong64":
                return new Arch("loongarch64");
            case "":
                throw new IllegalArgumentException("os.arch is empty: cannot tell the host architecture");
            default:
                return new Arch(a);
        }
    }

    /**
     * Whether the word is a CPU architecture name as {@code uname -m} or RPM spell it
     * ({@code x86_64}, {@code i686}, {@code armv7hl}, {@code ppc64le}...), for telling an
     * architecture suffix apart from a version or a package name part.
     */
    public static boolean isArchName(String word) {
        if (KNOWN_NAMES.contains(word)) {
            return true;
        }
        // armv5tel, armv6l, armv7l, armv7hl, armv7hnl, armv8l, armv7b...
        if (word.length() > 4 && word.startsWith("armv")) {
            int i = 4;
            int digits = 0;
            while (i < word.length() && Character.isDigit(word.charAt(i))) {
                i++;
                digits++;
            }
            if (digits == 0) {
                return false;
            }
            for (; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c < 'a' || c > 'z') {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Words that mark a kernel file name as built for this architecture: the {@code uname -m}
     * name plus the distribution spellings (Debian's {@code amd64}, {@code arm64},
     * {@code 686}...). Used to prefer the host's own kernels.
     */
    public List<String> kernelNameHints() {
        switch (name) {
            case "x86_64":
                return List.of("x86_64", "amd64");
            case "i386":
            case "i486":
            case "i586":
            case "i686":
            case "athlon":
                return List.of(name, "i686", "i586", "686");
            case "aarch64":
                return List.of("aarch64", "arm64");
            case "ppc64le":
                return List.of("ppc64le", "powerpc64le", "ppc64el");
            case "ppc64":
                return List.of("ppc64", "powerpc64");
            case "ppc":
                return List.of("ppc", "powerpc");
            case "loongarch64":
                return List.of("loongarch64", "loong64");
            default:
                if (name.startsWith("armv")) {
                    return List.of(name, "armmp", "armhf");
                }
                return List.of(name);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
