package org.febootstrap.core.cli;

/** --help or --version was asked for: print the text on stdout and exit 0. */
public final class EarlyExit extends Exception {
    private static final long serialVersionUID = 1L;

    public EarlyExit(String text) {
        super(text, null, false, false);
    }

    public String text() {
        return getMessage();
    }
}
