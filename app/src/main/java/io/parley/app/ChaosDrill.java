package io.parley.app;

import io.netty.channel.EventLoopGroup;
import io.parley.app.ChaosLedger.Kind;
import io.parley.app.ChaosLedger.Sent;
import io.parley.client.ClientListener;
import io.parley.client.ClientOptions;
import io.parley.client.ParleyClient;
import io.parley.client.Transport;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.SmsMes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;

/**
 * One chaos drill against a local cluster ({@code parley cluster}): users chat while nodes are killed and
 * restarted, Redis is restarted and connections are dropped; then every node is brought back, every user
 * reconnects, what is owed is delivered, and {@link ChaosLedger} judges. The drill starts and stops the cluster
 * itself, in its own folder, and acts on its processes only through {@code parley cluster}'s commands.
 */
final class ChaosDrill {
    /**
     * What a drill does.
     *
     * @param messagesPerSecond all users together
     * @param killEvery         a node is killed with SIGKILL this often, and started again 2 s later
     * @param redisEvery        Redis is killed and started again this often (its append-only file keeps the data)
     * @param dropsPerSecond    client connections reset without a goodbye, each second
     * @param settle            after the chaos, how long at most until every user is connected again
     * @param drain             then how long at most for what is owed to arrive
     */
    record Options(
            int users,
            int nodes,
            int groups,
            Duration duration,
            double messagesPerSecond,
            Duration killEvery,
            Duration redisEvery,
            int dropsPerSecond,
            Duration settle,
            Duration drain,
            long seed,
            Path dir,
            int firstId) {}

    /** What happened, besides the verdict: proof that the chaos did happen. */
    record Chaos(
            int nodesKilled,
            int redisRestarts,
            int connectionsDropped,
            long reconnects,
            Map<ChaosLedger.Kind, ChaosLedger.Tally> beforeTheLastLogin) {}

    private static final String PASSWORD = "chaos-drill";
    /** Users that register and log in at once while the drill sets up. */
    private static final int JOIN_BATCH = 25;

    private final Options options;
    private final PrintWriter out;
    private final ChaosLedger ledger = new ChaosLedger();
    private final Random random;
    private final List<User> users = new ArrayList<>();
    private final AtomicLong reconnects = new AtomicLong();
    private final Map<String, AtomicLong> streams = new ConcurrentHashMap<>();
    private int nodesKilled;
    private int redisRestarts;
    private int dropped;

    ChaosDrill(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
        this.random = new Random(options.seed());
    }

    ChaosLedger ledger() {
        return ledger;
    }

    /** Runs the drill; the cluster is stopped at the end whatever happened. */
    Chaos run() throws Exception {
        cluster(
                "start",
                "--nodes",
                Integer.toString(options.nodes()),
                "--base-port",
                Integer.toString(basePort()),
                "--bcrypt-cost",
                "4",
                "--load-test");
        EventLoopGroup loops =
                Transport.newGroup(Math.max(2, Runtime.getRuntime().availableProcessors()), "chaos");
        try {
            List<InetSocketAddress> nodes = nodeAddresses();
            join(nodes, loops);
            long end = System.nanoTime() + options.duration().toNanos();
            long nextKill = System.nanoTime() + options.killEvery().toNanos();
            long nextRedis = System.nanoTime() + options.redisEvery().toNanos();
            long nextSecond = System.nanoTime();
            double owed = 0;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now >= nextKill) {
                    killAndRestartANode();
                    nextKill += options.killEvery().toNanos();
                }
                if (now >= nextRedis) {
                    restartRedis();
                    nextRedis += options.redisEvery().toNanos();
                }
                if (now >= nextSecond) {
                    dropConnections();
                    nextSecond += TimeUnit.SECONDS.toNanos(1);
                    out.printf(
                            "[%4.0fs] sent %d, reconnects %d%n",
                            options.duration().toSeconds() - (end - now) / 1e9, sentTotal(), reconnects.get());
                    out.flush();
                }
                owed += options.messagesPerSecond() / 10;
                for (; owed >= 1; owed--) {
                    sendOne();
                }
                Thread.sleep(100);
            }
            settle();
            Map<ChaosLedger.Kind, ChaosLedger.Tally> live = ledger.judge();
            everyoneLogsInAgain();
            return new Chaos(nodesKilled, redisRestarts, dropped, reconnects.get(), live);
        } finally {
            for (User u : users) {
                var unused = u.client.close();
            }
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            cluster("stop");
        }
    }

    // ---- set-up

    private void join(List<InetSocketAddress> nodes, EventLoopGroup group) throws Exception {
        for (int i = 0; i < options.users(); i++) {
            int id = options.firstId() + i;
            // Each user starts on its own node and fails over to the others, in turn.
            List<InetSocketAddress> order = new ArrayList<>();
            for (int k = 0; k < nodes.size(); k++) {
                order.add(nodes.get((i + k) % nodes.size()));
            }
            User user = new User(id, group, order);
            users.add(user);
        }
        // A batch at a time: a thousand password hashes at once would overflow the nodes' hashing queues (503).
        for (int from = 0; from < users.size(); from += JOIN_BATCH) {
            List<CompletableFuture<?>> ready = new ArrayList<>();
            for (User u : users.subList(from, Math.min(users.size(), from + JOIN_BATCH))) {
                ready.add(u.client
                        .connect(u.nodes)
                        .thenCompose(hello -> u.client.register(u.id, PASSWORD, "c" + u.id))
                        .thenCompose(registered -> u.client.login(u.id, PASSWORD))
                        .thenAccept(login -> {
                            if (!login.ok()) {
                                throw new IllegalStateException("login of " + u.id + ": " + login.error());
                            }
                        }));
            }
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
        Map<String, Set<Integer>> members = new HashMap<>();
        for (User u : users) {
            members.computeIfAbsent(groupOf(u.id), g -> new HashSet<>()).add(u.id);
        }
        for (Map.Entry<String, Set<Integer>> g : members.entrySet()) {
            int owner = g.getValue().iterator().next();
            userById(owner).client.createGroup(g.getKey()).get(30, TimeUnit.SECONDS);
            List<CompletableFuture<?>> joins = new ArrayList<>();
            for (int member : g.getValue()) {
                if (member != owner) {
                    joins.add(userById(member).client.joinGroup(g.getKey()));
                }
            }
            CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            ledger.members(g.getKey(), g.getValue());
        }
        out.printf("%d users logged in on %d nodes, %d groups%n", users.size(), nodes.size(), members.size());
    }

    private String groupOf(int id) {
        return "chaos-" + ((id - options.firstId()) % options.groups());
    }

    private User userById(int id) {
        return users.get(id - options.firstId());
    }

    // ---- traffic

    private void sendOne() {
        User from = users.get(random.nextInt(users.size()));
        int roll = random.nextInt(100);
        Kind kind = roll < 75 ? Kind.PRIVATE : roll < 97 ? Kind.GROUP : Kind.BROADCAST;
        String target = switch (kind) {
            case PRIVATE -> {
                // Anyone but the sender.
                int other = (from.id - options.firstId() + 1 + random.nextInt(users.size() - 1)) % users.size();
                yield Integer.toString(options.firstId() + other);
            }
            case GROUP -> groupOf(from.id);
            case BROADCAST -> "all";
        };
        Sent message = new Sent(
                kind,
                from.id,
                target,
                streams.computeIfAbsent(kind.tag + "|" + from.id + "|" + target, s -> new AtomicLong())
                        .incrementAndGet());
        ledger.sent(message);
        String text = message.text();
        CompletableFuture<?> ack = switch (kind) {
            case PRIVATE -> from.client.sendPrivate(Integer.parseInt(target), text);
            case GROUP -> from.client.sendGroup(target, text);
            case BROADCAST -> from.client.broadcast(text);
        };
        var unused = ack.whenComplete((a, error) -> {
            if (error == null) {
                ledger.acknowledged(message);
            }
        });
    }

    private long sentTotal() {
        long n = 0;
        for (AtomicLong s : streams.values()) {
            n += s.get();
        }
        return n;
    }

    // ---- chaos

    private void killAndRestartANode() throws Exception {
        int node = random.nextInt(options.nodes());
        out.printf("chaos: SIGKILL node-%d%n", node);
        cluster("kill-node", Integer.toString(node));
        nodesKilled++;
        Thread.sleep(2_000);
        cluster("restart-node", Integer.toString(node));
        out.printf("chaos: node-%d started again%n", node);
    }

    private void restartRedis() throws Exception {
        out.println("chaos: SIGKILL redis");
        cluster("kill-redis");
        Thread.sleep(1_000);
        cluster("restart-redis");
        redisRestarts++;
        out.println("chaos: redis started again");
    }

    private void dropConnections() {
        for (int i = 0; i < options.dropsPerSecond(); i++) {
            users.get(random.nextInt(users.size())).client.abortConnection();
            dropped++;
        }
    }

    // ---- the end

    /** Every node up, every user connected again, then what is owed delivered (or the drain's time up). */
    private void settle() throws Exception {
        out.println("settling: every node up, every user back");
        List<ClusterMember> nodes = ClusterState.read(options.dir())
                .orElseThrow(() -> new ChaosException("no cluster in " + options.dir()))
                .nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).alive()) {
                cluster("restart-node", Integer.toString(i));
            }
        }
        awaitConnectedAndDrained();
    }

    private void awaitConnectedAndDrained() throws InterruptedException {
        long until = System.nanoTime() + options.settle().toNanos();
        while (System.nanoTime() < until && users.stream().anyMatch(u -> !u.client.isConnected())) {
            Thread.sleep(200);
        }
        long away = users.stream().filter(u -> !u.client.isConnected()).count();
        out.printf("%d of %d users connected%n", users.size() - away, users.size());
        long deadline = System.nanoTime() + options.drain().toNanos();
        long last = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline && quiet < 10) {
            long now = arrivals();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
            Thread.sleep(500);
        }
    }

    /**
     * Every user's connection reset, a batch at a time, so that each logs in again (resumes): the contract
     * redelivers after each login what the user has not acknowledged (docs/protocol.md, rule 5), which is how a
     * message stored while its recipient's node could not hear of it still reaches the recipient.
     */
    private void everyoneLogsInAgain() throws Exception {
        out.println("every user logs in again");
        long before = reconnects.get();
        for (int from = 0; from < users.size(); from += JOIN_BATCH) {
            for (User u : users.subList(from, Math.min(users.size(), from + JOIN_BATCH))) {
                u.client.abortConnection();
            }
            long until = System.nanoTime() + options.settle().toNanos();
            while (System.nanoTime() < until && reconnects.get() - before < Math.min(users.size(), from + JOIN_BATCH)) {
                Thread.sleep(50);
            }
        }
        awaitConnectedAndDrained();
    }

    private long arrivals() {
        long n = 0;
        for (User u : users) {
            n += u.received.get();
        }
        return n;
    }

    // ---- the cluster, through parley cluster

    private void cluster(String... args) throws ChaosException {
        List<String> command = new ArrayList<>(List.of("cluster"));
        command.addAll(List.of(args));
        command.addAll(List.of("--dir", options.dir().toString()));
        StringWriter said = new StringWriter();
        int code = new CommandLine(new ParleyCommand())
                .setOut(new PrintWriter(said))
                .setErr(new PrintWriter(said))
                .execute(command.toArray(String[]::new));
        if (code != 0) {
            throw new ChaosException("parley " + String.join(" ", command) + " failed: "
                    + said.toString().strip());
        }
    }

    private List<InetSocketAddress> nodeAddresses() throws Exception {
        ClusterState state = ClusterState.read(options.dir())
                .orElseThrow(() -> new ChaosException("no cluster in " + options.dir()));
        List<InetSocketAddress> nodes = new ArrayList<>();
        for (ClusterMember node : state.nodes()) {
            nodes.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port()));
        }
        return nodes;
    }

    private int basePort() throws ChaosException {
        for (int base = 21000; base < 30000; base += 10) {
            boolean free = true;
            for (int i = 0; i < options.nodes(); i++) {
                free &= Probes.isFree(base + i);
            }
            if (free) {
                return base;
            }
        }
        throw new ChaosException("no " + options.nodes() + " free ports in a row between 21000 and 30000");
    }

    /** A drill that could not run, in a sentence. */
    static final class ChaosException extends Exception {
        private static final long serialVersionUID = 1L;

        ChaosException(String message) {
            super(message);
        }
    }

    /** One user: a client that fails over between the nodes and resumes, and what it received. */
    private final class User implements ClientListener {
        final int id;
        final List<InetSocketAddress> nodes;
        final ParleyClient client;
        final AtomicLong received = new AtomicLong();
        /** How many times this user's client reconnected: which connection a message came over. */
        final AtomicLong connection = new AtomicLong();

        User(int id, EventLoopGroup group, List<InetSocketAddress> nodes) {
            this.id = id;
            this.nodes = nodes;
            this.client = new ParleyClient(
                    group,
                    ClientOptions.defaults()
                            .withReconnect(true)
                            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                            .withMaxQueuedSends(100_000)
                            .withRequestTimeout(Duration.ofSeconds(30)),
                    this);
        }

        @Override
        public void onPrivate(PrivateDelivery message) {
            received.incrementAndGet();
            ledger.arrived(id, message.content(), message.seq(), message.msgId(), connection.get());
        }

        @Override
        public void onGroup(GroupDelivery message) {
            received.incrementAndGet();
            ledger.arrived(id, message.content(), message.seq(), message.msgId(), connection.get());
        }

        @Override
        public void onBroadcast(SmsMes message) {
            received.incrementAndGet();
            ledger.arrived(id, message.content(), 0, message.msgId() == null ? 0 : message.msgId(), connection.get());
        }

        @Override
        public void onReconnected(InetSocketAddress server) {
            reconnects.incrementAndGet();
            connection.incrementAndGet();
        }
    }
}
