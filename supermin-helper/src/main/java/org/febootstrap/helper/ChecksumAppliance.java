package org.febootstrap.helper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.kernel.Kernel;

/**
 * -f checksum: a hash over everything the cpio build would read, so that a caller can keep a
 * built appliance while the hash stays the same. It covers the inputs (path and stat), the
 * HOST_CPU, the effective uid and -u/-g, the kernel image and version, every module file that
 * would go in, and every host file the hostfiles lists name (path, type and mode, owner, size,
 * mtime, ctime: a content change moves mtime, a chmod or chown moves ctime), plus the lines that
 * named nothing (a file appearing changes the hash). File contents are not read: stat-ing is what
 * keeps this fast.
 */
final class ChecksumAppliance {
    private static final String HOST_ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,ctime,ino";

    private final Sha256 hash = new Sha256();
    private int files;

    String compute(HelperOptions o, ApplianceInputs inputs, Kernel kernel, List<HostEntry> modules,
            OutputOwner owner, Steps steps, java.io.PrintStream err) throws IOException {
        field("febootstrap-supermin-helper checksum 1");
        field("cpu");
        field(o.hostCpu());
        field("euid");
        hash.update(euid());
        field("owner");
        field(owner.describe());
        for (Path p : inputs.all()) {
            field("input");
            followedStat(p);
        }
        for (Path d : inputs.directories()) {
            field("input-directory");
            followedStat(d);
        }
        if (o.kmods() != null) {
            field("kmods");
            followedStat(o.kmods());
        }
        field("kernel");
        field(kernel.version());
        followedStat(kernel.image());
        DirectoryCache dirs = new DirectoryCache();
        HostFileLists lists = new HostFileLists(dirs);
        for (Path list : inputs.hostFileLists()) {
            lists.expand(list);
        }
        List<HostEntry> all = new ArrayList<>(modules.size() + lists.entries().size());
        all.addAll(modules);
        all.addAll(lists.entries());
        StatAhead<Map<String, Object>> stats = new StatAhead<Map<String, Object>>(all) {
            @Override
            Map<String, Object> stat(Path host) throws IOException {
                return Files.readAttributes(host, HOST_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
        }.start();
        List<String> missing = new ArrayList<>();
        try {
            for (int i = 0; i < all.size(); i++) {
                HostEntry e = all.get(i);
                Map<String, Object> a = e.host() == null ? null : stats.get(i);
                if (a != null) {
                    hostStat(e.name(), a);
                } else if (e.line() == null) {
                    throw new NoSuchFileException(e.host().toString(), null, "No such file or directory");
                } else {
                    field("missing");
                    field(e.line());
                    if (missing.isEmpty() || !missing.get(missing.size() - 1).equals(e.line())) {
                        missing.add(e.line());
                    }
                }
            }
        } finally {
            stats.stop();
        }
        steps.step("hashed " + modules.size() + " module files and " + (files - modules.size()) + " host files ("
                + dirs.reads() + " directories listed, " + missing.size() + " missing)");
        MissingFiles.report(missing, o.strict(), steps, err);
        return hash.hex();
    }

    private void field(String s) {
        hash.update(s);
        hash.update((byte) 0);
    }

    /** An input: its path and what changes when its content does. */
    private void followedStat(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, HOST_ATTRIBUTES + ",dev");
        field(p.toAbsolutePath().toString());
        hash.update((Long) a.get("size"));
        hash.update(nanos(a.get("lastModifiedTime")));
        hash.update(nanos(a.get("ctime")));
        hash.update((Long) a.get("ino"));
        hash.update((Long) a.get("dev"));
    }

    /** A host file as the archive would record it, plus its ctime and inode. */
    private void hostStat(String name, Map<String, Object> a) {
        files++;
        field(name);
        hash.update(((Integer) a.get("mode")).longValue());
        hash.update(((Integer) a.get("uid")).longValue());
        hash.update(((Integer) a.get("gid")).longValue());
        hash.update((Long) a.get("size"));
        hash.update(nanos(a.get("lastModifiedTime")));
        hash.update(nanos(a.get("ctime")));
        hash.update((Long) a.get("ino"));
    }

    private static long nanos(Object fileTime) {
        FileTime t = (FileTime) fileTime;
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The effective uid: the owner of /proc/self. */
    static long euid() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) & 0xffffffffL;
    }
}
