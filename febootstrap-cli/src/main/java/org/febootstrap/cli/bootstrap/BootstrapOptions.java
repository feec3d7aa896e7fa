package org.febootstrap.cli.bootstrap;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.converters.IParameterSplitter;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.cli.Counted;
import org.febootstrap.core.cli.Metavar;

/** febootstrap's options, as 2.x spelled them (plus {@code --package-manager}). */
public final class BootstrapOptions {
    /** Package names may contain commas in globs: one option, one value. */
    public static final class NoSplit implements IParameterSplitter {
        @Override
        public List<String> split(String value) {
            return List.of(value);
        }
    }

    @Parameter(names = {"-i", "--install"}, splitter = NoSplit.class,
            description = "Install this package (name, glob or file, as the package manager takes it) and what it needs. Repeatable.")
    @Metavar("PKG")
    List<String> packages = new ArrayList<>();

    @Parameter(names = {"-g", "--groupinstall"}, splitter = NoSplit.class,
            description = "Install this package group (@GROUP). Repeatable. Without -i and -g: the Core group (dnf), the minbase set (apt).")
    @Metavar("GROUP")
    List<String> groups = new ArrayList<>();

    @Parameter(names = {"-p", "--proxy"}, description = "Fetch through this HTTP proxy.")
    @Metavar("URL")
    String proxy;

    @Parameter(names = {"-u", "--updates"},
            description = "Also use an updates repository: none (the default), a URL, or a repository name (Fedora: updates-released-fN; apt: a suite).")
    @Metavar("UPDATES")
    String updates = "none";

    @Parameter(names = {"--no-clean"}, description = "Keep the package cache inside TARGET.")
    boolean noClean;

    @Parameter(names = {"--nogpgcheck"}, description = "Do not check package signatures (never checked for file:// repositories).")
    boolean noGpgCheck;

    @Parameter(names = {"--force"}, description = "If TARGET is not empty, remove its contents first.")
    boolean force;

    @Parameter(names = {"--package-manager"}, description = "Use dnf, yum or apt, whatever REPO and the host suggest.")
    @Metavar("TOOL")
    String packageManager;

    @Parameter(names = {"-v", "--verbose"}, description = "Show the package manager's own output.")
    @Counted
    int verbose;
}
