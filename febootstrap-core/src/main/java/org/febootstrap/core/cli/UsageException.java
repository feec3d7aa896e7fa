package org.febootstrap.core.cli;

/** The command line is wrong: the caller prints the message and a hint, and exits with 2. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
