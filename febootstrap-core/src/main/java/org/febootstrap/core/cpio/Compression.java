package org.febootstrap.core.cpio;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.Deflater;
import org.tukaani.xz.LZMA2Options;

import org.tukaani.xz.XZOutputStream;

/** How an initramfs is compressed. Only formats the kernel unpacks, in the form it accepts. */
public enum Compression {
    NONE,
    /** gzip --best, header mtime 0 (reproducible), deflated on every core ({@link ParallelGzipOutputStream}). */
    GZIP,
    /** xz with the CRC32 check and LZMA2 only: the kernel rejects xz's default CRC64. */
    XZ;

    public static Compression parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none", "no" -> NONE;
            case "gzip", "gz" -> GZIP;
            case "xz" -> XZ;
            default -> throw new IllegalArgumentException("unknown compression '" + name + "' (gzip, xz or none)");
        };
    }

    /** Wraps {@code out}; closing the result finishes the compressed stream and closes {@code out}. */
    public OutputStream wrap(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new ParallelGzipOutputStream(out, Deflater.BEST_COMPRESSION);
            case XZ -> {
                LZMA2Options options = new LZMA2Options(LZMA2Options.PRESET_DEFAULT);
                options.setDictSize(1 << 20);
                yield new XZOutputStream(out, options, org.tukaani.xz.XZ.CHECK_CRC32);
            }
        };
    }
}
