package org.febootstrap.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cli.Options;
import org.febootstrap.core.cli.Tool;
import org.febootstrap.core.cli.UsageException;
import org.febootstrap.core.root.FileStat;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.util.AtomicFile;

/** febootstrap-install: copy a local file into a root with a given mode and owner. */
public final class Install implements Tool {
    static final String NAME = "febootstrap-install";
    private static final Options.Help HELP = new Options.Help(NAME,
            NAME + " ROOT LOCALFILE TARGETPATH MODE OWNER[.GROUP]",
            """
            Copy LOCALFILE into the root filesystem ROOT as TARGETPATH (or into TARGETPATH when it is
            a directory of the root), with MODE (octal or symbolic, as chmod takes it) and OWNER and
            GROUP (names from ROOT's own /etc/passwd and /etc/group, or numbers). Symlinks in ROOT are
            resolved inside it, so the file never lands outside ROOT. For a root built as non-root,
            the owner is recorded in ROOT/fakeroot.log. The file appears atomically.""");

    public static void main(String[] args) {
        CommandRunner.exit(CommandRunner.run(NAME, new Install(), args, Console.system()));
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        List<String> op = Options.parse(this, HELP, args, false);
        if (op.size() != 5) {
            throw new UsageException(op.size() < 5 ? "missing arguments: expected ROOT LOCALFILE TARGETPATH MODE OWNER[.GROUP]"
                    : "too many arguments: expected ROOT LOCALFILE TARGETPATH MODE OWNER[.GROUP]");
        }
        ChmodMode mode;
        try {
            mode = ChmodMode.parse(op.get(3));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String targetPath = op.get(2);
        if (escapesRoot(targetPath)) {
            throw new UsageException("TARGETPATH '" + targetPath + "' leaves the root");
        }
        Path local = Path.of(op.get(1));
        if (!Files.exists(local)) {
            throw new NoSuchFileException(local.toString(), null, "No such file or directory");
        }
        if (Files.isDirectory(local)) {
            throw new IOException(local + ": is a directory (febootstrap-install copies one file)");
        }
        Path dir = Path.of(op.get(0));
        // As non-root we cannot chown: ownership goes to fakeroot.log, as under 2.x's fakeroot.
        Root root = Root.runningAsRoot() ? Root.open(dir) : Root.openWithFakeroot(dir);
        String owner = op.get(4);
        int sep = Math.max(owner.indexOf(':'), owner.indexOf('.'));
        long uid = RootAccounts.uid(root, sep < 0 ? owner : owner.substring(0, sep));
        long gid = sep < 0 ? 0 : RootAccounts.gid(root, owner.substring(sep + 1));

        Path dest = root.resolveForWrite(targetPath);
        if (Files.isDirectory(root.resolve(targetPath)) && !targetPath.endsWith("/.")) {
            dest = root.resolveForWrite(root.relative(root.resolve(targetPath)) + "/" + local.getFileName());
        }
        if (!Files.isDirectory(dest.getParent())) {
            throw new NoSuchFileException(dest.getParent().toString(), null, "directory does not exist in the root");
        }
        if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dest + ": is a directory");
        }
        int perms = mode.apply(FileStat.of(local.toRealPath()).permissions(), false);
        try (AtomicFile out = AtomicFile.create(dest); FileChannel in = FileChannel.open(local, StandardOpenOption.READ)) {
            long size = in.size();
            long pos = 0;
            while (pos < size) {
                long n = in.transferTo(pos, size - pos, out.channel());
                if (n <= 0) {
                    break;
                }
                pos += n;
            }
            out.commit();
        }
        // The new inode is claimed explicitly, so it never inherits a deleted file's faked owner.
        root.recordOwner(dest, perms, uid, gid);
        root.saveOwnership();
        return 0;
    }

    /** Whether {@code ..} components climb above the root (symlinks are resolved inside it anyway). */
    static boolean escapesRoot(String path) {
        int depth = 0;
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            depth += part.equals("..") ? -1 : 1;
            if (depth < 0) {
                return true;
            }
        }
        return false;
    }
}
