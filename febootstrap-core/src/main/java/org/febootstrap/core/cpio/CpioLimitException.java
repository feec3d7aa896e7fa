package org.febootstrap.core.cpio;

import java.io.IOException;

/** A file that newc cpio cannot represent (4 GiB or more, or a field beyond 32 bits). */
public final class CpioLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    public CpioLimitException(String message) {
        super(message);
    }
}
