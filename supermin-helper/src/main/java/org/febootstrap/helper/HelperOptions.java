package org.febootstrap.helper;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.cli.EarlyExit;
import org.febootstrap.core.cli.Getopt;
import org.febootstrap.core.cli.OptionSpec;
import org.febootstrap.core.cli.UsageException;
import org.febootstrap.core.cli.Version;
import org.febootstrap.core.host.Arch;

/**
 * The helper's command line, parsed with {@link Getopt} directly (no JCommander: the helper runs
 * before every appliance boot, and each class loaded costs start-up time).
 *
 * <p>Operands are INPUT... [HOST_CPU] followed by the outputs of the format. Both historic forms
 * work: febootstrap 2.6's {@code supermin.img hostfiles.txt kernel initrd} and 2.11's
 * {@code ... x86_64 kernel initrd}. The operand just before the outputs is HOST_CPU if and only
 * if it is not an existing path and is an architecture name.
 *
 * @param format what to produce
 * @param kmods the -k file of module wildcards, or null for every module
 * @param user the -u value (name or number), or null
 * @param group the -g value (name or number), or null
 * @param verbose how many times -v was given
 * @param copyKernel copy the kernel instead of symlinking it
 * @param ifNewer skip the build while the outputs are newer than everything they come from
 * @param lock the file to lock while building, or null
 * @param strict a host file named by a hostfiles list but missing is an error
 * @param sizeBytes -f ext2: the appliance image size (--size), or 0 to fit the content
 * @param randomUuid -f ext2: a fresh random filesystem UUID instead of one derived from the checksum
 * @param decompressModules compressed kernel modules go into the appliance decompressed
 * @param inputs supermin.img files, hostfiles lists and directories of them, in order
 * @param hostCpu the HOST_CPU operand, or the machine's own
 * @param outputs KERNEL and INITRD (cpio), KERNEL INITRD APPLIANCE (ext2), none (checksum)
 */
record HelperOptions(
        Format format,
        Path kmods,
        String user,
        String group,
        int verbose,
        boolean copyKernel,
        boolean ifNewer,
        Path lock,
        boolean strict,
        long sizeBytes,
        boolean randomUuid,
        boolean decompressModules,
        List<Path> inputs,
        String hostCpu,
        List<Path> outputs) {

    static final String COMMAND = "febootstrap-supermin-helper";

    private static final OptionSpec FORMAT = OptionSpec.withArgument("format", 'f');
    private static final OptionSpec KMODS = OptionSpec.withArgument("kmods", 'k');
    private static final OptionSpec USER = OptionSpec.withArgument("user", 'u');
    private static final OptionSpec GROUP = OptionSpec.withArgument("group", 'g');
    private static final OptionSpec VERBOSE = OptionSpec.flag("verbose", 'v');
    private static final OptionSpec COPY_KERNEL = OptionSpec.flag("copy-kernel", (char) 0);
    private static final OptionSpec IF_NEWER = OptionSpec.flag("if-newer", (char) 0);
    private static final OptionSpec LOCK = OptionSpec.withArgument("lock", (char) 0);
    private static final OptionSpec STRICT = OptionSpec.flag("strict", (char) 0);
    private static final OptionSpec SIZE = OptionSpec.withArgument("size", (char) 0);
    private static final OptionSpec RANDOM_UUID = OptionSpec.flag("random-uuid", (char) 0);
    private static final OptionSpec DECOMPRESS_MODULES = OptionSpec.flag("decompress-modules", (char) 0);
    private static final OptionSpec HELP = OptionSpec.flag("help", (char) 0);
    private static final OptionSpec VERSION = OptionSpec.flag("version", 'V');
    private static final List<OptionSpec> SPECS = List.of(FORMAT, KMODS, USER, GROUP, VERBOSE, COPY_KERNEL,
            IF_NEWER, LOCK, STRICT, SIZE, RANDOM_UUID, DECOMPRESS_MODULES, HELP, VERSION);

    static final String USAGE = """
            Usage: febootstrap-supermin-helper [-f cpio] [-k KMODS] [-u USER] [-g GROUP] [-v]...
                     INPUT... [HOST_CPU] KERNEL INITRD
                   febootstrap-supermin-helper -f ext2 [--size SIZE] [--random-uuid] [options]
                     INPUT... [HOST_CPU] KERNEL INITRD APPLIANCE
                   febootstrap-supermin-helper -f checksum [options] INPUT... [HOST_CPU]

            Rebuild a bootable kernel and initramfs from a supermin appliance (supermin.img
            skeletons, hostfiles.txt lists of host files, or directories holding them) using the
            files, kernel and kernel modules of this host. HOST_CPU defaults to this machine's.
            With -f ext2 the appliance is an ext2 disk image and INITRD a small initramfs that
            loads the disk and filesystem drivers, mounts APPLIANCE and runs its /init (it needs
            a statically linked busybox: Debian's busybox-static).

            Options:
              -f, --format FMT   cpio (default), ext2 (disk image + small initrd), checksum
                                 (print one hash line that changes when the appliance would)
              -k, --kmods FILE   include only the kernel modules matching the wildcards in FILE
                                 (one per line, like virtio*.ko) and the modules they depend on
              -u, --user USER    (root only) give the outputs to USER (name or number)
              -g, --group GROUP  (root only) give the outputs to GROUP (name or number)
              -v, --verbose      print timed steps and missing host files on stderr
                  --copy-kernel  copy the kernel instead of making KERNEL a symlink to it
                  --if-newer     do nothing while the outputs are newer than every input, the
                                 kmods file, the kernel, its modules and the package database
                  --lock FILE    hold a lock on FILE while building, so helpers building the
                                 same outputs take turns
                  --strict       a host file that is missing is an error, not a skip
                  --size SIZE    (ext2) make APPLIANCE SIZE bytes (suffixes K, M, G, T:
                                 4G, 512M) instead of fitting it to the content
                  --random-uuid  (ext2) a random filesystem UUID instead of one derived from
                                 the inputs' checksum (same inputs, same UUID)
                  --decompress-modules  store .ko.xz/.ko.zst/.ko.gz modules decompressed
                                 (modules.dep and its index regenerated with depmod)
                  --help         show this help and exit
              -V, --version      show the version and exit

            Environment: SUPERMIN_KERNEL, SUPERMIN_KERNEL_VERSION and SUPERMIN_MODULES choose
            the kernel and the modules directory; SOURCE_DATE_EPOCH clamps mtimes (and
            dates the ext2 image and initrd, else the newest input's mtime does).

            Exit status: 0 on success, 1 on failure, 2 on a usage error.
            See the febootstrap-supermin-helper(8) man page for more.
            """;

    static HelperOptions parse(List<String> args) throws UsageException, EarlyExit {
        Getopt.Result r = Getopt.parse(SPECS, args, false);
        Format format = Format.CPIO;
        Path kmods = null;
        String user = null;
        String group = null;
        int verbose = 0;
        boolean copyKernel = false;
        boolean ifNewer = false;
        Path lock = null;
        boolean strict = false;
        long size = 0;
        boolean randomUuid = false;
        boolean decompressModules = false;
        for (Getopt.Occurrence o : r.options()) {
            OptionSpec s = o.option();
            // Identity comparison: record equals() would pull in the ObjectMethods bootstrap at start-up.
            if (s == HELP) {
                throw new EarlyExit(USAGE);
            } else if (s == VERSION) {
                throw new EarlyExit(Version.line(COMMAND) + "\n");
            } else if (s == FORMAT) {
                format = Format.parse(o.value());
            } else if (s == KMODS) {
                kmods = Path.of(o.value());
            } else if (s == USER) {
                user = nonEmpty(o.value(), "--user");
            } else if (s == GROUP) {
                group = nonEmpty(o.value(), "--group");
            } else if (s == VERBOSE) {
                verbose++;
            } else if (s == COPY_KERNEL) {
                copyKernel = true;
            } else if (s == IF_NEWER) {
                ifNewer = true;
            } else if (s == LOCK) {
                lock = Path.of(nonEmpty(o.value(), "--lock"));
            } else if (s == STRICT) {
                strict = true;
            } else if (s == SIZE) {
                size = parseSize(o.value());
            } else if (s == RANDOM_UUID) {
                randomUuid = true;
            } else if (s == DECOMPRESS_MODULES) {
                decompressModules = true;
            }
        }
        if (format != Format.EXT2 && (size != 0 || randomUuid)) {
            throw new UsageException((size != 0 ? "--size" : "--random-uuid") + " only applies to -f ext2");
        }
        List<String> ops = r.operands();
        int outputs = format.outputCount();
        if (ops.size() < outputs + 1) {
            throw new UsageException("not enough arguments: expected INPUT... [HOST_CPU]"
                    + (outputs == 0 ? "" : format == Format.EXT2 ? " KERNEL INITRD APPLIANCE" : " KERNEL INITRD"));
        }
        int beforeOutputs = ops.size() - outputs;
        String hostCpu;
        int inputEnd;
        String candidate = ops.get(beforeOutputs - 1);
        if (isHostCpu(candidate)) {
            hostCpu = candidate;
            inputEnd = beforeOutputs - 1;
        } else {
            hostCpu = Arch.host().name();
            inputEnd = beforeOutputs;
        }
        if (inputEnd == 0) {
            throw new UsageException("no INPUT given (" + candidate + " was taken as HOST_CPU)");
        }
        List<Path> inputs = new ArrayList<>(inputEnd);
        for (int i = 0; i < inputEnd; i++) {
            inputs.add(Path.of(ops.get(i)));
        }
        List<Path> outs = new ArrayList<>(outputs);
        for (int i = beforeOutputs; i < ops.size(); i++) {
            outs.add(Path.of(ops.get(i)));
        }
        return new HelperOptions(format, kmods, user, group, verbose, copyKernel, ifNewer, lock, strict,
                size, randomUuid, decompressModules, List.copyOf(inputs), hostCpu, List.copyOf(outs));
    }

    /** HOST_CPU if and only if the word is no existing path and is an architecture name. */
    static boolean isHostCpu(String word) {
        return !Files.exists(Path.of(word), LinkOption.NOFOLLOW_LINKS) && Arch.isArchName(word);
    }

    /**
     * --size: a number of bytes, or of KiB, MiB, GiB, TiB with the suffix K, M, G, T (either
     * case, optionally followed by {@code B} or {@code iB}: 4G, 512M, 512MiB).
     */
    static long parseSize(String v) throws UsageException {
        String s = v.strip();
        int end = 0;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        String unit = s.substring(end);
        int shift;
        switch (unit.toUpperCase(java.util.Locale.ROOT)) {
            case "", "B" -> shift = 0;
            case "K", "KB", "KIB" -> shift = 10;
            case "M", "MB", "MIB" -> shift = 20;
            case "G", "GB", "GIB" -> shift = 30;
            case "T", "TB", "TIB" -> shift = 40;
            default -> shift = -1;
        }
        long n;
        try {
            n = end == 0 ? -1 : Long.parseLong(s.substring(0, end));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (shift < 0 || n <= 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new UsageException("--size: not a size: '" + v + "' (examples: 4G, 512M, 1073741824)");
        }
        return n << shift;
    }

    private static String nonEmpty(String v, String option) throws UsageException {
        if (v.isEmpty()) {
            throw new UsageException("option '" + option + "' needs a non-empty value");
        }
        return v;
    }

    Path kernelOutput() {
        return outputs.get(0);
    }

    Path initrdOutput() {
        return outputs.get(1);
    }

    /** -f ext2's third output: the ext2 image. */
    Path applianceOutput() {
        return outputs.get(2);
    }

    /** The same options with --strict off (for a checksum taken on the side of a build). */
    HelperOptions lenient() {
        return new HelperOptions(format, kmods, user, group, verbose, copyKernel, ifNewer, lock, false, sizeBytes,
                randomUuid, decompressModules, inputs, hostCpu, outputs);
    }
}
