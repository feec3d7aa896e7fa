package org.febootstrap.minimize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.febootstrap.core.cpio.Compression;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.cpio.RootArchiver;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.Qemu;
import org.febootstrap.core.testing.TinyRoot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A minbase root minimized with every category and --dedupe still boots as an initramfs under
 * qemu, and its own programs still work there: dash runs /init, the dynamic linker finds libc
 * without ld.so.cache, UTC and the short etc/services answer.
 */
@Tag("slow")
class MinimizedRootBootTest {
    private static final String MARKER = "MINIMIZED-ROOT-WORKS";

    @TempDir
    Path tmp;

    @Test
    void theMinimizedRootBootsToInit() throws Exception {
        Path kernel = Qemu.hostKernel();
        Path dir = MinbaseRoot.copyTo(tmp.resolve("root"));
        Cli.run("--all", "--dedupe", dir.toString()).assertSuccess();

        // /init is run by the root's own /bin/sh (dash); busybox only mounts and powers off.
        Files.copy(TinyRoot.busybox(), dir.resolve("usr/bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
        TinyRoot.writeInit(dir, """
                if /usr/bin/getent services ssh | /bin/busybox grep -q 22/tcp \\
                    && [ "$(/usr/bin/date +%Z)" = UTC ] && [ "$(TZ=Zulu /usr/bin/date +%Z)" = UTC ] \\
                    && /usr/bin/dpkg-query -W; then
                  echo MARKER
                fi
                """.replace("MARKER", MARKER));

        Path initrd = tmp.resolve("initrd.img");
        try (OutputStream file = Files.newOutputStream(initrd); OutputStream gz = Compression.GZIP.wrap(file)) {
            NewcWriter writer = new NewcWriter(Channels.newChannel(gz), -1);
            new RootArchiver(Root.open(dir), writer).archiveTree();
            writer.trailer();
            writer.flush();
        }
        Qemu.Boot boot = Qemu.boot(kernel, initrd);
        assertTrue(boot.printed(MARKER), "console:\n" + boot.console());
    }
}
