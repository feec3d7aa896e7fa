package org.febootstrap.helper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.febootstrap.core.cpio.CpioLimitException;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;

/**
 * Gives each entry of the initrd's own segment its place, block after block in archive order,
 * once the entries are stat-ed: which entries go in (missing and unreadable host files do not, a
 * directory the skeletons already make does not), the parent directories that must come first,
 * the inode numbers (sequential; a later name of a hard-linked file shares the first one's and
 * carries no data) and the byte offset of every header. Only header sizes and data sizes matter
 * for the offsets, so the bytes themselves can then be written by several threads at once
 * ({@link BlockCopier}). One thread at a time calls {@link #place}, in block order.
 *
 * <p>The entries are those a {@link NewcWriter} with a {@link org.febootstrap.core.cpio.RootArchiver}
 * parent supplier writes for the same files: same order, fields and padding.
 */
final class ArchiveLayout {
    private static final FileStat SYNTHESIZED_DIRECTORY = new FileStat(FileStat.S_IFDIR | 0755, 0, 0, 0, 0, 0, 0,
            0, 2);

    /** Sized for the skeletons' and the host's directories: no rehashing of the skeletons' 1,200. */
    private final Set<String> directories;
    /** First inode number given to each hard-linked file, by device then inode. */
    private final Map<Long, Map<Long, Long>> links = new HashMap<>();
    private final long clampMtime;
    private final PrintStream err;
    private Root hostRoot;
    /** A directory known to exist (and stay: directories are never replaced here). */
    private String lastParent;
    private long nextIno = 1;
    private long offset;
    private long entries;
    /** The host files left out: missing (listed with -v, an error with --strict) or unreadable. */
    final MissingFiles.Tally tally = new MissingFiles.Tally();
    int written;

    /**
     * @param directories what the skeletons make (directories and symlinks to them)
     * @param start where the segment starts: after the skeletons, on a 4-byte boundary
     */
    ArchiveLayout(List<String> directories, long start, long clampMtime, PrintStream err) {
        this.directories = new HashSet<>(Math.max(64, directories.size() * 4));
        this.directories.addAll(directories);
        this.offset = start;
        this.clampMtime = clampMtime;
        this.err = err;
    }

    /** Where the next entry (or the trailer) goes. */
    long end() {
        return offset;
    }

    /** How many entries the segment has (without the trailer). */
    long entries() {
        return entries;
    }

    /**
     * Places the next block of entries; returns what goes into the archive, in order, with the
     * parents made up for them. Entries left out are closed.
     *
     * @param modules whether the block holds kernel modules (which are not counted as host files)
     */
    List<ArchiveItem> place(ArchiveItem[] block, boolean modules) throws IOException {
        List<ArchiveItem> out = new ArrayList<>(block.length + 4);
        for (ArchiveItem it : block) {
            if (placeOne(it, out) && !modules) {
                written++;
            }
        }
        return out;
    }

    /**
     * Places one entry (a method of its own, not the loop's body: a cold JVM compiles a method
     * called for every entry early, where a loop run once per block stays interpreted); returns
     * whether it went in.
     */
    private boolean placeOne(ArchiveItem it, List<ArchiveItem> out) throws IOException {
        if (!tally.usable(it.entry, it.host, it.failure, it.st != null, err)) {
            it.close();
            return false;
        }
        if ((it.st.isDirectory() || it.st.isSymlink()) && directories.contains(it.name)) {
            // The skeleton decides the appliance's layout: its real bin/ or lib/ stays even
            // where this (merged-/usr) host has a symlink, and the files go inside it.
            it.close();
            return false;
        }
        ensureParent(it.name, out);
        if (it.st.isRegularFile() && it.st.nlink() > 1) {
            Map<Long, Long> byIno = links.get(it.st.dev());
            if (byIno == null) {
                byIno = new HashMap<>();
                links.put(it.st.dev(), byIno);
            }
            Long linked = byIno.get(it.st.ino());
            if (linked != null) {
                // A later name of a hard-linked file: the data went with the first one.
                it.close();
                add(it, linked, 0, out);
                return true;
            }
            byIno.put(it.st.ino(), nextIno);
        }
        long size = it.st.isRegularFile() ? it.st.size() : it.link != null ? it.link.length : 0;
        if (size > NewcWriter.MAX_FIELD) {
            throw new CpioLimitException(it.host + ": file is 4 GiB or larger (" + size
                    + " bytes): newc cpio cannot store it");
        }
        add(it, nextIno++, size, out);
        if (it.st.isDirectory()) {
            directories.add(it.name);
        }
        return true;
    }

    private void add(ArchiveItem it, long ino, long size, List<ArchiveItem> out) throws IOException {
        long mtime = it.st.mtime();
        if (clampMtime >= 0 && mtime > clampMtime) {
            mtime = clampMtime;
        }
        check(it.name, "uid", it.st.uid());
        check(it.name, "gid", it.st.gid());
        check(it.name, "mtime", mtime);
        check(it.name, "inode", ino);
        it.ino = ino;
        it.dataSize = size;
        it.offset = offset;
        offset += NewcWriter.headerSize(it.nameBytes.length) + ((size + 3) & ~3L);
        entries++;
        out.add(it);
    }

    private static void check(String name, String field, long v) throws CpioLimitException {
        if (v < 0 || v > NewcWriter.MAX_FIELD) {
            throw new CpioLimitException(name + ": " + field + " " + v + " does not fit in newc cpio's 32-bit field");
        }
    }

    /** Makes the entry's directory exist first, each missing level as the host has it. */
    private void ensureParent(String name, List<ArchiveItem> out) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash <= 0) {
            return;
        }
        // Entries come directory by directory: most have the same parent as the one before.
        String last = lastParent;
        if (last != null && slash == last.length() && name.startsWith(last)) {
            return;
        }
        String dir = name.substring(0, slash);
        if (directories.contains(dir)) {
            lastParent = dir;
            return;
        }
        int from = 0;
        while (true) {
            int next = dir.indexOf('/', from);
            String prefix = next < 0 ? dir : dir.substring(0, next);
            if (!directories.contains(prefix)) {
                supplyOne(prefix, out);
            }
            if (next < 0) {
                lastParent = dir;
                return;
            }
            from = next + 1;
        }
    }

    /**
     * One missing level: a directory as the host has it (or a plain one when the host has none),
     * or a symlinked directory such as {@code lib -> usr/lib}, written after its target, or the
     * kernel would drop everything beneath it.
     */
    private void supplyOne(String prefix, List<ArchiveItem> out) throws IOException {
        // This host's own root: the kernel resolves the symlinks in the parents inside it, as
        // Root's walk (an lstat per component) would, so one lstat of the path tells. The
        // modules' directories all come this way, at the end of the build, where the placing
        // thread holds the other up.
        Path host = Path.of("/" + prefix);
        FileStat st;
        try {
            st = FileStat.of(host);
        } catch (IOException e) {
            st = null;
        }
        if (st == null || !st.isSymlink()) {
            directory(prefix, st != null && st.isDirectory() ? st : SYNTHESIZED_DIRECTORY, out);
            return;
        }
        // A symlinked directory: its target's archive name needs Root's resolution.
        Root root = hostRoot();
        Path target = root.resolve(prefix);
        String targetName = root.relative(target);
        if (!targetName.isEmpty() && (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
                || !Files.exists(target, LinkOption.NOFOLLOW_LINKS))) {
            directory(targetName, dirStat(root, target), out);
        }
        byte[] link = Files.readSymbolicLink(host).toString().getBytes(StandardCharsets.UTF_8);
        ensureParent(prefix, out);
        FileStat fixed = new FileStat(FileStat.S_IFLNK | (st.mode() & 07777), st.uid(), st.gid(), link.length,
                st.mtime(), st.dev(), st.ino(), 0, 1);
        add(ArchiveItem.parent(prefix, fixed, link), nextIno++, link.length, out);
        directories.add(prefix);
    }

    private void directory(String name, FileStat st, List<ArchiveItem> out) throws IOException {
        if (name.isEmpty() || directories.contains(name)) {
            return;
        }
        ensureParent(name, out);
        add(ArchiveItem.parent(name, st, null), nextIno++, 0, out);
        directories.add(name);
    }

    private static FileStat dirStat(Root root, Path host) throws IOException {
        if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            return root.stat(host);
        }
        return SYNTHESIZED_DIRECTORY;
    }

    private Root hostRoot() throws IOException {
        if (hostRoot == null) {
            hostRoot = Root.open(Path.of("/"));
        }
        return hostRoot;
    }
}
