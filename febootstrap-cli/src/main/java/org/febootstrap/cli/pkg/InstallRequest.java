package org.febootstrap.cli.pkg;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to install where: everything a {@link PackageManager} needs, decided before it runs.
 *
 * @param target the root directory (absolute; exists and is empty)
 * @param release dnf's {@code --releasever}, or the apt suite
 * @param sources where packages come from; nothing else is used (never the host's repositories,
 *     except {@link HostRepositories} when asked for the host's own distribution)
 * @param packages package names, globs or file names, as the tool takes them ({@code -i})
 * @param groups package groups ({@code -g}); with no packages and no groups the tool's minimal
 *     default set is installed (dnf's {@code @core}, apt's minbase)
 * @param proxy an HTTP proxy URL
 * @param gpgCheck whether signatures are checked at all ({@code --nogpgcheck} turns it off)
 * @param keepCache whether the package cache stays in the target ({@code --no-clean})
 * @param rpmDbPath where the target's rpm database goes ({@code %_dbpath}); null for apt
 * @param unprivileged whether to run under fakeroot and fakechroot (not root)
 */
public record InstallRequest(
        Path target,
        String release,
        List<PackageSource> sources,
        List<String> packages,
        List<String> groups,
        Optional<String> proxy,
        boolean gpgCheck,
        boolean keepCache,
        String rpmDbPath,
        boolean unprivileged) {
    public InstallRequest {
        Objects.requireNonNull(target);
        Objects.requireNonNull(release);
        sources = List.copyOf(sources);
        packages = List.copyOf(packages);
        groups = List.copyOf(groups);
        Objects.requireNonNull(proxy);
    }

    /** No -i and no -g: the minimal default set. */
    public boolean defaultSelection() {
        return packages.isEmpty() && groups.isEmpty();
    }

    /** The fakeroot save file of an unprivileged install. */
    public Path fakerootLog() {
        return target.resolve("fakeroot.log");
    }
}
