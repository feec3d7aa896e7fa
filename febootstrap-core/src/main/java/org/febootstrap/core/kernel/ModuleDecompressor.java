package org.febootstrap.core.kernel;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.tukaani.xz.XZIOException;
import org.tukaani.xz.XZInputStream;

/**
 * Turns kernel module files into plain {@code .ko} data for an init that loads modules with
 * {@code init_module()}, which (unlike {@code finit_module()} on recent kernels) takes no
 * compressed images.
 *
 * <p>{@code .xz} is read with xz-java and {@code .gz} with {@code java.util.zip}. For
 * {@code .zst} no library is at hand (commons-compress needs the native zstd-jni), so the
 * {@code zstd} program is run; without it the error says to install it. Anything else is
 * copied as it is. The kind is told by the name's suffix, as kmod does.
 */
public final class ModuleDecompressor {

    /** How a module file is stored, by its name's last suffix. */
    public enum Compression {
        NONE(""), XZ(".xz"), GZIP(".gz"), ZSTD(".zst");

        private final String suffix;

        Compression(String suffix) {
            this.suffix = suffix;
        }

        /** The file name suffix, empty for {@link #NONE}. */
        public String suffix() {
            return suffix;
        }

        /** The compression a file name says. */
        public static Compression ofName(String name) {
            if (name.endsWith(".xz")) {
                return XZ;
            }
            if (name.endsWith(".gz")) {
                return GZIP;
            }
            if (name.endsWith(".zst")) {
                return ZSTD;
            }
            return NONE;
        }
    }

    private static final int BUFFER_SIZE = 64 * 1024;
    /** Files per zstd run: keeps the command line far below the kernel's limit. */
    private static final int MAX_BATCH = 500;

    private final String searchPath;
    /** The zstd program, looked up on first need; empty when it is not installed. */
    private Optional<Path> zstd;

    /** A decompressor that looks for {@code zstd} on the process's {@code PATH}. */
    public ModuleDecompressor() {
        this(Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin:/bin"));
    }

    /**
     * A decompressor that looks for {@code zstd} in the given colon-separated directories.
     */
    public ModuleDecompressor(String searchPath) {
        this.searchPath = Objects.requireNonNull(searchPath, "searchPath");
    }

    /** The name without its compression suffix: {@code ext4.ko.xz} gives {@code ext4.ko}. */
    public static String uncompressedName(String name) {
        return name.substring(0, name.length() - Compression.ofName(name).suffix().length());
    }

    /**
     * Writes the module's plain data to a stream (left open).
     *
     * @throws IOException when the file cannot be read or is damaged, or zstd is missing or
     *     fails; the message names the file
     */
    public void decompress(Path source, OutputStream out) throws IOException {
        Compression compression = Compression.ofName(source.getFileName().toString());
        switch (compression) {
            case NONE:
                Files.copy(source, out);
                return;
            case ZSTD:
                runZstd(source, null, out);
                return;
            default:
                try (InputStream in = open(source, compression)) {
                    copy(in, out);
                } catch (ZipException | XZIOException | EOFException e) {
                    // Damaged or truncated data; errors writing to the stream pass through.
                    throw damaged(source, compression, e);
                }
        }
    }

    /**
     * Writes the module's plain data to a file, replacing it. Nothing is left behind on error.
     *
     * @throws IOException as for {@link #decompress(Path, OutputStream)}
     */
    public void decompress(Path source, Path target) throws IOException {
        Compression compression = Compression.ofName(source.getFileName().toString());
        if (compression == Compression.NONE) {
            // Lets the JDK use copy_file_range/sendfile.
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        boolean done = false;
        try {
            if (compression == Compression.ZSTD) {
                runZstd(source, target, null);
            } else {
                try (OutputStream out = Files.newOutputStream(target)) {
                    decompress(source, out);
                }
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
    }

    private static InputStream open(Path source, Compression compression) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(source), BUFFER_SIZE);
        try {
            return compression == Compression.XZ ? new XZInputStream(raw) : new GZIPInputStream(raw, BUFFER_SIZE);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static IOException damaged(Path source, Compression compression, IOException cause) {
        String kind = compression == Compression.XZ ? "xz" : "gzip";
        String why = cause instanceof EOFException ? "the data ends too early" : cause.getMessage();
        return new IOException("cannot decompress " + source + ": not valid " + kind + " data (" + why + ")", cause);
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
    }

    /**
     * Decompresses many modules, each to its own target file (replaced). This is the fast way
     * for zstd modules: one {@code zstd} run handles a whole batch (one run per module costs
     * about 4 ms, a batch of 50 about 4 ms in all); xz and gzip modules are done in-process.
     * When it fails, some targets may already be written.
     *
     * @param sourcesToTargets module file to the file its plain data goes to
     * @throws IOException as for {@link #decompress(Path, OutputStream)}; for a batch the
     *     message quotes zstd's own, which names the file
     */
    public void decompressAll(Map<Path, Path> sourcesToTargets) throws IOException {
        // Batches of distinct base names: zstd --output-dir-flat names outputs by base name.
        List<Map<Path, Path>> batches = new ArrayList<>();
        List<Set<String>> batchNames = new ArrayList<>();
        for (Map.Entry<Path, Path> entry : sourcesToTargets.entrySet()) {
            Path source = entry.getKey();
            String name = source.getFileName().toString();
            if (Compression.ofName(name) != Compression.ZSTD) {
                decompress(source, entry.getValue());
                continue;
            }
            int batch = 0;
            while (batch < batches.size()
                    && (batches.get(batch).size() >= MAX_BATCH || batchNames.get(batch).contains(name))) {
                batch++;
            }
            if (batch == batches.size()) {
                batches.add(new LinkedHashMap<>());
                batchNames.add(new HashSet<>());
            }
            batches.get(batch).put(source, entry.getValue());
            batchNames.get(batch).add(name);
        }
        for (Map<Path, Path> batch : batches) {
            if (batch.size() == 1) {
                Map.Entry<Path, Path> only = batch.entrySet().iterator().next();
                decompress(only.getKey(), only.getValue());
            } else {
                runZstdBatch(batch);
            }
        }
    }

    private void runZstdBatch(Map<Path, Path> batch) throws IOException {
        Path first = batch.keySet().iterator().next();
        Path program = requireZstd(first);
        Path someTarget = batch.values().iterator().next().toAbsolutePath();
        // Next to the targets, so that moving the results out is a rename.
        Path scratch = Files.createTempDirectory(someTarget.getParent(), ".unzstd-");
        try {
            List<String> command = new ArrayList<>(List.of(program.toString(), "-d", "-q", "-f",
                    "--output-dir-flat", scratch.toString(), "--"));
            for (Path source : batch.keySet()) {
                command.add(source.toString());
            }
            run(command, null, null, batch.size() + " zstd-compressed modules (" + first + ", ...)");
            for (Map.Entry<Path, Path> entry : batch.entrySet()) {
                Path output = scratch.resolve(uncompressedName(entry.getKey().getFileName().toString()));
                Files.move(output, entry.getValue(), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(scratch)) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
            Files.deleteIfExists(scratch);
        }
    }

    /** Runs {@code zstd -dcq}, into the target file when given, else into the stream. */
    private void runZstd(Path source, Path target, OutputStream out) throws IOException {
        Path program = requireZstd(source);
        // A missing or unreadable file fails here as in the other cases, with the JDK's message.
        Files.newByteChannel(source).close();
        run(List.of(program.toString(), "-d", "-c", "-q", "--", source.toString()), target, out, source.toString());
    }

    private Path requireZstd(Path source) throws IOException {
        return zstdProgram().orElseThrow(() -> new IOException("cannot decompress " + source
                + ": it is zstd-compressed and the zstd program is not installed (looked in "
                + searchPath + "; install the zstd package)"));
    }

    /**
     * Runs a command with stdout to the file or else the stream (or inherited nowhere when
     * both are null: zstd then writes files itself), and fails with its stderr on a non-zero
     * status.
     */
    private static void run(List<String> command, Path outputFile, OutputStream out, String what)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (outputFile != null) {
            builder.redirectOutput(outputFile.toFile());
        } else if (out == null) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try {
            if (outputFile == null && out != null) {
                try (InputStream in = process.getInputStream()) {
                    copy(in, out);
                }
            }
            // zstd reports at most a few lines, after it is done writing: reading them last
            // cannot hold up the data.
            try (InputStream err = process.getErrorStream()) {
                err.transferTo(errors);
            }
            int status = process.waitFor();
            if (status != 0) {
                String message = errors.toString(StandardCharsets.UTF_8).trim().replace('\n', ' ');
                throw new IOException("cannot decompress " + what + ": zstd exited with status " + status
                        + (message.isEmpty() ? "" : " (" + message + ")"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decompressing " + what);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private synchronized Optional<Path> zstdProgram() {
        if (zstd == null) {
            zstd = Optional.empty();
            for (String dir : searchPath.split(":")) {
                if (!dir.isEmpty()) {
                    Path candidate = Path.of(dir, "zstd");
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        zstd = Optional.of(candidate);
                        break;
                    }
                }
            }
        }
        return zstd;
    }
}
