package org.febootstrap.core.kernel;

import java.io.IOException;

/**
 * No usable kernel: none was found, the chosen one cannot be read, or an override names
 * something unusable. The message says which files were looked at and why each was refused.
 */
public class KernelChoiceException extends IOException {

    private static final long serialVersionUID = 1L;

    public KernelChoiceException(String message) {
        super(message);
    }
}
