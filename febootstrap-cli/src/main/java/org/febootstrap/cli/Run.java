package org.febootstrap.cli;

import com.beust.jcommander.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cli.Options;
import org.febootstrap.core.cli.Tool;
import org.febootstrap.core.cli.UsageException;
import org.febootstrap.core.root.Root;
import sun.misc.Signal;

/** febootstrap-run: run a command (or a shell) inside a root. */
public final class Run implements Tool {
    static final String NAME = "febootstrap-run";
    private static final Options.Help HELP = new Options.Help(NAME,
            NAME + " [--ro] DIR [--] [CMD ...]",
            """
            Run CMD (by default a shell) inside the root filesystem DIR: with chroot(8) when run as root
            and DIR has no fakeroot.log, otherwise under fakeroot and fakechroot with DIR/fakeroot.log,
            so files appear with the ownership the root was built with, and changes to ownership are
            saved back (not with --ro). Options end at DIR: what follows is the command line.
            The exit status is the command's.""");

    @Parameter(names = "--ro", description = "Do not save ownership changes back to DIR/fakeroot.log.")
    private boolean readOnly;

    public static void main(String[] args) {
        CommandRunner.exit(CommandRunner.run(NAME, new Run(), args, Console.system()));
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        List<String> op = Options.parse(this, HELP, args, true);
        if (op.isEmpty()) {
            throw new UsageException("missing DIR");
        }
        Root root = Root.open(Path.of(op.get(0)));
        List<String> cmd = new ArrayList<>(op.subList(1, op.size()));
        if (!cmd.isEmpty() && cmd.get(0).equals("--")) {
            cmd.remove(0);
        }
        if (cmd.isEmpty()) {
            cmd.add("/bin/sh");
        }
        Process p = new ProcessBuilder(commandLine(root, cmd)).inheritIO().start();
        // Ctrl-C reaches the command (same process group); we wait for its status instead of dying first.
        Signal.handle(new Signal("INT"), s -> { });
        int status = p.waitFor();
        return status;
    }

    List<String> commandLine(Root root, List<String> cmd) {
        List<String> line = new ArrayList<>();
        Path log = root.dir().resolve(Root.FAKEROOT_LOG);
        if (Root.runningAsRoot() && root.fakerootLog().isEmpty()) {
            line.add("chroot");
        } else {
            line.add("fakeroot");
            if (Files.exists(log)) {
                line.add("-i");
                line.add(log.toString());
            }
            if (!readOnly) {
                line.add("-s");
                line.add(log.toString());
            }
            line.add("--");
            line.add("env");
            // fakechroot cannot fake /proc: let the real one through, as 2.x did.
            line.add("FAKECHROOT_EXCLUDE_PATH=/proc:/sys:/dev");
            line.add("fakechroot");
            line.add("chroot");
        }
        line.add(root.dir().toString());
        line.addAll(cmd);
        return line;
    }
}
