package org.febootstrap.helper;

/**
 * A 128-bit hash of a stream of 64-bit words and strings, with the body and finalisation steps
 * of MurmurHash3's x64 128-bit variant, printed as 32 lowercase hex digits. It is no
 * cryptographic hash and need not be one: the checksum is a cache key over metadata the user
 * owns anyway. What matters is cost: a cold JVM interprets code until it is compiled, and
 * SHA-256 (a dozen operations per byte, or a MessageDigest, whose provider set-up alone takes
 * 20 ms or more) cost more than the whole checksum's budget. This needs a handful of operations
 * per 8 bytes.
 */
final class Hash128 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private long h1 = 0x6a09e667f3bcc908L;
    private long h2 = 0xbb67ae8584caa73bL;
    private long words;

    /** Adds one 64-bit word. */
    void add(long k) {
        // Words go alternately to the two lanes, as MurmurHash3 takes the two halves of a block.
        if ((words++ & 1) == 0) {
            long k1 = Long.rotateLeft(k * C1, 31) * C2;
            h1 ^= k1;
            h1 = (Long.rotateLeft(h1, 27) + h2) * 5 + 0x52dce729;
        } else {
            long k2 = Long.rotateLeft(k * C2, 33) * C1;
            h2 ^= k2;
            h2 = (Long.rotateLeft(h2, 31) + h1) * 5 + 0x38495ab5;
        }
    }

    /** Adds a string: its length, then its UTF-16 units four to a word (so "ab","c" and "a","bc" differ). */
    void add(String s) {
        int n = s.length();
        add(n);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            add((long) s.charAt(i) << 48 | (long) s.charAt(i + 1) << 32 | (long) s.charAt(i + 2) << 16 | s.charAt(i + 3));
        }
        long last = 0;
        for (; i < n; i++) {
            last = last << 16 | s.charAt(i);
        }
        if ((n & 3) != 0) {
            add(last);
        }
    }

    /**
     * Adds bytes ({@code b[from, to)}): their count, then eight to a word (a name read from a list
     * is hashed as its bytes, without a string).
     */
    void add(byte[] b, int from, int to) {
        int n = to - from;
        add(n);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            add((b[i] & 0xffL) << 56 | (b[i + 1] & 0xffL) << 48 | (b[i + 2] & 0xffL) << 40 | (b[i + 3] & 0xffL) << 32
                    | (b[i + 4] & 0xffL) << 24 | (b[i + 5] & 0xffL) << 16 | (b[i + 6] & 0xffL) << 8 | (b[i + 7] & 0xffL));
        }
        long last = 0;
        for (; i < to; i++) {
            last = last << 8 | (b[i] & 0xff);
        }
        if ((n & 7) != 0) {
            add(last);
        }
    }

    /** Finishes: 32 lowercase hex digits. */
    String hex() {
        long a = h1 ^ words;
        long b = h2 ^ words;
        a += b;
        b += a;
        a = fmix(a);
        b = fmix(b);
        a += b;
        b += a;
        StringBuilder sb = new StringBuilder(32);
        for (long v : new long[] {a, b}) {
            for (int shift = 60; shift >= 0; shift -= 4) {
                sb.append(Character.forDigit((int) (v >>> shift) & 0xf, 16));
            }
        }
        return sb.toString();
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
