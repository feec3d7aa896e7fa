package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.host.Arch;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.KernelChooser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --if-newer skips the build while the outputs are newer than everything they come from. */
class IfNewerTest {
    @TempDir
    Path tmp;

    private Appliance a;
    private Path kmods;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> extra = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        a = Appliance.create(tmp, "MARKER", null);
        kmods = a.kmods("crc7.ko");
        // Inputs made an hour ago, so that the one a test touches is the only one newer.
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (Path p : List.of(a.skeleton, a.hostfiles, kmods)) {
            Files.setLastModifiedTime(p, hourAgo);
        }
    }

    /** Runs with --if-newer; returns the -v trace. */
    private String run() {
        List<String> args = new ArrayList<>(List.of("-v", "--if-newer", "-k", kmods.toString()));
        args.addAll(extra);
        args.addAll(List.of(a.skeleton.toString(), a.hostfiles.toString(), a.kernel().toString(), a.initrd().toString()));
        return HelperRunner.run(env, args).assertSuccess().stderr();
    }

    private FileTime initrdTime() throws Exception {
        return Files.getLastModifiedTime(a.initrd());
    }

    private void assertRebuilt(String why, String expectedReason) throws Exception {
        FileTime before = Files.exists(a.initrd()) ? initrdTime() : FileTime.fromMillis(0);
        String trace = run();
        assertTrue(trace.contains("rebuilding: " + expectedReason), why + ": " + trace);
        assertNotEquals(before, initrdTime(), why);
        assertSkipped("right after a rebuild for " + why);
    }

    private void assertSkipped(String why) throws Exception {
        FileTime before = initrdTime();
        String trace = run();
        assertTrue(trace.contains("nothing to do (--if-newer)"), why + ": " + trace);
        assertEquals(before, initrdTime(), why);
    }

    /** As if {@code p} changed after the last build: the outputs go 10 s back, p 5 s. */
    private void touchLater(Path p) throws Exception {
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (Path in : List.of(a.skeleton, a.hostfiles, kmods)) {
            Files.setLastModifiedTime(in, hourAgo);
        }
        FileTime past = FileTime.fromMillis(System.currentTimeMillis() - 10_000);
        for (Path out : List.of(a.initrd(), a.kernel())) {
            Files.getFileAttributeView(out, java.nio.file.attribute.BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).setTimes(past, null, null);
        }
        // 5 s ago: newer than the outputs, yet older than what a rebuild writes within the same tick.
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 5_000));
    }

    @Test
    void rebuildsOnlyWhenAnInputTheKmodsTheKernelOrAnOutputChanged() throws Exception {
        assertRebuilt("no outputs yet", a.kernel() + " does not exist");
        touchLater(a.hostfiles);
        assertRebuilt("the hostfiles list changed", a.hostfiles + " is newer than the outputs");
        touchLater(a.skeleton);
        assertRebuilt("the skeleton changed", a.skeleton + " is newer");
        touchLater(kmods);
        assertRebuilt("the kmods file changed", kmods + " is newer");
        Files.delete(a.initrd());
        assertRebuilt("the initrd was deleted", a.initrd() + " does not exist");
        extra.add("--copy-kernel");
        assertRebuilt("--copy-kernel now", a.kernel() + " is not a copy of ");
        extra.clear();
        assertRebuilt("a symlink again", a.kernel() + " is not a link to ");

        Kernel k = new KernelChooser(Path.of("/"), Arch.host(), Map.of()).choose();
        Path image = tmp.resolve("vmlinuz-" + k.version());
        Files.copy(k.image(), image);
        // Installed an hour ago, as kernels are; timestamps are only as fine as the kernel's tick.
        Files.setLastModifiedTime(image, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        env.put("SUPERMIN_KERNEL", image.toString());
        assertRebuilt("another kernel", a.kernel() + " is not a link to " + image);
        touchLater(image);
        assertRebuilt("the kernel changed", image + " is newer");
        assertTrue(Files.isSymbolicLink(a.kernel()));

        // A directory input: a file added inside it counts.
        Path d = tmp.resolve("supermin.d");
        Files.createDirectories(d);
        Files.copy(a.skeleton, d.resolve("base.img"));
        Files.copy(a.hostfiles, d.resolve("hostfiles"));
        for (Path p : List.of(d, d.resolve("base.img"), d.resolve("hostfiles"))) {
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
        List<String> args = new ArrayList<>(List.of("-v", "--if-newer", "-k", kmods.toString(), d.toString(),
                a.kernel().toString(), a.initrd().toString()));
        HelperRunner.run(env, args).assertSuccess();
        assertTrue(HelperRunner.run(env, args).assertSuccess().stderr().contains("nothing to do"));
        Files.writeString(d.resolve("more-hostfiles"), "./etc/hostname\n");
        touchLater(d.resolve("more-hostfiles"));
        touchLater(d);
        assertTrue(HelperRunner.run(env, args).assertSuccess().stderr().contains("rebuilding: "));
    }

    @Test
    void aNewerPackageDatabaseMeansRebuilding() throws Exception {
        Path status = Freshness.PACKAGE_DATABASES.get(0);
        assumeTrue(Files.exists(status), "a dpkg host");
        run();
        Kernel k = new KernelChooser(Path.of("/"), Arch.host(), Map.of()).choose();
        FileTime db = Files.getLastModifiedTime(status);
        FileTime outputs = FileTime.fromMillis(db.toMillis() - 1000);
        assumeTrue(Files.getLastModifiedTime(k.image()).compareTo(outputs) < 0
                && Files.getLastModifiedTime(k.modulesDir()).compareTo(outputs) < 0
                && Files.getLastModifiedTime(k.modulesDep()).compareTo(outputs) < 0,
                "the kernel was installed before the package database last changed");
        FileTime old = FileTime.fromMillis(outputs.toMillis() - 60_000);
        for (Path p : List.of(a.skeleton, a.hostfiles, kmods)) {
            Files.setLastModifiedTime(p, old);
        }
        for (Path p : List.of(a.initrd(), a.kernel())) {
            Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(outputs, null, null);
        }
        String trace = run();
        assertTrue(trace.contains("rebuilding: " + status + " is newer than the outputs"), trace);
    }
}
