package org.febootstrap.minimize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.testing.Processes;

/**
 * A real Debian root: {@code mmdebstrap --variant=minbase} bookworm with tzdata, netbase and
 * locales (so every Debian category has something to remove). Built once per build (about 20 s)
 * into target/, then copied with {@code cp -a} for each test.
 */
final class MinbaseRoot {
    static final String PACKAGES = "tzdata,netbase,locales";
    private static final Path TEMPLATE = Path.of("target", "minbase-template").toAbsolutePath();
    private static final Path DONE = Path.of("target", "minbase-template.done").toAbsolutePath();

    private MinbaseRoot() {}

    /** The template root (never modify it). */
    static synchronized Path template() throws Exception {
        if (Files.exists(DONE)) {
            return TEMPLATE;
        }
        Processes.requireProgram("mmdebstrap");
        Path building = TEMPLATE.resolveSibling("minbase-template.building");
        Processes.run(List.of("rm", "-rf", building.toString(), TEMPLATE.toString()));
        Processes.run(List.of("mmdebstrap", "--variant=minbase", "--include=" + PACKAGES, "bookworm", building.toString()),
                null, null, Map.of(), Duration.ofMinutes(10)).assertSuccess("mmdebstrap");
        Files.move(building, TEMPLATE, StandardCopyOption.ATOMIC_MOVE);
        Files.createFile(DONE);
        return TEMPLATE;
    }

    /** A full copy of the template in {@code dir} (created), owners and links kept: about 7 s here. */
    static Path copyTo(Path dir) throws Exception {
        return copy(dir, "-a");
    }

    /**
     * A copy whose files are hard links to the template's (directories are copied): about 1 s.
     * Only for tests where febootstrap-minimize deletes, renames and creates files, never writes
     * one in place or changes its mode (it doesn't); such test classes check the template
     * afterwards with {@link #assertTemplateUnchanged}.
     */
    static Path linkCopyTo(Path dir) throws Exception {
        return copy(dir, "-al");
    }

    /** Fails if a test changed the shared template (its snapshot taken before, links left out). */
    static void assertTemplateUnchanged(java.util.Map<String, String> snapshotBefore) throws Exception {
        org.junit.jupiter.api.Assertions.assertEquals(snapshotBefore, Trees.withoutLinks(Trees.snapshot(template())),
                "the shared minbase template was changed through a hard-linked copy");
    }

    private static Path copy(Path dir, String how) throws Exception {
        Path template = template();
        Files.createDirectories(dir);
        Processes.run(List.of("cp", how, template + "/.", dir.toString())).assertSuccess("cp " + how);
        return dir;
    }
}
