package org.febootstrap.cli.pkg;

/**
 * Where a package manager fetches packages from: an rpm repository ({@link RpmRepository}), an
 * apt source ({@link AptSource}), or, for a host's own distribution without public mirror lists,
 * the host's repository definitions ({@link HostRepositories}).
 */
public sealed interface PackageSource permits RpmRepository, AptSource, HostRepositories {
    /** Whether the packages come from the local filesystem ({@code file://}), which needs no signature check. */
    boolean isLocal();
}
