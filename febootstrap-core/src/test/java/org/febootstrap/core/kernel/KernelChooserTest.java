package org.febootstrap.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.febootstrap.core.host.Arch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelChooserTest {

    private static final Arch X86_64 = new Arch("x86_64");

    @TempDir
    Path root;

    @Test
    void choosesTheNewestDebianKernel() throws IOException {
        installKernel("6.1.0-9-amd64");
        installKernel("6.1.0-10-amd64");
        installKernel("5.19.0-1-amd64");
        Kernel kernel = choose(Map.of());
        assertEquals("6.1.0-10-amd64", kernel.version());
        assertEquals(root.resolve("boot/vmlinuz-6.1.0-10-amd64"), kernel.image());
        assertEquals(root.resolve("lib/modules/6.1.0-10-amd64"), kernel.modulesDir());
        assertEquals(root.resolve("lib/modules/6.1.0-10-amd64/modules.dep"), kernel.modulesDep());
    }

    @Test
    void skipsXenDebugDumpTinyAndModulelessKernels() throws IOException {
        installKernel("6.1.0-9-amd64");
        installKernel("6.9.0-xen-amd64");
        installKernel("6.9.0-1.fc40.x86_64+debug");
        installKernel("6.9.0-zfcpdump");
        installKernel("6.9.1-amd64");
        Files.write(root.resolve("boot/vmlinuz-6.9.1-amd64"), new byte[100]);
        installKernel("6.9.2-amd64");
        Files.delete(root.resolve("lib/modules/6.9.2-amd64/modules.dep"));
        assertEquals("6.1.0-9-amd64", choose(Map.of()).version());
    }

    @Test
    void explainsWhyNoKernelWasGood() throws IOException {
        installKernel("6.9.0-xen-amd64");
        installKernel("6.9.1-amd64");
        Files.write(root.resolve("boot/vmlinuz-6.9.1-amd64"), new byte[100]);
        installKernel("6.9.2-amd64");
        Files.delete(root.resolve("lib/modules/6.9.2-amd64/modules.dep"));
        Files.createSymbolicLink(root.resolve("boot/vmlinuz-7.0-amd64"), Path.of("nowhere"));
        KernelChoiceException e = assertThrows(KernelChoiceException.class, () -> choose(Map.of()));
        String message = e.getMessage();
        assertTrue(message.startsWith("no kernel found in " + root.resolve("boot")), message);
        assertTrue(message.contains("vmlinuz-6.9.0-xen-amd64: a Xen kernel"), message);
        assertTrue(message.contains("vmlinuz-6.9.1-amd64: only 100 bytes, too small"), message);
        assertTrue(message.contains("vmlinuz-6.9.2-amd64: no " + root.resolve("lib/modules/6.9.2-amd64/modules.dep")),
                message);
        assertTrue(message.contains("vmlinuz-7.0-amd64: dangling symbolic link"), message);
        assertTrue(message.contains("SUPERMIN_KERNEL"), message);
    }

    @Test
    void saysSoWhenThereIsNoKernelAtAll() {
        KernelChoiceException e = assertThrows(KernelChoiceException.class, () -> choose(Map.of()));
        assertTrue(e.getMessage().contains("there are no vmlinuz-* files"), e.getMessage());
    }

    @Test
    void prefersKernelsForTheHostArchitecture() throws IOException {
        installKernel("6.1.0-9-amd64");
        installKernel("7.0.0-1-arm64");
        installKernel("7.1.0-1-686-pae");
        assertEquals("6.1.0-9-amd64", choose(Map.of()).version());
        assertEquals("7.0.0-1-arm64", new KernelChooser(root, new Arch("aarch64"), Map.of()).choose().version());
        assertEquals("7.1.0-1-686-pae", new KernelChooser(root, new Arch("i686"), Map.of()).choose().version());
        // No kernel for the architecture at all: take what there is, newest first.
        assertEquals("7.1.0-1-686-pae", new KernelChooser(root, new Arch("s390x"), Map.of()).choose().version());
    }

    @Test
    void findsFedoraKernelsInsideTheModulesDirectory() throws IOException {
        Path modules = Files.createDirectories(root.resolve("lib/modules/6.5.6-300.fc39.x86_64"));
        Files.write(modules.resolve("modules.dep"), new byte[0]);
        Files.write(modules.resolve("vmlinuz"), new byte[20_000]);
        Files.createDirectories(root.resolve("lib/modules/6.4.0-1.fc39.x86_64"));
        Kernel kernel = choose(Map.of());
        assertEquals("6.5.6-300.fc39.x86_64", kernel.version());
        assertEquals(modules.resolve("vmlinuz"), kernel.image());
        // With the /boot copy as well, the package's own file is still preferred.
        installKernel("6.5.6-300.fc39.x86_64");
        assertEquals(modules.resolve("vmlinuz"), choose(Map.of()).image());
    }

    @Test
    void followsTheMergedUsrSymlink() throws IOException {
        Files.createDirectories(root.resolve("usr/lib/modules/6.1.0-9-amd64"));
        Files.write(root.resolve("usr/lib/modules/6.1.0-9-amd64/modules.dep"), new byte[0]);
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createDirectories(root.resolve("boot"));
        Files.write(root.resolve("boot/vmlinuz-6.1.0-9-amd64"), new byte[20_000]);
        assertEquals("6.1.0-9-amd64", choose(Map.of()).version());
    }

    @Test
    void anUnreadableKernelIsExplained() throws IOException {
        installKernel("6.8.0-31-generic");
        Path image = root.resolve("boot/vmlinuz-6.8.0-31-generic");
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-------"));
        // As root every file is readable: stand in for a non-root user.
        KernelChooser chooser = new KernelChooser(root, X86_64, Map.of(), p -> !p.equals(image));
        KernelChoiceException e = assertThrows(KernelChoiceException.class, chooser::choose);
        assertEquals("kernel " + image + " is not readable (mode 0600): run as root or chmod 0644 it",
                e.getMessage());
    }

    @Test
    void superminKernelOverrideTakesTheVersionFromTheName() throws IOException {
        installKernel("6.1.0-9-amd64");
        installKernel("6.1.0-10-amd64");
        Path image = root.resolve("boot/vmlinuz-6.1.0-9-amd64");
        Kernel kernel = choose(Map.of("SUPERMIN_KERNEL", image.toString()));
        assertEquals(image, kernel.image());
        assertEquals("6.1.0-9-amd64", kernel.version());
        assertEquals(root.resolve("lib/modules/6.1.0-9-amd64"), kernel.modulesDir());

        Kernel explicit = choose(Map.of("SUPERMIN_KERNEL", image.toString(),
                "SUPERMIN_KERNEL_VERSION", "6.1.0-10-amd64"));
        assertEquals("6.1.0-10-amd64", explicit.version());
        assertEquals(root.resolve("lib/modules/6.1.0-10-amd64"), explicit.modulesDir());

        Path elsewhere = Files.createDirectories(root.resolve("my-modules"));
        Kernel modules = choose(Map.of("SUPERMIN_KERNEL", image.toString(), "SUPERMIN_MODULES", elsewhere.toString()));
        assertEquals(elsewhere, modules.modulesDir());
    }

    @Test
    void superminKernelOverrideReadsTheBootHeader() throws IOException {
        Path image = root.resolve("bzImage");
        Files.write(image, fakeBzImage("6.9.0-test (me@host) #1 SMP"));
        Files.createDirectories(root.resolve("lib/modules/6.9.0-test"));
        assertEquals(Optional.of("6.9.0-test"), KernelChooser.versionFromImageHeader(image));
        Kernel kernel = choose(Map.of("SUPERMIN_KERNEL", image.toString()));
        assertEquals("6.9.0-test", kernel.version());
    }

    @Test
    void superminKernelOverrideErrors() throws IOException {
        Path missing = root.resolve("nope");
        KernelChoiceException e = assertThrows(KernelChoiceException.class,
                () -> choose(Map.of("SUPERMIN_KERNEL", missing.toString())));
        assertTrue(e.getMessage().contains(missing + ", which does not exist"), e.getMessage());

        Path blob = root.resolve("Image");
        Files.write(blob, new byte[20_000]);
        e = assertThrows(KernelChoiceException.class, () -> choose(Map.of("SUPERMIN_KERNEL", blob.toString())));
        assertTrue(e.getMessage().contains("cannot tell the version of kernel " + blob), e.getMessage());
        assertTrue(e.getMessage().contains("SUPERMIN_KERNEL_VERSION"), e.getMessage());

        e = assertThrows(KernelChoiceException.class, () -> choose(Map.of("SUPERMIN_KERNEL", blob.toString(),
                "SUPERMIN_KERNEL_VERSION", "1.2.3")));
        assertTrue(e.getMessage().contains(root.resolve("lib/modules/1.2.3") + " for kernel " + blob),
                e.getMessage());
    }

    @Test
    void superminModulesAloneReplacesTheModulesDirectory() throws IOException {
        Files.createDirectories(root.resolve("boot"));
        Files.write(root.resolve("boot/vmlinuz-6.1.0-9-amd64"), new byte[20_000]);
        Path elsewhere = Files.createDirectories(root.resolve("my-modules"));
        Kernel kernel = choose(Map.of("SUPERMIN_MODULES", elsewhere.toString(), "SUPERMIN_KERNEL", ""));
        assertEquals("6.1.0-9-amd64", kernel.version());
        assertEquals(elsewhere, kernel.modulesDir());
    }

    @Test
    void versionsFromFileNames() {
        assertEquals(Optional.of("6.1.0-9-amd64"), KernelChooser.versionFromFileName(Path.of("/boot/vmlinuz-6.1.0-9-amd64")));
        assertEquals(Optional.of("6.5.6-300.fc39.x86_64"),
                KernelChooser.versionFromFileName(Path.of("/lib/modules/6.5.6-300.fc39.x86_64/vmlinuz")));
        assertEquals(Optional.empty(), KernelChooser.versionFromFileName(Path.of("/boot/vmlinuz")));
        assertEquals(Optional.empty(), KernelChooser.versionFromFileName(Path.of("bzImage")));
    }

    @Test
    void choosesTheHostsKernel() throws IOException {
        List<Path> images = new ArrayList<>();
        if (Files.isDirectory(Path.of("/boot"))) {
            try (DirectoryStream<Path> boot = Files.newDirectoryStream(Path.of("/boot"), "vmlinuz-*")) {
                boot.forEach(images::add);
            }
        }
        assumeTrue(!images.isEmpty(), "this machine has no kernel in /boot");
        Kernel kernel = new KernelChooser(Path.of("/"), Arch.host(), Map.of()).choose();
        assertTrue(images.contains(kernel.image()), kernel.toString());
        assertEquals("vmlinuz-" + kernel.version(), kernel.image().getFileName().toString());
        assertTrue(Files.isRegularFile(kernel.modulesDep()), kernel.toString());
        if (Arch.host().name().equals("x86_64")) {
            assertEquals(Optional.of(kernel.version()), KernelChooser.versionFromImageHeader(kernel.image()));
        }
    }

    private Kernel choose(Map<String, String> environment) throws IOException {
        return new KernelChooser(root, X86_64, environment).choose();
    }

    private void installKernel(String version) throws IOException {
        Files.createDirectories(root.resolve("boot"));
        Files.write(root.resolve("boot/vmlinuz-" + version), new byte[20_000]);
        Path modules = Files.createDirectories(root.resolve("lib/modules").resolve(version));
        Files.write(modules.resolve("modules.dep"), "kernel/fs/x.ko:\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Just enough of an x86 boot sector and setup header for the version pointer. */
    private static byte[] fakeBzImage(String versionText) {
        byte[] image = new byte[20_000];
        image[0x1FE] = 0x55;
        image[0x1FF] = (byte) 0xAA;
        System.arraycopy("HdrS".getBytes(StandardCharsets.US_ASCII), 0, image, 0x202, 4);
        int pointer = 0x1000;
        image[0x20E] = (byte) pointer;
        image[0x20F] = (byte) (pointer >> 8);
        byte[] text = versionText.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, image, pointer + 0x200, text.length);
        return image;
    }
}
