package org.febootstrap.minimize;

/** febootstrap-minimize: placeholder until issue 4 lands. */
public final class Minimize {
    private Minimize() {}

    public static void main(String[] args) {
        System.err.println("febootstrap-minimize: not implemented yet (issue 4)");
        System.exit(1);
    }
}
