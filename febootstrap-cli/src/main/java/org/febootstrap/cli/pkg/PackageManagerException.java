package org.febootstrap.cli.pkg;

import java.io.IOException;

/** The package tool failed: the message says what went wrong in the user's terms. */
public final class PackageManagerException extends IOException {
    private static final long serialVersionUID = 1L;

    public PackageManagerException(String message) {
        super(message);
    }
}
