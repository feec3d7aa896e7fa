package org.febootstrap.core.cpio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.febootstrap.core.util.ExternalCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelGzipOutputStreamTest {
    private static final int BLOCK = ParallelGzipOutputStream.BLOCK;

    /** Half text-like (compressible, with matches across blocks), half random. */
    private static byte[] data(int size, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[size];
        String[] words = {"kernel ", "module ", "initramfs ", "febootstrap ", "supermin\n", "/usr/lib/", "0644 "};
        int i = 0;
        while (i < size) {
            if (r.nextInt(4) == 0) {
                int n = Math.min(size - i, 1 + r.nextInt(300));
                for (int k = 0; k < n; k++) {
                    b[i + k] = (byte) r.nextInt(256);
                }
                i += n;
            } else {
                byte[] w = words[r.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII);
                int n = Math.min(size - i, w.length);
                System.arraycopy(w, 0, b, i, n);
                i += n;
            }
        }
        return b;
    }

    private static byte[] compress(byte[] input, int threads, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new ParallelGzipOutputStream(out, Deflater.BEST_COMPRESSION, threads)) {
            for (int off = 0; off < input.length; off += chunk) {
                gz.write(input, off, Math.min(chunk, input.length - off));
            }
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void roundTripsAtEveryBlockBoundary() throws IOException {
        int[] sizes = {0, 1, 100, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 2 * BLOCK + 7, 5 * BLOCK + 12345};
        for (int size : sizes) {
            byte[] input = data(size, size);
            for (int chunk : new int[] {1 << 20, 4096, 777}) {
                assertArrayEquals(input, gunzip(compress(input, 3, chunk)), "size " + size + ", writes of " + chunk);
            }
        }
    }

    @Test
    void theBytesDependOnTheInputOnlyNotOnTheThreads() throws IOException {
        byte[] input = data(9 * BLOCK + 999, 42);
        byte[] one = compress(input, 1, 65536);
        assertArrayEquals(one, compress(input, 2, 65536));
        assertArrayEquals(one, compress(input, 5, 1000));
        // The JDK's header (mtime 0) and a trailer of CRC-32 and size: what GZIPOutputStream writes.
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(jdk)) {
            g.write(input);
        }
        byte[] j = jdk.toByteArray();
        for (int i = 0; i < 10; i++) {
            assertEquals(j[i], one[i], "header byte " + i);
        }
        for (int i = 1; i <= 8; i++) {
            assertEquals(j[j.length - i], one[one.length - i], "trailer byte -" + i);
        }
    }

    @Test
    void compressesAboutAsWellAsOneStream() throws IOException {
        byte[] input = data(24 * BLOCK, 7);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(single) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            g.write(input);
        }
        int parallel = compress(input, 2, 1 << 16).length;
        // The dictionaries keep matches across blocks: within 1 % of one stream.
        assertTrue(parallel < single.size() * 1.01, parallel + " against " + single.size());
    }

    @Test
    void gnuGzipReadsIt(@TempDir Path tmp) throws IOException {
        assumeTrue(ExternalCommand.onPath("gzip"), "gzip checks the stream");
        byte[] input = data(6 * BLOCK + 3, 3);
        Path gz = tmp.resolve("x.gz");
        Files.write(gz, compress(input, 2, 1 << 16));
        ExternalCommand.run(java.util.List.of(), "gzip", "-t", gz.toString());
        ExternalCommand.run(java.util.List.of(), "gzip", "-d", gz.toString());
        assertArrayEquals(input, Files.readAllBytes(tmp.resolve("x")));
    }

    @Test
    void aFailedWriteIsReportedAndTheStreamEnds() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        byte[] input = data(40 * BLOCK, 1);
        IOException e = assertThrows(IOException.class, () -> {
            try (OutputStream gz = new ParallelGzipOutputStream(failing, 1, 2)) {
                gz.write(input);
            }
        });
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    }
}
