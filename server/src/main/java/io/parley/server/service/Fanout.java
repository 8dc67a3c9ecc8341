package io.parley.server.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs one action for many sessions with one task per event loop rather than one per session: a broadcast to
 * 19,000 users on two loops becomes two tasks, each walking its own sessions.
 */
final class Fanout {
    private Fanout() {}

    static void each(Collection<ClientSession> recipients, Consumer<ClientSession> action) {
        byLoop(recipients).forEach((loop, sessions) -> {
            try {
                loop.execute(() -> {
                    for (ClientSession s : sessions) {
                        action.accept(s);
                    }
                });
            } catch (RejectedExecutionException e) {
                // The server is stopping and that loop with it: its connections are closing anyway.
            }
        });
    }

    /** {@code recipients} by the loop each runs on, in their order. */
    static Map<Executor, List<ClientSession>> byLoop(Collection<ClientSession> recipients) {
        IdentityHashMap<Executor, List<ClientSession>> byLoop = new IdentityHashMap<>();
        for (ClientSession s : recipients) {
            byLoop.computeIfAbsent(s.link().executor(), k -> new ArrayList<>()).add(s);
        }
        return byLoop;
    }
}
