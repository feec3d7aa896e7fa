package org.febootstrap.cli.pkg;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The temporary dnf/yum configuration file: our repositories only, weak dependencies off (exactly
 * the packages asked for and what they require), short network timeouts and one retry (an
 * unreachable mirror fails in seconds, not minutes), signature checks as decided per repository,
 * the cache inside the target. dnf and yum read the same format; a few keys are dnf's only.
 */
public final class RpmConfig {
    /** Seconds without progress before a download is given up. */
    public static final int NETWORK_TIMEOUT_SECONDS = 10;
    public static final int RETRIES = 1;

    private RpmConfig() {}

    /**
     * @param forDnf whether dnf (not yum) reads it
     * @param cacheDir the cache directory inside the target ({@code /var/cache/dnf}); dnf and yum put
     *     it under the installroot
     * @param emptyReposDir a directory with no repo files, so that no other repositories come in
     */
    public static String render(InstallRequest req, boolean forDnf, String cacheDir, Path emptyReposDir) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by febootstrap for one run; not the host's configuration.\n");
        sb.append("[main]\n");
        sb.append("cachedir=").append(cacheDir).append('\n');
        sb.append("keepcache=").append(req.keepCache() ? 1 : 0).append('\n');
        List<Path> reposDirs = req.sources().stream()
                .filter(s -> s instanceof HostRepositories)
                .flatMap(s -> ((HostRepositories) s).reposDirs().stream())
                .collect(Collectors.toList());
        sb.append("reposdir=").append(reposDirs.isEmpty() ? emptyReposDir.toString()
                : reposDirs.stream().map(Path::toString).collect(Collectors.joining(","))).append('\n');
        sb.append("gpgcheck=").append(req.gpgCheck() ? 1 : 0).append('\n');
        sb.append("timeout=").append(NETWORK_TIMEOUT_SECONDS).append('\n');
        sb.append("retries=").append(RETRIES).append('\n');
        sb.append("skip_if_unavailable=0\n");
        sb.append("plugins=0\n");
        sb.append("installonly_limit=3\n");
        if (forDnf) {
            sb.append("install_weak_deps=0\n");
            sb.append("fastestmirror=0\n");
            sb.append("deltarpm=0\n");
        }
        req.proxy().ifPresent(p -> sb.append("proxy=").append(p).append('\n'));
        for (PackageSource s : req.sources()) {
            if (s instanceof RpmRepository r) {
                sb.append('\n').append('[').append(r.id()).append("]\n");
                sb.append("name=").append(r.id()).append(" (febootstrap)\n");
                sb.append(r.kind().key()).append('=').append(r.location()).append('\n');
                sb.append("enabled=1\n");
                boolean check = req.gpgCheck() && r.gpgCheck();
                sb.append("gpgcheck=").append(check ? 1 : 0).append('\n');
                if (check && !r.gpgKeys().isEmpty()) {
                    sb.append("gpgkey=").append(String.join(" ", r.gpgKeys())).append('\n');
                }
                sb.append("skip_if_unavailable=0\n");
            }
        }
        return sb.toString();
    }
}
