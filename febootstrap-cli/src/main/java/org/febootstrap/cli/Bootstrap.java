package org.febootstrap.cli;

import java.util.List;
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
        HostFacts host = HostFacts.detect(console.env());
        BootstrapPlan plan = BootstrapPlan.parse(args, host);
        new Bootstrapper(console.err()).run(plan, plan.packageManager(console.env(), HelperTools.defaults()));
        return 0;
    }

    public static void main(String[] args) {
        CommandRunner.exit(CommandRunner.run(BootstrapPlan.COMMAND, new Bootstrap(), args, Console.system()));
    }
}
