package org.febootstrap.cli.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.febootstrap.core.testing.Processes;

/**
 * A tiny rpm repository built at test time with rpmbuild and createrepo_c, in well under a second:
 *
 * <ul>
 *   <li>{@code tiny-filesystem}: the base, with a dynamically linked /bin/sh (the host's dash and
 *       its libc, so scriptlets run both under a real chroot and under fakechroot, which cannot
 *       reach static programs), /etc/passwd with user {@code tinyuser} (1234), /tmp 1777;
 *   <li>{@code tiny-app}, requiring {@code tiny-lib}, recommending {@code tiny-extra} (a weak
 *       dependency febootstrap must not install);
 *   <li>{@code tiny-post}, whose {@code %post} writes /var/lib/tiny-post/ran, and fails unless it
 *       can write to /dev/null (made before dnf as root; the host's, through fakechroot, without);
 *   <li>{@code tiny-owned}: /etc/tiny-secret {@code 0640 tinyuser:tinyuser} and a setuid
 *       /usr/bin/tiny-suid;
 *   <li>{@code tiny-badpost}, whose {@code %post} fails;
 * </ul>
 * and comps groups {@code core} (tiny-app) and {@code extras} (tiny-post).
 */
public final class TestRpmRepository {
    public static final String SECRET_UID = "1234";

    private TestRpmRepository() {}

    /** Builds the repository in {@code dir}/repo and returns that directory. */
    public static Path build(Path dir) {
        Processes.requireProgram("rpmbuild");
        Processes.requireProgram("createrepo_c");
        try {
            Path src = Files.createDirectories(dir.resolve("src"));
            Path specs = Files.createDirectories(dir.resolve("specs"));
            Path repo = Files.createDirectories(dir.resolve("repo"));
            Path dash = Path.of("/bin/dash").toRealPath();
            Path ldso = Path.of("/lib64/ld-linux-x86-64.so.2");
            Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(ldso) && Files.exists(libc),
                    "the test repository's /bin/sh is the host's x86-64 dash");
            Files.copy(dash, src.resolve("sh"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(ldso.toRealPath(), src.resolve("ld-linux-x86-64.so.2"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(libc.toRealPath(), src.resolve("libc.so.6"), StandardCopyOption.REPLACE_EXISTING);

            List<Path> files = new ArrayList<>();
            files.add(spec(specs, "tiny-filesystem", "", """
                    AutoReqProv: no
                    Provides: /bin/sh
                    """, """
                    mkdir -p %{buildroot}/bin %{buildroot}/etc %{buildroot}/lib/x86_64-linux-gnu %{buildroot}/lib64 \\
                             %{buildroot}/usr/bin %{buildroot}/usr/lib %{buildroot}/var/lib %{buildroot}/var/tmp %{buildroot}/tmp
                    install -m 0755 %{tinysrc}/sh %{buildroot}/bin/sh
                    install -m 0755 %{tinysrc}/libc.so.6 %{buildroot}/lib/x86_64-linux-gnu/libc.so.6
                    install -m 0755 %{tinysrc}/ld-linux-x86-64.so.2 %{buildroot}/lib64/ld-linux-x86-64.so.2
                    printf 'root:x:0:0:root:/root:/bin/sh\\ntinyuser:x:1234:1234::/:/bin/sh\\n' > %{buildroot}/etc/passwd
                    printf 'root:x:0:\\ntinyuser:x:1234:\\n' > %{buildroot}/etc/group
                    """, """
                    %dir /bin
                    %dir /etc
                    %dir /lib
                    %dir /lib/x86_64-linux-gnu
                    %dir /lib64
                    %dir /usr
                    %dir /usr/bin
                    %dir /usr/lib
                    %dir /var
                    %dir /var/lib
                    %dir /var/tmp
                    %attr(1777,root,root) %dir /tmp
                    /bin/sh
                    /lib/x86_64-linux-gnu/libc.so.6
                    /lib64/ld-linux-x86-64.so.2
                    /etc/passwd
                    /etc/group
                    """, ""));
            files.add(spec(specs, "tiny-lib", "BuildArch: noarch", "Requires: tiny-filesystem", """
                    mkdir -p %{buildroot}/usr/lib/tiny
                    echo lib > %{buildroot}/usr/lib/tiny/lib.txt
                    """, "/usr/lib/tiny\n", ""));
            files.add(spec(specs, "tiny-extra", "BuildArch: noarch", "Requires: tiny-filesystem", """
                    mkdir -p %{buildroot}/usr/lib
                    echo extra > %{buildroot}/usr/lib/tiny-extra.txt
                    """, "/usr/lib/tiny-extra.txt\n", ""));
            files.add(spec(specs, "tiny-app", "BuildArch: noarch", "Requires: tiny-lib\nRecommends: tiny-extra", """
                    mkdir -p %{buildroot}/usr/bin
                    printf '#!/bin/sh\\necho tiny-app\\n' > %{buildroot}/usr/bin/tiny-app
                    chmod 0755 %{buildroot}/usr/bin/tiny-app
                    """, "/usr/bin/tiny-app\n", ""));
            files.add(spec(specs, "tiny-post", "BuildArch: noarch", "Requires: tiny-filesystem", """
                    mkdir -p %{buildroot}/var/lib/tiny-post
                    """, "%dir /var/lib/tiny-post\n", """
                    %post
                    echo discarded > /dev/null || exit 1
                    echo "post ran" > /var/lib/tiny-post/ran
                    """));
            files.add(spec(specs, "tiny-owned", "BuildArch: noarch", "Requires(pre): tiny-filesystem", """
                    mkdir -p %{buildroot}/etc %{buildroot}/usr/bin
                    echo secret > %{buildroot}/etc/tiny-secret
                    printf '#!/bin/sh\\necho suid\\n' > %{buildroot}/usr/bin/tiny-suid
                    """, """
                    %attr(0640,tinyuser,tinyuser) /etc/tiny-secret
                    %attr(4755,root,root) /usr/bin/tiny-suid
                    """, ""));
            files.add(spec(specs, "tiny-badpost", "BuildArch: noarch", "Requires: tiny-filesystem", "", "", """
                    %post
                    echo "tiny-badpost fails on purpose" >&2
                    exit 3
                    """));
            List<String> cmd = new ArrayList<>(List.of("rpmbuild", "-bb", "--quiet",
                    "--define", "_topdir " + dir.resolve("build"),
                    "--define", "_rpmdir " + repo,
                    "--define", "_build_id_links none",
                    "--define", "__os_install_post %{nil}",
                    "--define", "debug_package %{nil}",
                    "--define", "tinysrc " + src));
            for (Path f : files) {
                cmd.add(f.toString());
            }
            Processes.run(cmd).assertSuccess("rpmbuild");
            Path comps = dir.resolve("comps.xml");
            Files.writeString(comps, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!DOCTYPE comps PUBLIC "-//Red Hat, Inc.//DTD Comps info//EN" "comps.dtd">
                    <comps>
                      <group>
                        <id>core</id>
                        <name>Core</name>
                        <description>The smallest installation</description>
                        <default>false</default>
                        <uservisible>false</uservisible>
                        <packagelist>
                          <packagereq type="mandatory">tiny-app</packagereq>
                        </packagelist>
                      </group>
                      <group>
                        <id>extras</id>
                        <name>Extras</name>
                        <description>More</description>
                        <default>false</default>
                        <uservisible>true</uservisible>
                        <packagelist>
                          <packagereq type="mandatory">tiny-post</packagereq>
                        </packagelist>
                      </group>
                    </comps>
                    """, StandardCharsets.UTF_8);
            Processes.run(List.of("createrepo_c", "-q", "-g", comps.toString(), repo.toString())).assertSuccess("createrepo_c");
            Processes.run(List.of("chmod", "-R", "a+rX", dir.toString())).assertSuccess("chmod");
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path spec(Path dir, String name, String arch, String deps, String install, String files, String scripts)
            throws IOException {
        String text = "Name: " + name + "\nVersion: 1\nRelease: 1\nSummary: " + name + " (febootstrap test)\nLicense: MIT\n"
                + arch + "\n" + deps + "\n%description\n" + name + " for febootstrap's tests.\n\n%install\n" + install
                + "\n" + scripts + "\n%files\n" + files;
        Path p = dir.resolve(name + ".spec");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /** Whether every user can reach {@code dir} (each ancestor searchable by others). */
    static boolean worldReachable(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
        }
        return true;
    }
}
