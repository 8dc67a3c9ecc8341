package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecentlyUsedTest {
    @Test
    void holdsAtMostTwoGenerationsHoweverManyKeysPassThrough() {
        RecentlyUsed<Integer, String> map = new RecentlyUsed<>(100);

        for (int i = 0; i < 100_000; i++) {
            map.put(i, "user" + i);
            assertThat(map.size()).isLessThanOrEqualTo(200);
        }
        assertThat(map.get(99_999)).isEqualTo("user99999");
        assertThat(map.get(0)).as("long gone").isNull();
    }

    @Test
    void anEntryInUseSurvivesEveryTurnover() {
        RecentlyUsed<Integer, String> map = new RecentlyUsed<>(10);
        map.put(-1, "busy");

        for (int i = 0; i < 1_000; i++) {
            map.put(i, "passing");
            if (i % 5 == 0) {
                assertThat(map.get(-1)).isEqualTo("busy");
            }
        }
    }

    @Test
    void aRemovedEntryIsGoneFromBothGenerations() {
        RecentlyUsed<Integer, String> map = new RecentlyUsed<>(4);
        map.put(1, "old");
        for (int i = 10; i < 14; i++) {
            map.put(i, "young");
        }

        map.remove(1);

        assertThat(map.get(1)).isNull();
    }

    @Test
    void threadsPuttingAtOnceStayWithinTheBound() throws Exception {
        RecentlyUsed<Integer, Integer> map = new RecentlyUsed<>(1_000);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                int base = t * 1_000_000;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50_000; i++) {
                        map.put(base + i, i);
                        var unused = map.get(base + i / 2);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        // Two full generations, plus what the threads put while one of them turned the young one over.
        assertThat(map.size()).isLessThanOrEqualTo(2_000 + 4);
    }
}
