package org.febootstrap.helper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.cpio.NewcHeader;
import org.febootstrap.core.cpio.NewcReader;
import org.febootstrap.core.ext2.Ext2Builder;
import org.febootstrap.core.root.FileStat;

/**
 * -f ext2's appliance: the same walk as the initrd's ({@link CpioAppliance}: the skeletons, then
 * the kernel modules, then every host file the hostfiles lists name, listed and stat-ed ahead by
 * {@link HostFileLoader}) feeding an {@link Ext2Builder} instead of a cpio writer. Later entries
 * replace earlier ones as the kernel's unpacking does. Owners are the recorded ones (the
 * skeleton's, the host files' own), whoever runs the helper: nothing is chowned, the image
 * just records them.
 */
final class Ext2Appliance {
    private final Steps steps;
    private final PrintStream err;
    private final boolean strict;
    private final long clampMtime;
    private HostFileLoader files;

    /**
     * @param clampMtime SOURCE_DATE_EPOCH (later mtimes are clamped to it), or -1
     */
    Ext2Appliance(Steps steps, PrintStream err, boolean strict, long clampMtime) {
        this.steps = steps;
        this.err = err;
        this.strict = strict;
        this.clampMtime = clampMtime;
    }

    /** Starts choosing the modules and listing and loading the host files, on other threads. */
    void start(ApplianceInputs inputs, HostFileLoader.Modules modules) {
        files = new HostFileLoader(modules, inputs.skeletons(), inputs.hostFileLists()).start();
    }

    /**
     * Adds everything to a new builder.
     *
     * @param timestamp the mtime of directories made up for lack of a host one
     * @param extraModules decompressed modules and their index files, added after the
     *     skeletons instead of the host's (the loader then lists none), or null
     */
    Ext2Builder build(ApplianceInputs inputs, long timestamp, List<DecompressedModules.Item> extraModules)
            throws IOException {
        Ext2Builder image = new Ext2Builder();
        ImagePaths paths = new ImagePaths(image, timestamp, clampMtime);
        HostFileLoader loader = files;
        try {
            int skeletonEntries = 0;
            for (Path skeleton : inputs.skeletons()) {
                skeletonEntries += addSkeleton(image, paths, skeleton);
            }
            steps.step("read " + inputs.skeletons().size() + " skeleton(s): " + skeletonEntries + " entries");
            if (extraModules != null) {
                for (DecompressedModules.Item m : extraModules) {
                    add(image, paths, m.name(), m.stat(), m.source(), null, null);
                }
                steps.step("added " + extraModules.size() + " decompressed kernel module and index files");
            }
            List<HostEntry> entries = loader.entries();
            int modules = loader.moduleCount();
            Map<Long, Map<Long, String>> links = new HashMap<>();
            int added = 0;
            MissingFiles.Tally tally = new MissingFiles.Tally();
            for (int i = 0; i < entries.size(); i++) {
                if (i == modules) {
                    steps.step("added " + modules + " kernel module files");
                }
                HostEntry e = entries.get(i);
                HostFileLoader.Loaded l = loader.get(i);
                if (!tally.usable(e, l, err)) {
                    continue;
                }
                String link = null;
                if (l.st.isRegularFile() && l.st.nlink() > 1) {
                    Map<Long, String> byIno = links.get(l.st.dev());
                    if (byIno == null) {
                        byIno = new HashMap<>();
                        links.put(l.st.dev(), byIno);
                    }
                    link = byIno.get(l.st.ino());
                }
                // The image writer's copier threads send every host file's data with sendfile,
                // which measured faster than keeping small files' bytes on the heap until then.
                String placed = add(image, paths, e.name(), l.st, e.host(), l.linkTarget, null, link);
                if (placed != null && link == null && l.st.isRegularFile() && l.st.nlink() > 1) {
                    links.get(l.st.dev()).put(l.st.ino(), placed);
                }
                if (i >= modules) {
                    added++;
                }
            }
            if (entries.size() == modules) {
                steps.step("added " + modules + " kernel module files");
            }
            tally.report("added", added, strict, steps, err);
        } finally {
            loader.stop();
        }
        return image;
    }

    private String add(Ext2Builder image, ImagePaths paths, String name, FileStat st, Path host, String linkTarget,
            ByteBuffer content) throws IOException {
        return add(image, paths, name, st, host, linkTarget, content, null);
    }

    /**
     * Adds one host entry where the image's symlinks put it; returns that path, or null when the
     * kernel would have dropped the entry (a parent is no directory).
     *
     * @param hardLinkTo an image path holding the same host inode, or null
     */
    private String add(Ext2Builder image, ImagePaths paths, String name, FileStat st, Path host, String linkTarget,
            ByteBuffer content, String hardLinkTo) throws IOException {
        String path = paths.place(name);
        if (path == null) {
            err.println(HelperOptions.COMMAND + ": warning: " + name + ": a parent directory is no directory in the"
                    + " appliance (skipped)");
            return null;
        }
        long mtime = paths.mtime(st.mtime());
        String target = linkTarget;
        switch (st.type()) {
            case FileStat.S_IFDIR -> image.directory(path, st.mode(), st.uid(), st.gid(), mtime);
            case FileStat.S_IFLNK -> {
                if (target == null) {
                    target = Files.readSymbolicLink(host).toString();
                }
                image.symlink(path, st.mode(), st.uid(), st.gid(), mtime, target);
            }
            case FileStat.S_IFREG -> {
                if (hardLinkTo != null && image.contains(hardLinkTo)) {
                    image.hardLink(path, hardLinkTo);
                } else if (content != null) {
                    byte[] data = new byte[content.remaining()];
                    content.duplicate().get(data);
                    image.file(path, st.mode(), st.uid(), st.gid(), mtime, data);
                } else {
                    image.file(path, st.mode(), st.uid(), st.gid(), mtime, host, st.size());
                }
            }
            case FileStat.S_IFCHR, FileStat.S_IFBLK -> image.device(path, st.mode(), st.uid(), st.gid(), mtime,
                    st.rdevMajor(), st.rdevMinor());
            case FileStat.S_IFIFO -> image.fifo(path, st.mode(), st.uid(), st.gid(), mtime);
            case FileStat.S_IFSOCK -> image.socket(path, st.mode(), st.uid(), st.gid(), mtime);
            default -> throw new IOException(host + ": unknown file type " + Integer.toOctalString(st.mode()));
        }
        paths.added(path, st, target);
        return path;
    }

    /**
     * Adds a skeleton's entries (every archive in it, compressed or not) as the kernel would
     * unpack them, hard links included; returns how many there were.
     */
    private int addSkeleton(Ext2Builder image, ImagePaths paths, Path skeleton) throws IOException {
        SkeletonVisitor v = new SkeletonVisitor(image, paths, skeleton);
        try (InputStream in = Files.newInputStream(skeleton)) {
            NewcReader.read(in, v, skeleton.toString());
        }
        return v.count;
    }

    /** One skeleton's entries into the image. */
    private final class SkeletonVisitor implements NewcReader.Visitor {
        private final Ext2Builder image;
        private final ImagePaths paths;
        private final Path skeleton;
        /**
         * Hard links in newc: entries with nlink > 1 and the same (device, inode, mode) are one
         * file, and GNU cpio gives the data to the last of them. The kernel forgets its table at
         * each trailer, which the reader does not show, so uid, gid and mtime are part of the key
         * too: two archives' inodes would have to agree on all of them to be taken for one.
         * The value: the image paths of the group, the first holding the file.
         */
        private final Map<String, List<String>> groups = new HashMap<>();
        int count;

        SkeletonVisitor(Ext2Builder image, ImagePaths paths, Path skeleton) {
            this.image = image;
            this.paths = paths;
            this.skeleton = skeleton;
        }

        @Override
        public void entry(NewcHeader h, InputStream data) throws IOException {
            count++;
            String name = HostFileLists.normalize(h.name());
            if (name == null) {
                throw new IOException(skeleton + ": '..' in the entry name " + h.name());
            }
            FileStat st = new FileStat(h.mode(), h.uid(), h.gid(), h.fileSize(), h.mtime(), 0, 0,
                    FileStat.makedev(h.rdevMajor(), h.rdevMinor()), (int) h.nlink());
            if (name.isEmpty()) {
                if (st.isDirectory()) {
                    image.directory("/", st.mode(), st.uid(), st.gid(), paths.mtime(st.mtime()));
                }
                return;
            }
            String target = null;
            byte[] bytes = null;
            if (st.isSymlink()) {
                target = new String(data.readAllBytes(), StandardCharsets.UTF_8);
            } else if (st.isRegularFile()) {
                bytes = data.readAllBytes();
            }
            String key = null;
            List<String> group = null;
            if (st.isRegularFile() && h.nlink() > 1) {
                key = h.devMajor() + ":" + h.devMinor() + ":" + h.ino() + ":" + h.mode() + ":" + h.uid() + ":"
                        + h.gid() + ":" + h.mtime();
                group = groups.get(key);
                if (group != null && !image.contains(group.get(0))) {
                    group = null; // replaced since by another entry
                }
            }
            if (group == null) {
                String placed = add(image, paths, name, st, skeleton, target,
                        bytes == null ? null : ByteBuffer.wrap(bytes), null);
                if (key != null && placed != null) {
                    List<String> g = new ArrayList<>();
                    g.add(placed);
                    groups.put(key, g);
                }
                return;
            }
            String path = paths.place(name);
            if (path == null) {
                return;
            }
            String first = group.get(0);
            if (bytes.length > 0) {
                // The data came with a later name: it is the group's one file, which every name shows.
                image.file(first, st.mode(), st.uid(), st.gid(), paths.mtime(st.mtime()), bytes);
                for (int i = 1; i < group.size(); i++) {
                    image.hardLink(group.get(i), first);
                }
            }
            image.hardLink(path, first);
            paths.added(path, st, null);
            group.add(path);
        }
    }
}
