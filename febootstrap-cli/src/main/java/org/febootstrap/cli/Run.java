package org.febootstrap.cli;

/** febootstrap-run: placeholder until issue 2 lands. */
public final class Run {
    private Run() {}

    public static void main(String[] args) {
        System.err.println("febootstrap-run: not implemented yet (issue 2)");
        System.exit(1);
    }
}
