package org.febootstrap.helper;

import org.febootstrap.core.cli.UsageException;

/** What the helper produces (-f). */
enum Format {
    /** A kernel and an initramfs holding the whole appliance. */
    CPIO(2),
    /** A kernel, a small initramfs and an ext2 appliance image. */
    EXT2(3),
    /** One line with a hash that changes when, and only when, the appliance would. */
    CHECKSUM(0);

    private final int outputs;

    Format(int outputs) {
        this.outputs = outputs;
    }

    /** How many output operands follow INPUT... [HOST_CPU]. */
    int outputCount() {
        return outputs;
    }

    static Format parse(String s) throws UsageException {
        switch (s) {
            case "cpio":
                return CPIO;
            case "ext2":
                return EXT2;
            case "checksum":
                return CHECKSUM;
            default:
                throw new UsageException("unknown format '" + s + "': use cpio, ext2 or checksum");
        }
    }
}
