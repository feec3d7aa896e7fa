package org.febootstrap.core.root;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.febootstrap.core.util.AtomicFile;

/**
 * fakeroot's save file ({@code fakeroot -s FILE}): one line per faked inode,
 * {@code dev=fe00,ino=5333832,mode=100640,uid=2,gid=2,nlink=1,rdev=259}: dev in hex, mode in
 * octal, the rest (rdev too, in glibc's makedev encoding) decimal, as fakeroot 1.31 writes it. It is keyed by (dev, ino), so whoever deletes or recreates a
 * file must update it, or a new file inherits a dead file's owner.
 */
public final class FakerootLog {
    /** The faked part of one inode's stat. */
    public record Entry(long dev, long ino, int mode, long uid, long gid, int nlink, long rdev) {
        String toLine() {
            return "dev=" + Long.toHexString(dev) + ",ino=" + Long.toUnsignedString(ino) + ",mode="
                    + Integer.toOctalString(mode) + ",uid=" + uid + ",gid=" + gid + ",nlink=" + nlink
                    + ",rdev=" + Long.toUnsignedString(rdev);
        }
    }

    private record Key(long dev, long ino) {}

    private final Path file;
    private final Map<Key, Entry> entries;
    private boolean dirty;

    private FakerootLog(Path file, Map<Key, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    public static FakerootLog empty(Path file) {
        return new FakerootLog(file, new HashMap<>());
    }

    public static FakerootLog load(Path file) throws IOException {
        Map<Key, Entry> map = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            Entry e = parse(file, i + 1, line);
            map.put(new Key(e.dev(), e.ino()), e);
        }
        return new FakerootLog(file, map);
    }

    private static Entry parse(Path file, int lineNo, String line) throws IOException {
        Map<String, String> f = new HashMap<>();
        for (String part : line.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw corrupt(file, lineNo, line);
            }
            f.put(part.substring(0, eq), part.substring(eq + 1));
        }
        try {
            return new Entry(
                    Long.parseUnsignedLong(need(f, "dev", file, lineNo, line), 16),
                    Long.parseUnsignedLong(need(f, "ino", file, lineNo, line)),
                    Integer.parseInt(need(f, "mode", file, lineNo, line), 8),
                    Long.parseLong(need(f, "uid", file, lineNo, line)),
                    Long.parseLong(need(f, "gid", file, lineNo, line)),
                    Integer.parseInt(f.getOrDefault("nlink", "1")),
                    Long.parseUnsignedLong(f.getOrDefault("rdev", "0")));
        } catch (NumberFormatException e) {
            throw corrupt(file, lineNo, line);
        }
    }

    private static String need(Map<String, String> f, String key, Path file, int lineNo, String line)
            throws IOException {
        String v = f.get(key);
        if (v == null) {
            throw corrupt(file, lineNo, line);
        }
        return v;
    }

    private static IOException corrupt(Path file, int lineNo, String line) {
        String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return new IOException(file + ":" + lineNo + ": corrupt fakeroot save-file line: " + shown);
    }

    public Path file() {
        return file;
    }

    public Optional<Entry> lookup(long dev, long ino) {
        return Optional.ofNullable(entries.get(new Key(dev, ino)));
    }

    /** The stat as fakeroot would show it: the log's owner and mode where it has the inode. */
    public FileStat apply(FileStat disk) {
        Entry e = entries.get(new Key(disk.dev(), disk.ino()));
        if (e == null) {
            // fakeroot shows files it has not faked as owned by root.
            return disk.withOwner(disk.mode(), 0, 0, disk.rdev());
        }
        return disk.withOwner(e.mode(), e.uid(), e.gid(), e.rdev());
    }

    public void put(Entry e) {
        entries.put(new Key(e.dev(), e.ino()), e);
        dirty = true;
    }

    /** Forgets an inode, so a file later created on the same inode does not inherit its owner. */
    public void remove(long dev, long ino) {
        if (entries.remove(new Key(dev, ino)) != null) {
            dirty = true;
        }
    }

    public int size() {
        return entries.size();
    }

    public boolean isDirty() {
        return dirty;
    }

    /** Writes the log back atomically (sorted, so the same state gives the same file). */
    public void save() throws IOException {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::dev).thenComparingLong(Entry::ino));
        try (AtomicFile out = AtomicFile.create(file)) {
            try (BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out.stream(), StandardCharsets.UTF_8))) {
                for (Entry e : sorted) {
                    w.write(e.toLine());
                    w.write('\n');
                }
                w.flush();
                out.commit();
            }
        }
        dirty = false;
    }
}
