package io.parley.client;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.Response;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.ServerMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The futures of one connection that wait for a reply, keyed by what the reply will carry: its
 * {@code reqId}, {@code clientMsgId} or ping timestamp, or — for the seed replies that carry no id — its
 * type, answered in the order asked. Confined to the connection's event loop.
 */
final class Correlator {
    /** The seed's replies, which carry no id, by the wire name of the request each answers. */
    private static final Map<String, Class<? extends ServerMessage>> ORDERED_REPLIES = Map.of(
            WireTypes.nameOf(HelloMes.class), HelloResMes.class,
            WireTypes.nameOf(RegisterMes.class), RegisterResMes.class,
            WireTypes.nameOf(LoginMes.class), LoginResMes.class,
            WireTypes.nameOf(ResumeMes.class), LoginResMes.class);

    /**
     * Where a reply will be found. An {@code ordered} key keeps a timed-out waiter queued, so that its late
     * reply is consumed by it rather than mistaken for the answer to the next request.
     */
    record Key(String value, boolean ordered) {
        static Key reqId(String reqId) {
            return new Key("req:" + reqId, false);
        }

        static Key clientMsgId(String clientMsgId) {
            return new Key("cid:" + clientMsgId, false);
        }

        static Key ping(long ts) {
            return new Key("ping:" + ts, false);
        }

        static Key reply(Class<? extends ServerMessage> type) {
            return new Key("type:" + type.getSimpleName(), true);
        }
    }

    private record Waiter<T>(Class<T> type, CompletableFuture<T> future, String request) {
        void accept(ServerMessage reply) {
            if (type.isInstance(reply)) {
                future.complete(type.cast(reply));
            } else {
                future.completeExceptionally(new IllegalStateException(
                        "unexpected reply " + reply.getClass().getSimpleName() + " to " + request));
            }
        }
    }

    private final Map<Key, ArrayDeque<Waiter<?>>> waiting = new HashMap<>();
    private final EventExecutor executor;
    private final Duration timeout;

    Correlator(EventExecutor executor, Duration timeout) {
        this.executor = executor;
        this.timeout = timeout;
    }

    /** Queues {@code future} for the reply under {@code key}; it fails after the request timeout. */
    <T> void expect(Key key, Class<T> type, CompletableFuture<T> future, String request) {
        Waiter<T> waiter = new Waiter<>(type, future, request);
        waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).add(waiter);
        ScheduledFuture<?> timer = executor.schedule(
                () -> {
                    if (!key.ordered()) {
                        remove(key, waiter);
                    }
                    future.completeExceptionally(
                            new TimeoutException("no reply to " + request + " within " + timeout.toMillis() + " ms"));
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        // Only stops the timer: the caller has the future itself, and its outcome.
        var unused = future.whenComplete((reply, error) -> timer.cancel(false));
    }

    /** Drops a waiter whose request never left (its write failed), so it cannot take another's reply. */
    void forget(Key key, CompletableFuture<?> future) {
        ArrayDeque<Waiter<?>> queue = waiting.get(key);
        if (queue != null) {
            queue.removeIf(w -> w.future() == future);
            if (queue.isEmpty()) {
                waiting.remove(key);
            }
        }
    }

    /** Completes the waiter for {@code reply}; false when the reply answers nothing pending. */
    boolean complete(ServerMessage reply) {
        Key key = keyOf(reply);
        Waiter<?> waiter = key == null ? null : poll(key);
        if (waiter == null) {
            return false;
        }
        waiter.accept(reply);
        return true;
    }

    /** Fails the waiter that {@code error} refers to; false when it refers to nothing pending. */
    boolean fail(ErrorMes error) {
        Waiter<?> waiter = null;
        if (error.clientMsgId() != null) {
            waiter = poll(Key.clientMsgId(error.clientMsgId()));
        }
        if (waiter == null && error.reqId() != null) {
            waiter = poll(Key.reqId(error.reqId()));
        }
        if (waiter == null && error.reqType() != null) {
            Class<? extends ServerMessage> reply = ORDERED_REPLIES.get(error.reqType());
            waiter = reply == null ? null : poll(Key.reply(reply));
        }
        if (waiter == null) {
            return false;
        }
        waiter.future().completeExceptionally(new ParleyException(error));
        return true;
    }

    /** Fails everything still waiting; the connection is gone. */
    void failAll(Throwable cause) {
        List<Waiter<?>> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        waiting.clear();
        all.forEach(w -> w.future().completeExceptionally(cause));
    }

    private Waiter<?> poll(Key key) {
        ArrayDeque<Waiter<?>> queue = waiting.get(key);
        if (queue == null) {
            return null;
        }
        Waiter<?> waiter = queue.poll();
        if (queue.isEmpty()) {
            waiting.remove(key);
        }
        return waiter;
    }

    private void remove(Key key, Waiter<?> waiter) {
        ArrayDeque<Waiter<?>> queue = waiting.get(key);
        if (queue != null && queue.remove(waiter) && queue.isEmpty()) {
            waiting.remove(key);
        }
    }

    private static Key keyOf(ServerMessage reply) {
        if (reply instanceof Response response) {
            return response.reqId() == null ? null : Key.reqId(response.reqId());
        } else if (reply instanceof SendAckMes ack) {
            return ack.clientMsgId() == null ? null : Key.clientMsgId(ack.clientMsgId());
        } else if (reply instanceof PongMes pong) {
            return Key.ping(pong.ts());
        } else if (ORDERED_REPLIES.containsValue(reply.getClass())) {
            return Key.reply(reply.getClass());
        }
        return null;
    }
}
