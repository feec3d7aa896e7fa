package org.febootstrap.cli;

/** febootstrap: placeholder until issue 3 lands. */
public final class Bootstrap {
    private Bootstrap() {}

    public static void main(String[] args) {
        System.err.println("febootstrap: not implemented yet (issue 3)");
        System.exit(1);
    }
}
