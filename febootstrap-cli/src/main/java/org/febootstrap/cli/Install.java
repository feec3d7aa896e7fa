package org.febootstrap.cli;

/** febootstrap-install: placeholder until issue 2 lands. */
public final class Install {
    private Install() {}

    public static void main(String[] args) {
        System.err.println("febootstrap-install: not implemented yet (issue 2)");
        System.exit(1);
    }
}
