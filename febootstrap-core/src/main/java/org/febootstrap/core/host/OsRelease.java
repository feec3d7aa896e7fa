package org.febootstrap.core.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code /etc/os-release} (os-release(5)) says about a system: its {@code ID}, the
 * distributions it is like ({@code ID_LIKE}), {@code VERSION_ID} and {@code VERSION_CODENAME}.
 */
public record OsRelease(Map<String, String> fields) {
    /** Where os-release(5) says to look, in order. */
    public static final List<Path> LOCATIONS = List.of(Path.of("/etc/os-release"), Path.of("/usr/lib/os-release"));

    public OsRelease {
        fields = Map.copyOf(fields);
    }

    /** The running system's os-release; an empty one (ID=linux) when neither file exists. */
    public static OsRelease host() throws IOException {
        for (Path p : LOCATIONS) {
            if (Files.exists(p)) {
                return read(p);
            }
        }
        return new OsRelease(Map.of());
    }

    public static OsRelease read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "No such file or directory");
        }
    }

    /** Parses the shell-like {@code KEY=value} lines; quotes and backslash escapes as os-release(5) allows. */
    public static OsRelease parse(String text) {
        Map<String, String> map = new HashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            map.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        return new OsRelease(map);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            v = v.substring(1, v.length() - 1);
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                c = v.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key)).filter(s -> !s.isEmpty());
    }

    /** {@code ID}, lower case; "linux" when unset, as os-release(5) says. */
    public String id() {
        return get("ID").orElse("linux");
    }

    /** {@code ID_LIKE} as a list, closest first. */
    public List<String> idLike() {
        return get("ID_LIKE").map(s -> Arrays.asList(s.trim().split("\\s+"))).orElse(List.of());
    }

    public Optional<String> versionId() {
        return get("VERSION_ID");
    }

    public Optional<String> versionCodename() {
        return get("VERSION_CODENAME");
    }

    /** Whether the system is {@code distro} or like it ({@code ID} or {@code ID_LIKE}). */
    public boolean isLike(String distro) {
        return id().equals(distro) || idLike().contains(distro);
    }

    public boolean isDebianFamily() {
        return isLike("debian") || isLike("ubuntu");
    }

    public boolean isFedoraFamily() {
        return isLike("fedora") || isLike("rhel") || isLike("centos");
    }
}
