package io.parley.server.service;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A table of per-address state that cannot grow without limit: an entry untouched for {@code forgetAfterNanos}
 * is forgotten, and past {@code capacity} entries the least recently touched one goes. An attacker with many
 * addresses can only make it forget, never make it hold more. Not thread-safe: its owner locks.
 */
final class RecentTable<K, V> {
    private final int capacity;
    private final long forgetAfterNanos;
    /** In order of last touch, oldest first: a touched entry is moved to the end. */
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>();

    private static final class Entry<V> {
        final V value;
        long touched;

        Entry(V value, long touched) {
            this.value = value;
            this.touched = touched;
        }
    }

    RecentTable(int capacity, long forgetAfterNanos) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.capacity = capacity;
        this.forgetAfterNanos = forgetAfterNanos;
    }

    /** The value for {@code key}, or null when there is none or it was forgotten. */
    V get(K key, long now) {
        forgetOld(now);
        Entry<V> e = entries.get(key);
        return e == null ? null : e.value;
    }

    /** The value for {@code key} (a new one from {@code create} if needed), marked as touched now. */
    V touch(K key, long now, Supplier<V> create) {
        forgetOld(now);
        Entry<V> e = entries.remove(key);
        if (e == null) {
            e = new Entry<>(create.get(), now);
        }
        e.touched = now;
        entries.put(key, e);
        if (entries.size() > capacity) {
            Iterator<Map.Entry<K, Entry<V>>> oldest = entries.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return e.value;
    }

    void remove(K key) {
        entries.remove(key);
    }

    int size(long now) {
        forgetOld(now);
        return entries.size();
    }

    private void forgetOld(long now) {
        Iterator<Entry<V>> it = entries.values().iterator();
        while (it.hasNext()) {
            if (now - it.next().touched < forgetAfterNanos) {
                return;
            }
            it.remove();
        }
    }
}
