package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.febootstrap.core.cpio.NewcReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --lock: helpers building the same outputs take turns; readers only ever see whole files. */
class LockTest {
    @TempDir
    Path tmp;

    private static String read(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void twentyHelpersAtOnceAllSucceedAndReadersSeeOnlyCompleteArchives() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko", "virtio_blk.ko");
        Path lock = a.out.resolve("lock");
        List<String> args = List.of("-v", "--lock", lock.toString(), "-k", kmods.toString(), a.skeleton.toString(),
                a.hostfiles.toString(), a.kernel().toString(), a.initrd().toString());
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger complete = new AtomicInteger();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try (InputStream in = Files.newInputStream(a.initrd())) {
                    List<String> names = new ArrayList<>();
                    NewcReader.read(in, (h, d) -> names.add(h.name()), a.initrd().toString());
                    assertTrue(names.contains("bin/busybox"), "complete: " + names.size() + " entries");
                    complete.incrementAndGet();
                } catch (NoSuchFileException notYet) {
                    Thread.onSpinWait();
                } catch (Throwable t) {
                    readerFailure.compareAndSet(null, t);
                }
            }
        });
        reader.start();
        List<Process> helpers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                helpers.add(new ProcessBuilder(HelperRunner.command(List.of(), args)).start());
            }
            int waited = 0;
            for (Process p : helpers) {
                assertTrue(p.waitFor(5, TimeUnit.MINUTES), "helper finished");
                String err = read(p.getErrorStream());
                assertEquals(0, p.exitValue(), err);
                if (err.contains("waiting for the lock")) {
                    waited++;
                }
            }
            assertTrue(waited > 0, "some helpers had to wait their turn");
        } finally {
            done.set(true);
            reader.join();
            for (Process p : helpers) {
                p.destroyForcibly();
            }
        }
        if (readerFailure.get() != null) {
            throw new AssertionError("a reader saw a partial initrd", readerFailure.get());
        }
        assertTrue(complete.get() > 0);
        KernelUnpack.replay(a.initrd());
        try (var s = Files.list(a.out)) {
            assertEquals(List.of("initrd", "kernel", "lock"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files left behind");
        }
    }

    @Test
    void aLockHeldByAProcessThatDiedBlocksNobody() throws Exception {
        Appliance a = Appliance.create(tmp, "MARKER", null);
        Path kmods = a.kmods("crc7.ko");
        Path lock = a.out.resolve("lock");
        String testClasses = Path.of(LockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                testClasses, LockHolder.class.getName(), lock.toString()).start();
        Process helper = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            helper = new ProcessBuilder(HelperRunner.command(List.of(), List.of("-v", "--lock", lock.toString(), "-k",
                    kmods.toString(), a.skeleton.toString(), a.hostfiles.toString(), a.kernel().toString(),
                    a.initrd().toString()))).redirectErrorStream(true).start();
            assertTrue(!helper.waitFor(3, TimeUnit.SECONDS), "the helper waits while the lock is held");
            holder.destroyForcibly().waitFor();
            assertTrue(helper.waitFor(2, TimeUnit.MINUTES), "the helper goes on once the holder died");
            String trace = read(helper.getInputStream());
            assertEquals(0, helper.exitValue(), trace);
            assertTrue(trace.contains("waiting for the lock on " + lock), trace);
            KernelUnpack.replay(a.initrd());
        } finally {
            holder.destroyForcibly();
            if (helper != null) {
                helper.destroyForcibly();
            }
        }
    }
}
