package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper stats host files either by reading the JDK's stat fields directly (core's Lstat, the
 * default here) or through the JDK's attribute map (JDK 24+ without Unsafe allowed, or
 * -Dfebootstrap.lstat=map): both give the same initrd, byte for byte, and the same checksum, for
 * host files of every kind (hard links, setuid, a device, a symlink).
 */
class StatPathsTest {
    @TempDir
    Path tmp;

    private static Processes.Result helper(boolean map, List<String> args) {
        List<String> cmd = HelperRunner.command(List.of(), args);
        if (map) {
            cmd.add(1, "-Dfebootstrap.lstat=map");
        }
        return Processes.run(cmd, null, null, Map.of(), Duration.ofMinutes(2));
    }

    @Test
    void theDirectAndTheMapWayGiveTheSameInitrdAndChecksum() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        Path extra = Files.createDirectories(tmp.resolve("extra"));
        Path one = Files.writeString(extra.resolve("one"), "linked data\n");
        Files.createLink(extra.resolve("two"), one);
        Path suid = Files.writeString(extra.resolve("suid"), "#!/bin/sh\n");
        Files.createSymbolicLink(extra.resolve("link"), Path.of("one"));
        Processes.sh("chmod 4755 '" + suid + "' && chown 65534:65534 '" + one + "'").assertSuccess("chmod, chown");
        Files.writeString(a.hostfiles, "./bin/busybox\n./dev/null\n" + extra.resolve("one") + "\n"
                + extra.resolve("two") + "\n" + suid + "\n" + extra.resolve("link") + "\n");
        Appliance.worldReadable(tmp);

        List<byte[]> initrds = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        for (boolean map : new boolean[] {false, true}) {
            Files.deleteIfExists(a.initrd());
            helper(map, List.of("-k", kmods.toString(), a.skeleton.toString(), a.hostfiles.toString(),
                    a.kernel().toString(), a.initrd().toString())).assertSuccess("helper, map=" + map);
            initrds.add(Files.readAllBytes(a.initrd()));
            Processes.Result sum = helper(map, List.of("-vv", "-f", "checksum", "-k", kmods.toString(),
                    a.skeleton.toString(), a.hostfiles.toString())).assertSuccess("checksum, map=" + map);
            sums.add(sum.stdout());
            String said = map ? "lstat: through the JDK's attribute map" : "lstat: the JDK's stat fields read directly";
            assertTrue(sum.stderr().contains(said), sum.stderr());
        }
        assertArrayEquals(initrds.get(0), initrds.get(1), "the same initrd either way");
        assertEquals(sums.get(0), sums.get(1), "the same checksum either way");
        List<String> names = KernelUnpack.replay(a.initrd());
        for (String n : List.of("dev/null", extra.resolve("two").toString().substring(1),
                suid.toString().substring(1), extra.resolve("link").toString().substring(1))) {
            assertTrue(names.contains(n), n + " in " + names);
        }
    }
}
