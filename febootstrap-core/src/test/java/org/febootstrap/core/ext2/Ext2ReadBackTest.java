package org.febootstrap.core.ext2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.testing.Processes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Writes the sample tree with each block and inode size, then lets e2fsprogs judge it: e2fsck
 * finds it clean, and debugfs reads back every entry's type, mode, owner, size, link count,
 * mtime, device number and symlink target, and every file's contents, as they are at the source.
 */
class Ext2ReadBackTest {
    private static final Pattern TYPE = Pattern.compile("Type: (\\w+(?: special)?)\\s+Mode:\\s+(\\d+)");
    private static final Pattern OWNER = Pattern.compile("User:\\s+(\\d+)\\s+Group:\\s+(\\d+)");
    private static final Pattern SIZE = Pattern.compile("Size: (\\d+)");
    private static final Pattern LINKS = Pattern.compile("Links: (\\d+)");
    private static final Pattern MTIME = Pattern.compile("(?m)^\\s*mtime: 0x([0-9a-f]{8})(?::([0-9a-f]{8}))?");
    private static final Pattern DEVICE = Pattern.compile("Device major/minor number: (\\d+):(\\d+)");
    private static final Pattern FAST_LINK = Pattern.compile("Fast link dest: \"(.*)\"");

    @TempDir Path tmp;

    @ParameterizedTest(name = "{0}-byte blocks, {1}-byte inodes, 70 MiB file: {2}")
    @CsvSource({"1024, 256, true", "1024, 128, false", "4096, 256, false", "4096, 128, true"})
    void everyEntryReadsBackAsAtTheSource(int blockSize, int inodeSize, boolean big) throws IOException {
        Processes.requireProgram("debugfs");
        Path src = SampleTree.create(tmp.resolve("src"), big);
        Path image = tmp.resolve("image");
        Ext2Tools.addTree(new Ext2Builder(), src)
                .write(image, Ext2Options.of(UUID.randomUUID(), 1_700_000_000L).withBlockSize(blockSize).withInodeSize(inodeSize));

        Ext2Tools.fsckClean(image);
        assertTrue(Ext2Tools.debugfs(image, "stats").contains("Block size:               " + blockSize));

        List<Path> entries;
        try (Stream<Path> s = Files.walk(src)) {
            entries = s.filter(p -> !p.equals(src)).sorted().toList();
        }
        Map<String, String> stats = statAll(image, entries.stream().map(p -> "/" + src.relativize(p)).toList());
        for (Path p : entries) {
            String path = "/" + src.relativize(p);
            checkInode(path, FileStat.of(p), stats.get(path), p);
        }

        // File contents and symlink targets, through debugfs's own reader.
        Path out = Files.createDirectory(tmp.resolve("rdump"));
        Ext2Tools.debugfs(image, "rdump / " + out);
        for (Path p : entries) {
            Path copy = out.resolve(src.relativize(p));
            if (Files.isSymbolicLink(p)) {
                assertEquals(Files.readSymbolicLink(p), Files.readSymbolicLink(copy), p.toString());
            } else if (Files.isRegularFile(p)) {
                assertEquals(-1, Files.mismatch(p, copy), () -> "contents differ: " + p);
            }
        }
        assertArrayEquals(Files.readAllBytes(src.resolve("sizes/f5242880")), Ext2Tools.dump(image, "/sizes/f5242880", tmp));
        if (big) {
            assertEquals(-1, Files.mismatch(src.resolve("sizes/big"),
                    Files.write(tmp.resolve("big-dump"), Ext2Tools.dump(image, "/sizes/big", tmp))));
        }
    }

    private static void checkInode(String path, FileStat st, String stat, Path source) throws IOException {
        assertTrue(stat != null && stat.startsWith("Inode:"), () -> path + ": debugfs has no inode: " + stat);
        Matcher m = find(TYPE, stat, path);
        assertEquals(typeName(st), m.group(1), path);
        assertEquals(st.mode() & 07777, Integer.parseInt(m.group(2), 8), path + " mode");
        m = find(OWNER, stat, path);
        assertEquals(st.uid() + ":" + st.gid(), m.group(1) + ":" + m.group(2), path + " owner");
        assertEquals(st.nlink(), Integer.parseInt(find(LINKS, stat, path).group(1)), path + " links");
        if (!st.isDirectory()) {
            assertEquals(st.isRegularFile() || st.isSymlink() ? st.size() : 0,
                    Long.parseLong(find(SIZE, stat, path).group(1)), path + " size");
            m = find(MTIME, stat, path);
            assertEquals((int) st.mtime(), (int) Long.parseLong(m.group(1), 16), path + " mtime");
        }
        if (st.isDevice()) {
            m = find(DEVICE, stat, path);
            assertEquals(st.rdevMajor() + ":" + st.rdevMinor(), Long.parseLong(m.group(1)) + ":" + Long.parseLong(m.group(2)), path + " device");
        }
        if (st.isSymlink()) {
            String target = Files.readSymbolicLink(source).toString();
            Matcher fast = FAST_LINK.matcher(stat);
            assertEquals(target.length() < 60, fast.find(), path + ": fast symlink iff shorter than 60 bytes");
            if (target.length() < 60) {
                assertEquals(target, fast.group(1), path);
            }
        }
    }

    private static Matcher find(Pattern p, String text, String path) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), () -> path + ": no " + p + " in\n" + text);
        return m;
    }

    private static String typeName(FileStat st) {
        return switch (st.type()) {
            case FileStat.S_IFREG -> "regular";
            case FileStat.S_IFDIR -> "directory";
            case FileStat.S_IFLNK -> "symlink";
            case FileStat.S_IFCHR -> "character special";
            case FileStat.S_IFBLK -> "block special";
            case FileStat.S_IFIFO -> "FIFO";
            case FileStat.S_IFSOCK -> "socket";
            default -> "?";
        };
    }

    /** One debugfs run stat-ing every path: path → its stat text. */
    private Map<String, String> statAll(Path image, List<String> paths) throws IOException {
        Path commands = tmp.resolve("commands");
        List<String> lines = new ArrayList<>();
        for (String p : paths) {
            lines.add("stat \"" + p + "\"");
        }
        Files.write(commands, lines);
        Processes.Result r = Processes.run(List.of("debugfs", "-f", commands.toString(), image.toString()));
        r.assertSuccess("debugfs -f");
        Map<String, String> out = new HashMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("debugfs: stat \"")) {
                if (current != null) {
                    out.put(current, text.toString());
                }
                current = line.substring("debugfs: stat \"".length(), line.length() - 1);
                text.setLength(0);
            } else {
                text.append(line).append('\n');
            }
        }
        if (current != null) {
            out.put(current, text.toString());
        }
        return out;
    }
}
