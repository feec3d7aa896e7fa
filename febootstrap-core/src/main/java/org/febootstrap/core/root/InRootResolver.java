package org.febootstrap.core.root;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path as a process chrooted into the root would: absolute symlink targets start again
 * at the root, and {@code ..} never climbs above it. A root whose {@code etc} is a symlink to
 * {@code /etc} therefore leads to {@code ROOT/etc}'s own target inside the root, never to the
 * host's {@code /etc}.
 */
public final class InRootResolver {
    private static final int MAX_SYMLINKS = 40; // as Linux's MAXSYMLINKS

    private InRootResolver() {}

    /**
     * @param root the root directory (already a real, absolute path)
     * @param path a path inside the root; {@code /x}, {@code ./x} and {@code x} are the same
     * @param followLast whether a symlink in the last component is followed too
     * @return the host path, always under {@code root}; it need not exist
     */
    public static Path resolve(Path root, String path, boolean followLast) throws IOException {
        // Filled by a loop: ArrayDeque's copy constructor goes through a lambda.
        Deque<String> todo = new ArrayDeque<>();
        for (String part : split(path)) {
            todo.addLast(part);
        }
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path candidate = join(root, done).resolve(name);
            boolean last = todo.isEmpty();
            if ((!last || followLast) && Files.isSymbolicLink(candidate)) {
                if (++links > MAX_SYMLINKS) {
                    throw new FileSystemException(root.resolve(path.replaceFirst("^/+", "")).toString(), null,
                            "Too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(candidate).toString();
                List<String> parts = split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                continue;
            }
            done.add(name);
        }
        return join(root, done);
    }

    /** Resolves everything but the last component, which is kept as it is (for delete, create). */
    public static Path resolveParent(Path root, String path) throws IOException {
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            return root;
        }
        String last = parts.get(parts.size() - 1);
        if (last.equals(".") || last.equals("..")) {
            return resolve(root, path, true);
        }
        Path parent = resolve(root, String.join("/", parts.subList(0, parts.size() - 1)), true);
        return parent.resolve(last);
    }

    /** Whether {@code p} is a real directory (a symlink to one counts) when resolved inside the root. */
    public static boolean isDirectoryInRoot(Path root, String path) throws IOException {
        return Files.isDirectory(resolve(root, path, true), LinkOption.NOFOLLOW_LINKS);
    }

    private static Path join(Path root, List<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
