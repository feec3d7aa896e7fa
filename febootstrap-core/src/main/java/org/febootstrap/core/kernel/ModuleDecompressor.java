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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
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

    /** Runs {@code zstd -dcq}, into the target file when given, else into the stream. */
    private void runZstd(Path source, Path target, OutputStream out) throws IOException {
        Path program = zstdProgram().orElseThrow(() -> new IOException("cannot decompress " + source
                + ": it is zstd-compressed and the zstd program is not installed (looked in "
                + searchPath + "; install the zstd package)"));
        // A missing or unreadable file fails here as in the other cases, with the JDK's message.
        Files.newByteChannel(source).close();
        ProcessBuilder builder = new ProcessBuilder(program.toString(), "-d", "-c", "-q", "--", source.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (target != null) {
            builder.redirectOutput(target.toFile());
        }
        Process process = builder.start();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try {
            if (target == null) {
                try (InputStream in = process.getInputStream()) {
                    copy(in, out);
                }
            }
            // zstd reports at most a line or two, after it is done writing: reading it last
            // cannot block the data.
            try (InputStream err = process.getErrorStream()) {
                err.transferTo(errors);
            }
            int status = process.waitFor();
            if (status != 0) {
                String message = errors.toString(StandardCharsets.UTF_8).trim().replace('\n', ' ');
                throw new IOException("cannot decompress " + source + ": zstd exited with status " + status
                        + (message.isEmpty() ? "" : " (" + message + ")"));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decompressing " + source);
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
