package org.febootstrap.core.ext2;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.ext2.Ext2Node.Directory;
import org.febootstrap.core.ext2.Ext2Node.RegularFile;
import org.febootstrap.core.ext2.Ext2Node.Special;
import org.febootstrap.core.ext2.Ext2Node.Symlink;
import org.febootstrap.core.util.AtomicFile;

/**
 * Turns the builder's tree into an image in three steps: number the inodes (root 2, lost+found
 * 11, then each directory's entries together, directories depth first in name order), size and
 * place every inode's blocks (directories and long symlinks first, then files, each on
 * consecutive blocks followed by its indirect blocks), then write metadata and copy file data.
 */
final class Ext2Image {
    private static final int ROOT_INODE = 2;
    private static final int LOST_FOUND_INODE = 11;
    /** EXT2_LINK_MAX: the ext2 driver refuses more names for one inode. */
    private static final int LINK_MAX = 32000;
    private static final int FAST_SYMLINK_MAX = 59;
    /** Inodes per byte of image when the caller gives the size (mke2fs's default ratio). */
    private static final long BYTES_PER_INODE = 16384;
    private static final byte[] DOT = {'.'};
    private static final byte[] DOT_DOT = {'.', '.'};

    private final Directory root;
    private final Path image;
    private final Ext2Options options;
    private final int blockSize;

    /** By inode number; null for reserved inodes other than the root. */
    private final List<Ext2Node> nodes = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private final Map<Ext2Node, Integer> numbers = new IdentityHashMap<>();
    private int[] links;
    private int[] parents;
    private long[] dataBlocks;
    private long[] indirectBlocks;
    private BlockRuns[] runs;

    private Ext2Image(Directory root, Path image, Ext2Options options) {
        this.root = root;
        this.image = image;
        this.options = options;
        this.blockSize = options.blockSize();
    }

    static void write(Directory root, Path image, Ext2Options options) throws IOException {
        new Ext2Image(root, image, options).write();
    }

    private void write() throws IOException {
        number();
        countLinks();
        long needed = sizeBlocks();
        long inodes = nodes.size() - 1;
        Geometry g = geometry(needed, inodes);
        BlockAllocator allocator = allocate(g);
        try (AtomicFile out = AtomicFile.create(image)) {
            long length = options.fitted() ? g.imageBytes() : options.sizeBytes();
            // Set the length first: every block never written stays a hole.
            try (RandomAccessFile raf = new RandomAccessFile(out.temp().toFile(), "rw")) {
                raf.setLength(length);
            }
            FileChannel channel = out.channel();
            BlockWriter writer = new BlockWriter(channel);
            try (DataCopier copier = DataCopier.start(out.temp(), blockSize, copyJobs())) {
                writeGroupMetadata(g, allocator, writer);
                writeDirectoriesAndSymlinks(writer);
                writeInMemoryFiles(writer);
                writer.flush();
                copier.finish();
            }
            out.commit();
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw AtomicFile.naming(image.toString(), e);
        }
    }

    private void number() {
        Directory lostFound = (Directory) root.children.get(Ext2Builder.LOST_FOUND);
        for (int i = 0; i <= LOST_FOUND_INODE; i++) {
            nodes.add(null);
            paths.add(null);
        }
        assign(root, ROOT_INODE, "/");
        assign(lostFound, LOST_FOUND_INODE, "/" + Ext2Builder.LOST_FOUND);
        Deque<Directory> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Directory dir = pending.pop();
            String base = paths.get(numbers.get(dir));
            List<Directory> subdirs = new ArrayList<>();
            for (Map.Entry<String, Ext2Node> e : dir.children.entrySet()) {
                Ext2Node child = e.getValue();
                if (!numbers.containsKey(child)) {
                    nodes.add(null);
                    paths.add(null);
                    assign(child, nodes.size() - 1, (base.equals("/") ? "/" : base + "/") + e.getKey());
                }
                if (child instanceof Directory d) {
                    subdirs.add(d);
                }
            }
            for (int i = subdirs.size() - 1; i >= 0; i--) {
                pending.push(subdirs.get(i));
            }
        }
    }

    private void assign(Ext2Node node, int ino, String path) {
        nodes.set(ino, node);
        paths.set(ino, path);
        numbers.put(node, ino);
    }

    private void countLinks() throws Ext2LimitException {
        int n = nodes.size();
        links = new int[n];
        parents = new int[n];
        parents[ROOT_INODE] = ROOT_INODE;
        for (int ino = 0; ino < n; ino++) {
            if (nodes.get(ino) instanceof Directory dir) {
                links[ino] += 2; // its entry in the parent (or the root's ".."), and "."
                for (Ext2Node child : dir.children.values()) {
                    int c = numbers.get(child);
                    if (child instanceof Directory) {
                        links[ino]++; // the child's ".."
                        parents[c] = ino;
                    } else {
                        links[c]++;
                    }
                }
            }
        }
        for (int ino = 0; ino < n; ino++) {
            if (links[ino] > LINK_MAX) {
                throw new Ext2LimitException(image.toString(), paths.get(ino) + ": " + links[ino]
                        + " links, more than ext2's " + LINK_MAX);
            }
        }
    }

    /** Counts every inode's data and indirect blocks; returns the total. */
    private long sizeBlocks() throws Ext2LimitException {
        int n = nodes.size();
        dataBlocks = new long[n];
        indirectBlocks = new long[n];
        runs = new BlockRuns[n];
        checkTime("the image timestamp", options.timestamp());
        long total = 0;
        for (int ino = 0; ino < n; ino++) {
            Ext2Node node = nodes.get(ino);
            if (node == null) {
                continue;
            }
            checkTime(paths.get(ino), mtime(node));
            long data;
            if (node instanceof Directory dir) {
                DirectoryEncoder enc = DirectoryEncoder.counting(blockSize);
                enc.add(DOT, 0, 0);
                enc.add(DOT_DOT, 0, 0);
                for (String name : dir.children.keySet()) {
                    enc.add(name.getBytes(StandardCharsets.UTF_8), 0, 0);
                }
                data = enc.size(dir.minBytes) / blockSize;
            } else if (node instanceof RegularFile f) {
                data = Geometry.ceilDiv(f.size, blockSize);
            } else if (node instanceof Symlink s) {
                if (s.target.length >= blockSize) {
                    throw new Ext2LimitException(image.toString(), paths.get(ino) + ": symlink target of "
                            + s.target.length + " bytes does not fit a " + blockSize + "-byte block");
                }
                data = s.target.length > FAST_SYMLINK_MAX ? 1 : 0;
            } else {
                data = 0;
            }
            if (data > BlockMap.maxDataBlocks(blockSize)) {
                throw tooLarge(ino);
            }
            long indirect = BlockMap.indirectBlocks(data, blockSize);
            // i_blocks counts 512-byte sectors in 32 bits (no HUGE_FILE): about 2 TiB per file.
            if ((data + indirect) * (blockSize / 512) > 0xFFFF_FFFFL) {
                throw tooLarge(ino);
            }
            dataBlocks[ino] = data;
            indirectBlocks[ino] = indirect;
            total += data + indirect;
        }
        return total;
    }

    private Ext2LimitException tooLarge(int ino) {
        return new Ext2LimitException(image.toString(), paths.get(ino) + ": too large for ext2 with "
                + blockSize + "-byte blocks");
    }

    private void checkTime(String what, long t) throws Ext2LimitException {
        if (!InodeEncoder.timeFits(t, options.inodeSize())) {
            throw new Ext2LimitException(image.toString(), what + ": time " + t + " out of the range "
                    + options.inodeSize() + "-byte inodes hold");
        }
    }

    private long mtime(Ext2Node node) {
        return node.mtime == Ext2Node.IMAGE_TIME ? options.timestamp() : node.mtime;
    }

    private Geometry geometry(long blocks, long inodes) throws Ext2LimitException {
        int isz = options.inodeSize();
        Geometry needs = Geometry.fit(blockSize, isz, blocks, inodes);
        if (needs == null) {
            throw new Ext2LimitException(image.toString(), "content of " + blocks + " blocks is more than ext2 with "
                    + blockSize + "-byte blocks can address");
        }
        long extraInodes = Math.max(inodes / 10, Ext2Options.FIT_EXTRA_INODES);
        if (options.fitted()) {
            long extra = (long) (blocks * Ext2Options.FIT_EXTRA_FRACTION) + Ext2Options.FIT_EXTRA_BYTES / blockSize;
            Geometry g = Geometry.fit(blockSize, isz, blocks + extra, inodes + extraInodes);
            return g != null ? g : needs;
        }
        long wanted = Math.max(inodes + extraInodes, options.sizeBytes() / BYTES_PER_INODE);
        Geometry g = Geometry.ofSize(blockSize, isz, options.sizeBytes(), blocks, inodes, wanted);
        if (g == null) {
            throw new Ext2LimitException(image.toString(), "appliance does not fit in " + options.sizeBytes()
                    + " bytes: needs " + needs.imageBytes());
        }
        return g;
    }

    private BlockAllocator allocate(Geometry g) {
        BlockAllocator allocator = new BlockAllocator(g);
        // Directories and long symlinks first: the metadata the kernel reads at lookup sits together.
        for (int ino = 0; ino < nodes.size(); ino++) {
            Ext2Node node = nodes.get(ino);
            if (node instanceof Directory || node instanceof Symlink) {
                runs[ino] = allocator.allocate(dataBlocks[ino] + indirectBlocks[ino]);
            }
        }
        for (int ino = 0; ino < nodes.size(); ino++) {
            if (nodes.get(ino) instanceof RegularFile) {
                runs[ino] = allocator.allocate(dataBlocks[ino] + indirectBlocks[ino]);
            }
        }
        return allocator;
    }

    /**
     * Writes the used part of group {@code grp}'s inode table (and, on the way, the indirect
     * blocks of its inodes). One group at a time: memory stays at one table whatever the tree.
     */
    private void writeInodeTable(Geometry g, int grp, BlockWriter writer) throws IOException {
        int isz = options.inodeSize();
        int maxIno = nodes.size() - 1;
        long first = (long) grp * g.inodesPerGroup() + 1;
        if (first > maxIno) {
            return;
        }
        int count = (int) Math.min(g.inodesPerGroup(), maxIno - first + 1);
        int bytes = (int) Geometry.ceilDiv((long) count * isz, blockSize) * blockSize;
        byte[] table = new byte[bytes];
        for (int i = 0; i < count; i++) {
            int ino = (int) first + i;
            Ext2Node node = nodes.get(ino);
            if (node != null) {
                InodeEncoder.encode(table, i * isz, inode(ino, node, options.timestamp(), writer), isz);
            }
        }
        writer.write(g.inodeTable(grp) * blockSize, table);
    }

    private InodeEncoder.Inode inode(int ino, Ext2Node node, long ts, BlockWriter writer) throws IOException {
        int[] iBlock = new int[15];
        byte[] fast = null;
        long size;
        if (node instanceof Directory) {
            size = dataBlocks[ino] * blockSize;
        } else if (node instanceof RegularFile f) {
            size = f.size;
        } else if (node instanceof Symlink s) {
            size = s.target.length;
            if (dataBlocks[ino] == 0) {
                fast = s.target;
            }
        } else {
            size = 0;
            Special sp = (Special) node;
            int type = sp.type();
            if (type == Ext2Node.S_IFCHR || type == Ext2Node.S_IFBLK) {
                if (sp.major < 256 && sp.minor < 256) {
                    iBlock[0] = (int) (sp.major << 8 | sp.minor); // old 16-bit encoding
                } else {
                    iBlock[1] = (int) ((sp.minor & 0xff) | (sp.major << 8) | ((sp.minor & ~0xffL) << 12));
                }
            }
        }
        long blocks = dataBlocks[ino] + indirectBlocks[ino];
        if (blocks > 0) {
            BlockMap.map(blockSize, runs[ino], dataBlocks[ino], iBlock, writer);
        }
        return new InodeEncoder.Inode(node.mode, node.uid, node.gid, size, ts, ts, mtime(node), ts,
                links[ino], blocks * (blockSize / 512), iBlock, fast);
    }

    private void writeGroupMetadata(Geometry g, BlockAllocator allocator, BlockWriter writer) throws IOException {
        int groups = g.groups();
        int ipg = g.inodesPerGroup();
        int maxIno = nodes.size() - 1;
        long[] freeBlocks = new long[groups];
        long[] freeInodes = new long[groups];
        long[] directories = new long[groups];
        for (int ino = 1; ino <= maxIno; ino++) {
            if (nodes.get(ino) instanceof Directory) {
                directories[(ino - 1) / ipg]++;
            }
        }
        long totalFreeBlocks = 0;
        for (int grp = 0; grp < groups; grp++) {
            freeBlocks[grp] = g.groupBlocks(grp) - g.metadataBlocks(grp) - allocator.usedIn(grp);
            long usedInodes = Math.max(0, Math.min(ipg, maxIno - (long) grp * ipg));
            freeInodes[grp] = ipg - usedInodes;
            totalFreeBlocks += freeBlocks[grp];
        }
        SuperblockEncoder.Totals totals = new SuperblockEncoder.Totals(totalFreeBlocks, g.inodesCount() - maxIno);
        byte[] descriptors = SuperblockEncoder.descriptors(g, freeBlocks, freeInodes, directories);
        int bitmapBits = 8 * blockSize;
        for (int grp = 0; grp < groups; grp++) {
            if (Geometry.hasSuperblock(grp)) {
                long start = g.groupStart(grp) * blockSize;
                long at = grp == 0 ? 1024 : start;
                writer.write(at, SuperblockEncoder.superblock(g, totals, options, grp));
                writer.write((g.groupStart(grp) + 1) * blockSize, descriptors);
            }
            byte[] blockBitmap = new byte[blockSize];
            setBits(blockBitmap, 0, (int) (g.metadataBlocks(grp) + allocator.usedIn(grp)));
            setBits(blockBitmap, (int) g.groupBlocks(grp), bitmapBits);
            writer.write(g.blockBitmap(grp) * blockSize, blockBitmap);
            byte[] inodeBitmap = new byte[blockSize];
            setBits(inodeBitmap, 0, ipg - (int) freeInodes[grp]);
            setBits(inodeBitmap, ipg, bitmapBits);
            writer.write(g.inodeBitmap(grp) * blockSize, inodeBitmap);
            writeInodeTable(g, grp, writer);
        }
    }

    private static void setBits(byte[] bitmap, int from, int to) {
        int i = from;
        for (; i < to && (i & 7) != 0; i++) {
            bitmap[i >>> 3] |= (byte) (1 << (i & 7));
        }
        for (; i + 8 <= to; i += 8) {
            bitmap[i >>> 3] = (byte) 0xff;
        }
        for (; i < to; i++) {
            bitmap[i >>> 3] |= (byte) (1 << (i & 7));
        }
    }

    private void writeDirectoriesAndSymlinks(BlockWriter writer) throws IOException {
        for (int ino = 0; ino < nodes.size(); ino++) {
            Ext2Node node = nodes.get(ino);
            if (node instanceof Directory dir) {
                DirectoryEncoder enc = DirectoryEncoder.writing(blockSize);
                enc.add(DOT, ino, 2);
                enc.add(DOT_DOT, parents[ino], 2);
                for (Map.Entry<String, Ext2Node> e : dir.children.entrySet()) {
                    enc.add(e.getKey().getBytes(StandardCharsets.UTF_8), numbers.get(e.getValue()), e.getValue().direntType());
                }
                byte[] blocks = enc.finish(dir.minBytes);
                if (blocks.length != dataBlocks[ino] * blockSize) {
                    throw new IllegalStateException(paths.get(ino) + ": directory size changed between sizing and writing");
                }
                writeRuns(writer, runs[ino], blocks, blocks.length);
            } else if (node instanceof Symlink s && dataBlocks[ino] > 0) {
                writeRuns(writer, runs[ino], s.target, s.target.length);
            }
        }
    }

    /** Writes the first {@code length} bytes of {@code data} over the runs' blocks. */
    private void writeRuns(BlockWriter writer, BlockRuns r, byte[] data, int length) throws IOException {
        int done = 0;
        for (int i = 0; i < r.starts.length && done < length; i++) {
            int n = (int) Math.min(r.lengths[i] * blockSize, length - done);
            writer.write(r.starts[i] * blockSize, data, done, n);
            done += n;
        }
    }

    /** Files whose data is in memory go through the block writer with the metadata. */
    private void writeInMemoryFiles(BlockWriter writer) throws IOException {
        for (int ino = 0; ino < nodes.size(); ino++) {
            if (nodes.get(ino) instanceof RegularFile f && f.data != null && f.size > 0) {
                writeRuns(writer, runs[ino], f.data, f.data.length);
            }
        }
    }

    /** Files read from a source, in image order (files are allocated in inode order). */
    private List<DataCopier.Job> copyJobs() {
        List<DataCopier.Job> jobs = new ArrayList<>();
        for (int ino = 0; ino < nodes.size(); ino++) {
            if (nodes.get(ino) instanceof RegularFile f && f.source != null && f.size > 0) {
                jobs.add(new DataCopier.Job(f.source, f.size, runs[ino]));
            }
        }
        return jobs;
    }
}
