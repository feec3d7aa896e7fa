/**
 * febootstrap-to-supermin: splits a root into a supermin appliance, the two files febootstrap
 * 2.x's helpers read.
 *
 * <p><b>supermin.img</b> is an uncompressed newc cpio archive holding {@code /init}, everything
 * under {@code /etc}, {@code /dev} and {@code /var} (except {@code /etc/localtime}), and every
 * directory of the root, including symlinks that stand for directories ({@code bin -> usr/bin}).
 * Names are relative ({@code usr/bin}, as GNU {@code cpio -o} stores {@code ./usr/bin}); parents
 * come before their contents; owners and modes come from the root (its fakeroot.log when it has
 * one).
 *
 * <p><b>hostfiles.txt</b> lists, one {@code ./path} per line, what the helper takes from the host
 * when it builds the appliance: every directory outside {@code /etc}, {@code /dev} and
 * {@code /var}, and every other entry there, with library version numbers turned into wildcards
 * ({@link org.febootstrap.core.util.VersionWildcards}). Lines are unique and sorted by their
 * UTF-8 bytes (the order of {@code LC_ALL=C sort}).
 *
 * <p>Left out of both: {@code /fakeroot.log}, {@code /builddir} (a package build's leftovers),
 * and the kernel modules ({@code /lib/modules}, {@code /usr/lib/modules}), which the helper adds
 * from the host kernel.
 *
 * <p><b>The root directory itself ({@code .}) is in neither file</b>, unlike 2.11, whose
 * {@code find | cpio -o} stored a {@code .} entry and whose hostfiles had a {@code .} line.
 * Neither helper needs them: a 2.x helper turns {@code .} into an empty path whose lstat fails
 * and skips it, builds its cpio output as supermin.img followed by the host files (the kernel's
 * rootfs already has {@code /}), and builds its ext2 image into a fresh filesystem whose root
 * exists. Leaving {@code .} out also keeps the kernel from giving the appliance's {@code /} the
 * owner and mode of the build directory (the kernel chowns and chmods {@code .} when unpacking).
 */
package org.febootstrap.cli.supermin;
