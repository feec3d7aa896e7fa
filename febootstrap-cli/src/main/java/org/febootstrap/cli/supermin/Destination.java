package org.febootstrap.cli.supermin;

/** Where an entry of the root goes, as far as its path alone decides. */
enum Destination {
    /** Neither file, nor anything beneath it. */
    IGNORED,
    /** supermin.img only (with its contents, for a directory). */
    SKELETON,
    /** hostfiles.txt only: the host's copy is used. */
    HOST,
    /** Decided by the type: a directory (or a symlink to one) goes to both, anything else to the host. */
    BY_TYPE
}
