package org.febootstrap.cli.bootstrap;

import java.io.IOException;

/** The request is well formed, but this host cannot carry it out (a tool is missing, say). */
public final class UnsupportedHostException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnsupportedHostException(String message) {
        super(message);
    }
}
