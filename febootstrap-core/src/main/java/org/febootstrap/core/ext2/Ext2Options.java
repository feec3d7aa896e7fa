package org.febootstrap.core.ext2;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * How {@link Ext2Builder#write} lays out an image. Everything that would otherwise come from the
 * clock or a random source is given here, so the same entries and options make the same bytes.
 *
 * @param uuid the filesystem UUID (the helper derives it from its inputs' checksum)
 * @param timestamp seconds since the epoch for the superblock times and for each inode's ctime,
 *     atime and crtime, and for the mtime of directories the builder made up (implicit parents,
 *     lost+found)
 * @param sizeBytes the image size, or 0 to fit the content plus some room for the appliance to
 *     write ({@link #FIT_EXTRA_FRACTION}, {@link #FIT_EXTRA_BYTES}, {@link #FIT_EXTRA_INODES})
 * @param blockSize 1024, 2048 or 4096 (the default: fewer indirect blocks, fewer groups, longer
 *     contiguous writes; 1024 only saves a little space on tiny images)
 * @param inodeSize 256 (the default, as Debian's mke2fs: room for the extra timestamp bits that
 *     carry times past 2038 and for nanoseconds) or 128 (the original ext2 inode)
 * @param volumeLabel at most 16 bytes of UTF-8, or empty
 */
public record Ext2Options(UUID uuid, long timestamp, long sizeBytes, int blockSize, int inodeSize, String volumeLabel) {
    /** Room a fitted image leaves free for the appliance: this fraction of the content... */
    public static final double FIT_EXTRA_FRACTION = 0.10;
    /** ...plus this many bytes... */
    public static final long FIT_EXTRA_BYTES = 16L << 20;
    /** ...and at least this many free inodes (or 10% of those used, if more). */
    public static final int FIT_EXTRA_INODES = 1024;

    public Ext2Options {
        if (uuid == null) {
            throw new IllegalArgumentException("ext2 options: a UUID is required (derive it from the inputs for reproducible images)");
        }
        if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ext2 options: timestamp out of range: " + timestamp);
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("ext2 options: negative size: " + sizeBytes);
        }
        if (blockSize != 1024 && blockSize != 2048 && blockSize != 4096) {
            throw new IllegalArgumentException("ext2 options: block size must be 1024, 2048 or 4096: " + blockSize);
        }
        if (inodeSize != 128 && inodeSize != 256) {
            throw new IllegalArgumentException("ext2 options: inode size must be 128 or 256: " + inodeSize);
        }
        if (volumeLabel == null) {
            volumeLabel = "";
        }
        if (volumeLabel.getBytes(StandardCharsets.UTF_8).length > 16) {
            throw new IllegalArgumentException("ext2 options: volume label longer than 16 bytes: " + volumeLabel);
        }
    }

    /** 4 KiB blocks, 256-byte inodes, fitted size, no label. */
    public static Ext2Options of(UUID uuid, long timestamp) {
        return new Ext2Options(uuid, timestamp, 0, 4096, 256, "");
    }

    /** A UUID that depends only on {@code seed} (name-based, RFC 4122 version 3). */
    public static UUID uuidFrom(byte[] seed) {
        return UUID.nameUUIDFromBytes(seed);
    }

    public Ext2Options withSizeBytes(long bytes) {
        return new Ext2Options(uuid, timestamp, bytes, blockSize, inodeSize, volumeLabel);
    }

    public Ext2Options withBlockSize(int bytes) {
        return new Ext2Options(uuid, timestamp, sizeBytes, bytes, inodeSize, volumeLabel);
    }

    public Ext2Options withInodeSize(int bytes) {
        return new Ext2Options(uuid, timestamp, sizeBytes, blockSize, bytes, volumeLabel);
    }

    public Ext2Options withVolumeLabel(String label) {
        return new Ext2Options(uuid, timestamp, sizeBytes, blockSize, inodeSize, label);
    }

    /** Whether a fitted size was asked for. */
    public boolean fitted() {
        return sizeBytes == 0;
    }
}
