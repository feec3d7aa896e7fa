package org.febootstrap.cli.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The binary ({@code deb}) sources configured on a Debian-family host, from
 * {@code /etc/apt/sources.list}, {@code *.list} (one-line style) and {@code *.sources} (deb822
 * style) in {@code sources.list.d}. Disabled entries and {@code deb-src} are left out.
 */
public final class HostAptSources {
    private HostAptSources() {}

    /** The sources of the apt configuration under {@code etcApt} (normally {@code /etc/apt}). */
    public static List<AptSource> read(Path etcApt) throws IOException {
        List<AptSource> out = new ArrayList<>();
        Path main = etcApt.resolve("sources.list");
        if (Files.isRegularFile(main)) {
            out.addAll(parseOneLine(Files.readString(main, StandardCharsets.UTF_8)));
        }
        Path d = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(d)) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                ds.forEach(files::add);
            }
            files.sort(null);
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                if (name.endsWith(".list")) {
                    out.addAll(parseOneLine(Files.readString(f, StandardCharsets.UTF_8)));
                } else if (name.endsWith(".sources")) {
                    out.addAll(parseDeb822(Files.readString(f, StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }

    /** {@code deb [key=value ...] URI SUITE COMPONENT...} lines. */
    public static List<AptSource> parseOneLine(String text) {
        List<AptSource> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw;
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            line = line.substring(3).strip();
            Map<String, String> options = new LinkedHashMap<>();
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                if (end < 0) {
                    continue;
                }
                for (String opt : line.substring(1, end).trim().split("\\s+")) {
                    int eq = opt.indexOf('=');
                    if (eq > 0) {
                        options.put(opt.substring(0, eq), opt.substring(eq + 1));
                    }
                }
                line = line.substring(end + 1).strip();
            }
            String[] f = line.split("\\s+");
            if (f.length < 2) {
                continue;
            }
            out.add(new AptSource(options, f[0], f[1], Arrays.asList(f).subList(2, f.length)));
        }
        return out;
    }

    /** deb822 paragraphs ({@code Types:}, {@code URIs:}, {@code Suites:}, {@code Components:}...). */
    public static List<AptSource> parseDeb822(String text) {
        List<AptSource> out = new ArrayList<>();
        for (Map<String, String> p : paragraphs(text)) {
            if (!words(p.get("types")).contains("deb") || "no".equalsIgnoreCase(p.getOrDefault("enabled", "yes").strip())) {
                continue;
            }
            Map<String, String> options = new LinkedHashMap<>();
            String signedBy = p.get("signed-by");
            // An embedded key (several lines) has no one-line form: apt's default keyrings are used then.
            if (signedBy != null && !signedBy.strip().contains("\n") && !signedBy.isBlank()) {
                options.put("signed-by", String.join(",", words(signedBy)));
            }
            if (p.containsKey("trusted")) {
                options.put("trusted", p.get("trusted").strip());
            }
            if (p.containsKey("architectures")) {
                options.put("arch", String.join(",", words(p.get("architectures"))));
            }
            for (String uri : words(p.get("uris"))) {
                for (String suite : words(p.get("suites"))) {
                    out.add(new AptSource(options, uri, suite, words(p.get("components"))));
                }
            }
        }
        return out;
    }

    private static List<Map<String, String>> paragraphs(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> cur = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (!cur.isEmpty()) {
                    out.add(cur);
                    cur = new LinkedHashMap<>();
                }
                lastKey = null;
            } else if ((line.startsWith(" ") || line.startsWith("\t")) && lastKey != null) {
                cur.put(lastKey, cur.get(lastKey) + "\n" + line.strip());
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    lastKey = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    cur.put(lastKey, line.substring(colon + 1).strip());
                }
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private static List<String> words(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return Arrays.asList(v.strip().split("\\s+"));
    }
}
