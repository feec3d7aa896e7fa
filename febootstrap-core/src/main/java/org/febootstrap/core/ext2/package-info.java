/**
 * A native ext2 image writer: {@link org.febootstrap.core.ext2.Ext2Builder} collects entries
 * (metadata only), {@link org.febootstrap.core.ext2.Ext2Builder#write} lays out and writes a
 * sparse, reproducible image in one pass, for {@code febootstrap-supermin-helper -f ext2}.
 *
 * <h2>On-disk choices, and why</h2>
 * <ul>
 *   <li><b>Revision 1 ext2</b>, features INCOMPAT_FILETYPE, RO_COMPAT_SPARSE_SUPER and
 *       RO_COMPAT_LARGE_FILE only: Linux's ext2 driver and the ext4 driver (which Debian uses for
 *       ext2) mount it read-write. No journal (nothing to replay before boot), no
 *       extents or flex_bg (ext2 drivers refuse them), no dir_index (an unindexed directory is
 *       valid everywhere; the largest directories of an appliance hold a few hundred entries,
 *       /usr/bin or a kernel module directory: a few blocks of linear search), no resize inode, no extended attributes.
 *   <li><b>4 KiB blocks</b> by default: the page size, so the kernel maps blocks to pages 1:1;
 *       a 4 KiB block maps 4 MiB through one indirect block (1 KiB: 256 KiB), so big files need
 *       few indirect blocks; 128 MiB per group, so a 200 MiB appliance has two groups. 1 KiB
 *       and 2 KiB are available (they save some slack on tiny images and test the block map's
 *       deeper levels).
 *   <li><b>256-byte inodes</b> by default (as Debian's mke2fs): the extra 32 bytes carry the
 *       epoch bits that keep timestamps valid past 2038, which 128-byte inodes cannot; the
 *       larger table is mostly never written (holes). 128 is available.
 *   <li>Inodes 1 and 3-10 are reserved and left zero, the root is 2, lost+found is 11 (the first
 *       non-reserved inode, 16 KiB preallocated like mke2fs so e2fsck can reconnect files
 *       without allocating); the others follow, a directory's entries numbered together,
 *       directories depth first in name order.
 *   <li>Each inode's blocks are consecutive (split only where a group's metadata intervenes):
 *       its data blocks, then the indirect blocks of the classic map (single, double, triple).
 *       Directories and long symlinks come first, so lookups read one region.
 *   <li>Fast symlinks (target under 60 bytes) live in {@code i_block}; longer ones take one
 *       block, so a target must be shorter than a block. Devices: the old 16-bit encoding in
 *       {@code i_block[0]} when major and minor are below 256, the new 32-bit one in
 *       {@code i_block[1]} otherwise. Owners use the high 16 bits in {@code osd2}.
 *   <li>No blocks are reserved for root (the appliance runs as root), no periodic checks, state
 *       clean, UUID, label and every timestamp from {@link org.febootstrap.core.ext2.Ext2Options}:
 *       the same entries and options give the same bytes.
 * </ul>
 */
package org.febootstrap.core.ext2;
