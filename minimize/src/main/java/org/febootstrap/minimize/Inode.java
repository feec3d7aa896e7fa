package org.febootstrap.minimize;

/**
 * A file's identity on the host: device and inode numbers, as a hash key. A class rather than a
 * record: a record's equals and hashCode are bootstrapped through method handles at their first
 * call, about 20 ms of a cold JVM, and a minimize run is mostly start-up on small roots.
 */
final class Inode {
    private final long dev;
    private final long ino;

    Inode(long dev, long ino) {
        this.dev = dev;
        this.ino = ino;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Inode other && other.dev == dev && other.ino == ino;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(dev) * 31 + Long.hashCode(ino);
    }

    @Override
    public String toString() {
        return dev + ":" + ino;
    }
}
