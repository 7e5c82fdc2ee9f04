package io.keycloakpack.revocation.client.view;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.SecureRandom;

/**
 * The revocations of one kind, by id, in two primitive arrays (open addressing, linear probing): a 64-bit keyed hash
 * of the id, and the not-before and expiry packed into one long. About 32 bytes an entry at a load between a quarter
 * and a half, against ~150 for a hash map of strings and records, so 10^6 revocations take ~32 MB.
 *
 * <p>One writer (the feed's thread), any number of readers without locks: a slot's value is written before its key
 * is published with release semantics, and a reader acquires the key before it reads the value. Growth and eviction
 * build new arrays and publish them whole.
 *
 * <p>Two ids whose hashes collide share an entry; with 10^6 entries the chance of any collision is about 3 in 10^8,
 * and the hash is keyed with a per-process random seed, so no one can aim for one. A collision can only refuse a
 * token, never accept a revoked one.
 */
final class RevocationTable {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long SEED = new SecureRandom().nextLong();
    private static final int MIN_CAPACITY = 16;

    private record Slots(long[] hashes, long[] values, int mask) {

        static Slots withCapacity(int capacity) {
            return new Slots(new long[capacity], new long[capacity], capacity - 1);
        }
    }

    private volatile Slots slots = Slots.withCapacity(MIN_CAPACITY);
    private volatile int size;

    /** The packed value for {@code id} ({@link #notBefore} and {@link #expiresAt} read it), or 0 if none. */
    long get(String id) {
        long hash = hash(id);
        Slots current = slots;
        for (int i = index(hash, current.mask); ; i = (i + 1) & current.mask) {
            long found = (long) SLOT.getAcquire(current.hashes, i);
            if (found == 0) {
                return 0;
            }
            if (found == hash) {
                return (long) SLOT.getAcquire(current.values, i);
            }
        }
    }

    /** Adds or raises an entry: a later not-before or expiry wins, an earlier one changes nothing. */
    void put(String id, long notBefore, long expiresAt) {
        if ((size + 1) * 2L > slots.hashes.length) {
            slots = rebuilt(slots.hashes.length * 2, Long.MIN_VALUE);
        }
        insert(slots, hash(id), pack(notBefore, expiresAt));
    }

    /** Drops entries that stopped mattering, once they are a quarter of the table or more. */
    void evictExpired(long now) {
        Slots current = slots;
        int expired = 0;
        for (int i = 0; i < current.hashes.length; i++) {
            if (current.hashes[i] != 0 && expiresAt(current.values[i]) <= now) {
                expired++;
            }
        }
        if (expired > 0 && expired * 4 >= size) {
            slots = rebuilt(capacityFor(size - expired), now);
        }
    }

    int size() {
        return size;
    }

    static long notBefore(long packed) {
        return packed >>> 32;
    }

    static long expiresAt(long packed) {
        return packed & 0xFFFF_FFFFL;
    }

    private Slots rebuilt(int capacity, long now) {
        Slots fresh = Slots.withCapacity(capacity);
        Slots current = slots;
        size = 0;
        for (int i = 0; i < current.hashes.length; i++) {
            if (current.hashes[i] != 0 && expiresAt(current.values[i]) > now) {
                insert(fresh, current.hashes[i], current.values[i]);
            }
        }
        return fresh;
    }

    private void insert(Slots into, long hash, long packed) {
        for (int i = index(hash, into.mask); ; i = (i + 1) & into.mask) {
            long found = into.hashes[i];
            if (found == 0) {
                into.values[i] = packed;
                SLOT.setRelease(into.hashes, i, hash);
                size++;
                return;
            }
            if (found == hash) {
                long old = into.values[i];
                SLOT.setRelease(into.values, i, pack(Math.max(notBefore(old), notBefore(packed)),
                        Math.max(expiresAt(old), expiresAt(packed))));
                return;
            }
        }
    }

    private static int capacityFor(int entries) {
        int capacity = MIN_CAPACITY;
        while (capacity < entries * 2L) {
            capacity *= 2;
        }
        return capacity;
    }

    /** Epoch seconds in 32 unsigned bits each, enough until 2106. */
    private static long pack(long notBefore, long expiresAt) {
        return (Math.max(0, notBefore) << 32) | (expiresAt & 0xFFFF_FFFFL);
    }

    private static int index(long hash, int mask) {
        return (int) (hash ^ (hash >>> 32)) & mask;
    }

    /** 64-bit FNV-1a over the id's characters from a random seed, then a murmur finaliser; never 0 (empty slot). */
    static long hash(String id) {
        long hash = 0xcbf29ce484222325L ^ SEED;
        for (int i = 0; i < id.length(); i++) {
            hash = (hash ^ id.charAt(i)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash == 0 ? 1 : hash;
    }
}
