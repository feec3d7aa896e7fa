package org.febootstrap.core.cli;

import java.util.List;

/**
 * A command-line program. It parses its own arguments (with {@link Options} or {@link Getopt}),
 * returns an exit status, and lets exceptions escape: {@link CommandRunner} turns them into one
 * line on stderr and an exit status.
 */
public interface Tool {
    int run(List<String> args, Console console) throws Exception;
}
