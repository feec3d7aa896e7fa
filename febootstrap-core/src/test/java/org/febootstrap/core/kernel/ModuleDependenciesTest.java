package org.febootstrap.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.febootstrap.core.host.Arch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleDependenciesTest {

    private static final String SMALL = String.join("\n",
            "# made by hand",
            "kernel/fs/ext4/ext4.ko.xz: kernel/lib/crc16.ko.xz kernel/fs/mbcache.ko.xz kernel/fs/jbd2/jbd2.ko.xz",
            "kernel/lib/crc16.ko.xz:",
            "kernel/fs/mbcache.ko.xz:",
            "kernel/fs/jbd2/jbd2.ko.xz:",
            "",
            "kernel/drivers/net/virtio_net.ko.zst: kernel/drivers/net/net_failover.ko.zst kernel/net/core/failover.ko",
            "kernel/drivers/net/net_failover.ko.zst: kernel/net/core/failover.ko",
            "kernel/net/core/failover.ko:",
            "kernel/drivers/block/virtio_blk.ko.gz:\t",
            "kernel/drivers/virtio/virtio-mmio.ko:",
            "kernel/drivers/char/hw_random/virtio-rng.ko:  ",
            "");

    @Test
    void parsesLinesAndLooksUpNames() throws IOException {
        ModuleDependencies deps = ModuleDependencies.parse(SMALL, "modules.dep");
        assertEquals(10, deps.modules().size());
        assertEquals(List.of("kernel/lib/crc16.ko.xz", "kernel/fs/mbcache.ko.xz", "kernel/fs/jbd2/jbd2.ko.xz"),
                deps.dependenciesOf("kernel/fs/ext4/ext4.ko.xz"));
        assertEquals(List.of(), deps.dependenciesOf("kernel/drivers/block/virtio_blk.ko.gz"));
        assertEquals(List.of(), deps.dependenciesOf("not/there.ko"));
        assertTrue(deps.contains("kernel/net/core/failover.ko"));
        assertFalse(deps.contains("kernel/net/core/failover"));
        assertEquals(Optional.of("kernel/drivers/virtio/virtio-mmio.ko"), deps.pathOf("virtio_mmio"));
        assertEquals(Optional.of("kernel/drivers/virtio/virtio-mmio.ko"), deps.pathOf("virtio-mmio"));
        assertEquals(Optional.of("kernel/drivers/net/virtio_net.ko.zst"), deps.pathOf("virtio-net.ko"));
        assertEquals(Optional.of("kernel/drivers/block/virtio_blk.ko.gz"), deps.pathOf("x/virtio_blk.ko.gz"));
        assertEquals(Optional.of("kernel/fs/ext4/ext4.ko.xz"), deps.pathOf("ext4"));
        assertEquals(Optional.empty(), deps.pathOf("btrfs"));
        assertEquals("virtio_rng", ModuleDependencies.moduleName("a/b/virtio-rng.ko.zst"));
        assertEquals("modules.dep", deps.source());
    }

    @Test
    void repeatedLinesAddUpAndOddSpacingIsFine() throws IOException {
        ModuleDependencies deps = ModuleDependencies.parse(
                "  a.ko :  b.ko\t c.ko \r\n\t\nb.ko:\na.ko: d.ko\n   # indented comment\nc.ko:\nd.ko:", "odd");
        assertEquals(List.of("a.ko", "b.ko", "c.ko", "d.ko"), List.copyOf(deps.modules()));
        assertEquals(List.of("b.ko", "c.ko", "d.ko"), deps.dependenciesOf("a.ko"));
        assertEquals(List.of("d.ko", "c.ko", "b.ko", "a.ko"), deps.closure(List.of("a.ko")));
    }

    @Test
    void reportsBadLinesWithFileAndLineNumber() {
        IOException e = assertThrows(IOException.class,
                () -> ModuleDependencies.parse("a.ko:\nb.ko c.ko\n", "/lib/modules/x/modules.dep"));
        assertEquals("/lib/modules/x/modules.dep:2: no ':' after the module name in \"b.ko c.ko\"", e.getMessage());
    }

    @Test
    void readingAMissingFileNamesIt(@TempDir Path dir) {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> ModuleDependencies.read(dir.resolve("modules.dep")));
        assertTrue(e.getMessage().contains(dir.resolve("modules.dep").toString()));
    }

    @Test
    void closurePutsDependenciesFirst() throws IOException {
        ModuleDependencies deps = ModuleDependencies.parse(SMALL, "modules.dep");
        List<String> closure = deps.closure(List.of("kernel/drivers/net/virtio_net.ko.zst", "kernel/fs/ext4/ext4.ko.xz",
                "kernel/net/core/failover.ko", "kernel/fs/ext4/ext4.ko.xz"));
        assertEquals(List.of("kernel/net/core/failover.ko", "kernel/drivers/net/net_failover.ko.zst",
                "kernel/drivers/net/virtio_net.ko.zst",
                "kernel/fs/jbd2/jbd2.ko.xz", "kernel/fs/mbcache.ko.xz", "kernel/lib/crc16.ko.xz",
                "kernel/fs/ext4/ext4.ko.xz"), closure);
        assertLoadable(deps, closure);
        assertEquals(List.of("extra/unknown.ko"), deps.closure(List.of("extra/unknown.ko")));
        assertEquals(List.of(), deps.closure(List.of()));
    }

    @Test
    void closureSurvivesCycles() throws IOException {
        ModuleDependencies deps = ModuleDependencies.parse(
                "a.ko: b.ko\nb.ko: c.ko\nc.ko: a.ko\nself.ko: self.ko\nd.ko: a.ko self.ko\n", "cyclic");
        assertEquals(List.of("c.ko", "b.ko", "a.ko"), deps.closure(List.of("a.ko")));
        assertEquals(List.of("self.ko"), deps.closure(List.of("self.ko")));
        List<String> all = deps.closure(List.of("d.ko"));
        assertEquals(Set.of("a.ko", "b.ko", "c.ko", "self.ko", "d.ko"), Set.copyOf(all));
        assertEquals(5, all.size());
        assertEquals("d.ko", all.get(4));
    }

    @Test
    void kmodsPatternsMatchBaseNamesWithOrWithoutCompression() throws IOException {
        ModuleDependencies deps = ModuleDependencies.parse(SMALL, "modules.dep");
        assertEquals(Set.of("kernel/drivers/net/virtio_net.ko.zst", "kernel/drivers/block/virtio_blk.ko.gz",
                        "kernel/drivers/virtio/virtio-mmio.ko", "kernel/drivers/char/hw_random/virtio-rng.ko"),
                deps.matchingPatterns(List.of("virtio*.ko")));
        assertEquals(Set.of("kernel/fs/ext4/ext4.ko.xz", "kernel/lib/crc16.ko.xz", "kernel/fs/mbcache.ko.xz",
                "kernel/fs/jbd2/jbd2.ko.xz"), deps.matchingPatterns(List.of("*.ko.xz")));
        assertEquals(Set.of("kernel/fs/ext4/ext4.ko.xz", "kernel/drivers/block/virtio_blk.ko.gz"),
                deps.matchingPatterns(List.of("ext4.ko", "virtio_blk*")));
        assertEquals(10, deps.matchingPatterns(List.of("*.ko")).size());
        assertEquals(Set.of(), deps.matchingPatterns(List.of("ext4")));
        // File order, not pattern order.
        assertEquals(List.of("kernel/fs/ext4/ext4.ko.xz", "kernel/drivers/block/virtio_blk.ko.gz"),
                List.copyOf(deps.matchingPatterns(List.of("virtio_blk*", "ext4.ko"))));
    }

    @Test
    void theHostsModulesDep() throws IOException {
        Path modulesDep;
        try {
            modulesDep = new KernelChooser(Path.of("/"), Arch.host(), Map.of()).choose().modulesDep();
        } catch (KernelChoiceException e) {
            assumeTrue(false, "no kernel with modules on this machine: " + e.getMessage());
            return;
        }
        ModuleDependencies deps = ModuleDependencies.read(modulesDep);
        assertTrue(deps.modules().size() > 100, deps.toString());
        String ext4 = deps.pathOf("ext4").orElseThrow();
        List<String> closure = deps.closure(List.of(ext4));
        assertEquals(ext4, closure.get(closure.size() - 1));
        for (String name : List.of("jbd2", "mbcache", "crc16")) {
            Optional<String> path = deps.pathOf(name);
            // Some kernels build these in: then they are not modules at all.
            path.ifPresent(p -> assertTrue(closure.contains(p), name + " in " + closure));
        }
        assertLoadable(deps, closure);
        // Every module at once: still a valid loading order, each module once.
        List<String> everything = deps.closure(deps.modules());
        assertEquals(deps.modules().size() + missingDependencies(deps), everything.size());
        assertLoadable(deps, everything);
        Set<String> virtio = deps.matchingPatterns(List.of("virtio*.ko"));
        assertTrue(virtio.contains(deps.pathOf("virtio_blk").orElseThrow()), virtio.toString());
    }

    /** Dependencies named on some line that have no line of their own (none, with depmod). */
    private static int missingDependencies(ModuleDependencies deps) {
        Set<String> missing = new HashSet<>();
        for (String module : deps.modules()) {
            for (String dependency : deps.dependenciesOf(module)) {
                if (!deps.contains(dependency)) {
                    missing.add(dependency);
                }
            }
        }
        return missing.size();
    }

    private static void assertLoadable(ModuleDependencies deps, List<String> order) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            assertEquals(null, position.put(order.get(i), i), order.get(i) + " is listed twice");
        }
        for (int i = 0; i < order.size(); i++) {
            for (String dependency : deps.dependenciesOf(order.get(i))) {
                Integer at = position.get(dependency);
                assertTrue(at != null && at < i, dependency + " must come before " + order.get(i));
            }
        }
    }
}
