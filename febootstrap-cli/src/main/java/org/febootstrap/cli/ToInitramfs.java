package org.febootstrap.cli;

/** febootstrap-to-initramfs: placeholder until issue 2 lands. */
public final class ToInitramfs {
    private ToInitramfs() {}

    public static void main(String[] args) {
        System.err.println("febootstrap-to-initramfs: not implemented yet (issue 2)");
        System.exit(1);
    }
}
