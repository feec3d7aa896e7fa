package org.febootstrap.helper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.kernel.Kernel;

/**
 * --if-newer (from supermin 5): a cheap test, with no look at the host files, of whether the
 * last build's outputs still stand. They do while both exist, KERNEL still points at (or was
 * copied from) the chosen kernel, and both are newer than every input, the kmods file, the
 * kernel image, its modules directory and modules.dep, and the package manager's database (the
 * host files change through package installs, which always touch it).
 */
final class Freshness {
    /** Package databases: dpkg, rpm (old and new places, Berkeley DB and sqlite), pacman, apk. */
    static final List<Path> PACKAGE_DATABASES = List.of(
            Path.of("/var/lib/dpkg/status"),
            Path.of("/var/lib/rpm/Packages"),
            Path.of("/var/lib/rpm/rpmdb.sqlite"),
            Path.of("/usr/lib/sysimage/rpm/Packages"),
            Path.of("/usr/lib/sysimage/rpm/rpmdb.sqlite"),
            Path.of("/var/lib/pacman/local"),
            Path.of("/lib/apk/db/installed"));

    private Freshness() {}

    /** Null when the outputs are up to date, else why not (for -v). */
    static String whyRebuild(HelperOptions o, Kernel kernel) throws IOException {
        FileTime oldest = null;
        for (Path out : o.outputs()) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(out, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return out + " does not exist";
            }
            if (oldest == null || a.lastModifiedTime().compareTo(oldest) < 0) {
                oldest = a.lastModifiedTime();
            }
        }
        Path kernelOut = o.kernelOutput();
        Path image = kernel.image().toAbsolutePath();
        boolean link = Files.isSymbolicLink(kernelOut);
        if (o.copyKernel() ? link || Files.size(kernelOut) != Files.size(image)
                : !link || !Files.readSymbolicLink(kernelOut).equals(image)) {
            return kernelOut + " is not " + (o.copyKernel() ? "a copy of " : "a link to ") + image;
        }
        List<Path> sources = new ArrayList<>();
        sources.addAll(o.inputs());
        sources.addAll(ApplianceInputs.files(o.inputs()));
        if (o.kmods() != null) {
            sources.add(o.kmods());
        }
        sources.add(image);
        sources.add(kernel.modulesDir());
        sources.add(kernel.modulesDep());
        // An input with the very same mtime as an output counts as newer: file times only move
        // with the kernel's clock tick, and an input changed in the same tick as the build
        // finished must not be missed.
        for (Path source : sources) {
            FileTime t = Files.getLastModifiedTime(source);
            if (t.compareTo(oldest) >= 0) {
                return source + " is newer than the outputs";
            }
        }
        // Most of these do not exist on a given host: java.io.File says so with a 0, not with an
        // exception (a cold JVM spends a fraction of a millisecond making each one).
        long oldestMillis = oldest.toMillis();
        for (Path db : PACKAGE_DATABASES) {
            long t = db.toFile().lastModified();
            if (t != 0 && t >= oldestMillis) {
                return db + " is newer than the outputs";
            }
        }
        return null;
    }
}
