package org.febootstrap.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The toolkit's version, as Maven built it. */
public final class Version {
    private static final String VERSION = load();

    private Version() {}

    public static String get() {
        return VERSION;
    }

    /** The first line of every command's --version output. */
    public static String line(String command) {
        return command + " (febootstrap for Java) " + VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/org/febootstrap/core/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
