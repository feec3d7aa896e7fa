package org.febootstrap.core.root;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fakeroot's own mknod is the reference for how a faked device node reads back. */
class FakerootLogDeviceTest {
    @Test
    void aNodeMadeUnderFakerootReadsBackWithItsDeviceNumbers(@TempDir Path dir) throws Exception {
        Processes.requireProgram("fakeroot");
        Path log = dir.resolve(Root.FAKEROOT_LOG);
        Processes.run(List.of("fakeroot", "-s", log.toString(), "sh", "-c",
                "mknod -m 600 \"$1/console\" c 5 1 && mknod -m 666 \"$1/null\" c 1 3 && mknod \"$1/big\" c 259 70000",
                "sh", dir.toString())).assertSuccess("fakeroot mknod");
        Root root = Root.open(dir);
        FileStat console = root.stat(dir.resolve("console"));
        assertEquals(FileStat.S_IFCHR | 0600, console.mode());
        assertEquals(5, console.rdevMajor());
        assertEquals(1, console.rdevMinor());
        FileStat nul = root.stat(dir.resolve("null"));
        assertEquals(1, nul.rdevMajor());
        assertEquals(3, nul.rdevMinor());
        FileStat big = root.stat(dir.resolve("big"));
        assertEquals(259, big.rdevMajor());
        assertEquals(70000, big.rdevMinor());
        // Saving it back gives fakeroot's own text.
        String before = Files.readString(log);
        FakerootLog fl = FakerootLog.load(log);
        fl.put(fl.lookup(console.dev(), console.ino()).orElseThrow());
        fl.save();
        assertEquals(sorted(before), sorted(Files.readString(log)));
    }

    private static List<String> sorted(String s) {
        return s.lines().sorted().toList();
    }
}
