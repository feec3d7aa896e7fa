package org.febootstrap.cli.pkg;

import java.util.Map;

/**
 * dnf 4 ({@code dnf} or, where {@code dnf} is dnf5, {@code dnf4}). dnf5 takes other options and
 * is refused before we get here.
 */
public final class Dnf extends RpmPackageManager {
    public Dnf(String program, Map<String, String> environment, HelperTools tools) {
        super(program, environment, tools);
    }

    @Override
    public String name() {
        return "dnf";
    }

    @Override
    boolean isDnf() {
        return true;
    }

    @Override
    String cacheDir() {
        return "/var/cache/dnf";
    }
}
