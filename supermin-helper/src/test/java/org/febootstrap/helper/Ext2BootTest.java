package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.febootstrap.core.testing.Processes;
import org.febootstrap.core.testing.Qemu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -f ext2's kernel, initrd and image boot under qemu (TCG) with the image as a virtio-blk, a
 * virtio-scsi or an IDE disk: the initrd loads the drivers, finds the disk by the UUID it was
 * built with (or by root= on the command line), mounts it and runs the appliance's /init, which
 * shows that its root is that disk. One build serves every boot; qemu's snapshot=on keeps the
 * guest's writes off the image.
 */
@Tag("slow")
class Ext2BootTest {
    private static final String MARKER = "EXT2-APPLIANCE-INIT-RAN";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path tmp;
    private static Appliance a;
    private static Path decoy;
    private static Path decoy2;

    @BeforeAll
    static void build() throws Exception {
        Qemu.hostKernel();
        // ROOT-DISK tells the decoys (which hold /decoy) from the appliance's own image.
        a = Appliance.create(tmp, MARKER, "echo ROOT-MOUNT: $(/bin/busybox grep ' / ' /proc/mounts)\n"
                + "if [ -e /decoy ]; then echo ROOT-DISK: decoy; else echo ROOT-DISK: image; fi\n");
        HelperRunner.run(Ext2BuildTest.args("-f", "ext2", a.skeleton, a.hostfiles, a.kernel(), a.initrd(),
                Ext2BuildTest.image(a))).assertSuccess();
    }

    private Qemu.Boot boot(String append, String... drive) throws IOException {
        if (decoy == null) {
            // The same appliance under another UUID, twice, for the tests with several disks.
            decoy = tmp.resolve("decoy.img");
            Files.copy(Ext2BuildTest.image(a), decoy);
            Processes.run(List.of("tune2fs", "-U", "0badc0de-0000-4000-8000-000000000001", decoy.toString()))
                    .assertSuccess("tune2fs -U");
            Path mark = tmp.resolve("decoy-mark");
            Files.writeString(mark, "decoy\n");
            Processes.run(List.of("debugfs", "-w", "-R", "write " + mark + " decoy", decoy.toString()))
                    .assertSuccess("debugfs write /decoy");
            decoy2 = tmp.resolve("decoy2.img");
            Files.copy(decoy, decoy2);
        }
        List<String> qemuArgs = new java.util.ArrayList<>();
        for (String d : drive) {
            // snapshot=on: the guest's writes go to a scratch overlay, every boot sees the same bytes.
            qemuArgs.add(d.replace("IMG", Ext2BuildTest.image(a) + ",snapshot=on")
                    .replace("DECOY2", decoy2 + ",snapshot=on").replace("DECOY", decoy + ",snapshot=on"));
        }
        return Qemu.boot(a.kernel(), a.initrd(), append, qemuArgs, TIMEOUT);
    }

    private static void assertBootedFrom(Qemu.Boot boot, String device) {
        assertBootedFrom(boot, Pattern.quote(device), "image");
    }

    /**
     * The root is a disk whose name matches {@code device} (a regular expression), the one the
     * initramfs says it mounted, and it is {@code disk}: "image" (the appliance's own) or "decoy".
     */
    private static void assertBootedFrom(Qemu.Boot boot, String device, String disk) {
        String c = boot.console();
        assertTrue(boot.printed(MARKER), () -> "the appliance's /init did not run:\n" + c);
        Matcher m = Pattern.compile("ROOT-MOUNT: (" + device + ") / ext[24] rw").matcher(c);
        assertTrue(m.find(), () -> "root is not " + device + ":\n" + c);
        String root = m.group(1);
        assertTrue(Pattern.compile("supermin: mounting " + Pattern.quote(root) + "(\\s|$)").matcher(c).find(),
                () -> "the initramfs did not mount " + root + ":\n" + c);
        assertTrue(c.contains("ROOT-DISK: " + disk), () -> "the root is not the " + disk + ":\n" + c);
        assertTrue(c.contains("supermin: starting /init"), c);
    }

    @Test
    void bootsFromAVirtioBlkDiskFoundByItsUuid() throws IOException {
        // The appliance is the second disk: neither "the first" nor "the last" disk would do.
        Qemu.Boot boot = boot("", "-drive", "file=DECOY,format=raw,if=virtio",
                "-drive", "file=IMG,format=raw,if=virtio", "-drive", "file=DECOY2,format=raw,if=virtio");
        assertBootedFrom(boot, "/dev/vdb");
        assertTrue(boot.console().contains("supermin: loading virtio_blk"), boot.console());
        assertTrue(boot.console().contains("supermin: waiting for the disk with UUID " + E2fs.uuid(Ext2BuildTest.image(a))),
                boot.console());
    }

    @Test
    void bootsFromAVirtioScsiDisk() throws IOException {
        Qemu.Boot boot = boot("", "-device", "virtio-scsi-pci,id=scsi", "-drive",
                "file=IMG,format=raw,if=none,id=hd", "-device", "scsi-hd,drive=hd");
        assertBootedFrom(boot, "/dev/sda");
        assertTrue(boot.console().contains("supermin: loading virtio_scsi"), boot.console());
    }

    @Test
    void bootsFromAnIdeDiskNamedByRootUuidOnTheCommandLine() throws IOException {
        // Two IDE disks; root=UUID= (in capitals) names the second, not the UUID the initrd was built with.
        Qemu.Boot boot = boot("root=UUID=0BADC0DE-0000-4000-8000-000000000001", "-drive",
                "file=IMG,format=raw,if=ide,index=0", "-drive", "file=DECOY,format=raw,if=ide,index=1");
        // The kernel probes the two disks in parallel: either may become sda. The decoy's content
        // tells which was taken.
        assertBootedFrom(boot, "/dev/sd[ab]", "decoy");
        assertTrue(boot.console().contains("supermin: waiting for the disk with UUID 0badc0de-0000-4000-8000-000000000001"),
                boot.console());
        assertTrue(boot.console().contains("supermin: loading ata_piix"), boot.console());
    }

    @Test
    void rootOnTheCommandLineIsTheDiskTaken() throws IOException {
        // Without root= the UUID would pick the second disk; root=/dev/vda picks the first.
        Qemu.Boot boot = boot("root=/dev/vda", "-drive", "file=DECOY,format=raw,if=virtio",
                "-drive", "file=IMG,format=raw,if=virtio");
        assertBootedFrom(boot, Pattern.quote("/dev/vda"), "decoy");
        assertTrue(boot.console().contains("supermin: waiting for /dev/vda"), boot.console());
    }

    @Test
    void withoutItsDiskTheInitrdSaysSoAndPowersOff() throws IOException {
        Qemu.Boot boot = boot("rootdelay=1", "-drive", "file=DECOY,format=raw,if=virtio");
        String c = boot.console();
        assertTrue(c.contains("supermin: error: no disk with UUID " + E2fs.uuid(Ext2BuildTest.image(a)) + " after 1s;"
                + " block devices: vda"), c);
        assertTrue(c.contains("supermin: powering off"), c);
        assertTrue(!boot.printed(MARKER), c);
    }
}
