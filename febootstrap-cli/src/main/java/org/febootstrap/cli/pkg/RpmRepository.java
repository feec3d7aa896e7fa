package org.febootstrap.cli.pkg;

import java.util.List;
import java.util.Objects;

/**
 * One {@code [section]} of the temporary dnf/yum configuration.
 *
 * @param id the section name
 * @param kind whether {@code location} is a base URL or a metalink
 * @param location the URL ({@code $releasever} and {@code $basearch} are expanded by dnf)
 * @param gpgCheck whether package signatures are checked
 * @param gpgKeys the keys to check them with ({@code file://} URLs of the host's keys)
 */
public record RpmRepository(String id, Kind kind, String location, boolean gpgCheck, List<String> gpgKeys)
        implements PackageSource {
    public enum Kind {
        BASEURL("baseurl"),
        METALINK("metalink");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The repo-file key: {@code baseurl} or {@code metalink}. */
        public String key() {
            return key;
        }
    }

    public RpmRepository {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(location);
        gpgKeys = List.copyOf(gpgKeys);
    }

    /** Fedora's public mirror list for a repository such as {@code fedora-$releasever} or {@code rawhide}. */
    public static String fedoraMetalink(String repo) {
        return "https://mirrors.fedoraproject.org/metalink?repo=" + repo + "&arch=$basearch";
    }

    @Override
    public boolean isLocal() {
        return kind == Kind.BASEURL && location.startsWith("file:");
    }
}
