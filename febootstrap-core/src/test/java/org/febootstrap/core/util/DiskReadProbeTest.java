package org.febootstrap.core.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DiskReadProbeTest {
    private static final long MB = 1 << 20;
    private static final long WINDOW = 8 * MB;
    private static final long SLOW = 250 * MB;
    /** Nanoseconds for {@code bytes} at {@code mbPerSecond}. */
    private static long at(long bytes, long mbPerSecond) {
        return bytes * 1_000_000_000L / (mbPerSecond * MB);
    }

    @Test
    void twoSlowWindowsInARowTripItOnce() {
        DiskReadProbe p = new DiskReadProbe();
        assertFalse(p.add(4 * MB, at(4 * MB, 150), WINDOW, SLOW), "half a window");
        assertFalse(p.add(4 * MB, at(4 * MB, 150), WINDOW, SLOW), "one slow window");
        assertFalse(p.add(4 * MB, at(4 * MB, 150), WINDOW, SLOW));
        assertTrue(p.add(4 * MB, at(4 * MB, 150), WINDOW, SLOW), "the second slow window");
        assertFalse(p.add(8 * MB, at(8 * MB, 100), WINDOW, SLOW), "only once");
        assertFalse(p.add(8 * MB, at(8 * MB, 100), WINDOW, SLOW));
    }

    @Test
    void aFastWindowBetweenSlowOnesStartsTheCountAgain() {
        DiskReadProbe p = new DiskReadProbe();
        assertFalse(p.add(8 * MB, at(8 * MB, 150), WINDOW, SLOW));
        assertFalse(p.add(8 * MB, at(8 * MB, 1500), WINDOW, SLOW), "the page cache");
        assertFalse(p.add(8 * MB, at(8 * MB, 150), WINDOW, SLOW));
        assertTrue(p.add(8 * MB, at(8 * MB, 150), WINDOW, SLOW));
    }

    @Test
    void copyingFromThePageCacheNeverTripsIt() {
        DiskReadProbe p = new DiskReadProbe();
        for (int i = 0; i < 100; i++) {
            // Some pieces slow (the JIT has the core), the windows fast.
            long rate = i % 5 == 0 ? 130 : 1500;
            assertFalse(p.add(MB, at(MB, rate), WINDOW, SLOW), "piece " + i);
        }
    }
}
