package org.febootstrap.helper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.febootstrap.core.cli.CommandRunner;

/**
 * Host files a hostfiles list names but this host lacks: normal when the appliance was prepared on
 * another host (2.x skipped them silently). Counted and listed in the -v trace, an error
 * with --strict.
 */
final class MissingFiles {
    private static final int SHOWN_IN_ERROR = 10;

    private MissingFiles() {}

    /**
     * What happened to one build's host files, the same for every output format: a missing one
     * is collected, an unreadable one is a warning and skipped (2.x aborted), any other failure,
     * and a missing kernel module, is an error.
     */
    static final class Tally {
        private final List<String> missing = new ArrayList<>();
        private int unreadable;

        /** Whether the loaded entry goes into the appliance; if not, it has been counted. */
        boolean usable(HostEntry e, HostFileLoader.Loaded l, PrintStream err) throws IOException {
            return usable(e, e.host(), l.failure, l.st != null, err);
        }

        /**
         * The same for an entry loaded some other way: the entry (its hostfiles line is null for a
         * kernel module; a null entry is a parent directory), host path, why it could not be
         * loaded (or null), and whether it exists. The line is made only for a file left out.
         */
        boolean usable(HostEntry e, Path host, IOException failure, boolean exists, PrintStream err)
                throws IOException {
            if (failure == null && exists) {
                return true;
            }
            String line = e == null ? null : e.line();
            if (failure instanceof AccessDeniedException && line != null) {
                unreadable++;
                err.println(HelperOptions.COMMAND + ": warning: " + CommandRunner.describe(failure) + " (skipped)");
                return false;
            }
            if (failure != null) {
                throw failure;
            }
            if (!exists) {
                if (line == null) {
                    throw new NoSuchFileException(String.valueOf(host), null, "No such file or directory");
                }
                if (missing.isEmpty() || !missing.get(missing.size() - 1).equals(line)) {
                    missing.add(line);
                }
                return false;
            }
            return true;
        }

        /** The step line ("wrote 245 host files (0 missing, 0 unreadable)"), then the --strict check. */
        void report(String verb, int count, boolean strict, Steps steps, PrintStream err) throws IOException {
            steps.step(verb + " " + count + " host files (" + missing.size() + " missing, " + unreadable + " unreadable)");
            MissingFiles.report(missing, strict, steps, err);
        }
    }

    static void report(List<String> missing, boolean strict, Steps steps, PrintStream err) throws IOException {
        if (missing.isEmpty()) {
            return;
        }
        if (strict) {
            StringBuilder sb = new StringBuilder();
            sb.append(missing.size()).append(missing.size() == 1 ? " host file is" : " host files are")
                    .append(" missing (--strict):");
            for (int i = 0; i < missing.size() && i < SHOWN_IN_ERROR; i++) {
                sb.append(' ').append(missing.get(i));
            }
            if (missing.size() > SHOWN_IN_ERROR) {
                sb.append(" ...");
            }
            throw new IOException(sb.toString());
        }
        if (steps.on()) {
            for (String m : missing) {
                err.println("supermin helper: missing host file skipped: " + m);
            }
        }
    }
}
