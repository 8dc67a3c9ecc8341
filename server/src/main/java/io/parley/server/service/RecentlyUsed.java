package io.parley.server.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A concurrent map that keeps only what was used lately, in two generations: entries are put into the young one;
 * once it holds {@code generation} entries it becomes the old one and the old one is dropped; an entry found in
 * the old generation moves back into the young one, so what is in use survives every turnover. So it holds at most
 * about {@code 2 × generation} entries however many keys pass through it, without a lock or a list to keep in
 * order on a lookup (what a least-recently-used map would need on every hit).
 */
final class RecentlyUsed<K, V> {
    private record Generations<K, V>(ConcurrentHashMap<K, V> young, ConcurrentHashMap<K, V> old) {}

    private final int generation;
    private final AtomicReference<Generations<K, V>> current;

    RecentlyUsed(int generation) {
        if (generation <= 0) {
            throw new IllegalArgumentException("generation: " + generation + " (expected: > 0)");
        }
        this.generation = generation;
        this.current = new AtomicReference<>(new Generations<>(new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
    }

    /** The value of {@code key}, or null; a hit in the old generation moves the entry into the young one. */
    V get(K key) {
        Generations<K, V> g = current.get();
        V value = g.young().get(key);
        if (value == null) {
            value = g.old().get(key);
            if (value != null) {
                put(key, value);
            }
        }
        return value;
    }

    void put(K key, V value) {
        Generations<K, V> g = current.get();
        g.young().put(key, value);
        if (g.young().size() >= generation) {
            // Only one of the threads that saw the same full generation turns it over.
            var unused = current.compareAndSet(g, new Generations<>(new ConcurrentHashMap<>(), g.young()));
        }
    }

    /**
     * Forgets {@code key}. A turnover at the same moment cannot bring it back: the young map it is removed from
     * is the one that becomes old.
     */
    void remove(K key) {
        Generations<K, V> g = current.get();
        g.young().remove(key);
        g.old().remove(key);
    }

    /** Entries held now, in both generations (an entry in both counts twice). */
    int size() {
        Generations<K, V> g = current.get();
        return g.young().size() + g.old().size();
    }
}
