package org.febootstrap.helper;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.febootstrap.core.cli.Console;

/**
 * Reference for bench/warm-helper.sh: one helper build after another in the same JVM, the initrd
 * removed before each, with each build's wall time and the process's CPU time. The first build is
 * what every run of the command pays (a cold JVM: classes loaded and initialised, code
 * interpreted until the JIT has compiled it); the later ones show what the same work costs once
 * the code is compiled. The difference is the cold JVM's share of a run.
 *
 * <pre>java -cp WARM:HELPER_JARS org.febootstrap.helper.WarmHelper N HELPER_ARGS... KERNEL INITRD</pre>
 */
public final class WarmHelper {
    private WarmHelper() {}

    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        List<String> args = Arrays.asList(a).subList(1, a.length);
        Path initrd = Path.of(a[a.length - 1]);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < n; i++) {
            Files.deleteIfExists(initrd);
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            int rc = new SuperminHelper(start).run(args, Console.system());
            long wall = System.nanoTime() - start;
            cpu = os.getProcessCpuTime() - cpu;
            System.out.printf("build %2d: exit %d, %6.1f ms, CPU %6.1f ms%n", i + 1, rc, wall / 1e6, cpu / 1e6);
            if (rc != 0) {
                System.exit(1);
            }
        }
        // As the command does after a success (no shutdown work left).
        Runtime.getRuntime().halt(0);
    }
}
