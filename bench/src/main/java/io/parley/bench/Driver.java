package io.parley.bench;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.protocol.message.SendAckMes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the senders send. With a window, each sender keeps that many messages unacknowledged and sends the
 * next one from the acknowledgement of the last (closed loop). With a rate, one ticker per event loop issues
 * its share of the messages on a fixed schedule (open loop) and stamps each with the time it was due, so that
 * a server falling behind shows as latency rather than as a lower rate. All of a sender's sending happens on
 * its client's event loop.
 */
final class Driver {
    /** Where messages go and how they are sent; both methods run on the sender's event loop. */
    interface Route {
        /** The destination of the sender's next message, or -1 when it has nothing more to send. */
        int pick(BenchUser sender);

        CompletableFuture<SendAckMes> send(BenchUser sender, int destination, String text);
    }

    /** After a failed send, the closed loop waits this long before the next, so that failures cannot spin. */
    private static final long RETRY_MILLIS = 10;

    private final BenchRun run;
    private final Pace pace;
    private final List<BenchUser> senders;
    private final Route route;
    private final AtomicInteger finished = new AtomicInteger();
    private final List<ScheduledFuture<?>> tickers = new ArrayList<>();
    private volatile boolean running;

    Driver(BenchRun run, Pace pace, List<BenchUser> senders, Route route) {
        this.run = run;
        this.pace = pace;
        this.senders = List.copyOf(senders);
        this.route = route;
    }

    void start() {
        running = true;
        if (pace.fixedRate()) {
            startTickers();
            return;
        }
        for (BenchUser sender : senders) {
            sender.client().executor().execute(() -> {
                for (int i = 0; i < pace.window() && running; i++) {
                    if (!send(sender, System.nanoTime())) {
                        break;
                    }
                }
            });
        }
    }

    /** No new messages from now on; those in flight still complete. */
    void stop() {
        running = false;
        synchronized (tickers) {
            tickers.forEach(t -> t.cancel(false));
        }
    }

    /** True once every sender has stopped (or run out of messages) and nothing is unacknowledged. */
    boolean quiet() {
        return (!running || finished.get() == senders.size()) && run.tally.inFlight() == 0;
    }

    private void startTickers() {
        Map<EventExecutor, List<BenchUser>> byLoop = new LinkedHashMap<>();
        for (BenchUser sender : senders) {
            byLoop.computeIfAbsent(sender.client().executor(), l -> new ArrayList<>())
                    .add(sender);
        }
        long start = System.nanoTime();
        synchronized (tickers) {
            byLoop.forEach((loop, mine) -> {
                double perNano = pace.rate() * mine.size() / senders.size() / 1e9;
                tickers.add(loop.scheduleAtFixedRate(new Ticker(mine, perNano, start), 0, 1, TimeUnit.MILLISECONDS));
            });
        }
    }

    /** One loop's share of a fixed rate. */
    private final class Ticker implements Runnable {
        private final List<BenchUser> mine;
        private final double perNano;
        private final long start;
        private long issued;
        private int turn;

        Ticker(List<BenchUser> mine, double perNano, long start) {
            this.mine = mine;
            this.perNano = perNano;
            this.start = start;
        }

        @Override
        public void run() {
            long due = (long) ((System.nanoTime() - start) * perNano);
            while (running && issued < due) {
                long stamp = start + (long) (issued / perNano);
                issued++;
                BenchUser sender = mine.get(turn);
                turn = (turn + 1) % mine.size();
                if (sender.sent.inFlight >= Pace.RATE_MAX_IN_FLIGHT
                        || !sender.client().isConnected()) {
                    run.tally.skipped.increment();
                } else {
                    send(sender, stamp);
                }
            }
        }
    }

    /** Sends one message stamped {@code stamp}; false when the sender has nothing more to send. */
    private boolean send(BenchUser sender, long stamp) {
        int destination = route.pick(sender);
        if (destination < 0) {
            finish(sender);
            return false;
        }
        int n = sender.sent.next(destination);
        String text = run.content.encode(stamp, n);
        sender.sent.inFlight++;
        run.tally.sent.increment();
        CompletableFuture<SendAckMes> ack;
        try {
            ack = route.send(sender, destination, text);
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        // completed() handles both outcomes; nothing else waits for it.
        var unused = ack.whenComplete((reply, error) -> completed(sender, destination, n, error));
        return true;
    }

    private void completed(BenchUser sender, int destination, int n, Throwable error) {
        sender.sent.inFlight--;
        if (error == null) {
            sender.sent.acknowledged(destination, n);
            run.tally.acknowledged.increment();
        } else {
            run.tally.failed(error);
        }
        if (pace.fixedRate() || !running) {
            return;
        }
        if (error == null) {
            send(sender, System.nanoTime());
        } else if (sender.client().isConnected()) {
            // The retried send reports through completed() like any other.
            var unused = sender.client()
                    .executor()
                    .schedule(
                            () -> {
                                if (running) {
                                    send(sender, System.nanoTime());
                                }
                            },
                            RETRY_MILLIS,
                            TimeUnit.MILLISECONDS);
        } else if (sender.sent.inFlight == 0) {
            finish(sender);
        }
    }

    private void finish(BenchUser sender) {
        if (!sender.sent.finished) {
            sender.sent.finished = true;
            finished.incrementAndGet();
        }
    }
}
