package org.febootstrap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.febootstrap.core.root.Root;

/** User and group names as the root's own /etc/passwd and /etc/group define them (not the host's). */
final class RootAccounts {
    private RootAccounts() {}

    static long uid(Root root, String name) throws IOException {
        return lookup(root, "etc/passwd", name, "user");
    }

    static long gid(Root root, String name) throws IOException {
        return lookup(root, "etc/group", name, "group");
    }

    /** A plain loop, not a stream with a method reference: no bootstrap in a cold JVM. */
    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static long lookup(Root root, String file, String name, String what) throws IOException {
        if (!name.isEmpty() && isDigits(name)) {
            return Long.parseLong(name);
        }
        Path db = root.resolve(file);
        OptionalLong id = OptionalLong.empty();
        if (Files.isRegularFile(db)) {
            for (String line : Files.readAllLines(db, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[0].equals(name)) {
                    try {
                        id = OptionalLong.of(Long.parseLong(f[2]));
                    } catch (NumberFormatException e) {
                        throw new IOException(db + ": bad " + what + " id for " + name + ": " + f[2]);
                    }
                    break;
                }
            }
        }
        if (id.isEmpty()) {
            if (name.equals("root")) {
                return 0;
            }
            throw new IOException(db + ": no " + what + " named '" + name + "' in the root");
        }
        return id.getAsLong();
    }
}
