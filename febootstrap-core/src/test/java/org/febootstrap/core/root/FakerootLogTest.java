package org.febootstrap.core.root;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakerootLogTest {
    @TempDir
    Path tmp;

    @Test
    void parsesFakerootsOwnFormat() throws Exception {
        Path f = tmp.resolve("fakeroot.log");
        Files.writeString(f, "dev=fe00,ino=5333832,mode=100640,uid=2,gid=3,nlink=1,rdev=0\n"
                + "dev=fe00,ino=17,mode=20666,uid=0,gid=0,nlink=1,rdev=259\n");
        FakerootLog log = FakerootLog.load(f);
        FakerootLog.Entry e = log.lookup(0xfe00, 5333832).orElseThrow();
        assertEquals(0100640, e.mode());
        assertEquals(2, e.uid());
        assertEquals(3, e.gid());
        FileStat dev = log.apply(new FileStat(0100644, 1000, 1000, 0, 0, 0xfe00, 17, 0, 1));
        assertTrue(dev.isDevice());
        assertEquals(1, dev.rdevMajor());
        assertEquals(3, dev.rdevMinor());
        FileStat unknown = log.apply(new FileStat(0100644, 1000, 1000, 0, 0, 0xfe00, 99, 0, 1));
        assertEquals(0, unknown.uid(), "files fakeroot never saw look root-owned");
    }

    @Test
    void corruptLineNamesFileAndLine() throws Exception {
        Path f = tmp.resolve("fakeroot.log");
        Files.writeString(f, "dev=fe00,ino=1,mode=100644,uid=0,gid=0,nlink=1,rdev=0\ndev=zz,ino=x\n");
        IOException e = assertThrows(IOException.class, () -> FakerootLog.load(f));
        assertTrue(e.getMessage().startsWith(f + ":2: corrupt fakeroot save-file line"), e.getMessage());
    }

    @Test
    void roundTripsThroughRealFakeroot() throws Exception {
        Processes.requireProgram("fakeroot");
        Path r = tmp.resolve("r");
        Files.createDirectories(r);
        Path log = r.resolve("fakeroot.log");
        Processes.run(List.of("fakeroot", "-s", log.toString(), "--", "sh", "-c",
                "cd '" + r + "' && touch owned && chown 42:43 owned && chmod 4750 owned && mknod null c 1 3"))
                .assertSuccess("fakeroot");
        Root root = Root.open(r);
        FileStat owned = root.stat(r.resolve("owned"));
        assertEquals(42, owned.uid());
        assertEquals(43, owned.gid());
        assertEquals(04750, owned.permissions());
        FileStat nul = root.stat(r.resolve("null"));
        assertTrue(nul.isDevice());
        assertEquals(1, nul.rdevMajor());
        assertEquals(3, nul.rdevMinor());
        // Saved by us, read back by fakeroot itself.
        root.fakerootLog().orElseThrow().put(new FakerootLog.Entry(owned.dev(), owned.ino(), 0100600, 7, 8, 1, 0));
        root.saveOwnership();
        Processes.Result ls = Processes.run(List.of("fakeroot", "-i", log.toString(), "--", "stat", "-c", "%u %g %a",
                r.resolve("owned").toString())).assertSuccess("fakeroot stat");
        assertEquals("7 8 600", ls.stdout().strip());
    }

    @Test
    void forgottenInodesDoNotHauntNewFiles() throws Exception {
        Path r = tmp.resolve("r");
        Files.createDirectories(r);
        Path file = r.resolve("old");
        Files.writeString(file, "x");
        FileStat st = FileStat.of(file);
        Root root = Root.openWithFakeroot(r);
        root.recordOwner(file, 0600, 42, 42);
        assertEquals(42, root.stat(file).uid());
        root.forget(file);
        Files.delete(file);
        root.saveOwnership();
        assertFalse(FakerootLog.load(r.resolve("fakeroot.log")).lookup(st.dev(), st.ino()).isPresent());
    }
}
