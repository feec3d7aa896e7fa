package org.febootstrap.cli.supermin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SplitRulesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "fakeroot.log, IGNORED",
        "usr/fakeroot.log, BY_TYPE",
        "builddir, IGNORED",
        "builddir/BUILD/x.c, IGNORED",
        "builddirs, BY_TYPE",
        "lib/modules, IGNORED",
        "lib/modules/6.1.0-28-amd64/kernel/fs/ext4/ext4.ko, IGNORED",
        "usr/lib/modules, IGNORED",
        "usr/lib/modules/6.1.0-28-amd64/modules.dep, IGNORED",
        "lib/modules-load.d, BY_TYPE",
        "usr/lib/modprobe.d, BY_TYPE",
        "etc/localtime, HOST",
        "etc/localtime.orig, SKELETON",
        "init, SKELETON",
        "initrd.img, BY_TYPE",
        "etc, SKELETON",
        "etc/passwd, SKELETON",
        "etc/ssl/certs/ca-certificates.crt, SKELETON",
        "etcetera, BY_TYPE",
        "dev, SKELETON",
        "dev/null, SKELETON",
        "devices, BY_TYPE",
        "var, SKELETON",
        "var/lib/dpkg/status, SKELETON",
        "variables, BY_TYPE",
        "usr/etc/foo.conf, BY_TYPE",
        "usr/share/dev, BY_TYPE",
        "usr/bin/bash, BY_TYPE",
        "bin, BY_TYPE",
    })
    void firstMatchingRuleDecides(String path, Destination expected) {
        assertEquals(expected, SplitRules.byPath(path));
    }
}
