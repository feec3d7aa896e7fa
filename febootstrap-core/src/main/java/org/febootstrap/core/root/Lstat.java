package org.febootstrap.core.root;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;

/**
 * lstat(2) for thousands of files, as cheaply as the JDK allows. The JDK gives a file's full mode,
 * owner numbers, link count and change time only through {@code Files.readAttributes(path,
 * "unix:...")}, which parses the attribute list and builds a map on every call: about 1.8 KB of
 * garbage and a few microseconds of a cold JVM per file, more than the system call itself (a
 * helper run stats 7,000 host files: 12 of its 23 MB of garbage, 25 ms of CPU). The JDK's
 * {@code PosixFileAttributes} object holds every field of the stat buffer, but hides the ones
 * we need; they are read here straight from it, through {@code sun.misc.Unsafe} (no JVM option
 * needed, unlike reflection into java.base), with field types checked and the result compared
 * with the map's on one file first. Whenever that is not possible (another JDK layout, a JDK that
 * warns about Unsafe: 24 and later print a warning on first use unless run with
 * {@code --sun-misc-unsafe-memory-access=allow}, as the launchers do), the map is used: same
 * values, slower; {@code -Dfebootstrap.lstat=map} asks for the map.
 */
public final class Lstat {
    /** A file's change time and inode number: what the helper's checksum needs of a host file. */
    public record Change(long ctimeNanos, long ino) {}

    private static final String STAT_ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,dev,ino,rdev,nlink";
    private static final String CHANGE_ATTRIBUTES = "unix:ctime,ino";

    /** One array for every call (a varargs call makes one per call: 7,000 for a helper run). */
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private static final Direct DIRECT = Direct.load();

    private Lstat() {}

    /** Whether the fields are read directly (the fast way); for tests and diagnostics. */
    public static boolean direct() {
        return DIRECT != null;
    }

    /** lstat(2): a symlink is described, not followed. */
    public static FileStat of(Path path) throws IOException {
        return DIRECT != null ? DIRECT.stat(path) : viaMap(path);
    }

    /** The change time (nanoseconds) and inode number of a file, a symlink not followed. */
    public static Change change(Path path) throws IOException {
        return DIRECT != null ? DIRECT.change(path) : changeViaMap(path);
    }

    static FileStat viaMap(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, STAT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new FileStat(
                (Integer) a.get("mode"),
                Integer.toUnsignedLong((Integer) a.get("uid")),
                Integer.toUnsignedLong((Integer) a.get("gid")),
                (Long) a.get("size"),
                Math.floorDiv(((FileTime) a.get("lastModifiedTime")).toMillis(), 1000),
                (Long) a.get("dev"),
                (Long) a.get("ino"),
                (Long) a.get("rdev"),
                (Integer) a.get("nlink"));
    }

    static Change changeViaMap(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, CHANGE_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new Change(nanos((FileTime) a.get("ctime")), (Long) a.get("ino"));
    }

    /**
     * A file time in nanoseconds since the epoch. Through an Instant: FileTime.to(TimeUnit)
     * initialises TimeUnit's switch tables, which pull in ChronoUnit, Duration and BigInteger, a
     * millisecond of a cold start.
     */
    public static long nanos(FileTime t) {
        java.time.Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** The direct reader: offsets of the stat fields in the JDK's attributes class. */
    private static final class Direct {
        private final sun.misc.Unsafe unsafe;
        private final Class<?> type;
        private final long mode, uid, gid, nlink, dev, ino, rdev, mtimeSec, ctimeSec, ctimeNsec;

        private Direct(sun.misc.Unsafe unsafe, Class<?> type) throws ReflectiveOperationException {
            this.unsafe = unsafe;
            this.type = type;
            mode = offset("st_mode", int.class);
            uid = offset("st_uid", int.class);
            gid = offset("st_gid", int.class);
            nlink = offset("st_nlink", int.class);
            dev = offset("st_dev", long.class);
            ino = offset("st_ino", long.class);
            rdev = offset("st_rdev", long.class);
            mtimeSec = offset("st_mtime_sec", long.class);
            ctimeSec = offset("st_ctime_sec", long.class);
            ctimeNsec = offset("st_ctime_nsec", long.class);
        }

        private long offset(String name, Class<?> want) throws ReflectiveOperationException {
            Field f = type.getDeclaredField(name);
            if (f.getType() != want || java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                throw new NoSuchFieldException(name + " is not a " + want);
            }
            return unsafe.objectFieldOffset(f);
        }

        /** The reader if this JVM allows it and it agrees with the map on one file; else null. */
        static Direct load() {
            if ("map".equals(System.getProperty("febootstrap.lstat"))) {
                return null; // -Dfebootstrap.lstat=map: the slow way, for comparison and diagnosis
            }
            int feature = Runtime.version().feature();
            if (feature >= 24 && !"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"))) {
                return null;
            }
            try {
                Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                Path probe = Path.of(System.getProperty("java.home"));
                PosixFileAttributes a = Files.readAttributes(probe, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                Direct d = new Direct((sun.misc.Unsafe) f.get(null), a.getClass());
                if (!same(d.stat(probe), viaMap(probe)) || !same(d.change(probe), changeViaMap(probe))) {
                    return null;
                }
                return d;
            } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        // Field by field: a record's equals() is bootstrapped through method handles, which
        // costs a cold JVM more than everything this class saves.
        private static boolean same(FileStat a, FileStat b) {
            return a.mode() == b.mode() && a.uid() == b.uid() && a.gid() == b.gid() && a.size() == b.size()
                    && a.mtime() == b.mtime() && a.dev() == b.dev() && a.ino() == b.ino() && a.rdev() == b.rdev()
                    && a.nlink() == b.nlink();
        }

        private static boolean same(Change a, Change b) {
            return a.ctimeNanos() == b.ctimeNanos() && a.ino() == b.ino();
        }

        private Object attributes(Path path) throws IOException {
            Object a = Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW);
            if (a.getClass() != type) {
                throw new IOException(path + ": unexpected file attributes " + a.getClass().getName());
            }
            return a;
        }

        FileStat stat(Path path) throws IOException {
            Object o = attributes(path);
            PosixFileAttributes a = (PosixFileAttributes) o;
            sun.misc.Unsafe u = unsafe;
            return new FileStat(u.getInt(o, mode), Integer.toUnsignedLong(u.getInt(o, uid)),
                    Integer.toUnsignedLong(u.getInt(o, gid)), a.size(),
                    // The whole seconds, as the map's lastModifiedTime floored, without a FileTime.
                    u.getLong(o, mtimeSec), u.getLong(o, dev), u.getLong(o, ino),
                    u.getLong(o, rdev), u.getInt(o, nlink));
        }

        Change change(Path path) throws IOException {
            Object o = attributes(path);
            return new Change(unsafe.getLong(o, ctimeSec) * 1_000_000_000L + unsafe.getLong(o, ctimeNsec),
                    unsafe.getLong(o, ino));
        }
    }
}
