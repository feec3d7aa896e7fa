package org.febootstrap.cli;

import java.util.List;
import org.febootstrap.cli.bootstrap.BootstrapOptions;
import org.febootstrap.cli.bootstrap.BootstrapPlan;
import org.febootstrap.cli.bootstrap.Bootstrapper;
import org.febootstrap.cli.bootstrap.HostFacts;
import org.febootstrap.cli.pkg.HelperTools;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cli.Tool;

/**
 * febootstrap: builds a root filesystem from packages with dnf, yum or apt (mmdebstrap), with
 * febootstrap 2.x's command line.
 */
public final class Bootstrap implements Tool {
    @Override
    public int run(List<String> args, Console console) throws Exception {
        // The command line first: --help, --version and usage errors need nothing of the host,
        // whose detection (os-release, programs on PATH, apt sources, rpm keys) costs a cold JVM
        // about 15 ms.
        BootstrapOptions options = new BootstrapOptions();
        List<String> operands = BootstrapPlan.parseOptions(options, args);
        HostFacts host = HostFacts.detect(console.env());
        BootstrapPlan plan = BootstrapPlan.of(options, operands, host);
        new Bootstrapper(console.err()).run(plan, plan.packageManager(console.env(), HelperTools.defaults()));
        return 0;
    }

    public static void main(String[] args) {
        CommandRunner.exit(CommandRunner.run(BootstrapPlan.COMMAND, new Bootstrap(), args, Console.system()));
    }
}
