package org.febootstrap.cli.bootstrap;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.cli.pkg.InstallRequest;
import org.febootstrap.cli.pkg.PackageManager;
import org.febootstrap.cli.pkg.PackageManagerException;
import org.febootstrap.cli.pkg.Transcript;
import org.febootstrap.core.root.Root;
import org.febootstrap.core.util.TreeRemover;

/**
 * Carries out a {@link BootstrapPlan}: prepares TARGET, runs the package manager, adds the
 * device nodes, removes the package cache, and tidies fakeroot.log; one progress line per stage
 * on {@code err}.
 */
public final class Bootstrapper {
    private final PrintStream err;

    public Bootstrapper(PrintStream err) {
        this.err = err;
    }

    public BootstrapSummary run(BootstrapPlan plan, PackageManager pm) throws IOException {
        long start = System.nanoTime();
        InstallRequest req = plan.request();
        Path target = req.target();
        boolean asRoot = !req.unprivileged();

        TargetDirectory.State state = TargetDirectory.prepare(target, plan.force());
        progress(switch (state) {
            case CREATED -> "created " + target;
            case EMPTY -> "using the empty directory " + target;
            case EMPTIED -> "removed the old contents of " + target + " (--force)";
        });
        for (String note : plan.notes()) {
            progress(note);
        }

        // As root, the nodes go in first: scriptlets run chrooted and write to /dev/null. (mmdebstrap
        // wants an empty directory and makes its own; without root, fakechroot leaves the host's
        // /dev/null visible to scriptlets.)
        if (asRoot && !pm.needsEmptyTarget()) {
            DeviceNodes.create(Root.open(target), true);
        }

        List<String> named = new ArrayList<>(req.packages());
        for (String g : req.groups()) {
            named.add("@" + g);
        }
        String what = req.defaultSelection() ? (plan.isRpm() ? "the Core group" : "the minbase set")
                : String.join(" ", named);
        progress("installing " + what + " with " + pm.name() + " from " + plan.repo() + " ("
                + (plan.isRpm() ? "releasever " + req.release() : "suite " + req.release()) + ")"
                + (asRoot ? "" : " under fakeroot and fakechroot"));
        Transcript transcript = new Transcript(plan.verbose() > 0 ? err : null);
        int packages;
        try {
            packages = pm.install(req, transcript);
        } catch (PackageManagerException e) {
            if (plan.verbose() == 0) {
                for (String l : transcript.tail(8)) {
                    err.println("  " + l);
                }
            }
            throw new PackageManagerException(e.getMessage() + " (" + target + " is left as it is)");
        }

        progress("creating device nodes" + (asRoot ? "" : " (recorded in fakeroot.log)"));
        Root root = asRoot ? Root.open(target) : Root.openWithFakeroot(target);
        DeviceNodes.create(root, asRoot);

        if (!req.keepCache()) {
            progress("removing the package cache");
            for (String dir : pm.cacheDirs()) {
                Path p = root.resolveForWrite(dir);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    TreeRemover.removeContents(p);
                }
            }
        }

        RootSurvey survey = RootSurvey.of(target);
        if (!asRoot) {
            FakerootLogPruner.prune(target.resolve(Root.FAKEROOT_LOG), survey.inodes());
        }
        BootstrapSummary summary = new BootstrapSummary(packages, survey.entries(), survey.bytes(),
                Duration.ofNanos(System.nanoTime() - start));
        progress(summary.line());
        return summary;
    }

    private void progress(String line) {
        err.println(BootstrapPlan.COMMAND + ": " + line);
        err.flush();
    }
}
