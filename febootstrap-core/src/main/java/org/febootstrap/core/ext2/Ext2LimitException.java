package org.febootstrap.core.ext2;

import java.nio.file.FileSystemException;

/**
 * The content does not fit: the image size asked for is too small, or an entry is beyond what
 * this ext2 layout holds. Names the image file, so the CLI prints {@code IMAGE: reason}.
 */
public final class Ext2LimitException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    public Ext2LimitException(String file, String reason) {
        super(file, null, reason);
    }
}
