package org.febootstrap.core.cli;

/**
 * The toolkit's version, as Maven built it: a constant written into a generated source at build
 * time (see the pom), not a resource read at run time. Finding a resource makes a cold JVM open
 * the jars of the class path in turn and parse a properties file, which cost every command's
 * --version about 9 ms.
 */
public final class Version {
    private Version() {}

    public static String get() {
        return BuildVersion.VERSION;
    }

    /** The first line of every command's --version output. */
    public static String line(String command) {
        return command + " (febootstrap for Java) " + BuildVersion.VERSION;
    }
}
