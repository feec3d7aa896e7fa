package org.febootstrap.cli.supermin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.febootstrap.core.cpio.NewcHeader;
import org.febootstrap.core.cpio.NewcReader;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.testing.TinyRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The busybox root the helper's boot tests start from. */
class TinyRootTest {
    @TempDir
    Path tmp;

    @Test
    void busyboxRootSplitsIntoInitAndDirectoriesPlusHostFiles() throws IOException {
        Path root = TinyRoot.create(tmp.resolve("root"), "TINY-MARKER");
        SuperminConverter.convert(root, tmp.resolve("supermin.img"), tmp.resolve("hostfiles.txt"), -1);

        List<NewcReader.Entry> entries = NewcReader.readAll(tmp.resolve("supermin.img"));
        assertEquals(List.of("bin", "dev", "etc", "etc/hostname", "init", "proc", "sbin", "sys", "tmp", "usr", "usr/bin"),
                entries.stream().map(NewcReader.Entry::name).toList());
        NewcHeader init = entries.get(4).header();
        assertEquals(FileStat.S_IFREG | 0755, init.mode());
        assertEquals(Files.readString(root.resolve("init")), new String(entries.get(4).data()));

        assertEquals(List.of("./bin", "./bin/busybox", "./bin/cat", "./bin/echo", "./bin/insmod", "./bin/ls",
                "./bin/lsmod", "./bin/mount", "./bin/poweroff", "./bin/sh", "./bin/sleep",
                "./proc", "./sbin", "./sys", "./tmp", "./usr", "./usr/bin"),
                Files.readAllLines(tmp.resolve("hostfiles.txt")));
    }
}
