package org.febootstrap.core.root;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootTest {
    @TempDir
    Path tmp;

    @Test
    void recordOwnerOnDiskNeverOpensDevicesOrFifos() throws Exception {
        Assumptions.assumeTrue(Root.runningAsRoot(), "chown on disk needs root");
        // A tty node with no such device behind it: opening it fails, fifos block on open.
        Processes.run(List.of("mknod", tmp.resolve("tty").toString(), "c", "5", "0")).assertSuccess("mknod");
        Processes.run(List.of("mkfifo", tmp.resolve("fifo").toString())).assertSuccess("mkfifo");
        Root root = Root.open(tmp);
        for (String name : new String[] {"tty", "fifo"}) {
            Path p = tmp.resolve(name);
            root.recordOwner(p, 0620, 0, 5);
            FileStat st = root.stat(p);
            assertEquals(0620, st.permissions(), name);
            assertEquals(5, st.gid(), name);
        }
    }
}
