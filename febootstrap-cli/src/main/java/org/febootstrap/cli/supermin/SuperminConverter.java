package org.febootstrap.cli.supermin;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.febootstrap.core.cpio.NewcWriter;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.util.AtomicFile;

/** Turns a root into a supermin appliance: supermin.img and hostfiles.txt (see the package notes). */
public final class SuperminConverter {
    /** What was written. */
    public record Summary(long skeletonEntries, long skeletonBytes, int hostFileLines, int wildcardLines) {}

    private SuperminConverter() {}

    /**
     * Walks {@code rootDir} once and writes both outputs. Each is written to a temporary file in
     * its directory; both are renamed into place only once both are complete, so a failure
     * leaves neither a partial file nor a new file beside a stale one.
     *
     * @param sourceDateEpoch mtimes later than this are clamped to it in supermin.img, or -1
     */
    public static Summary convert(Path rootDir, Path image, Path hostfiles, long sourceDateEpoch) throws IOException {
        Root root = Root.open(rootDir);
        try (AtomicFile img = AtomicFile.create(image); AtomicFile txt = AtomicFile.create(hostfiles)) {
            if (real(img.target()).equals(real(txt.target()))) {
                throw new IllegalArgumentException(image + " and " + hostfiles + " are the same file:"
                        + " supermin.img and hostfiles.txt must be different files");
            }
            NewcWriter skeleton = new NewcWriter(img.channel(), sourceDateEpoch);
            HostFileList hostFiles = new HostFileList();
            Set<Path> outputs = Set.of(real(img.temp()), real(txt.temp()), real(img.target()), real(txt.target()));
            new SuperminSplitter(root, skeleton, hostFiles, outputs).split();
            skeleton.trailer();
            Writer out = new BufferedWriter(new OutputStreamWriter(txt.stream(), StandardCharsets.UTF_8), 1 << 16);
            int lines = hostFiles.writeTo(out);
            out.flush();
            img.commit();
            txt.commit();
            return new Summary(skeleton.entryCount(), skeleton.bytesWritten(), lines, hostFiles.wildcardCount());
        }
    }

    /**
     * An output's path as the walk of the root would meet it, should it lie there: the root is
     * walked from its real path, so the output's directory is made real too.
     */
    private static Path real(Path output) throws IOException {
        return output.getParent().toRealPath().resolve(output.getFileName());
    }
}
