package org.febootstrap.cli.bootstrap;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.febootstrap.core.root.Root;

/**
 * One walk over a finished root (not entering other filesystems, not following links): how many
 * entries and bytes it holds, for the summary, and which inodes are alive, to drop the dead ones
 * from fakeroot.log.
 *
 * @param entries files, directories, links and nodes, the root itself and fakeroot.log left out
 * @param bytes the size of the regular files, each inode counted once
 * @param inodes (dev, ino) of every entry
 */
public record RootSurvey(long entries, long bytes, Set<Inode> inodes) {
    /** A file's identity, as fakeroot keys it. */
    public record Inode(long dev, long ino) {}

    public static RootSurvey of(Path rootDir) throws IOException {
        Path dir = rootDir.toRealPath();
        Set<Inode> inodes = new HashSet<>();
        long[] counts = new long[2];
        Map<String, Object> top = Files.readAttributes(dir, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
        long dev = (Long) top.get("dev");
        inodes.add(new Inode(dev, (Long) top.get("ino")));
        walk(dir, dir.resolve(Root.FAKEROOT_LOG), dev, inodes, counts);
        return new RootSurvey(counts[0], counts[1], inodes);
    }

    private static void walk(Path dir, Path log, long rootDev, Set<Inode> inodes, long[] counts) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (p.equals(log)) {
                    continue;
                }
                Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino,size,mode", LinkOption.NOFOLLOW_LINKS);
                Inode inode = new Inode((Long) a.get("dev"), (Long) a.get("ino"));
                boolean first = inodes.add(inode);
                counts[0]++;
                int type = (Integer) a.get("mode") & 0170000;
                if (type == 0100000 && first) {
                    counts[1] += (Long) a.get("size");
                } else if (type == 0040000 && inode.dev() == rootDev) {
                    walk(p, log, rootDev, inodes, counts);
                }
            }
        }
    }
}
