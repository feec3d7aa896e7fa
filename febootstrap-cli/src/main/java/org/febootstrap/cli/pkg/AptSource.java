package org.febootstrap.cli.pkg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One apt source, {@code deb [options] URI SUITE COMPONENT...}, as mmdebstrap takes it on its
 * command line.
 */
public record AptSource(Map<String, String> options, String uri, String suite, List<String> components)
        implements PackageSource {
    public AptSource {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        Objects.requireNonNull(uri);
        Objects.requireNonNull(suite);
        components = List.copyOf(components);
        if (components.isEmpty()) {
            components = List.of("main");
        }
    }

    public static AptSource of(String uri, String suite) {
        return new AptSource(Map.of(), uri, suite, List.of("main"));
    }

    public AptSource withSuite(String newSuite) {
        return new AptSource(options, uri, newSuite, components);
    }

    /** The same source, its signatures not checked ({@code [trusted=yes]}). */
    public AptSource trusted() {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.remove("signed-by");
        o.put("trusted", "yes");
        return new AptSource(o, uri, suite, components);
    }

    /** The one-line sources.list form. */
    public String line() {
        List<String> parts = new ArrayList<>();
        parts.add("deb");
        if (!options.isEmpty()) {
            List<String> o = new ArrayList<>();
            options.forEach((k, v) -> o.add(k + "=" + v));
            parts.add("[" + String.join(" ", o) + "]");
        }
        parts.add(uri);
        parts.add(suite);
        parts.addAll(components);
        return String.join(" ", parts);
    }

    @Override
    public boolean isLocal() {
        return uri.startsWith("file:") || uri.startsWith("copy:");
    }
}
