package org.febootstrap.cli.pkg;

import java.nio.file.Path;
import java.util.List;

/**
 * The host's own repository definitions (its {@code yum.repos.d}): used only when REPO is omitted
 * on an rpm-based host other than Fedora, whose distribution has no public mirror list we know.
 * The files are read where they are; nothing of the host's configuration is changed.
 */
public record HostRepositories(List<Path> reposDirs) implements PackageSource {
    public HostRepositories {
        reposDirs = List.copyOf(reposDirs);
    }

    @Override
    public boolean isLocal() {
        return false;
    }
}
