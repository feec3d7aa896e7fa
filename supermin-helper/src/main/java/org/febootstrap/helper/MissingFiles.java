package org.febootstrap.helper;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Host files a hostfiles list names but this host lacks: normal when the appliance was prepared on
 * another host (2.x skipped them silently). Counted and listed in the -v trace, an error
 * with --strict.
 */
final class MissingFiles {
    private static final int SHOWN_IN_ERROR = 10;

    private MissingFiles() {}

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
