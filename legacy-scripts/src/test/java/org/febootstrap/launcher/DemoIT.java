package org.febootstrap.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's main command, run non-interactively on the built launchers: bootstrap a root from
 * this host's distribution, minimize it, install an /init, make a supermin appliance, rebuild
 * kernel and initrd with the helper and boot it under qemu to the /init marker.
 */
@Tag("slow")
class DemoIT {
    private static final Pattern TOTAL = Pattern.compile("appliance total:\\s+(\\d+) bytes");

    private static String runDemo(String... options) throws Exception {
        Assumptions.assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip()), "the demo bootstraps as root");
        Path source = Path.of(System.getProperty("febootstrap.source")).toRealPath();
        Path work = Dist.home().resolve("demo-" + String.join("", options).replace("-", ""));
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", source.resolve("scripts/demo.sh").toString(), "--no-build"));
        cmd.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DEMO_DIR", work.toString());
        Path log = Files.createDirectories(Dist.home()).resolve("demo" + String.join("", options) + ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "the demo finishes");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theClassicDemoBootsAFewKilobyteApplianceToItsInit() throws Exception {
        String out = runDemo();
        assertTrue(out.contains("Starting /init script ..."), out);
        assertTrue(out.contains("reboot: Power down"), "a clean power-off\n" + out);
        Matcher m = TOTAL.matcher(out);
        assertTrue(m.find(), out);
        long total = Long.parseLong(m.group(1));
        assertTrue(total < 60_000, "supermin.img + hostfiles.txt = " + total + " bytes, under 60 KB");
    }

    @Test
    void theExt2VariantBootsFromItsDisk() throws Exception {
        String out = runDemo("--ext2");
        assertTrue(out.contains("supermin: mounting /dev/vda"), out);
        assertTrue(out.contains("Starting /init script ..."), out);
        assertTrue(out.contains("reboot: Power down"), "a clean power-off\n" + out);
        assertTrue(!out.contains("mount: /sys"), "no mount errors in the appliance\n" + out);
    }
}
