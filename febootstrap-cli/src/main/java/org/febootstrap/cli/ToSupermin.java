package org.febootstrap.cli;

/** febootstrap-to-supermin: placeholder until issue 5 lands. */
public final class ToSupermin {
    private ToSupermin() {}

    public static void main(String[] args) {
        System.err.println("febootstrap-to-supermin: not implemented yet (issue 5)");
        System.exit(1);
    }
}
