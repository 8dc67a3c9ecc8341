package io.parley.server.cluster;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.parley.server.service.PeerEvents;
import io.parley.server.service.Peers;
import io.parley.server.store.Logs;
import io.parley.server.store.PresenceStore;
import io.parley.server.store.redis.Announcements;
import io.parley.server.store.redis.RedisConnections;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's link to the others, through Redis: pub/sub for messages and presence, heartbeats for liveness.
 *
 * <p>Messages are announced by the message store, inside the append script ({@link #announcements}); member
 * changes are published down the node's one command connection, pipelined with its store commands; receiving
 * takes one subscriber connection. A node subscribes to the inbox channel of each user it holds a session
 * of, and to four channels every node shares (group messages and broadcasts, member changes, presence, revoked
 * sessions).
 *
 * <p>Pub/sub delivers at most once: what a node misses while its subscriber is disconnected is gone from the
 * channel. Nothing is lost, since a message is published only after it is stored: when a connection comes
 * back, the node repairs (see {@link #repair()}) — every local session reads its logs past what it was handed,
 * and presence is read again.
 *
 * <p>Liveness: every {@code ttl / 5} the node renews a key that expires after {@code ttl}, and looks for nodes
 * whose key has expired; whoever finds one first clears its sessions (its users are announced offline) and
 * unregisters it. So a killed node's users are offline for the others within {@code ttl + ttl / 5}.
 */
public final class RedisPeers implements Peers, AutoCloseable {
    /** When a heartbeat last reached Redis (System.nanoTime); written on the timer thread, read by scrapes. */
    private volatile long lastHeartbeat = System.nanoTime();

    private static final Logger log = LoggerFactory.getLogger(RedisPeers.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** How long to let reconnects settle before repairing, so that both connections are back first. */
    private static final long REPAIR_DELAY_MILLIS = 500;

    private static final long STOP_TIMEOUT_SECONDS = 5;

    private final RedisConnections redis;
    private final PresenceStore presence;
    private final String nodeId;
    private final Duration ttl;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final RedisPubSubAsyncCommands<String, String> subscriptions;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean repairScheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile PeerEvents events;
    private ScheduledFuture<?> beats;

    public RedisPeers(RedisConnections redis, PresenceStore presence, String nodeId, Duration ttl) {
        this.redis = requireNonNull(redis, "redis");
        this.presence = requireNonNull(presence, "presence");
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.ttl = requireNonNull(ttl, "ttl");
        this.subscriber = redis.subscriber();
        this.subscriptions = subscriber.async();
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "parley-cluster-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Where this node's message store announces what it appends: the channels the other nodes listen on. */
    public static Announcements announcements(String nodeId) {
        requireNonNull(nodeId, "nodeId");
        return new Announcements() {
            @Override
            public String channelOf(String log) {
                return Logs.isInbox(log) ? Channels.user(Logs.inboxOwner(log)) : Channels.LOGS;
            }

            @Override
            public String origin() {
                return nodeId;
            }
        };
    }

    /**
     * Joins the cluster: registers this node (forgetting any sessions an earlier process of the same id left),
     * subscribes to the shared channels, reads who is online, then beats. Waits for all of it: when this
     * returns the node can take users.
     */
    public void start(PeerEvents to) throws Exception {
        this.events = requireNonNull(to, "events");
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String payload) {
                receive(channel, payload);
            }
        });
        subscriptions
                .subscribe(Channels.LOGS, Channels.MEMBERS, Channels.PRESENCE, Channels.SESSIONS)
                .get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        presence.resync(nodeId, Map.of()).get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        presence.heartbeat(nodeId, ttl).get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        to.missedEvents(presence.online().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        redis.onReconnect(this::scheduleRepair);
        long period = Math.max(1, ttl.toMillis() / 5);
        beats = timer.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
        log.info(
                "node {} joined the cluster (heartbeat every {} ms, declared dead after {} ms)",
                nodeId,
                period,
                ttl.toMillis());
    }

    // ---- outgoing

    /** Yes: this node subscribes to the channels it announces on, and takes its own messages from them too. */
    @Override
    public boolean hearsOwnMessages() {
        return true;
    }

    @Override
    public void membersChanged(String group) {
        redis.commands()
                .publish(Channels.MEMBERS, PeerMessages.text(nodeId, group))
                .exceptionally(e -> {
                    log.warn("could not tell other nodes that the members of {} changed: {}", group, e.toString());
                    return null;
                });
    }

    /**
     * Published on a channel every node takes, not on the user's own channel: a node that holds a session of the
     * user follows that channel, but it carries stored messages only, and this is rare enough not to matter.
     */
    @Override
    public void sessionsRevoked(int userId, long epoch) {
        redis.commands()
                .publish(Channels.SESSIONS, PeerMessages.text(nodeId, userId + " " + epoch))
                .exceptionally(e -> {
                    // Their sessions live on until they next resume, which the store refuses.
                    log.warn(
                            "could not tell other nodes that user {}'s sessions were revoked: {}",
                            userId,
                            e.toString());
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> follow(int userId) {
        return subscriptions.subscribe(Channels.user(userId)).toCompletableFuture();
    }

    @Override
    public void unfollow(int userId) {
        subscriptions.unsubscribe(Channels.user(userId)).exceptionally(e -> {
            // The next repair subscribes what is needed; an extra channel only brings messages nobody here takes.
            log.debug("unsubscribe from user {} failed: {}", userId, e.toString());
            return null;
        });
    }

    // ---- incoming, on Lettuce's thread: hand over, never block

    private void receive(String channel, String payload) {
        try {
            if (channel.equals(Channels.PRESENCE)) {
                presenceNotice(payload);
            } else if (channel.equals(Channels.SESSIONS)) {
                if (!nodeId.equals(PeerMessages.origin(payload))) {
                    String[] parts = PeerMessages.body(payload).split(" ", -1);
                    events.sessionsRevoked(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                }
            } else if (channel.equals(Channels.MEMBERS)) {
                if (!nodeId.equals(PeerMessages.origin(payload))) {
                    events.membersChanged(PeerMessages.body(payload)); // this node's own cache is up to date
                }
            } else {
                events.message(PeerMessages.storedMessage(payload));
            }
        } catch (RuntimeException e) {
            log.warn("unreadable message on {} ignored: {}", channel, e.toString());
        }
    }

    /** "1 userId nodeId" or "0 userId nodeId", from the presence scripts. */
    private void presenceNotice(String payload) {
        String[] parts = payload.split(" ", -1);
        if (parts.length != 3 || nodeId.equals(parts[2])) {
            return; // this node decided about its own users itself
        }
        int userId = Integer.parseInt(parts[1]);
        if ("1".equals(parts[0])) {
            events.online(userId);
        } else {
            events.offline(userId);
        }
    }

    // ---- liveness and repair, on the timer thread

    /** Seconds since this node last renewed its heartbeat in Redis. */
    public double secondsSinceHeartbeat() {
        return (System.nanoTime() - lastHeartbeat) / 1e9;
    }

    private void beat() {
        presence.heartbeat(nodeId, ttl)
                .thenCompose(registered -> {
                    lastHeartbeat = System.nanoTime();
                    if (!registered) {
                        log.warn(
                                "node {} had been declared dead (missed heartbeats); registering its sessions again",
                                nodeId);
                        return presence.resync(nodeId, events.sessionCounts());
                    }
                    return DONE;
                })
                .thenCompose(ignored -> presence.deadNodes())
                .thenAccept(this::clearDead)
                .exceptionally(e -> {
                    log.debug("heartbeat of {} failed: {}", nodeId, e.toString());
                    return null;
                });
    }

    private void clearDead(List<String> dead) {
        for (String node : dead) {
            if (node.equals(nodeId)) {
                continue;
            }
            presence.clearNode(node)
                    .thenAccept(gone -> log.warn(
                            "node {} stopped beating; cleared its sessions, {} users went offline", node, gone.size()))
                    .exceptionally(error -> {
                        log.warn("could not clear dead node {}: {}", node, error.toString());
                        return null;
                    });
        }
    }

    private void scheduleRepair() {
        if (closed.get() || events == null || !repairScheduled.compareAndSet(false, true)) {
            return;
        }
        // repair() reports its own failure and schedules itself again.
        var unused = timer.schedule(this::repair, REPAIR_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * After a connection to Redis came back: follow every local user again (subscriptions that failed while
     * Redis was away are not among those Lettuce renews), record this node's sessions exactly (disconnects may
     * have been refused meanwhile), then have every session catch up and take the store's view of who is
     * online. Retried until it succeeds.
     */
    private void repair() {
        repairScheduled.set(false);
        Map<Integer, Integer> local = events.sessionCounts();
        String[] channels = local.keySet().stream().map(Channels::user).toArray(String[]::new);
        CompletableFuture<?> followed =
                channels.length == 0 ? DONE : subscriptions.subscribe(channels).toCompletableFuture();
        followed.thenCompose(ok -> presence.resync(nodeId, local))
                .thenCompose(ok -> presence.online())
                .thenAccept(online -> {
                    events.missedEvents(online);
                    log.info(
                            "node {} repaired after a Redis reconnect: {} local users, {} online",
                            nodeId,
                            local.size(),
                            online.size());
                })
                .exceptionally(e -> {
                    log.warn("repair after a Redis reconnect failed, trying again: {}", e.toString());
                    scheduleRepair();
                    return null;
                });
    }

    /** Leaves the cluster: stops beating, clears this node's sessions (announcing its users offline), unsubscribes. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (beats != null) {
            beats.cancel(false);
        }
        timer.shutdown();
        try {
            presence.clearNode(nodeId).get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn(
                    "node {} left without clearing its sessions (others will, once its heartbeat expires): {}",
                    nodeId,
                    e.toString());
        }
        subscriber.close();
    }
}
