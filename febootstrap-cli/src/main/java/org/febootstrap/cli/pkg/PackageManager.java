package org.febootstrap.cli.pkg;

import java.io.IOException;
import java.util.List;

/**
 * A distribution's package tool driven to fill an empty root: {@link Dnf}, {@link Yum} or
 * {@link Apt}. Implementations write their own temporary configuration, never use the host's
 * repositories, and turn the tool's ways of failing (including the silent ones) into a
 * {@link PackageManagerException} with a clear message.
 */
public interface PackageManager {
    /** A short name for messages: {@code dnf}, {@code yum}, {@code apt}. */
    String name();

    /** The program that does the work ({@code dnf}, {@code mmdebstrap}...), for messages. */
    String program();

    /**
     * Installs the request into its (empty) target.
     *
     * @param output receives the tool's own output, line by line
     * @return how many packages were installed, or -1 if the tool did not say
     * @throws PackageManagerException when the tool failed, or claimed success but did not finish
     */
    int install(InstallRequest request, Transcript output) throws IOException;

    /** Directories in the root (relative) whose contents are the package cache. */
    List<String> cacheDirs();

    /** Whether the target must still be empty when the tool starts (mmdebstrap insists). */
    boolean needsEmptyTarget();
}
