package org.febootstrap.helper;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.febootstrap.core.cpio.NewcHeader;
import org.febootstrap.core.cpio.NewcReader;

/**
 * Replays an initramfs the way the kernel unpacks it, to prove nothing would be dropped: an
 * entry whose parent directory does not exist yet (through the symlinks created so far, such as
 * {@code lib -> usr/lib}) is silently lost by the kernel, and fails here.
 */
final class KernelUnpack {
    private final Set<String> dirs = new HashSet<>();
    private final Map<String, String> symlinks = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final Set<String> files = new HashSet<>();

    private KernelUnpack() {
        dirs.add("");
    }

    /** The entry names in archive order; fails on the first entry the kernel would drop. */
    static List<String> replay(Path initramfs) throws IOException {
        KernelUnpack k = new KernelUnpack();
        try (InputStream in = Files.newInputStream(initramfs)) {
            NewcReader.read(in, k::entry, initramfs.toString());
        }
        return k.names;
    }

    private void entry(NewcHeader h, InputStream data) throws IOException {
        String name = strip(h.name());
        names.add(name);
        int slash = name.lastIndexOf('/');
        String parent = slash < 0 ? "" : name.substring(0, slash);
        String realParent = resolve(parent, 0);
        if (realParent == null || !dirs.contains(realParent)) {
            fail("the kernel would drop " + name + ": its directory " + parent + " does not exist yet");
        }
        String real = realParent.isEmpty() ? name.substring(slash + 1) : realParent + "/" + name.substring(slash + 1);
        if (h.type() != 0040000 && dirs.contains(real) && hasChildren(real)) {
            // The kernel's clean_path() cannot rmdir a non-empty directory, so the entry is lost.
            fail("the kernel would drop " + name + ": a non-empty directory of that name exists");
        }
        if (h.type() == 0040000) {
            dirs.add(real);
            symlinks.remove(real);
        } else if (h.type() == 0120000) {
            symlinks.put(real, new String(data.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            dirs.remove(real);
        } else {
            dirs.remove(real);
            symlinks.remove(real);
            files.add(real);
        }
    }

    private boolean hasChildren(String dir) {
        String prefix = dir + "/";
        for (String d : dirs) {
            if (d.startsWith(prefix)) {
                return true;
            }
        }
        for (String l : symlinks.keySet()) {
            if (l.startsWith(prefix)) {
                return true;
            }
        }
        return files.stream().anyMatch(f -> f.startsWith(prefix));
    }

    /** The real directory a path names, following symlinks; null if a component is missing. */
    private String resolve(String path, int depth) {
        if (depth > 40) {
            return null;
        }
        String current = "";
        for (String comp : path.split("/")) {
            if (comp.isEmpty() || comp.equals(".")) {
                continue;
            }
            if (comp.equals("..")) {
                int s = current.lastIndexOf('/');
                current = s < 0 ? "" : current.substring(0, s);
                continue;
            }
            String candidate = current.isEmpty() ? comp : current + "/" + comp;
            String target = symlinks.get(candidate);
            if (target != null) {
                String base = target.startsWith("/") ? target : (current.isEmpty() ? target : current + "/" + target);
                String r = resolve(base, depth + 1);
                if (r == null || !dirs.contains(r)) {
                    return null;
                }
                current = r;
            } else if (dirs.contains(candidate)) {
                current = candidate;
            } else {
                return null;
            }
        }
        return current;
    }

    private static String strip(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        return n;
    }
}
