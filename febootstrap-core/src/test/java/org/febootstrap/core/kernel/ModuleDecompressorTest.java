package org.febootstrap.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.febootstrap.core.kernel.ModuleDecompressor.Compression;
import org.febootstrap.core.util.ExternalCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleDecompressorTest {

    @TempDir
    Path dir;

    private byte[] plain;
    private final ModuleDecompressor decompressor = new ModuleDecompressor();

    @BeforeEach
    void makeAModule() throws IOException {
        // Half text-like (compressible), half random, about 300 KB: several xz/gzip blocks.
        Random random = new Random(3);
        StringBuilder text = new StringBuilder();
        while (text.length() < 150_000) {
            text.append("symbol_").append(random.nextInt(5000)).append(" GPL vermagic=6.1.0 SMP\n");
        }
        byte[] noise = new byte[150_000];
        random.nextBytes(noise);
        byte[] head = text.toString().getBytes(StandardCharsets.US_ASCII);
        plain = Arrays.copyOf(head, head.length + noise.length);
        System.arraycopy(noise, 0, plain, head.length, noise.length);
        Files.write(dir.resolve("mod.ko"), plain);
    }

    @Test
    void namesTellTheCompression() {
        assertEquals(Compression.XZ, Compression.ofName("ext4.ko.xz"));
        assertEquals(Compression.GZIP, Compression.ofName("ext4.ko.gz"));
        assertEquals(Compression.ZSTD, Compression.ofName("ext4.ko.zst"));
        assertEquals(Compression.NONE, Compression.ofName("ext4.ko"));
        assertEquals("ext4.ko", ModuleDecompressor.uncompressedName("ext4.ko.zst"));
        assertEquals("ext4.ko", ModuleDecompressor.uncompressedName("ext4.ko.xz"));
        assertEquals("ext4.ko", ModuleDecompressor.uncompressedName("ext4.ko"));
    }

    @Test
    void plainModulesAreCopied() throws IOException {
        assertDecompresses(dir.resolve("mod.ko"));
    }

    @Test
    void xzTheKernelWay() throws IOException {
        assumeTrue(ExternalCommand.onPath("xz"), "xz makes the test files");
        tool("xz", "-k", "--check=crc32", "--lzma2=dict=1MiB", "mod.ko");
        assertDecompresses(dir.resolve("mod.ko.xz"));
    }

    @Test
    void xzWithTheDefaultCheckAndTwoStreams() throws IOException {
        assumeTrue(ExternalCommand.onPath("xz"), "xz makes the test files");
        tool("xz", "-k", "mod.ko");
        byte[] once = Files.readAllBytes(dir.resolve("mod.ko.xz"));
        byte[] twice = Arrays.copyOf(once, once.length * 2);
        System.arraycopy(once, 0, twice, once.length, once.length);
        Files.write(dir.resolve("double.ko.xz"), twice);
        byte[] expected = Arrays.copyOf(plain, plain.length * 2);
        System.arraycopy(plain, 0, expected, plain.length, plain.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decompressor.decompress(dir.resolve("double.ko.xz"), out);
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void gzip() throws IOException {
        assumeTrue(ExternalCommand.onPath("gzip"), "gzip makes the test files");
        tool("gzip", "-k", "-9", "mod.ko");
        assertDecompresses(dir.resolve("mod.ko.gz"));
    }

    @Test
    void zstd() throws IOException {
        assumeTrue(ExternalCommand.onPath("zstd"), "zstd makes the test files");
        tool("zstd", "-q", "-k", "-19", "mod.ko");
        assertDecompresses(dir.resolve("mod.ko.zst"));
    }

    @Test
    void manyModulesAtOnce() throws IOException {
        assumeTrue(ExternalCommand.onPath("xz") && ExternalCommand.onPath("gzip") && ExternalCommand.onPath("zstd"));
        tool("xz", "-k", "--check=crc32", "mod.ko");
        tool("gzip", "-k", "mod.ko");
        Map<Path, Path> jobs = new LinkedHashMap<>();
        Map<Path, byte[]> expected = new LinkedHashMap<>();
        Path out = Files.createDirectory(dir.resolve("out"));
        for (int i = 0; i < 12; i++) {
            // Same base names in two directories: they cannot share one zstd --output-dir-flat run.
            Path sub = Files.createDirectories(dir.resolve("d" + (i % 2)));
            byte[] data = Arrays.copyOf(plain, plain.length - i);
            Path module = sub.resolve("m" + (i / 2) + ".ko");
            Files.write(module, data);
            tool("zstd", "-q", "--rm", sub.getFileName() + "/" + module.getFileName());
            Path target = out.resolve("t" + i + ".ko");
            jobs.put(sub.resolve(module.getFileName() + ".zst"), target);
            expected.put(target, data);
        }
        jobs.put(dir.resolve("mod.ko.xz"), out.resolve("x.ko"));
        jobs.put(dir.resolve("mod.ko.gz"), out.resolve("g.ko"));
        jobs.put(dir.resolve("mod.ko"), out.resolve("p.ko"));
        expected.put(out.resolve("x.ko"), plain);
        expected.put(out.resolve("g.ko"), plain);
        expected.put(out.resolve("p.ko"), plain);
        decompressor.decompressAll(jobs);
        for (Map.Entry<Path, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), e.getKey().toString());
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(expected.size(), files.count(), "no scratch directory is left behind");
        }
    }

    @Test
    void aBadModuleInABatchIsNamed() throws IOException {
        assumeTrue(ExternalCommand.onPath("zstd"));
        tool("zstd", "-q", "-k", "mod.ko");
        Files.copy(dir.resolve("mod.ko.zst"), dir.resolve("other.ko.zst"));
        Files.write(dir.resolve("bad.ko.zst"), "not zstd".getBytes(StandardCharsets.US_ASCII));
        Path out = Files.createDirectory(dir.resolve("out"));
        Map<Path, Path> jobs = new LinkedHashMap<>();
        jobs.put(dir.resolve("mod.ko.zst"), out.resolve("a.ko"));
        jobs.put(dir.resolve("bad.ko.zst"), out.resolve("b.ko"));
        jobs.put(dir.resolve("other.ko.zst"), out.resolve("c.ko"));
        IOException e = assertThrows(IOException.class, () -> decompressor.decompressAll(jobs));
        assertTrue(e.getMessage().contains(dir.resolve("bad.ko.zst").toString()), e.getMessage());
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".unzstd-")));
        }
    }

    @Test
    void zstdMissingIsExplained() throws IOException {
        Path module = dir.resolve("mod.ko.zst");
        Files.write(module, new byte[] {1, 2, 3});
        Path empty = Files.createDirectory(dir.resolve("empty-bin"));
        ModuleDecompressor withoutZstd = new ModuleDecompressor(empty.toString());
        IOException e = assertThrows(IOException.class,
                () -> withoutZstd.decompress(module, new ByteArrayOutputStream()));
        assertTrue(e.getMessage().startsWith("cannot decompress " + module
                + ": it is zstd-compressed and the zstd program is not installed"), e.getMessage());
        assertTrue(e.getMessage().contains("install the zstd package"), e.getMessage());
    }

    @Test
    void damagedFilesAreReportedWithTheirNames() throws IOException {
        assumeTrue(ExternalCommand.onPath("xz") && ExternalCommand.onPath("gzip") && ExternalCommand.onPath("zstd"));
        tool("xz", "-k", "--check=crc32", "mod.ko");
        tool("gzip", "-k", "mod.ko");
        tool("zstd", "-q", "-k", "mod.ko");
        for (String name : new String[] {"mod.ko.xz", "mod.ko.gz", "mod.ko.zst"}) {
            byte[] good = Files.readAllBytes(dir.resolve(name));
            Path truncated = dir.resolve("truncated-" + name);
            Files.write(truncated, Arrays.copyOf(good, good.length / 2));
            Path garbage = dir.resolve("garbage-" + name);
            Files.write(garbage, "this is not compressed".getBytes(StandardCharsets.US_ASCII));
            for (Path bad : new Path[] {truncated, garbage}) {
                IOException e = assertThrows(IOException.class,
                        () -> decompressor.decompress(bad, new ByteArrayOutputStream()), bad.toString());
                assertTrue(e.getMessage().startsWith("cannot decompress " + bad + ": "), e.getMessage());
                Path target = dir.resolve("out.ko");
                assertThrows(IOException.class, () -> decompressor.decompress(bad, target));
                assertFalse(Files.exists(target), "a partial output was left behind for " + bad);
            }
        }
    }

    @Test
    void missingFilesAreNamed() {
        for (String name : new String[] {"gone.ko", "gone.ko.xz", "gone.ko.gz", "gone.ko.zst"}) {
            Path missing = dir.resolve(name);
            NoSuchFileException e = assertThrows(NoSuchFileException.class,
                    () -> decompressor.decompress(missing, new ByteArrayOutputStream()));
            assertEquals(missing.toString(), e.getFile());
        }
    }

    @Test
    void aRealModuleRoundTrips() throws IOException {
        assumeTrue(ExternalCommand.onPath("xz"));
        Path ext4 = null;
        try {
            Kernel kernel = KernelChooser.forHost().choose();
            ModuleDependencies deps = ModuleDependencies.read(kernel.modulesDep());
            ext4 = kernel.modulesDir().resolve(deps.pathOf("ext4").orElseThrow());
        } catch (IOException | RuntimeException e) {
            assumeTrue(false, "no host kernel modules: " + e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decompressor.decompress(ext4, out);
        byte[] original = out.toByteArray();
        // Whatever the host's compression, the plain module is an ELF file.
        assertEquals(0x7f, original[0]);
        assertEquals('E', original[1]);
        Path copy = dir.resolve("ext4.ko");
        Files.write(copy, original);
        // A fast preset keeps the test quick; the format is the kernel's (CRC32, 1 MiB dictionary).
        tool("xz", "-k", "--check=crc32", "--lzma2=preset=0,dict=1MiB", "ext4.ko");
        Path target = dir.resolve("ext4-again.ko");
        decompressor.decompress(dir.resolve("ext4.ko.xz"), target);
        assertArrayEquals(original, Files.readAllBytes(target));
    }

    private void assertDecompresses(Path module) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decompressor.decompress(module, out);
        assertArrayEquals(plain, out.toByteArray(), "to a stream: " + module);
        Path target = dir.resolve("out.ko");
        Files.write(target, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        decompressor.decompress(module, target);
        assertArrayEquals(plain, Files.readAllBytes(target), "to a file: " + module);
    }

    private void tool(String... command) {
        ExternalCommand.run(new byte[0], dir, command);
    }
}
