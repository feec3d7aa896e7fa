package org.febootstrap.helper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The helper's INPUT operands, sorted out: supermin.img skeletons (recognised by the newc magic
 * {@code 070701}), hostfiles lists (any other file), and directories, whose entries are taken in
 * sorted order, recursively, skipping dotfiles and editor backups ({@code *~}), as 2.x did.
 *
 * @param skeletons the cpio skeletons, in the order given
 * @param hostFileLists the hostfiles lists, in the order given
 * @param all every input file, in order (what --if-newer and the checksum look at)
 * @param directories the directories walked (their mtimes change when files come or go)
 */
record ApplianceInputs(List<Path> skeletons, List<Path> hostFileLists, List<Path> all, List<Path> directories) {
    private static final byte[] NEWC_MAGIC = {'0', '7', '0', '7', '0', '1'};

    static ApplianceInputs collect(List<Path> operands) throws IOException {
        List<Path> skeletons = new ArrayList<>();
        List<Path> lists = new ArrayList<>();
        List<Path> all = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (Path p : operands) {
            visit(p, skeletons, lists, all, dirs);
        }
        return new ApplianceInputs(skeletons, lists, all, dirs);
    }

    /**
     * Every input file, in order, as {@link #collect} finds them (directories walked the same
     * way), without opening any to tell skeletons from lists: what --if-newer compares.
     */
    static List<Path> files(List<Path> operands) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path p : operands) {
            walk(p, all);
        }
        return all;
    }

    private static void walk(Path p, List<Path> all) throws IOException {
        if (Files.isDirectory(p)) {
            for (String name : list(p)) {
                if (!name.startsWith(".") && !name.endsWith("~")) {
                    walk(p.resolve(name), all);
                }
            }
            return;
        }
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString(), null, "No such file or directory");
        }
        all.add(p);
    }

    private static void visit(Path p, List<Path> skeletons, List<Path> lists, List<Path> all, List<Path> dirs)
            throws IOException {
        if (Files.isDirectory(p)) {
            dirs.add(p);
            String[] names = list(p);
            for (String name : names) {
                if (name.startsWith(".") || name.endsWith("~")) {
                    continue;
                }
                visit(p.resolve(name), skeletons, lists, all, dirs);
            }
            return;
        }
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString(), null, "No such file or directory");
        }
        all.add(p);
        if (isNewcArchive(p)) {
            skeletons.add(p);
        } else {
            lists.add(p);
        }
    }

    private static String[] list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                names.add(c.getFileName().toString());
            }
        }
        String[] a = names.toArray(new String[0]);
        Arrays.sort(a);
        return a;
    }

    /** Whether a file starts with the newc magic: a supermin.img skeleton rather than a list. */
    static boolean isNewcArchive(Path p) throws IOException {
        // Through a FileChannel, as every file of the build is read: an InputStream over the
        // file (Files.newInputStream) loads and runs code of its own, 2 ms of a cold start.
        ByteBuffer head = ByteBuffer.allocate(NEWC_MAGIC.length);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            while (head.hasRemaining() && ch.read(head) > 0) {
                // until the magic's length is read, or the end of a shorter file
            }
        }
        return !head.hasRemaining() && Arrays.equals(head.array(), NEWC_MAGIC);
    }
}
