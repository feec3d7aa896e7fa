package org.febootstrap.helper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cli.Tool;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.host.Arch;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.KernelChooser;
import org.febootstrap.core.root.Lstat;

/**
 * febootstrap-supermin-helper: rebuilds a bootable kernel and initramfs from a supermin
 * appliance and this host's files, kernel and modules (-f cpio), or a kernel, a small initrd
 * and an ext2 image of the appliance ({@link Ext2Build}, -f ext2), or prints a checksum that
 * changes when that result would (-f checksum). It runs before every appliance boot, so it is
 * kept lean: plain getopt, few classes, no reflection.
 */
public final class SuperminHelper implements Tool {
    private final long startNanos;

    SuperminHelper(long startNanos) {
        this.startNanos = startNanos;
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        CommandRunner.exit(CommandRunner.run(HelperOptions.COMMAND, new SuperminHelper(start), args, Console.system()));
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        HelperOptions o = HelperOptions.parse(args);
        PrintStream err = console.err();
        Steps steps = new Steps(err, o.verbose(), startNanos);
        steps.step("format " + o.format().name().toLowerCase(java.util.Locale.ROOT) + ", host cpu " + o.hostCpu());
        if (steps.on(2)) {
            steps.step(Lstat.direct() ? "lstat: the JDK's stat fields read directly"
                    : "lstat: through the JDK's attribute map, slower (JDK 24 and later read the fields directly"
                            + " with --sun-misc-unsafe-memory-access=allow, as the launcher gives)");
        }
        OutputOwner owner = OutputOwner.of(o.user(), o.group());
        if (o.format() == Format.CHECKSUM) {
            return checksum(o, console, owner, steps);
        }
        BuildLock lock = o.lock() != null ? BuildLock.acquire(o.lock(), steps) : null;
        try {
            return build(o, console, owner, steps);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private int build(HelperOptions o, Console console, OutputOwner owner, Steps steps) throws IOException {
        // A plain cpio build chooses the kernel after the second thread has begun to read the
        // hostfiles lists: the choice (a few milliseconds of a cold JVM) then overlaps with it.
        boolean plainCpio = o.format() == Format.CPIO && !o.ifNewer() && !o.decompressModules();
        Kernel kernel = plainCpio ? null : chooseKernel(o, console, steps);
        if (o.ifNewer()) {
            String why = Freshness.whyRebuild(o, kernel);
            if (why == null) {
                steps.step("outputs are newer than every input: nothing to do (--if-newer)");
                return 0;
            }
            steps.step("rebuilding: " + why);
        }
        if (o.format() == Format.EXT2) {
            new Ext2Build(o, console, owner, steps).run(kernel);
            return 0;
        }
        if (o.decompressModules()) {
            return buildDecompressed(o, console, owner, steps, kernel);
        }
        ApplianceInputs inputs = ApplianceInputs.collect(o.inputs());
        steps.step(inputs.skeletons().size() + " skeleton(s), " + inputs.hostFileLists().size() + " hostfiles list(s)");
        CpioAppliance cpio = new CpioAppliance(steps, console.err(), o.strict(),
                NewcWriter.sourceDateEpoch(console.env()), owner);
        List<String> patterns = o.kmods() == null ? null : ModuleSelection.readPatterns(o.kmods());
        // Chosen on this thread before the modules are asked for (in build, on this thread too).
        Kernel[] chosen = {kernel};
        cpio.start(inputs, new HostFileLoader.Modules() {
            @Override
            public List<HostEntry> choose() throws IOException {
                return ModuleSelection.select(chosen[0], patterns, steps);
            }
        });
        try {
            if (chosen[0] == null) {
                chosen[0] = chooseKernel(o, console, steps);
            }
            Kernel k = chosen[0];
            KernelOutput.write(k.image(), o.kernelOutput(), o.copyKernel(), owner);
            steps.step(o.copyKernel() ? "copied " + k.image() + " to " + o.kernelOutput()
                    : "linked " + o.kernelOutput() + " to " + k.image());
        } catch (IOException | RuntimeException | Error e) {
            cpio.stopSecond();
            throw e;
        }
        cpio.build(inputs, o.initrdOutput());
        steps.step("wrote " + o.initrdOutput());
        return 0;
    }

    /**
     * -f cpio --decompress-modules: the decompressed modules and their new indexes are one more
     * archive segment after the skeletons, with the host modules' owners whoever runs this.
     */
    private int buildDecompressed(HelperOptions o, Console console, OutputOwner owner, Steps steps, Kernel kernel)
            throws IOException {
        List<String> patterns = o.kmods() == null ? null : ModuleSelection.readPatterns(o.kmods());
        DecompressedModules decompressed = DecompressedModules.prepare(kernel, patterns, o.initrdOutput(),
                console.env().get("PATH"), steps, console.err());
        try {
            ApplianceInputs given = ApplianceInputs.collect(o.inputs());
            long epoch = NewcWriter.sourceDateEpoch(console.env());
            ApplianceInputs inputs = given;
            if (decompressed != null) {
                List<Path> skeletons = new java.util.ArrayList<>(given.skeletons());
                skeletons.add(decompressed.writeSegment(given.skeletons(), epoch));
                inputs = new ApplianceInputs(skeletons, given.hostFileLists(), given.all(), given.directories());
                steps.step("wrote the decompressed modules' segment");
            }
            CpioAppliance cpio = new CpioAppliance(steps, console.err(), o.strict(), epoch, owner);
            boolean modulesDone = decompressed != null;
            cpio.start(inputs, new HostFileLoader.Modules() {
                @Override
                public List<HostEntry> choose() throws IOException {
                    return modulesDone ? List.of() : ModuleSelection.select(kernel, patterns, steps);
                }
            });
            KernelOutput.write(kernel.image(), o.kernelOutput(), o.copyKernel(), owner);
            cpio.build(inputs, o.initrdOutput());
            steps.step("wrote " + o.initrdOutput());
            return 0;
        } finally {
            if (decompressed != null) {
                decompressed.close();
            }
        }
    }

    /**
     * The checksum of a run with options that change the appliance beyond its inputs
     * (--decompress-modules), so that it differs from the plain one.
     */
    static String withOptions(String sum, HelperOptions o) {
        if (!o.decompressModules()) {
            return sum;
        }
        Hash128 h = new Hash128();
        h.add(sum);
        h.add("decompress-modules");
        return h.hex();
    }

    private int checksum(HelperOptions o, Console console, OutputOwner owner, Steps steps) throws IOException {
        ApplianceInputs inputs = ApplianceInputs.collect(o.inputs());
        ChecksumAppliance checksum = new ChecksumAppliance();
        checksum.start(inputs);
        Kernel kernel = chooseKernel(o, console, steps);
        List<String> patterns = o.kmods() == null ? null : ModuleSelection.readPatterns(o.kmods());
        String sum = withOptions(checksum.compute(o, inputs, kernel, patterns, owner, steps, console.err()), o);
        console.out().write((sum + "\n").getBytes(StandardCharsets.US_ASCII));
        console.out().flush();
        return 0;
    }

    private static Kernel chooseKernel(HelperOptions o, Console console, Steps steps) throws IOException {
        Kernel kernel = new KernelChooser(Path.of("/"), new Arch(o.hostCpu()), console.env()).choose();
        steps.step("kernel " + kernel.image() + " (" + kernel.version() + "), modules in " + kernel.modulesDir());
        return kernel;
    }
}
