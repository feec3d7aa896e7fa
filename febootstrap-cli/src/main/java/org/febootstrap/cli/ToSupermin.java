package org.febootstrap.cli;

import java.nio.file.Path;
import java.util.List;
import org.febootstrap.cli.supermin.SuperminConverter;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cli.Options;
import org.febootstrap.core.cli.Tool;
import org.febootstrap.core.cli.UsageException;
import org.febootstrap.core.cpio.NewcWriter;

/** febootstrap-to-supermin: a root as a supermin appliance (supermin.img + hostfiles.txt). */
public final class ToSupermin implements Tool {
    static final String NAME = "febootstrap-to-supermin";
    private static final Options.Help HELP = new Options.Help(NAME,
            NAME + " DIR supermin.img hostfiles.txt",
            """
            Split the root filesystem DIR into a supermin appliance. supermin.img, an
            uncompressed newc cpio archive, keeps /init, /etc, /dev, /var and every directory;
            hostfiles.txt lists everything else, to be taken from the host when
            febootstrap-supermin-helper builds the appliance, with library version numbers
            turned into wildcards. Kernel modules are left to the helper. Both files appear
            only once both are complete. SOURCE_DATE_EPOCH clamps mtimes in supermin.img.""");

    public static void main(String[] args) {
        CommandRunner.exit(CommandRunner.run(NAME, new ToSupermin(), args, Console.system()));
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        List<String> operands = Options.parse(this, HELP, args, false);
        if (operands.size() != 3) {
            throw new UsageException(operands.size() < 3
                    ? "missing operand: expected DIR supermin.img hostfiles.txt"
                    : "too many operands: expected DIR supermin.img hostfiles.txt");
        }
        SuperminConverter.convert(Path.of(operands.get(0)), Path.of(operands.get(1)), Path.of(operands.get(2)),
                NewcWriter.sourceDateEpoch(console.env()));
        return 0;
    }
}
