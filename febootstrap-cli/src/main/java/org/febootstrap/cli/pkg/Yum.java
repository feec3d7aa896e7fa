package org.febootstrap.cli.pkg;

import java.util.Map;

/** yum 3, for hosts that have only yum (RHEL/CentOS 7). Newer "yum" is dnf under another name. */
public final class Yum extends RpmPackageManager {
    public Yum(String program, Map<String, String> environment, HelperTools tools) {
        super(program, environment, tools);
    }

    @Override
    public String name() {
        return "yum";
    }

    @Override
    boolean isDnf() {
        return false;
    }

    @Override
    String cacheDir() {
        return "/var/cache/yum";
    }
}
