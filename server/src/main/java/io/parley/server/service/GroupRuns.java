package io.parley.server.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Hands a group's live messages to its members' event loops, one task per loop as {@link Fanout} does, and lets
 * a message join the task of the one before it while that task still waits for its loop, when both go to the same
 * sessions: a busy group's messages then reach each member as a run, which costs one write to its connection, not
 * one per message. Order is kept: a message joins only a task that has not started, and otherwise gets a task of
 * its own behind it on the same loop.
 */
final class GroupRuns {
    /**
     * The most messages one run takes; the next one starts another run behind it. A run's frames leave as one
     * buffer made for the run, so this bounds that buffer (64 frames of at most the frame limit each) and what a
     * connection's output can pass its slow-consumer limit by, which is checked once per write.
     */
    static final int MAX_RUN = 64;

    private final ConcurrentHashMap<Key, Run> waiting = new ConcurrentHashMap<>();
    private final BiConsumer<ClientSession, Delivery.OutgoingRun> offer;

    /** @param offer what a run does for each of its sessions, on their loop */
    GroupRuns(BiConsumer<ClientSession, Delivery.OutgoingRun> offer) {
        this.offer = offer;
    }

    void push(Collection<ClientSession> recipients, String log, Delivery.Outgoing message) {
        Fanout.byLoop(recipients).forEach((loop, sessions) -> {
            Key key = new Key(loop, log);
            Run last = waiting.get(key);
            if (last != null && last.join(sessions, message)) {
                return;
            }
            Run run = new Run(key, sessions, message);
            waiting.put(key, run);
            try {
                loop.execute(run);
            } catch (RejectedExecutionException e) {
                // The server is stopping and that loop with it: its connections are closing anyway.
                waiting.remove(key, run);
            }
        });
    }

    private record Key(Executor loop, String log) {}

    private final class Run implements Runnable {
        private final Key key;
        private final List<ClientSession> sessions;
        private final List<Delivery.Outgoing> messages = new ArrayList<>(4);
        private boolean started;

        Run(Key key, List<ClientSession> sessions, Delivery.Outgoing first) {
            this.key = key;
            this.sessions = sessions;
            messages.add(first);
        }

        /** Takes {@code message} along if this run has not started and goes to the same sessions. */
        synchronized boolean join(List<ClientSession> to, Delivery.Outgoing message) {
            if (started || messages.size() == MAX_RUN || !sessions.equals(to)) {
                return false;
            }
            messages.add(message);
            return true;
        }

        @Override
        public void run() {
            Delivery.OutgoingRun run;
            synchronized (this) {
                started = true;
                run = new Delivery.OutgoingRun(List.copyOf(messages));
            }
            waiting.remove(key, this);
            for (ClientSession s : sessions) {
                offer.accept(s, run);
            }
        }
    }
}
