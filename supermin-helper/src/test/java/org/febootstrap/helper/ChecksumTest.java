package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.febootstrap.core.host.Arch;
import org.febootstrap.core.kernel.Kernel;
import org.febootstrap.core.kernel.KernelChooser;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.Unprivileged;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -f checksum changes when, and only when, something the cpio build reads changes. */
class ChecksumTest {
    @TempDir
    Path tmp;

    private Appliance a;
    private Path kmods;
    private Path data;
    private Path libs;
    private final Map<String, String> env = new HashMap<>();
    private String cpu = "x86_64";
    private final Set<String> seen = new HashSet<>();

    @BeforeEach
    void setUp() throws Exception {
        a = Appliance.create(tmp, "MARKER", null);
        kmods = a.kmods("crc7.ko");
        data = tmp.resolve("host/data");
        libs = tmp.resolve("host/libs");
        Files.createDirectories(libs);
        Files.writeString(data, "some data\n");
        Files.writeString(libs.resolve("libfoo.so.1"), "lib\n");
        Files.writeString(a.hostfiles, "./bin/busybox\n" + data + "\n" + libs + "/libfoo.so.*\n");
        Appliance.worldReadable(tmp);
    }

    private String checksum(String... extra) {
        List<String> args = new ArrayList<>(List.of("-f", "checksum", "-k", kmods.toString()));
        args.addAll(List.of(extra));
        args.addAll(List.of(a.skeleton.toString(), a.hostfiles.toString(), cpu));
        HelperRunner.Outcome o = HelperRunner.run(env, args).assertSuccess();
        assertTrue(o.stdout().matches("[0-9a-f]{32}\n"), o.stdout());
        return o.stdout().strip();
    }

    /** The checksum now differs from every one seen before. */
    private void assertChanged(String why) {
        String c = checksum();
        assertTrue(seen.add(c), "the checksum did not change when " + why);
        assertEquals(c, checksum(), "stable after " + why);
    }

    private void assertUnchanged(String why, String before) {
        assertEquals(before, checksum(), "the checksum changed when " + why);
    }

    private static void touch(Path p, long secondsLater) throws Exception {
        FileTime t = Files.getLastModifiedTime(p);
        Files.setLastModifiedTime(p, FileTime.fromMillis(t.toMillis() + secondsLater * 1000));
    }

    @Test
    void changesForEachThingTheBuildReadsAndOnlyThen() throws Exception {
        String first = checksum();
        seen.add(first);
        assertUnchanged("nothing changed", first);
        // Reading everything (a build) and unrelated files in a wildcard's directory change nothing.
        HelperRunner.run(List.of("-k", kmods.toString(), a.skeleton.toString(), a.hostfiles.toString(), cpu,
                a.kernel().toString(), a.initrd().toString())).assertSuccess();
        Files.writeString(libs.resolve("unrelated.txt"), "x");
        assertUnchanged("a build ran and a file the wildcard does not match appeared", first);

        touch(a.skeleton, 10);
        assertChanged("the skeleton's mtime changed");
        Files.writeString(a.hostfiles, Files.readString(a.hostfiles) + "./etc/hostname\n");
        assertChanged("the hostfiles list changed");
        Files.writeString(data, "more\n", StandardOpenOption.APPEND);
        assertChanged("a host file grew");
        touch(data, 10);
        assertChanged("a host file's mtime changed");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-------"));
        assertChanged("a host file's mode changed");
        Processes.sh("chown 65534:65534 '" + data + "'").assertSuccess("chown");
        assertChanged("a host file's owner changed");
        Processes.sh("chgrp 0 '" + data + "'").assertSuccess("chgrp");
        assertChanged("a host file's group changed");
        Processes.sh("touch -h -d @1000000000 '" + data + "'").assertSuccess("touch");
        assertChanged("a host file's mtime went back");
        Thread.sleep(10);
        Processes.sh("chmod 0600 '" + data + "'").assertSuccess("chmod to the same mode");
        assertChanged("only a host file's ctime changed");
        Files.writeString(libs.resolve("libfoo.so.2"), "new\n");
        assertChanged("a file matching a wildcard appeared");
        Files.writeString(kmods, "crc7.ko\nvirtio_blk.ko\n");
        assertChanged("the kmods file changed");
        String base = checksum();
        cpu = "i686";
        assertChanged("HOST_CPU changed");
        cpu = "x86_64";
        assertUnchanged("HOST_CPU came back", base);
        assertNotEquals(base, checksum("-u", "nobody"), "-u changes the outputs' owner");

        // Another kernel (a copy, so that it can be touched) and its modules.
        Kernel k = new KernelChooser(Path.of("/"), Arch.host(), Map.of()).choose();
        Path boot = tmp.resolve("boot");
        Files.createDirectories(boot);
        Path image = boot.resolve("vmlinuz-" + k.version());
        Files.copy(k.image(), image);
        Path modules = tmp.resolve("modules/" + k.version());
        Files.createDirectories(modules.resolve("kernel/lib"));
        Files.copy(k.modulesDir().resolve("kernel/lib/crc7.ko"), modules.resolve("kernel/lib/crc7.ko"));
        Files.copy(k.modulesDir().resolve("kernel/drivers/block/virtio_blk.ko"), modules.resolve("kernel/lib/vb.ko"));
        Files.writeString(modules.resolve("modules.dep"), "kernel/lib/crc7.ko:\n");
        env.put("SUPERMIN_KERNEL", image.toString());
        assertChanged("the kernel is another file");
        touch(image, 10);
        assertChanged("the kernel changed");
        env.put("SUPERMIN_MODULES", modules.toString());
        assertChanged("the modules are others");
        touch(modules.resolve("kernel/lib/crc7.ko"), 10);
        assertChanged("a module changed");
        String before = checksum();
        touch(modules.resolve("kernel/lib/vb.ko"), 10);
        assertUnchanged("a module that is not included changed", before);
        Files.writeString(modules.resolve("modules.dep"), "kernel/lib/crc7.ko:\nkernel/lib/vb.ko:\n");
        assertChanged("modules.dep changed");
    }

    @Test
    void theEffectiveUserCounts() throws Exception {
        Unprivileged.require();
        List<String> args = List.of("-f", "checksum", "-k", kmods.toString(), a.skeleton.toString(),
                a.hostfiles.toString());
        Processes.Result asRoot = HelperRunner.process(List.of(), tmp, Map.of(), args, Duration.ofMinutes(1));
        asRoot.assertSuccess("checksum as root");
        Processes.Result asNobody = Unprivileged.runMain(SuperminHelper.class.getName(), args, tmp);
        asNobody.assertSuccess("checksum as nobody");
        assertEquals(HelperRunner.run(args).assertSuccess().stdout(), asRoot.stdout(), "same process or not");
        assertNotEquals(asRoot.stdout(), asNobody.stdout());
    }

    @Test
    void theHashSeparatesNearlyEqualStreams() {
        List<String> seenHashes = new ArrayList<>();
        List<Hash128> streams = new ArrayList<>();
        for (int variant = 0; variant < 9; variant++) {
            Hash128 h = new Hash128();
            switch (variant) {
                case 0 -> { h.add("ab"); h.add("c"); }
                case 1 -> { h.add("a"); h.add("bc"); }
                case 2 -> { h.add("abc"); }
                case 3 -> { h.add(1L); h.add(2L); }
                case 4 -> { h.add(2L); h.add(1L); }
                case 5 -> { h.add(1L); h.add(3L); }
                case 6 -> { h.add(1L); h.add(2L); h.add(0L); }
                case 7 -> { h.add("usr/lib/libz.so.1"); h.add(0644L); }
                default -> { h.add("usr/lib/libz.so.1"); h.add(0645L); }
            }
            streams.add(h);
        }
        for (Hash128 h : streams) {
            String hex = h.hex();
            assertTrue(hex.matches("[0-9a-f]{32}"), hex);
            assertTrue(!seenHashes.contains(hex), "a repeated hash " + hex + " in " + seenHashes);
            seenHashes.add(hex);
        }
        Hash128 again = new Hash128();
        again.add("ab");
        again.add("c");
        assertEquals(seenHashes.get(0), again.hex(), "the same stream, the same hash");
    }
}
