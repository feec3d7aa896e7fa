package org.febootstrap.helper;

/** febootstrap-supermin-helper: placeholder until issue 5 lands. */
public final class SuperminHelper {
    private SuperminHelper() {}

    public static void main(String[] args) {
        System.err.println("febootstrap-supermin-helper: not implemented yet (issue 5)");
        System.exit(1);
    }
}
