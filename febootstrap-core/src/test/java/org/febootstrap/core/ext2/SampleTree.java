package org.febootstrap.core.ext2;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.testing.Processes;

/**
 * A source tree with every case an ext2 writer must get right: file sizes around the block,
 * indirect, double- and triple-indirect boundaries (for 1 KiB and 4 KiB blocks), fast and slow
 * symlinks, devices in the old and new number encodings, a FIFO, a socket, hard links, a
 * directory of 2000 entries, a deep path, setuid/setgid/sticky bits, and owners beyond 16 bits.
 * Needs root (mknod, chown).
 */
final class SampleTree {
    /** Sizes that straddle the block map's boundaries for 1 KiB and 4 KiB blocks. */
    static final long[] SIZES = {0, 1, 1023, 1024, 1025, 4095, 4096, 4097, 12 * 1024, 13 * 1024,
        12 * 4096, 13 * 4096, 268 * 1024, 269 * 1024, 1036L * 4096, 1037L * 4096, 5L << 20};
    /** 70 MiB: past 12 + 256 + 256² blocks of 1 KiB, so it needs the triple-indirect block. */
    static final long BIG = 70L << 20;
    static final int MANY = 2000;

    private SampleTree() {}

    static Path create(Path dir, boolean withBig) throws IOException {
        assumeTrue(Root.runningAsRoot(), "the sample tree needs root (mknod, chown)");
        Random random = new Random(42);
        Files.createDirectories(dir.resolve("sizes"));
        for (long size : SIZES) {
            byte[] data = new byte[(int) size];
            random.nextBytes(data);
            Files.write(dir.resolve("sizes/f" + size), data);
        }
        if (withBig) {
            // Mostly a hole at the source; the image stores it whole (ext2 files here are not sparse).
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve("sizes/big").toFile(), "rw")) {
                f.setLength(BIG);
                for (long at : new long[] {0, 4096 * 12, 1024 * 268, 1024 * 65804, BIG / 2, BIG - 100}) {
                    f.seek(at);
                    f.write(("block at " + at + "\n").getBytes());
                }
            }
        }
        Path links = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("short"), Path.of("../sizes/f1"));
        Files.createSymbolicLink(links.resolve("fast59"), Path.of("a".repeat(59)));
        Files.createSymbolicLink(links.resolve("slow60"), Path.of("b".repeat(60)));
        Files.createSymbolicLink(links.resolve("slow1000"), Path.of("/" + "c/".repeat(499) + "d"));
        Files.createSymbolicLink(links.resolve("absolute"), Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6"));

        Path dev = Files.createDirectories(dir.resolve("dev"));
        mknod(dev.resolve("null"), "c", 1, 3);
        mknod(dev.resolve("sda"), "b", 8, 0);
        mknod(dev.resolve("nvme"), "b", 259, 70000);
        mknod(dev.resolve("minor300"), "c", 10, 300);
        mknod(dev.resolve("max"), "c", 4095, 0xfffff);
        Processes.run(List.of("mkfifo", dev.resolve("fifo").toString())).assertSuccess("mkfifo");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(dev.resolve("socket")));
        }

        Path hl = Files.createDirectories(dir.resolve("hardlinks"));
        Files.writeString(hl.resolve("a"), "one inode, three names\n");
        Files.createLink(hl.resolve("b"), hl.resolve("a"));
        Files.createLink(dir.resolve("links/c-hardlink"), hl.resolve("a"));

        Path many = Files.createDirectories(dir.resolve("many"));
        for (int i = 0; i < MANY; i++) {
            // Some long names, so the directory spans many blocks (and indirect ones with 1 KiB blocks).
            String name = String.format("entry-%04d", i) + (i % 10 == 0 ? "-" + "x".repeat(200) : "");
            Files.writeString(many.resolve(name), i % 7 == 0 ? "content " + i + "\n" : "");
        }

        Path deep = dir;
        for (int i = 0; i < 40; i++) {
            deep = deep.resolve("deep" + i);
        }
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("n".repeat(255)), "at the bottom\n");

        Path modes = Files.createDirectories(dir.resolve("modes"));
        Path setuid = Files.writeString(modes.resolve("setuid"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(setuid, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(setuid, "unix:mode", 04755);
        Path setgidDir = Files.createDirectories(modes.resolve("setgid-dir"));
        Files.setAttribute(setgidDir, "unix:mode", 02775);
        Path sticky = Files.createDirectories(modes.resolve("tmp"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path secret = Files.writeString(modes.resolve("secret"), "0600\n");
        Files.setAttribute(secret, "unix:mode", 0600);

        Path owners = Files.createDirectories(dir.resolve("owners"));
        chown(Files.writeString(owners.resolve("big-ids"), "uid 100000, gid 200000\n"), 100000, 200000);
        chown(Files.writeString(owners.resolve("uid-65536"), "uid 65536\n"), 65536, 65535);
        chown(Files.createDirectories(owners.resolve("user-dir")), 1000, 1000);
        Path ownedLink = owners.resolve("link");
        Files.createSymbolicLink(ownedLink, Path.of("big-ids"));
        chown(ownedLink, 4242, 4343);
        Files.createDirectories(dir.resolve("empty-dir"));

        Files.setLastModifiedTime(dir.resolve("sizes/f1"), FileTime.fromMillis(0));
        return dir;
    }

    static void mknod(Path p, String type, long major, long minor) {
        Processes.run(List.of("mknod", p.toString(), type, Long.toString(major), Long.toString(minor)))
                .assertSuccess("mknod " + p);
    }

    static void chown(Path p, long uid, long gid) throws IOException {
        Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
    }
}
